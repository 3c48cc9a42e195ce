#!/usr/bin/env python3
"""check_ci_formats.py gitlab FILE | junit FILE

gitlab: FILE must be a GitLab Code Quality report as GitLab documents it
(https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
a JSON array of objects, each with a string "description", a string
"check_name", a string "fingerprint" unique in the report, a "severity" in
info/minor/major/critical/blocker, "location.path" (a string, relative) and
"location.lines.begin" (an integer >= 1).

junit: FILE must be well-formed XML with <testsuites>/<testsuite> whose
tests/failures/errors attributes equal the counted <testcase>, <failure> and
<error> elements.

Prints "ok: N issues" / "ok: N test cases, F failures, E errors", or every
problem and exits 1."""
import json
import sys
import xml.etree.ElementTree as ET

kind, path = sys.argv[1], sys.argv[2]
problems = []
if kind == "gitlab":
    data = json.load(open(path, encoding="utf-8"))
    if not isinstance(data, list):
        problems.append("not a JSON array")
        data = []
    seen = set()
    for i, issue in enumerate(data):
        def bad(why):
            problems.append("issue %d: %s" % (i, why))
        if not isinstance(issue, dict):
            bad("not an object")
            continue
        for field in ("description", "check_name", "fingerprint"):
            if not isinstance(issue.get(field), str) or not issue.get(field):
                bad("no string %r" % field)
        if issue.get("fingerprint") in seen:
            bad("duplicate fingerprint")
        seen.add(issue.get("fingerprint"))
        if issue.get("severity") not in ("info", "minor", "major", "critical", "blocker"):
            bad("bad severity %r" % issue.get("severity"))
        loc = issue.get("location")
        if not isinstance(loc, dict) or not isinstance(loc.get("path"), str):
            bad("no location.path")
        elif loc["path"].startswith("/"):
            bad("location.path is absolute")
        begin = (loc or {}).get("lines", {}).get("begin") if isinstance(loc, dict) else None
        if not isinstance(begin, int) or isinstance(begin, bool) or begin < 1:
            bad("bad location.lines.begin %r" % begin)
    summary = "ok: %d issues" % len(data)
elif kind == "junit":
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        problems.append("root is <%s>, not <testsuites>" % root.tag)
    cases = root.findall("./testsuite/testcase")
    failures = root.findall("./testsuite/testcase/failure")
    errors = root.findall("./testsuite/testcase/error")
    for node in [root] + root.findall("./testsuite"):
        for attr, count in (("tests", len(cases)), ("failures", len(failures)), ("errors", len(errors))):
            if node.get(attr) != str(count):
                problems.append("<%s %s=%r>, counted %d" % (node.tag, attr, node.get(attr), count))
    for case in cases:
        if not case.get("name") or not case.get("classname"):
            problems.append("a <testcase> without name or classname")
    summary = "ok: %d test cases, %d failures, %d errors" % (len(cases), len(failures), len(errors))
else:
    sys.exit("usage: check_ci_formats.py gitlab|junit FILE")
for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(summary)
