#!/usr/bin/env python3
"""coro-dangling-reference against clang-tidy's blanket Core Guidelines checks.

    blanket_compare.py --coroguard BIN [--clang-tidy clang-tidy-22] --work DIR \\
        --project NAME=PATH... [-j 2] [--list] [--markdown]

The C++ Core Guidelines ban the shapes that can leave a coroutine frame
dangling (CP.51: capturing coroutine lambdas; CP.53: reference parameters of
coroutines), and clang-tidy implements the bans at the declaration:

    cppcoreguidelines-avoid-capturing-lambda-coroutines      (CP.51)
    cppcoreguidelines-avoid-reference-coroutine-parameters   (CP.53)

coro-dangling-reference reports the calls whose frame really outlives the
object. For each project (the recipes of run_eval.py build its compilation
database under --work/NAME, as run_eval.py does) this runs both over the same
translation units and counts the findings in the project's own files (under
PATH; a header's finding counted once, by file, line, column and check):

    project | TUs | CP.51 | CP.53 | blanket | ours | ours / blanket

--no-blanket runs ours alone (a re-run after a change to the check).
Ours runs in project mode with summaries (as `coroguard -p` does; a cold
cache per run); --no-summaries runs it file by file (what clang-tidy or
clangd without a summary directory sees; the first three sessions' numbers).

--list prints every finding of ours (`file:line | message`), for triage in
eval/triage/. The target of issue 20: ours at most a tenth of the blanket
checks', with a precision of at least 0.95 after triage.

Exit code: 0 when every project ran, 2 on a setup problem (a project that
is missing, a tool that cannot run, a translation unit clang-tidy could not
parse: its findings would be missing from the count).
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_eval  # noqa: E402

BLANKET = {
    "cppcoreguidelines-avoid-capturing-lambda-coroutines": "CP.51",
    "cppcoreguidelines-avoid-reference-coroutine-parameters": "CP.53",
}
OURS = "coro-dangling-reference"
# A project's .clang-tidy may turn warnings into errors ("[check,-warnings-as-errors]").
DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?:warning|error): "
                  r".*\[(?P<check>[\w.,-]+)\]$")


class SetupError(Exception):
    pass


def under(path, root):
    path = os.path.realpath(path)
    return path == root or path.startswith(root + os.sep)


def blanket_one(clang_tidy, db_dir, src, root):
    """The blanket checks' findings in one translation unit, in the project's
    files: a set of (file, line, col, check). Raises SetupError when clang-tidy
    could not parse the unit."""
    cmd = [clang_tidy, "-p", db_dir, "--quiet",
           "-checks=-*," + ",".join(BLANKET),
           f"-header-filter={re.escape(root)}/.*", src]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, text=True, errors="replace")
    found = set()
    for line in proc.stdout.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        for check in m["check"].split(","):
            if check in BLANKET and under(m["file"], root):
                found.add((os.path.realpath(m["file"]), int(m["line"]), int(m["col"]), check))
    # A compile error (not a check's finding made an error) means the unit was
    # not analysed.
    compile_errors = [l for l in proc.stdout.splitlines() if ": error: " in l and
                      not any(c in l for c in BLANKET)]
    if compile_errors:
        raise SetupError(f"clang-tidy could not analyse {src}: {compile_errors[0]}")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coroguard", required=True)
    parser.add_argument("--clang-tidy", default="clang-tidy-22")
    parser.add_argument("--work", required=True)
    parser.add_argument("--project", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--no-blanket", action="store_true",
                        help="run ours only (after a change to the check: the blanket "
                             "checks' counts do not change); their columns print '-'")
    parser.add_argument("--no-summaries", action="store_true",
                        help="ours file by file, without project mode's summaries (what "
                             "clang-tidy or clangd without a summary directory sees); the "
                             "default is project mode as `coroguard -p` runs it")
    args = parser.parse_args()

    if not os.access(args.coroguard, os.X_OK):
        sys.exit(f"blanket_compare.py: {args.coroguard} is not an executable")
    args.coroguard = os.path.abspath(args.coroguard)
    try:
        subprocess.run([args.clang_tidy, "--version"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
    except (OSError, subprocess.CalledProcessError):
        sys.exit(f"blanket_compare.py: cannot run {args.clang_tidy}")
    projects = OrderedDict()
    for p in args.project:
        name, _, path = p.partition("=")
        if name not in run_eval.RECIPES or not os.path.isdir(path):
            sys.exit(f"blanket_compare.py: --project {p}: expected NAME=PATH, NAME in "
                     f"{list(run_eval.RECIPES)}, PATH a directory")
        projects[name] = os.path.realpath(path)
    if not projects:
        sys.exit("blanket_compare.py: no --project given")
    work = os.path.abspath(args.work)

    rows, listing = [], []
    try:
        for name, root in projects.items():
            entries, _, _ = run_eval.RECIPES[name](root, os.path.join(work, name), projects)
            db_dir = run_eval.write_db(name, entries, work)
            # Ours: one coroguard run, the check alone.
            report_path = os.path.join(db_dir, "report.dangling.json")
            if os.path.exists(report_path):
                os.remove(report_path)
            cmd = [args.coroguard, "-p", db_dir, f"-j{args.jobs}", "--format=json", "-o",
                   report_path, "--no-progress", f"--source-root={root}",
                   "-checks=-*," + OURS]
            if args.no_summaries:
                cmd.insert(-1, "--no-summaries")
            else:
                # A cold cache of its own: a summary made by another binary is not reused.
                cache = os.path.join(db_dir, "summary-cache")
                shutil.rmtree(cache, ignore_errors=True)
                cmd.insert(-1, f"--summary-cache={cache}")
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  stdin=subprocess.DEVNULL)
            if proc.returncode not in (0, 1) or not os.path.exists(report_path):
                raise SetupError(f"{name}: coroguard exited {proc.returncode}: "
                                 + proc.stderr.decode("utf-8", "replace")[-2000:])
            with open(report_path, encoding="utf-8") as f:
                report = json.load(f)
            if report["errors"]:
                raise SetupError(f"{name}: coroguard could not analyse "
                                 f"{len(report['errors'])} unit(s): {report['errors'][0]}")
            ours = {}
            for d in report["diagnostics"]:
                path = d["file"] if os.path.isabs(d["file"]) else os.path.join(root, d["file"])
                if d["check"] == OURS and under(path, root):
                    ours[(os.path.realpath(path), d["line"], d["column"])] = d["message"]
            # The blanket checks, unit by unit.
            blanket = set()
            if args.no_blanket:
                rows.append((name, len(entries), None, None, len(ours)))
                for (path, line, _), msg in sorted(ours.items()):
                    listing.append(f"{name}\t{os.path.relpath(path, root)}:{line} | {msg}")
                continue
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                for found in pool.map(lambda e: blanket_one(args.clang_tidy, db_dir, e[0], root),
                                      entries):
                    blanket |= found
            per = {c: sum(1 for f in blanket if f[3] == c) for c in BLANKET}
            rows.append((name, len(entries), per, len(blanket), len(ours)))
            for (path, line, _), msg in sorted(ours.items()):
                listing.append(f"{name}\t{os.path.relpath(path, root)}:{line} | {msg}")
    except SetupError as e:
        sys.stderr.write(f"blanket_compare.py: {e}\n")
        return 2

    cols = ["project", "TUs"] + [BLANKET[c] for c in BLANKET] + ["blanket", "ours",
                                                                 "ours / blanket"]
    table = []
    tot = [0, {c: 0 for c in BLANKET}, 0, 0]
    for name, ntu, per, nb, no in rows:
        if per is None:  # --no-blanket
            table.append([name, str(ntu)] + ["-" for _ in BLANKET] + ["-", str(no), "-"])
            tot[0] += ntu
            tot[3] += no
            continue
        ratio = f"{no / nb:.3f}" if nb else "-"
        table.append([name, str(ntu)] + [str(per[c]) for c in BLANKET] +
                     [str(nb), str(no), ratio])
        tot[0] += ntu
        for c in BLANKET:
            tot[1][c] += per[c]
        tot[2] += nb
        tot[3] += no
    if args.no_blanket:
        table.append(["total", str(tot[0])] + ["-" for _ in BLANKET] + ["-", str(tot[3]), "-"])
    else:
        table.append(["total", str(tot[0])] + [str(tot[1][c]) for c in BLANKET] +
                     [str(tot[2]), str(tot[3]), f"{tot[3] / tot[2]:.3f}" if tot[2] else "-"])
    run_eval.print_rows(cols, table, args.markdown)
    if args.list:
        print()
        for l in listing:
            print(l)
    return 0


if __name__ == "__main__":
    sys.exit(main())
