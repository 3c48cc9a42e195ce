#!/usr/bin/env python3
"""Before/after comparison of coroguard's findings on real projects.

    compare.py --before /opt/cg-before/bin/coroguard --after build/bin/coroguard \\
        --work /tmp/coroguard-compare \\
        --project cppcoro=/src/cppcoro --project trantor=/src/trantor [-j 2]

For each --project NAME=PATH (NAME: a recipe of run_eval.py, whose compile
database reconstruction is reused), three analyses with the default
configuration (`-checks=-*,coro-*`, the checks' default options):

  before        the --before binary, as it runs (no summaries: it predates them)
  after-nosum   the --after binary with --no-summaries: each TU alone
  after-sum     the --after binary in project mode's default two phases
                (phase 1 summarises every TU, phase 2 analyses with all the
                summaries), with an empty summary cache in
                --work/<name>/summary-cache (a cold run)

A finding is (file, line, column, check, message). Printed per project: the
findings of each run (per check), the translation units that could not be
analysed in each run, and

  same                    before and after-nosum
  only before             before, not after-nosum   (single-TU finding lost)
  only after (no summ.)   after-nosum, not before   (single-TU finding gained)
  added by summaries      after-sum, not after-nosum
  removed by summaries    after-nosum, not after-sum

each difference listed. A translation unit analysed in one run and not in
another (compile error, crash) is reported as such: its findings are not
comparable.

--with NAME=PATH gives a checkout that another recipe reads (async_simple's
Asio demos need asio's headers, drogon reads trantor) without analysing it.
--runs selects some of the three runs (the comparisons that need a missing
run are left out). --reuse reads the reports a previous compare.py run left in
--work instead of running coroguard (to print again; the wall times are the
recorded ones).

Exit code: 0 when before and after-nosum have the same findings and the same
translation units analysed for every project, 1 otherwise, 2 on a setup error
(a missing binary or checkout, an unknown recipe, a run that wrote no report,
a configuration error).
"""

import argparse
import json
import os
import shutil
import sys
from collections import Counter, OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_eval  # noqa: E402  (the recipes, the database writer, the coroguard runner)

RUNS = ("before", "after-nosum", "after-sum")


class SetupError(Exception):
    pass


def key(d):
    return (d.get("file"), d.get("line"), d.get("column"), d["check"], d["message"])


def fmt(k):
    f, line, col, check, msg = k
    return f"{f}:{line}:{col} | {check} | {msg}"


def run_one(args, name, db_dir, root, run):
    """Runs one of RUNS (or reads it back with --reuse): a dict with the
    report, the wall time, the exit code and coroguard's summary-phase line."""
    meta_path = os.path.join(db_dir, f"meta.{run}.json")
    report_path = os.path.join(db_dir, f"report.{run}.json")
    if args.reuse:
        if not (os.path.exists(meta_path) and os.path.exists(report_path)):
            raise SetupError(f"{name}: --reuse: no {run} report in {db_dir}")
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        with open(report_path, encoding="utf-8") as f:
            meta["report"] = json.load(f)
        return meta
    extra = []
    binary = args.before if run == "before" else args.after
    if run == "after-nosum":
        extra = ["--no-summaries"]
    elif run == "after-sum":
        cache = os.path.join(db_dir, "summary-cache")
        shutil.rmtree(cache, ignore_errors=True)  # cold: every summary made by this run
        extra = [f"--summary-cache={cache}"]
    stderr = []
    report, wall, rc = run_eval.run_coroguard(args, name, db_dir, root, "default",
                                              coroguard=binary, extra=extra, tag=run,
                                              stderr_out=stderr)
    if report is None:
        raise SetupError(f"{name}: {run}: coroguard exited {rc} without a report "
                         f"(command in {db_dir}/command.{run}.txt)")
    summary_line = next((l for l in stderr if l.startswith("coroguard: summaries:")), None)
    meta = {"wall": wall, "rc": rc, "summaries": summary_line}
    with open(meta_path, "w", encoding="utf-8") as f:
        json.dump(meta, f)
    meta["report"] = report
    return meta


def unanalysed(report):
    """file -> (kind, first error) of the translation units a run could not analyse."""
    out = {}
    for e in report["errors"]:
        if e["kind"] == "config-error":
            raise SetupError("configuration error: " + str(e.get("message")))
        first = ""
        if e.get("errors"):
            x = e["errors"][0]
            first = f"{x.get('file')}:{x.get('line')}: {x.get('message')}"
        elif e.get("output"):
            first = e["output"][0]
        out[e.get("file")] = (e["kind"], first)
    return out


def compare_project(args, name, root, db_dir, ntu):
    runs = OrderedDict((r, run_one(args, name, db_dir, root, r)) for r in args.runs)
    sets, fails = {}, {}
    for r, m in runs.items():
        keys = [key(d) for d in m["report"]["diagnostics"]]
        dup = [k for k, n in Counter(keys).items() if n > 1]
        if dup:  # coroguard merges duplicates; a set would hide a repeated one
            print(f"  warning: {r}: {len(dup)} findings reported more than once, e.g. {fmt(dup[0])}")
        sets[r] = set(keys)
        fails[r] = unanalysed(m["report"])

    print(f"== {name} ({root}, {ntu} TUs)")
    print(f"  {'run':<12} {'findings':>8} {'not analysed':>12} {'exit':>4} {'wall s':>8}  summary phase")
    for r, m in runs.items():
        print(f"  {r:<12} {len(sets[r]):>8} {len(fails[r]):>12} {m['rc']:>4} {m['wall']:>8.1f}  "
              f"{(m['summaries'] or '-').replace('coroguard: ', '')}")
    for r, m in runs.items():
        line = m["summaries"] or ""
        if "could not be made" in line:
            n = line.split(", ")[-1].split()[0]
            print(f"  warning: {r}: phase 1 made no summary for {n} of the TUs ('{line}'); "
                  f"{len(fails[r])} TUs could not be analysed: calls into the others' functions "
                  f"are not followed across files")
    checks = sorted({k[3] for s in sets.values() for k in s})
    if checks:
        print("  per check: " + "; ".join(
            f"{c}: " + "/".join(str(sum(1 for k in sets[r] if k[3] == c)) for r in runs)
            for c in checks) + f"  ({'/'.join(runs)})")

    row = OrderedDict(project=name, tus=ntu)
    for r in RUNS:
        row[r] = len(sets[r]) if r in sets else None
    row["wall"] = {r: runs[r]["wall"] for r in runs}
    differs = False
    diffs = []  # (label, findings)

    def pair(a, b):
        return a in sets and b in sets

    if pair("before", "after-nosum"):
        same = sets["before"] & sets["after-nosum"]
        only_b = sorted(sets["before"] - sets["after-nosum"], key=str)
        only_a = sorted(sets["after-nosum"] - sets["before"], key=str)
        row.update(same=len(same), only_before=len(only_b), only_after=len(only_a))
        diffs += [("only before", only_b), ("only after (no summaries)", only_a)]
        differs = bool(only_b or only_a)
    if pair("after-nosum", "after-sum"):
        added = sorted(sets["after-sum"] - sets["after-nosum"], key=str)
        removed = sorted(sets["after-nosum"] - sets["after-sum"], key=str)
        row.update(added=len(added), removed=len(removed))
        diffs += [("added by summaries", added), ("removed by summaries", removed)]
    elif pair("before", "after-sum"):
        added = sorted(sets["after-sum"] - sets["before"], key=str)
        removed = sorted(sets["before"] - sets["after-sum"], key=str)
        row.update(added=len(added), removed=len(removed))
        diffs += [("after-sum, not before", added), ("before, not after-sum", removed)]
    for label in ("same", "only_before", "only_after", "added", "removed"):
        row.setdefault(label, None)

    labels = {"same": "same (before = after-nosum)", "only_before": "only before",
              "only_after": "only after (no summaries)", "added": "added by summaries",
              "removed": "removed by summaries"}
    for k, label in labels.items():
        if row[k] is not None:
            print(f"  {label}: {row[k]}")

    # Translation units analysed in one run and not in another.
    all_failed = sorted({f for r in fails for f in fails[r]}, key=str)
    tu_diff = False
    for f in all_failed:
        where = [r for r in runs if f in fails[r]]
        kinds = ", ".join(f"{r}: {fails[r][f][0]}" for r in where)
        first = fails[where[0]][f][1]
        if len(where) == len(runs):
            print(f"  not analysed in every run ({kinds}): {f}: {first} -- its findings are "
                  f"incomplete alike in all runs")
        else:
            ok = [r for r in runs if r not in where]
            print(f"  NOT COMPARABLE: {f}: not analysed in {kinds}; analysed in "
                  f"{', '.join(ok)}: {first}")
            if ("before" in where) != ("after-nosum" in where) and pair("before", "after-nosum"):
                tu_diff = True
    row["tu_diff"] = tu_diff
    differs = differs or tu_diff

    for label, items in diffs:
        for k in items:
            print(f"  [{label}] {fmt(k)}")
            if args.notes:
                r = "before" if label.startswith("only before") or label.startswith("before,") \
                    else ("after-nosum" if "no summaries" in label or "removed" in label
                          else "after-sum")
                for d in runs[r]["report"]["diagnostics"]:
                    if key(d) == k:
                        for n in d.get("notes", []):
                            print(f"      note: {n.get('file')}:{n.get('line')}: {n.get('message')}")
                        break
    if args.list:
        for r in runs:
            for k in sorted(sets[r], key=str):
                print(f"  {r}\t{fmt(k)}")
    print()
    return row, differs


def print_summary(rows, markdown):
    cols = ["project", "TUs", "before", "after-nosum", "after-sum", "same", "only before",
            "only after", "added by summaries", "removed by summaries", "TUs differ",
            "wall s (before/nosum/sum)"]

    def cell(v):
        return "-" if v is None else str(v)

    table = []
    for r in rows:
        walls = "/".join(f"{r['wall'][x]:.0f}" if x in r["wall"] else "-" for x in RUNS)
        table.append([r["project"], cell(r["tus"]), cell(r["before"]), cell(r["after-nosum"]),
                      cell(r["after-sum"]), cell(r["same"]), cell(r["only_before"]),
                      cell(r["only_after"]), cell(r["added"]), cell(r["removed"]),
                      "yes" if r["tu_diff"] else "no", walls])
    run_eval.print_rows(cols, table, markdown)


def parse_projects(values, what):
    out = OrderedDict()
    for p in values:
        name, _, path = p.partition("=")
        if name not in run_eval.RECIPES or not path:
            raise SetupError(f"{what} {p}: expected NAME=PATH, NAME in {list(run_eval.RECIPES)}")
        if not os.path.isdir(path):
            raise SetupError(f"{path} is not a directory")
        out[name] = os.path.abspath(path)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the coroguard binary before")
    parser.add_argument("--after", required=True, help="the coroguard binary after")
    parser.add_argument("--work", required=True, help="where databases and reports go")
    parser.add_argument("--project", action="append", default=[], metavar="NAME=PATH",
                        help=f"a checkout to analyse; NAME is one of {', '.join(run_eval.RECIPES)}")
    parser.add_argument("--with", dest="aux", action="append", default=[], metavar="NAME=PATH",
                        help="a checkout other recipes read, not analysed (asio for async_simple)")
    parser.add_argument("--runs", default=",".join(RUNS),
                        help="comma-separated runs among " + ", ".join(RUNS))
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--reuse", action="store_true",
                        help="read the reports of a previous run in --work, run nothing")
    parser.add_argument("--notes", action="store_true", help="print the notes of differing findings")
    parser.add_argument("--list", action="store_true", help="print every finding of every run")
    parser.add_argument("--markdown", action="store_true", help="the summary table as Markdown")
    args = parser.parse_args()

    try:
        asked = [r for r in args.runs.split(",") if r]
        bad = [r for r in asked if r not in RUNS]
        if bad or not asked:
            raise SetupError(f"--runs {args.runs}: expected some of {', '.join(RUNS)}")
        args.runs = [r for r in RUNS if r in asked]
        for opt in ("before", "after"):
            path = getattr(args, opt)
            needed = (opt == "before" and "before" in args.runs) or \
                (opt == "after" and any(r.startswith("after") for r in args.runs))
            if needed and not args.reuse and not os.access(path, os.X_OK):
                raise SetupError(f"--{opt} {path} is not an executable")
            setattr(args, opt, os.path.abspath(path))
        projects = parse_projects(args.project, "--project")
        aux = parse_projects(args.aux, "--with")
        if not projects:
            raise SetupError("no --project given")
        work = os.path.abspath(args.work)
        known = OrderedDict(list(aux.items()) + list(projects.items()))
        rows, any_diff = [], False
        for name, root in projects.items():
            entries, _, notes = run_eval.RECIPES[name](root, os.path.join(work, name), known)
            db_dir = run_eval.write_db(name, entries, work)
            row, differs = compare_project(args, name, root, db_dir, len(entries))
            for n in notes:
                print(f"  note: {name}: {n}")
            rows.append(row)
            any_diff = any_diff or differs
    except SetupError as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 2
    print_summary(rows, args.markdown)
    if "before" in args.runs and "after-nosum" in args.runs:
        print("\nsingle-TU findings: " + ("DIFFER (see above)" if any_diff else
                                          "unchanged (before = after --no-summaries) on every project"))
        return 1 if any_diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
