#!/usr/bin/env python3
"""Robustness driver: coroguard must never crash or hang, whatever it is fed.

    run_robustness.py --coroguard BIN [--inputs DIR] [options]

Every coro-* check of the binary (`coroguard --list-checks`) runs over these
corpora, all checks in one run (`--checks=-*,coro-*`), in each configuration
of --configs (default: `default`, the default options, and `options`, the
non-default options users turn on: coro-unobserved-task.ReportSwallowingDetach
and coro-cross-thread-loop-call.Presets='asio;libuv'):

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

Per check: a run that crashes or hangs is run again with each check alone, and
the failure is charged to the checks that fail alone (or to `all-together` if
none does). The per-check table shows, for each check, the runs in which it
reported something (proof that the corpus exercises it), its findings, and
the crashes and timeouts charged to it. `--per-check` instead runs every input
once per check (7 times the work; full isolation).

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


CONFIGS = {
    "default": None,
    "options": "{CheckOptions: {coro-unobserved-task.ReportSwallowingDetach: true, "
               "coro-cross-thread-loop-call.Presets: 'asio;libuv'}}",
}

FINDING = re.compile(r"warning: .*\[(coro-[a-z-]+)[,\]]")


def list_checks(coroguard):
    proc = subprocess.run([coroguard, "--list-checks", "--checks=-*,coro-*"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL)
    checks = [l.strip() for l in proc.stdout.decode("utf-8", "replace").splitlines()
              if l.strip().startswith("coro-")]
    if not checks:
        sys.exit(f"run_robustness.py: {coroguard} lists no coro-* check")
    return checks


def findings_per_check(output):
    return Counter(m.group(1) for m in FINDING.finditer(output))


def run_one(coroguard, path, flags, timeout, checks="coro-*", config=None):
    cmd = [coroguard, f"--checks=-*,{checks}", "--quiet", path]
    if config:
        cmd.append("-config=" + config)
    cmd += ["--"] + flags
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
    # coro-blocking-call's transitive rule: a 4000-deep chain of helpers
    # (a recursive walk would overflow the stack) and a 2000-wide fan-in.
    yield "deep_blocking_chain.cpp", "#include <thread>\n" + GENERATED_PRELUDE + \
        "void h0() { std::this_thread::sleep_for(std::chrono::seconds(1)); }\n" + "".join(
            f"void h{i}() {{ h{i - 1}(); }}\n" for i in range(1, 4000)) + \
        "task user() {\n  h3999();\n" + "".join(
            f"  h{i}();\n" for i in range(0, 4000, 2)) + "  co_return;\n}\n"
    # coro-cross-thread-loop-call and the execution-context resolver: many
    # lambdas handed to threads, each calling into the next.
    yield "many_thread_lambdas.cpp", "#include <thread>\n" + GENERATED_PRELUDE + \
        "void work(int) {}\nvoid spawn() {\n" + "".join(
            f"  std::thread t{i}([] {{ auto l = [] {{ work({i}); }}; l(); }}); t{i}.join();\n"
            for i in range(300)) + "}\n"
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
    parser.add_argument("--configs", default="default,options",
                        help="comma-separated check configurations: " + ", ".join(CONFIGS))
    parser.add_argument("--per-check", action="store_true",
                        help="run every input once per check instead of all checks at once")
    parser.add_argument("--reduce", help="shrink this crashing input (flags after --)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    if not os.access(args.coroguard, os.X_OK):
        sys.exit(f"run_robustness.py: {args.coroguard} is not an executable")
    if args.reduce:
        reduce(args, extra or ["-std=c++20", "-fsyntax-only", "-ferror-limit=0"])
        return 0
    configs = [c for c in args.configs.split(",") if c]
    for c in configs:
        if c not in CONFIGS:
            sys.exit(f"run_robustness.py: unknown configuration {c} (known: {', '.join(CONFIGS)})")
    checks = list_checks(args.coroguard)

    workdir = tempfile.mkdtemp(prefix="coroguard-robustness-")
    inputs = []
    if args.inputs:
        if not os.path.isdir(args.inputs):
            sys.exit(f"run_robustness.py: {args.inputs} is not a directory")
        inputs += clang_test_jobs(args.inputs)
    if not args.no_mutations:
        inputs += mutation_jobs(args.repo, args.seed, args.cuts, args.deletions, workdir)
    if not args.no_generated:
        inputs += generated_jobs(workdir)
    if not inputs:
        sys.exit("run_robustness.py: nothing to run")
    selections = checks if args.per_check else ["coro-*"]
    jobs = [(config, sel) + job for config in configs for sel in selections for job in inputs]

    counts = OrderedDict()
    files = OrderedDict()
    failures = []
    # per check: runs with a finding, findings, crashes, timeouts charged
    per_check = OrderedDict((c, Counter()) for c in checks + ["all-together"])

    def attribute(config, path, flags):
        """The checks that fail alone on an input that failed with all of them."""
        alone = []
        for check in checks:
            outcome, _, _ = run_one(args.coroguard, path, flags, args.timeout, check,
                                    CONFIGS[config])
            if outcome in ("crash", "timeout"):
                alone.append((check, outcome))
        return alone

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, args.coroguard, path, flags, args.timeout, sel,
                               CONFIGS[config])
                   for (config, sel, _, path, flags, _) in jobs]
        for index, ((config, sel, category, path, flags, origin), fut) in \
                enumerate(zip(jobs, futures)):
            outcome, cmd, output = fut.result()
            counts.setdefault((config, category), Counter())[outcome] += 1
            files.setdefault(category, set()).add(origin.split(" ")[0] if origin else path)
            for check, n in findings_per_check(output).items():
                if check in per_check:
                    per_check[check]["runs with findings"] += 1
                    per_check[check]["findings"] += n
            if outcome in ("crash", "timeout"):
                if sel != "coro-*":
                    blamed = [(sel, outcome)]
                else:
                    blamed = attribute(config, path, flags) or [("all-together", outcome)]
                for check, how in blamed:
                    per_check[check][how] += 1
                failures.append((category, path, outcome, origin))
                print(f"{outcome.upper()} [{config}; {', '.join(c for c, _ in blamed)}]: "
                      f"{origin or path}\n  " + " ".join(shlex.quote(c) for c in cmd), flush=True)
                if args.keep:
                    keep_failure(args.keep, index, category, path, cmd, outcome, origin, output)
            elif args.verbose:
                print(f"{outcome}: {origin or path} {' '.join(flags[:1])}", flush=True)
    shutil.rmtree(workdir, ignore_errors=True)

    print(f"checks: {', '.join(checks)}" + ("  (one run per check)" if args.per_check
                                             else "  (all in each run)"))
    header = (f"{'config':<8} {'category':<14} {'files':>6} {'runs':>6} {'ok':>6} "
              f"{'compile-error':>14} {'crash':>6} {'timeout':>8}")
    print(header)
    total = Counter()
    all_files = set()
    for (config, category), c in counts.items():
        runs = sum(c.values())
        total.update(c)
        all_files |= files[category]
        print(f"{config:<8} {category:<14} {len(files[category]):>6} {runs:>6} {c['ok']:>6} "
              f"{c['compile-error']:>14} {c['crash']:>6} {c['timeout']:>8}")
    print(f"{'total':<8} {'':<14} {len(all_files):>6} {sum(total.values()):>6} {total['ok']:>6} "
          f"{total['compile-error']:>14} {total['crash']:>6} {total['timeout']:>8}")
    print()
    print(f"{'check':<34} {'runs with findings':>18} {'findings':>9} {'crash':>6} {'timeout':>8}")
    for check, c in per_check.items():
        if check == "all-together" and not (c["crash"] or c["timeout"]):
            continue
        print(f"{check:<34} {c['runs with findings']:>18} {c['findings']:>9} "
              f"{c['crash']:>6} {c['timeout']:>8}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
