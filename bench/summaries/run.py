#!/usr/bin/env python3
"""What whole-program analysis (cross-TU function summaries, issue 19) costs.

    bench/summaries/run.py [--coroguard BIN] [--plugin SO] [--tus N] [--seed S]
        [--jobs LIST] [--scaling-tus N] [--reps N] [--modes LIST]
        [--project NAME=DIR]... [--out DIR] [--no-build] [--reuse-build]

For each project — a generated program of --tus translation units (default
2000; generate.py; --tus 0: none) and every --project NAME=DIR — it measures
`coroguard -p DB -jN --format=json -checks='-*,coro-*'` in these modes:

  single      --no-summaries: today's one pass (while coroguard has no such
              flag: plain `coroguard -p`, and the table says so)
  cold        --summary-cache=DIR with DIR emptied first: summarise every
              unit, merge, check every unit
  warm        the same again, the cache full
  from-build  --summary-dir=DIR, DIR written by a build with the compiler
              plugin (-fplugin=libcoroguard-plugin.so
              -fplugin-arg-coroguard-summaries=DIR)

and it builds the project's objects twice with clang++-22 -c and the
database's flags: plain, and with the plugin writing summaries (objects
elsewhere). It prints wall and CPU seconds, translation units per second,
findings, and the ratios against the targets of issue 19:

  cold / single        <= 2.1     warm / single     <= 1.1
  from-build / single  <= 1.1     summaries / objects (bytes, same build) <= 5%

Jobs. The full set runs at each -j of --jobs (default 2). Scaling: with
--scaling-tus N (default 200) the first N units of each database (a database
of its own) also run at -j1 and -j2 in single, cold and warm, so that -j1
stays affordable (2000 units at -j1 take over an hour on the generated
project); --scaling-tus 0 turns it off, and --jobs 1,2 runs the full set at
both. The output says which set each figure comes from.

Projects. --project NAME=DIR: DIR is a directory with compile_commands.json
(used as it is), or a checkout of one of eval/run_eval.py's projects (NAME is
its recipe: cppcoro, libcoro, asio, ...), whose database the recipe writes
under --out, e.g. --project cppcoro=/tmp/real/cppcoro.

Flags that coroguard does not have yet. Before the runs, a one-line project
probes each flag (--no-summaries, --summary-cache, --summary-dir) and the
plugin's summaries= argument; a flag coroguard refuses as unknown is reported
as missing and the modes that need it are skipped with that reason, not
failed. A run that finds translation units that do not compile, or that
crashes, is an error (exit code 1): the figures of a broken run mean nothing.

Retries. Other jobs relink coroguard now and then: before every timed run the
script waits until `coroguard --version` works, and a run that fails the way
a half-written binary fails (exit 126/127, "Text file busy", a loader error)
is retried. It notes it when the binary changed during a project's runs.

Timings are wall clock on a shared machine (the load average is printed):
compare ratios, and use --reps (medians; the ratios are medians of the
ratios within one repetition, whose runs are back to back). Nothing is
fetched. Everything is written under --out (default
/tmp/coroguard-summaries-bench), including results.json. No target is
asserted: exit code 0 with targets missed.
"""

import argparse
import concurrent.futures
import importlib.util
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

TARGETS = {"cold": 2.1, "warm": 1.1, "from-build": 1.1}
SIZE_TARGET = 0.05
MODES = ("single", "cold", "warm", "from-build")
CHECKS = "-*,coro-*"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--coroguard", default=os.environ.get(
        "COROGUARD", os.path.join(ROOT, "build", "bin", "coroguard")))
    p.add_argument("--plugin", help="libcoroguard-plugin.so (default: ../lib/ or ../lib/coroguard/ next to "
                   "--coroguard's bin/)")
    p.add_argument("--clang", default=os.environ.get("CLANGXX", "clang++-22"),
                   help="compiler of the object builds (default clang++-22)")
    p.add_argument("--tus", type=int, default=2000,
                   help="units of the generated project (default 2000; 0: none)")
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--jobs", default="2", help="-j values for the full set (default 2)")
    p.add_argument("--scaling-tus", type=int, default=200,
                   help="also run the first N units at -j1 and -j2 (default 200; 0: off)")
    p.add_argument("--reps", type=int, default=1, help="repetitions (default 1)")
    p.add_argument("--modes", default=",".join(MODES),
                   help="comma-separated, of: " + ", ".join(MODES))
    p.add_argument("--project", action="append", default=[], metavar="NAME=DIR")
    p.add_argument("--out", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                 "coroguard-summaries-bench"))
    p.add_argument("--no-build", action="store_true",
                   help="no object builds: no sizes, no from-build mode")
    p.add_argument("--reuse-build", action="store_true",
                   help="reuse the object builds of an earlier run in --out when present")
    a = p.parse_args(argv)
    a.jobs = sorted({int(j) for j in a.jobs.split(",") if j})
    a.modes = [m for m in a.modes.split(",") if m]
    for m in a.modes:
        if m not in MODES:
            p.error(f"unknown mode {m}")
    if "single" not in a.modes:
        p.error("the single pass is every ratio's baseline: --modes must include single")
    if a.reps < 1 or not a.jobs or min(a.jobs) < 1:
        p.error("--reps and --jobs must be positive")
    a.coroguard = os.path.abspath(a.coroguard)
    if not a.plugin:
        # A build tree (lib/) or an installed prefix (lib/coroguard/).
        root = os.path.dirname(os.path.dirname(a.coroguard))
        a.plugin = os.path.join(root, "lib", "libcoroguard-plugin.so")
        installed = os.path.join(root, "lib", "coroguard", "libcoroguard-plugin.so")
        if not os.path.isfile(a.plugin) and os.path.isfile(installed):
            a.plugin = installed
    a.plugin = os.path.abspath(a.plugin)
    a.out = os.path.abspath(a.out)
    return a


# ---------------------------------------------------------------- running ---

# How a run fails while its binary is being replaced: at exec, or when the
# project mode spawns its workers (itself) from a half-written file.
RELINK_SIGNS = ("Text file busy", "error while loading shared libraries",
                "Exec format error", "cannot execute binary file", "posix_spawn failed")


def wait_for_binary(path, limit=900):
    """Waits until `path --version` works (another engineer may be relinking it)."""
    start = time.monotonic()
    while True:
        try:
            r = subprocess.run([path, "--version"], capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, timeout=60)
            if r.returncode == 0:
                return r.stdout.strip().splitlines()[0] if r.stdout.strip() else "?"
            why = (r.stderr or r.stdout).strip()[:200]
        except (OSError, subprocess.TimeoutExpired) as e:
            why = str(e)
        if time.monotonic() - start > limit:
            sys.exit(f"run.py: {path} --version keeps failing ({why})")
        log(f"run.py: {path} not usable yet ({why}); waiting for the relink to finish")
        time.sleep(20)


def run_timed(cmd, cwd=None, binary=None):
    """Runs cmd; returns (rc, stdout, stderr, wall s, cpu s). Retries a run that
    failed because the binary was being replaced."""
    for attempt in range(6):
        if binary:
            wait_for_binary(binary)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        try:
            r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                               stdin=subprocess.DEVNULL)
            rc, out, err = r.returncode, r.stdout, r.stderr
        except OSError as e:
            rc, out, err = 127, "", str(e)
        wall = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if (rc in (126, 127) or any(s in out + err for s in RELINK_SIGNS)) and attempt < 5:
            log(f"run.py: {cmd[0]} failed to start ({err.strip()[:200]}); retrying")
            time.sleep(30)
            continue
        return rc, out, err, wall, cpu
    raise AssertionError("unreachable")


def dir_size(path):
    total = files = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            try:
                total += os.path.getsize(os.path.join(dirpath, n))
                files += 1
            except OSError:
                pass
    return total, files


def mb(n):
    return n / (1024 * 1024)


# ------------------------------------------------------------- the probes ---

def probe_features(a):
    """Which of the new flags coroguard and the plugin know (issue 19)."""
    d = os.path.join(a.out, "probe")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "sdir"))
    src = os.path.join(d, "probe.cpp")
    with open(src, "w") as f:
        f.write("int probe(int x) { return x + 1; }\n")
    with open(os.path.join(d, "compile_commands.json"), "w") as f:
        json.dump([{"directory": d, "file": src,
                    "arguments": [a.clang, "-std=c++20", "-c", src, "-o",
                                  os.path.join(d, "probe.o")]}], f)
    feats = {}
    notes = {}

    # The plugin first: a summary it writes makes the --summary-dir probe real.
    if os.path.isfile(a.plugin):
        rc, _, err, _, _ = run_timed([a.clang, "-std=c++20", f"-fplugin={a.plugin}",
                                      f"-fplugin-arg-coroguard-summaries={d}/sdir",
                                      "-c", src, "-o", os.path.join(d, "probe-plugin.o")])
        written = dir_size(os.path.join(d, "sdir"))[1]
        if "unknown argument" in err:
            feats["plugin-summaries"] = False
            notes["plugin-summaries"] = "the plugin refuses summaries=DIR (unknown argument)"
        elif rc != 0:
            feats["plugin-summaries"] = False
            notes["plugin-summaries"] = f"the plugin compile failed: {err.strip()[:300]}"
        elif written == 0:
            feats["plugin-summaries"] = False
            notes["plugin-summaries"] = "the plugin accepts summaries=DIR but wrote no file"
        else:
            feats["plugin-summaries"] = True
    else:
        feats["plugin-summaries"] = False
        notes["plugin-summaries"] = f"{a.plugin} not found (--plugin)"

    for flag, arg in (("--no-summaries", "--no-summaries"),
                      ("--summary-cache", f"--summary-cache={d}/cache"),
                      ("--summary-dir", f"--summary-dir={d}/sdir")):
        rc, out, err, _, _ = run_timed([a.coroguard, "-p", d, "-j1", "--no-progress",
                                        f"-checks={CHECKS}", arg], binary=a.coroguard)
        text = out + err
        if "Unknown command line argument" in text or "unknown argument" in text.lower():
            feats[flag] = False
            notes[flag] = f"coroguard does not know {flag} yet"
        elif rc not in (0, 1):
            # Known, but the probe failed: say why, and do not use it.
            feats[flag] = False
            notes[flag] = f"coroguard {arg} failed on a one-line project: " + \
                " / ".join(text.strip().splitlines()[-3:])
        else:
            feats[flag] = True
    if feats["--summary-cache"] and dir_size(os.path.join(d, "cache"))[1] == 0:
        notes["--summary-cache"] = ("note: --summary-cache is accepted but the probe wrote "
                                    "nothing into the cache directory")
    return feats, notes


# --------------------------------------------------------------- projects ---

def load_run_eval():
    path = os.path.join(ROOT, "eval", "run_eval.py")
    spec = importlib.util.spec_from_file_location("run_eval", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def project_dbs(a):
    """[(name, db dir)]"""
    out = []
    if a.tus > 0:
        gen = os.path.join(a.out, f"gen-{a.tus}-s{a.seed}")
        r = subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--tus",
                            str(a.tus), "--seed", str(a.seed), "--out", gen,
                            "--compiler", shutil.which(a.clang) or a.clang])
        if r.returncode != 0:
            sys.exit("run.py: generate.py failed")
        out.append((f"generated-{a.tus}", gen))
    checkouts = {}
    for spec in a.project:
        name, _, d = spec.partition("=")
        if not name or not d or not os.path.isdir(d):
            sys.exit(f"run.py: --project {spec}: expected NAME=DIR with DIR a directory")
        d = os.path.abspath(d)
        if os.path.isfile(os.path.join(d, "compile_commands.json")):
            out.append((name, d))
        else:
            checkouts[name] = d
    if checkouts:
        ev = load_run_eval()
        for name, root in checkouts.items():
            if name not in ev.RECIPES:
                sys.exit(f"run.py: --project {name}={root}: no compile_commands.json there, and "
                         f"{name} is not a recipe of eval/run_eval.py ({', '.join(ev.RECIPES)})")
            work = os.path.join(a.out, "real")
            entries, _, _ = ev.RECIPES[name](root, os.path.join(work, name), checkouts)
            out.append((name, ev.write_db(name, entries, work)))
    return out


def read_db(db_dir):
    with open(os.path.join(db_dir, "compile_commands.json"), encoding="utf-8") as f:
        return json.load(f)


def subset_db(db_dir, n, dest):
    entries = read_db(db_dir)[:n]
    os.makedirs(dest, exist_ok=True)
    with open(os.path.join(dest, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, indent=1)
    return dest


# ------------------------------------------------------------ the builds ---

def compile_command(entry, clang, obj, extra):
    args = entry.get("arguments") or shlex.split(entry["command"])
    args = list(args[1:])
    out = []
    skip = False
    for x in args:
        if skip:
            skip = False
            continue
        if x == "-o":
            skip = True
            continue
        if x.startswith("-o") and len(x) > 2:
            continue
        if x in ("-fsyntax-only", "-c"):
            continue
        out.append(x)
    return [clang] + out + extra + ["-c", "-o", obj]


def build(a, name, db_dir, variant, extra, jobs):
    """Compiles every entry into OUT/NAME/obj-VARIANT; returns a dict."""
    base = os.path.join(a.out, "builds", name)
    objdir = os.path.join(base, f"obj-{variant}")
    stamp = os.path.join(base, f"{variant}.json")
    if a.reuse_build and os.path.isfile(stamp):
        with open(stamp) as f:
            res = json.load(f)
        res["reused"] = True
        return res
    shutil.rmtree(objdir, ignore_errors=True)
    os.makedirs(objdir)
    entries = read_db(db_dir)

    def one(i_e):
        i, e = i_e
        obj = os.path.join(objdir, f"{i:05d}_{os.path.basename(e['file'])}.o")
        cmd = compile_command(e, a.clang, obj, extra)
        r = subprocess.run(cmd, cwd=e.get("directory") or db_dir, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        return e["file"], r.returncode, r.stderr

    log(f"run.py: {name}: building {len(entries)} objects ({variant}, -j{jobs})")
    failures = []
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        for f, rc, err in ex.map(one, enumerate(entries)):
            if rc != 0:
                failures.append((f, err.strip().splitlines()[:3]))
    wall = time.monotonic() - t0
    size, nfiles = dir_size(objdir)
    res = {"variant": variant, "wall": wall, "objects": size, "object_files": nfiles,
           "failures": len(failures), "first_failure": failures[0] if failures else None,
           "reused": False}
    with open(stamp, "w") as f:
        json.dump(res, f)
    return res


# ---------------------------------------------------------- coroguard runs ---

def run_mode(a, feats, db_dir, mode, jobs, cache, sdir, report):
    cmd = [a.coroguard, "-p", db_dir, f"-j{jobs}", "--no-progress", "--format=json",
           "-o", report, f"-checks={CHECKS}"]
    if mode == "single":
        if feats["--no-summaries"]:
            cmd.append("--no-summaries")
    elif mode in ("cold", "warm"):
        if mode == "cold":
            shutil.rmtree(cache, ignore_errors=True)
        cmd.append(f"--summary-cache={cache}")
    else:
        cmd.append(f"--summary-dir={sdir}")
    if os.path.exists(report):
        os.remove(report)
    rc, out, err, wall, cpu = run_timed(cmd, binary=a.coroguard)
    res = {"mode": mode, "jobs": jobs, "rc": rc, "wall": wall, "cpu": cpu,
           "command": " ".join(shlex.quote(c) for c in cmd)}
    problem = None
    if rc not in (0, 1) or not os.path.isfile(report):
        problem = f"exit {rc}: " + " / ".join((out + err).strip().splitlines()[-4:])
    else:
        with open(report, encoding="utf-8") as f:
            rep = json.load(f)
        s = rep.get("summary", {})
        res["tus"] = s.get("translation_units")
        res["findings"] = s.get("diagnostics")
        res["failed_tus"] = s.get("failed_translation_units", 0)
        kinds = {}
        for e in rep.get("errors", []):
            kinds[e.get("kind")] = kinds.get(e.get("kind"), 0) + 1
        res["errors"] = kinds
        if res["failed_tus"] or kinds:
            first = rep["errors"][0] if rep.get("errors") else {}
            problem = (f"{res['failed_tus']} translation units failed ({kinds}); first: "
                       f"{first.get('file')}: " +
                       " / ".join(x.get("message", "") for x in first.get("errors", [])[:2]))
    if mode in ("cold", "warm"):
        res["cache_bytes"], res["cache_files"] = dir_size(cache)
    res["problem"] = problem
    return res


def available_modes(a, feats, have_sdir):
    """[(mode, reason it is skipped or None)]"""
    out = []
    for m in a.modes:
        why = None
        if m in ("cold", "warm") and not feats["--summary-cache"]:
            why = "coroguard has no usable --summary-cache"
        if m == "from-build":
            if not feats["--summary-dir"]:
                why = "coroguard has no usable --summary-dir"
            elif a.no_build:
                why = "--no-build"
            elif not have_sdir:
                why = "no summaries from the plugin build"
        out.append((m, why))
    return out


def measure(a, feats, name, db_dir, sets, sdir):
    """sets: [(label, db dir, [jobs], modes)]; returns runs grouped by (label, jobs)."""
    results = {}
    for label, d, jobs_list, modes in sets:
        for jobs in jobs_list:
            cache = os.path.join(a.out, "cache", name, f"{label}-j{jobs}")
            runs = {m: [] for m in modes}
            for rep in range(a.reps):
                for m in modes:
                    log(f"run.py: {name} [{label}] -j{jobs} {m} (rep {rep + 1}/{a.reps})")
                    report = os.path.join(a.out, "reports", name, f"{label}-j{jobs}-{m}.json")
                    os.makedirs(os.path.dirname(report), exist_ok=True)
                    runs[m].append(run_mode(a, feats, d, m, jobs, cache, sdir, report))
            results[(label, jobs)] = runs
    return results


def med(xs):
    return statistics.median(xs) if xs else None


def ratio(runs, m):
    """Median over repetitions of wall(m) / wall(single) within a repetition."""
    rs = [x["wall"] / s["wall"] for x, s in zip(runs.get(m, []), runs["single"])
          if s["wall"] > 0 and not x["problem"] and not s["problem"]]
    return med(rs)


def verdict(value, target):
    if value is None:
        return "-"
    return "pass" if value <= target else "FAIL"


# ---------------------------------------------------------------- report ---

def report_project(a, feats, name, db_dir, ntus, results, builds, skipped, sdir_info,
                   binary_note):
    print()
    print(f"== {name}: {ntus} translation units ({db_dir})")
    if binary_note:
        print(f"   {binary_note}")
    single_label = "single" if feats["--no-summaries"] else "single*"
    errors = 0
    failing = []
    for (label, jobs), runs in results.items():
        n = ntus if label == "full" else a.scaling_tus
        print(f"-- {'all' if label == 'full' else 'first'} {n} units, -j{jobs}"
              f"{'' if a.reps == 1 else f', median of {a.reps}'}")
        print(f"   {'mode':<11} {'wall s':>8} {'CPU s':>8} {'TUs/s':>7} {'ratio':>6} "
              f"{'target':>7} {'result':>6} {'findings':>8}  notes")
        for m, rs in runs.items():
            wall = med([r["wall"] for r in rs if not r["problem"]])
            cpu = med([r["cpu"] for r in rs if not r["problem"]])
            notes = []
            for r in rs:
                if r["problem"]:
                    errors += 1
                    notes.append("ERROR " + r["problem"][:300])
            if m in ("cold", "warm") and rs and rs[-1].get("cache_files") is not None:
                notes.append(f"cache {mb(rs[-1]['cache_bytes']):.1f} MB in "
                             f"{rs[-1]['cache_files']} files")
            findings = rs[-1].get("findings") if rs else None
            r_ = ratio(runs, m) if m != "single" else None
            t = TARGETS.get(m)
            v = verdict(r_, t) if t and label == "full" else "-"
            if v == "FAIL":
                failing.append(f"{name} {m} -j{jobs}: {r_:.2f}x > {t}x")
            print(f"   {single_label if m == 'single' else m:<11} "
                  f"{'-' if wall is None else f'{wall:8.1f}':>8} "
                  f"{'-' if cpu is None else f'{cpu:8.1f}':>8} "
                  f"{'-' if not wall else f'{n / wall:7.2f}':>7} "
                  f"{'-' if r_ is None else f'{r_:5.2f}x':>6} "
                  f"{(f'<={t}x' if t else ''):>7} {v:>6} "
                  f"{'-' if findings is None else findings:>8}  {'; '.join(notes)}")
    for m, why in skipped:
        print(f"   {m}: not measured: {why}")
    if not feats["--no-summaries"]:
        print("   single*: coroguard has no --no-summaries yet; plain `coroguard -p` (one pass)")

    if builds:
        plain, plug = builds.get("plain"), builds.get("summaries")
        print("-- object builds (clang -c, the database's flags)")
        for b in (plain, plug):
            if not b:
                continue
            extra = " (reused)" if b.get("reused") else ""
            fail = f"; {b['failures']} failed: {b['first_failure']}" if b["failures"] else ""
            print(f"   {b['variant']:<10} {b['wall']:8.1f} s  objects {mb(b['objects']):8.2f} MB in "
                  f"{b['object_files']} files{extra}{fail}")
            if b["failures"]:
                errors += 1
        if plain and plug and plain["wall"] > 0:
            print(f"   the plugin build (checks + summaries) takes {plug['wall'] / plain['wall']:.2f}x"
                  " the plain build")
        if sdir_info and plain and plain["objects"]:
            size, files = sdir_info
            r_ = size / plain["objects"]
            v = verdict(r_, SIZE_TARGET)
            if v == "FAIL":
                failing.append(f"{name} summaries/objects: {100 * r_:.1f}% > 5%")
            print(f"   summaries of the plugin build: {mb(size):.2f} MB in {files} files = "
                  f"{100 * r_:.2f}% of the objects (target <= 5%): {v}")
        elif plain:
            print("   summaries/objects: not measured (no summaries from the plugin build)")

    scaling = [(k, v) for k, v in results.items() if k[0] == "subset"]
    if len({j for (_, j), _ in scaling}) > 1 or len(a.jobs) > 1:
        print("-- scaling (TUs/s)")
        for label in ("full", "subset"):
            rows = [(j, runs) for (l_, j), runs in results.items() if l_ == label]
            if len(rows) < 2:
                continue
            n = ntus if label == "full" else a.scaling_tus
            print(f"   {'all' if label == 'full' else 'first'} {n} units: " + "   ".join(
                f"-j{j} " + " ".join(
                    f"{m}={n / med([r['wall'] for r in rs]):.2f}"
                    for m, rs in runs.items() if rs and not any(r['problem'] for r in rs))
                for j, runs in rows))
    return errors, failing


def main(argv):
    a = parse_args(argv)
    if not os.access(a.coroguard, os.X_OK):
        sys.exit(f"run.py: {a.coroguard} not found (--coroguard; build it: scripts/build.sh)")
    if not shutil.which(a.clang):
        sys.exit(f"run.py: {a.clang} not found (--clang)")
    os.makedirs(a.out, exist_ok=True)
    version = wait_for_binary(a.coroguard)
    feats, notes = probe_features(a)

    print(f"coroguard {a.coroguard} ({version}); plugin {a.plugin}; clang {a.clang}")
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
          f" ({os.cpu_count()} cores)")
    for k in ("--no-summaries", "--summary-cache", "--summary-dir", "plugin-summaries"):
        print(f"   {k:<17} {'yes' if feats[k] else 'MISSING'}"
              f"{'  (' + notes[k] + ')' if k in notes else ''}")

    all_results = {"coroguard": a.coroguard, "version": version, "features": feats,
                   "notes": notes, "projects": {}}
    errors = 0
    failing = []
    for name, db_dir in project_dbs(a):
        ntus = len(read_db(db_dir))
        mtime0 = os.path.getmtime(a.coroguard)
        builds = {}
        sdir = os.path.join(a.out, "builds", name, "summaries")
        sdir_info = None
        if not a.no_build:
            jobs = max(a.jobs)
            builds["plain"] = build(a, name, db_dir, "plain", [], jobs)
            if feats["plugin-summaries"]:
                if not (a.reuse_build and os.path.isfile(
                        os.path.join(a.out, "builds", name, "summaries.json"))):
                    shutil.rmtree(sdir, ignore_errors=True)
                    os.makedirs(sdir)
                builds["summaries"] = build(
                    a, name, db_dir, "summaries",
                    [f"-fplugin={a.plugin}", f"-fplugin-arg-coroguard-summaries={sdir}"], jobs)
                sdir_info = dir_size(sdir)
                if sdir_info[1] == 0:
                    sdir_info = None
        mode_list = available_modes(a, feats, sdir_info is not None)
        modes = [m for m, why in mode_list if not why]
        skipped = [(m, why) for m, why in mode_list if why]
        sets = [("full", db_dir, a.jobs, modes)]
        if 0 < a.scaling_tus < ntus:
            sub = subset_db(db_dir, a.scaling_tus,
                            os.path.join(a.out, "subsets", f"{name}-{a.scaling_tus}"))
            sets.append(("subset", sub, [1, 2], [m for m in modes if m != "from-build"]))
        results = measure(a, feats, name, db_dir, sets, sdir)
        binary_note = None
        if os.path.getmtime(a.coroguard) != mtime0:
            binary_note = ("NOTE: coroguard was relinked during these runs: the modes may "
                           "have run different builds")
        e, f = report_project(a, feats, name, db_dir, ntus, results, builds, skipped,
                              sdir_info, binary_note)
        errors += e
        failing += f
        all_results["projects"][name] = {
            "db": db_dir, "tus": ntus, "builds": builds,
            "summaries_bytes": sdir_info[0] if sdir_info else None,
            "skipped": skipped,
            "runs": {f"{label}-j{jobs}": runs for (label, jobs), runs in results.items()}}

    print()
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    missing = [k for k, v in feats.items() if not v]
    if missing:
        print("not measured yet (missing in this coroguard): " + ", ".join(missing))
    print("targets missed: " + ("; ".join(failing) if failing else "none"))
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(all_results, f, indent=1)
    print(f"results: {os.path.join(a.out, 'results.json')}")
    if errors:
        print(f"run.py: {errors} run(s) or build(s) failed: the figures above are not valid",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
