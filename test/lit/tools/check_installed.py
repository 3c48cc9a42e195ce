#!/usr/bin/env python3
"""Checks an installed coroguard (a `cmake --install` prefix, an unpacked
tarball, or the usr/ of an extracted .deb) the way a user meets it: from a
project outside the source tree, every channel from the installed files only.

    check_installed.py --prefix P --work W --clangxx CLANG++ --clang-tidy CLANG-TIDY
                       [--lsp-client lsp_client.py] [--forbid PATH]...

Prints one `ok: ...` line per check and exits 0, or prints `FAIL: ...` and
exits 1 at the first failure. --forbid names paths (the source and build
trees) that no installed text file may mention: an installed tree that only
works on the machine that built it is the bug this guards against.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

APP = r"""#include <coroguard/coroguard.hpp>

coroguard::task<int> answer() { co_return 42; }

coroguard::task<void> forgotten() { co_return; }

coroguard::task<int> amain() {
  (void)forgotten();  // coro-never-awaited
  co_return co_await answer();
}

int main() { return coroguard::run(amain()) == 42 ? 0 : 1; }
"""

CMAKELISTS = r"""cmake_minimum_required(VERSION 3.20)
project(consumer CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(coroguard 0.1 REQUIRED COMPONENTS runtime analyzer)
message(STATUS "coroguard executable: ${COROGUARD_EXECUTABLE}")
add_executable(app app.cpp)
target_link_libraries(app PRIVATE coroguard::runtime)
coroguard_enable(app)
add_executable(app_tidy app.cpp)
target_link_libraries(app_tidy PRIVATE coroguard::runtime)
coroguard_enable(app_tidy CLANG_TIDY)
"""


class Failure(Exception):
    pass


def run(argv, cwd=None, env=None, expect=(0,), what=None):
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    out = proc.stdout.decode("utf-8", "replace")
    if proc.returncode not in expect:
        raise Failure("%s: exit code %d (expected %s)\n$ %s\n%s" % (
            what or argv[0], proc.returncode, expect, " ".join(argv), out[-4000:]))
    return out


def need(condition, message, detail=""):
    if not condition:
        raise Failure(message + ("\n" + detail[-4000:] if detail else ""))


def local_file(url):
    need(url.startswith("file://"), "not a file:// link: " + url)
    return urllib.parse.unquote(url[len("file://"):])


def check(args):
    P = os.path.abspath(args.prefix)
    W = os.path.abspath(args.work)
    coroguard = os.path.join(P, "bin", "coroguard")
    clangd = os.path.join(P, "bin", "coroguard-clangd")
    tidy_plugin = os.path.join(P, "lib", "coroguard", "libcoroguard-tidy.so")
    compiler_plugin = os.path.join(P, "lib", "coroguard", "libcoroguard-plugin.so")
    docs = os.path.join(P, "share", "doc", "coroguard")
    for f in (coroguard, tidy_plugin, compiler_plugin,
              os.path.join(P, "share", "man", "man1", "coroguard.1"),
              os.path.join(P, "share", "coroguard", "clangd", "coroguard.clangd.yaml"),
              os.path.join(P, "share", "coroguard", "examples", "ci", "github-actions.yml"),
              os.path.join(docs, "README.md"), os.path.join(docs, "cli.md")):
        need(os.path.isfile(f), "not installed: " + os.path.relpath(f, P))
    print("ok: installed files")

    # Nothing installed that a tool reads (CMake, pkg-config, scripts) names the
    # machine that built it.
    for root, _, files in os.walk(P):
        for name in files:
            path = os.path.join(root, name)
            if not re.search(r"\.(cmake|pc|yaml|yml|sh|1)$|pre-commit$", name):
                continue
            with open(path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            for bad in args.forbid:
                need(bad not in text, "%s mentions the build machine's %s" % (
                    os.path.relpath(path, P), bad))
    print("ok: no build-machine path in the installed text files")

    shutil.rmtree(W, ignore_errors=True)
    proj = os.path.join(W, "consumer")
    os.makedirs(proj)
    with open(os.path.join(proj, "app.cpp"), "w") as f:
        f.write(APP)
    with open(os.path.join(proj, "CMakeLists.txt"), "w") as f:
        f.write(CMAKELISTS)

    # --version, --list-checks, --explain for every check.
    out = run([coroguard, "--version"], what="coroguard --version")
    need(re.search(r"^coroguard \d+\.\d+\.\d+ .*built for LLVM \d+", out, re.M),
         "coroguard --version does not name coroguard and its LLVM", out)
    if os.path.exists(clangd):
        out = run([clangd, "--version"], what="coroguard-clangd --version")
        need(re.search(r"^coroguard-clangd \d+\.\d+\.\d+ .*built for LLVM \d+", out, re.M),
             "coroguard-clangd --version does not name coroguard-clangd", out)
    out = run([coroguard, "--list-checks"], what="--list-checks")
    checks = re.findall(r"^  (coro-[a-z-]+)  +\S", out, re.M)
    need(len(checks) >= 7, "--list-checks lists %d checks" % len(checks), out)
    for c in checks:
        page = run([coroguard, "--explain", c], what="--explain " + c)
        need(page.startswith("# " + c + "\n"), "--explain %s does not print its page" % c, page)
        link = page.strip().splitlines()[-1].strip("()")
        need(os.path.isfile(local_file(link)), "--explain %s links to a missing page %s" % (c, link))
    print("ok: --version, --list-checks, --explain for %d checks" % len(checks))

    # find_package(coroguard COMPONENTS runtime analyzer) + coroguard_enable,
    # both ways: the compiler plugin and CXX_CLANG_TIDY; the runtime links and runs.
    build = os.path.join(proj, "build")
    out = run(["cmake", "-S", proj, "-B", build, "-G", "Ninja",
               "-DCMAKE_CXX_COMPILER=" + args.clangxx, "-DCMAKE_PREFIX_PATH=" + P,
               "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"], what="configuring the consumer")
    need(("coroguard executable: " + coroguard) in out,
         "find_package(coroguard) does not give the installed COROGUARD_EXECUTABLE", out)
    out = run(["cmake", "--build", build, "-j", "2"], what="building the consumer")
    n = out.count("[coro-never-awaited]")
    need(n >= 2, "the build shows %d coro-never-awaited findings (plugin + clang-tidy)" % n, out)
    run([os.path.join(build, "app")], what="running the consumer")
    print("ok: find_package(coroguard), coroguard_enable (plugin, CXX_CLANG_TIDY), runtime")

    # The CLI, project mode, with a SARIF report whose links exist.
    sarif = os.path.join(W, "report.sarif")
    out = run([coroguard, "-p", build, "--format=sarif", "-o", sarif, "--no-progress"],
              cwd=proj, expect=(1,), what="coroguard -p build")
    with open(sarif) as f:
        report = json.load(f)
    tool = report["runs"][0]["tool"]["driver"]
    rules = {r["id"]: r for r in tool["rules"]}
    need(os.path.isfile(local_file(rules["coro-never-awaited"]["helpUri"])),
         "SARIF helpUri does not exist: " + rules["coro-never-awaited"]["helpUri"])
    need(local_file(rules["coro-never-awaited"]["helpUri"]).startswith(docs),
         "SARIF helpUri is not under the installed docs")
    need(os.path.isfile(local_file(tool["informationUri"])), "SARIF informationUri does not exist")
    results = [r["ruleId"] for r in report["runs"][0]["results"]]
    need("coro-never-awaited" in results, "no coro-never-awaited result in SARIF", json.dumps(results))
    print("ok: coroguard CLI (project mode, SARIF links to installed docs)")

    # clang-tidy -load and the compiler plugin, by hand.
    out = run([args.clang_tidy, "-load=" + tidy_plugin, "-checks=-*,coro-*", "-p", build,
               os.path.join(proj, "app.cpp")], what="clang-tidy -load")
    need("[coro-never-awaited]" in out, "clang-tidy -load reports nothing", out)
    out = run([args.clangxx, "-std=c++20", "-I" + os.path.join(P, "include"),
               "-fplugin=" + compiler_plugin, "-fsyntax-only", os.path.join(proj, "app.cpp")],
              what="clang -fplugin")
    need("[coro-never-awaited]" in out, "the compiler plugin reports nothing", out)
    print("ok: clang-tidy -load, clang -fplugin")

    # pkg-config for the runtime, with another compiler.
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(P, "lib", "pkgconfig"))
    flags = run(["pkg-config", "--cflags", "--libs", "coroguard-runtime"], env=env,
                what="pkg-config").split()
    exe = os.path.join(W, "app_pc")
    run(["g++", "-std=c++20", os.path.join(proj, "app.cpp"), "-o", exe] + flags, what="g++ with pkg-config")
    run([exe], what="running the pkg-config build")
    print("ok: pkg-config coroguard-runtime")

    # coroguard-clangd over LSP, no .clangd anywhere: findings, links that exist.
    if os.path.exists(clangd) and args.lsp_client:
        out = run([sys.executable, args.lsp_client, "--links", clangd, os.path.join(proj, "app.cpp")],
                  env=dict(os.environ, XDG_CONFIG_HOME=os.path.join(W, "xdg"), HOME=W),
                  what="coroguard-clangd")
        need("[coro-never-awaited] (clang-tidy)" in out, "coroguard-clangd reports nothing", out)
        links = re.findall(r"link: (file://\S+) \((exists|MISSING)\)", out)
        need(links and all(state == "exists" for _, state in links) and
             all(local_file(url).startswith(docs) for url, _ in links),
             "coroguard-clangd links to pages that are not installed", out)
        print("ok: coroguard-clangd over LSP with no .clangd, links to installed docs")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--clangxx", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--lsp-client")
    parser.add_argument("--forbid", action="append", default=[])
    args = parser.parse_args()
    try:
        check(args)
    except Failure as e:
        print("FAIL: %s" % e)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
