#!/usr/bin/env python3
"""Robustness driver: coroguard must never crash or hang, whatever it is fed.

    run_robustness.py --coroguard BIN [--inputs DIR] [options]

Three corpora are run through `coroguard --checks=-*,coro-*`:

  clang-tests   every *.cpp under --inputs DIR (meant for clang's own
                coroutine tests, full of deliberate errors; see README.md for
                how to get them). Each file runs under -std=c++20, -std=c++23
                and -std=c++17 -Xclang -fcoroutines, once more for each set of
                -D macros its RUN lines use. Files in `Inputs/` folders are
                headers, not inputs.
  truncation    the bundled examples (examples/analyzer/src/*.cpp,
                examples/runtime/*.cpp), each cut at --cuts random byte
                offsets.
  line-deletion the same examples, each with --deletions random single lines
                removed.
  generated     a few large inputs written by this script (a lattice of
                virtual bases, thousands of task locals, of dropped calls, a
                long expression) that a careless analysis makes exponential or
                quadratic.

The mutations come from a fixed seed (--seed), so a run is reproducible.

Outcomes: `ok` (exit 0), `compile-error` (exit 1: the compiler rejected the
input, which these inputs are built to provoke), `crash` (a signal, another
exit code, or a crash report in the output: "Stack dump", "PLEASE submit a
bug report", an assertion, "LLVM ERROR", "UNREACHABLE") and `timeout`. The
exit code is 1 if anything crashed or timed out, else 0. Inputs that crashed
or hung are copied to --keep DIR (with the command in a .cmd file).

`--reduce FILE -- FLAGS...` instead shrinks one crashing input line by line
(keeping it crashing the same way) and prints the result.

Nothing is fetched: the clang inputs are whatever --inputs points at.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, OrderedDict

CRASH_MARKERS = (
    "Stack dump",
    "PLEASE submit a bug report",
    "Assertion `",
    "Assertion failed",
    "LLVM ERROR",
    "UNREACHABLE executed",
    "AddressSanitizer",
    "Segmentation fault",
)

STANDARDS = (
    ["-std=c++20"],
    ["-std=c++23"],
    ["-std=c++17", "-Xclang", "-fcoroutines"],
)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def classify(returncode, output, timed_out):
    if timed_out:
        return "timeout"
    if returncode < 0 or any(m in output for m in CRASH_MARKERS):
        return "crash"
    if returncode == 0:
        return "ok"
    if returncode == 1:
        return "compile-error"
    return "crash"  # any other exit: the driver did not finish normally


def run_one(coroguard, path, flags, timeout):
    cmd = [coroguard, "--checks=-*,coro-*", "--quiet", path, "--"] + flags
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=timeout)
        output = proc.stdout.decode("utf-8", "replace")
        return classify(proc.returncode, output, False), cmd, output
    except subprocess.TimeoutExpired as e:
        output = (e.output or b"").decode("utf-8", "replace")
        return "timeout", cmd, output
    except OSError as e:  # the binary vanished or cannot run: not a pass
        return "crash", cmd, f"cannot run {coroguard}: {e}"


def run_defines(path):
    """The -D sets used by a test's RUN lines (always including none)."""
    sets = OrderedDict()
    sets[()] = True
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
    except OSError:
        return [[]]
    run_text = []
    for line in lines:
        m = re.search(r"RUN:(.*)$", line)
        if m:
            run_text.append(m.group(1).rstrip("\\").strip())
    # RUN lines continue with a trailing backslash; a blank joins them loosely.
    for cmd in " ".join(run_text).split("RUN:"):
        for part in re.split(r"%clang_cc1|%clang\b|%clangxx", cmd):
            defines = tuple(re.findall(r"(?<!\S)(-D\s*[A-Za-z_][A-Za-z0-9_]*(?:=\S*)?)", part))
            if defines:
                sets[tuple(d.replace(" ", "") for d in defines)] = True
    return [list(s) for s in sets]


def clang_test_jobs(inputs):
    jobs = []
    for root, dirs, files in os.walk(inputs):
        dirs[:] = sorted(d for d in dirs if d != "Inputs")
        for name in sorted(files):
            if not name.endswith((".cpp", ".cc", ".cxx")):
                continue
            path = os.path.join(root, name)
            base = ["-fsyntax-only", "-ferror-limit=0", "-I", root]
            inputs_dir = os.path.join(root, "Inputs")
            if os.path.isdir(inputs_dir):
                base += ["-I", inputs_dir]
            for std in STANDARDS:
                for defines in run_defines(path):
                    jobs.append(("clang-tests", path, std + base + defines, None))
    return jobs


def example_sources(repo):
    out = []
    for sub in ("examples/analyzer/src", "examples/runtime"):
        d = os.path.join(repo, sub)
        if os.path.isdir(d):
            out += [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".cpp")]
    return out


def mutation_jobs(repo, seed, cuts, deletions, workdir):
    rng = random.Random(seed)
    jobs = []
    include = os.path.join(repo, "runtime", "include")
    for src in example_sources(repo):
        with open(src, "rb") as f:
            data = f.read()
        stem = os.path.splitext(os.path.basename(src))[0]
        flags = ["-std=c++20", "-fsyntax-only", "-ferror-limit=0", "-I", include,
                 "-I", os.path.dirname(src)]
        for i in range(cuts):
            offset = rng.randrange(0, len(data) + 1)
            d = os.path.join(workdir, f"{stem}.cut{i:03d}")
            os.makedirs(d, exist_ok=True)
            path = os.path.join(d, os.path.basename(src))
            with open(path, "wb") as f:
                f.write(data[:offset])
            jobs.append(("truncation", path, flags, f"{src} cut at byte {offset}"))
        lines = data.splitlines(keepends=True)
        for i in range(deletions if lines else 0):
            victim = rng.randrange(0, len(lines))
            d = os.path.join(workdir, f"{stem}.del{i:03d}")
            os.makedirs(d, exist_ok=True)
            path = os.path.join(d, os.path.basename(src))
            with open(path, "wb") as f:
                f.write(b"".join(lines[:victim] + lines[victim + 1:]))
            jobs.append(("line-deletion", path, flags, f"{src} without line {victim + 1}"))
    return jobs


GENERATED_PRELUDE = """#include <coroutine>
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() {}
};
task f() { co_return; }
"""


def generated_sources():
    """Inputs built to be slow for a careless analysis (each once hung or
    took seconds in coroguard while clang parsed them in milliseconds)."""
    bases = ", ".join(f"virtual lattice<D - 1, {i}>" for i in range(12))
    yield "virtual_lattice.cpp", (
        "template <int D, int I> struct lattice;\n"
        "template <int I> struct lattice<0, I> {};\n"
        f"template <int D, int I> struct lattice : {bases} {{}};\n"
        "lattice<9, 0> make();\n"
        "void use() { make(); auto l = make(); }\n")
    yield "many_awaited_locals.cpp", GENERATED_PRELUDE + "task user() {\n" + "".join(
        f"  auto t{i} = f();\n  co_await t{i};\n" for i in range(8000)) + "}\n"
    yield "many_dropped_calls.cpp", GENERATED_PRELUDE + "void user() {\n" + \
        "  f();\n" * 20000 + "}\n"
    yield "long_expression.cpp", GENERATED_PRELUDE + (
        "task big() {\n  int x = 0;\n  int y = " + "+".join(["x"] * 30000) +
        ";\n  co_return;\n}\ntask user() {\n  big();\n  co_return;\n}\n")


def generated_jobs(workdir):
    jobs = []
    d = os.path.join(workdir, "generated")
    os.makedirs(d, exist_ok=True)
    for name, text in generated_sources():
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        jobs.append(("generated", path, ["-std=c++20", "-fsyntax-only", "-ferror-limit=0"],
                     None))
    return jobs


def keep_failure(keep, index, category, path, cmd, outcome, origin, output):
    os.makedirs(keep, exist_ok=True)
    name = f"{outcome}-{category}-{index:04d}-{os.path.basename(path)}"
    shutil.copyfile(path, os.path.join(keep, name))
    with open(os.path.join(keep, name + ".cmd"), "w", encoding="utf-8") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
        if origin:
            f.write("# " + origin + "\n")
        f.write("# --- output (tail) ---\n")
        for line in output.splitlines()[-60:]:
            f.write("# " + line + "\n")


def reduce(args, flags):
    """Greedy line-based reduction of one crashing input."""
    with open(args.reduce, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines(keepends=True)
    work = tempfile.mkdtemp(prefix="coroguard-reduce-")
    path = os.path.join(work, os.path.basename(args.reduce))

    def still_fails(candidate):
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(candidate)
        outcome, _, _ = run_one(args.coroguard, path, flags, args.timeout)
        return outcome in ("crash", "timeout")

    if not still_fails(lines):
        sys.exit("run_robustness.py: the input does not crash or hang with these flags")
    chunk = max(1, len(lines) // 2)
    while chunk >= 1:
        i = 0
        while i < len(lines):
            candidate = lines[:i] + lines[i + chunk:]
            if candidate and still_fails(candidate):
                lines = candidate
            else:
                i += chunk
        chunk //= 2
    sys.stdout.write("".join(lines))
    shutil.rmtree(work, ignore_errors=True)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coroguard", required=True, help="the coroguard binary")
    parser.add_argument("--inputs", help="directory of clang's coroutine tests (not fetched here)")
    parser.add_argument("--repo", default=REPO_ROOT, help="coroguard checkout (for the examples)")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--cuts", type=int, default=40, help="truncations per example")
    parser.add_argument("--deletions", type=int, default=20, help="line deletions per example")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="copy crashing or hanging inputs here")
    parser.add_argument("--no-mutations", action="store_true", help="skip the example mutations")
    parser.add_argument("--no-generated", action="store_true",
                        help="skip the generated large inputs")
    parser.add_argument("--reduce", help="shrink this crashing input (flags after --)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    if not os.access(args.coroguard, os.X_OK):
        sys.exit(f"run_robustness.py: {args.coroguard} is not an executable")
    if args.reduce:
        reduce(args, extra or ["-std=c++20", "-fsyntax-only", "-ferror-limit=0"])
        return 0

    workdir = tempfile.mkdtemp(prefix="coroguard-robustness-")
    jobs = []
    if args.inputs:
        if not os.path.isdir(args.inputs):
            sys.exit(f"run_robustness.py: {args.inputs} is not a directory")
        jobs += clang_test_jobs(args.inputs)
    if not args.no_mutations:
        jobs += mutation_jobs(args.repo, args.seed, args.cuts, args.deletions, workdir)
    if not args.no_generated:
        jobs += generated_jobs(workdir)
    if not jobs:
        sys.exit("run_robustness.py: nothing to run")

    counts = OrderedDict()
    files = OrderedDict()
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, args.coroguard, path, flags, args.timeout)
                   for (_, path, flags, _) in jobs]
        for index, ((category, path, flags, origin), fut) in enumerate(zip(jobs, futures)):
            outcome, cmd, output = fut.result()
            counts.setdefault(category, Counter())[outcome] += 1
            files.setdefault(category, set()).add(origin.split(" ")[0] if origin else path)
            if outcome in ("crash", "timeout"):
                failures.append((category, path, outcome, origin))
                print(f"{outcome.upper()}: {origin or path}\n  "
                      + " ".join(shlex.quote(c) for c in cmd), flush=True)
                if args.keep:
                    keep_failure(args.keep, index, category, path, cmd, outcome, origin, output)
            elif args.verbose:
                print(f"{outcome}: {origin or path} {' '.join(flags[:1])}", flush=True)
    shutil.rmtree(workdir, ignore_errors=True)

    header = f"{'category':<14} {'files':>6} {'runs':>6} {'ok':>6} {'compile-error':>14} {'crash':>6} {'timeout':>8}"
    print(header)
    total = Counter()
    all_files = set()
    for category, c in counts.items():
        runs = sum(c.values())
        total.update(c)
        all_files |= files[category]
        print(f"{category:<14} {len(files[category]):>6} {runs:>6} {c['ok']:>6} "
              f"{c['compile-error']:>14} {c['crash']:>6} {c['timeout']:>8}")
    print(f"{'total':<14} {len(all_files):>6} {sum(total.values()):>6} {total['ok']:>6} "
          f"{total['compile-error']:>14} {total['crash']:>6} {total['timeout']:>8}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
