#!/usr/bin/env python3
"""`coroguard --explain` for every registered check:  check_explain.py COROGUARD

The registered checks are what clang-tidy's own --list-checks prints for
-checks='-*,coro-*' (the module's factories); each must be in coroguard's
--list-checks with a description, and --explain must print its page with the
sections every check page has (what: the title; why; an example; how to fix;
options) and a link to the page that exists. Prints one line per check."""
import re
import subprocess
import sys
import urllib.parse

coroguard = sys.argv[1]


def run(*args):
    p = subprocess.run([coroguard, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode, p.stdout.decode("utf-8", "replace")


rc, out = run("-checks=-*,coro-*", "--list-checks")
registered = sorted(set(re.findall(r"^\s+(coro-[a-z-]+)\s*$", out, re.M)))
rc, listing = run("--list-checks")
described = dict(re.findall(r"^  (coro-[a-z-]+)  +(.+)$", listing, re.M))
failures = 0
if len(registered) < 7:
    print("FAIL: clang-tidy lists %d coro-* checks" % len(registered))
    failures += 1
for check in registered:
    problems = []
    if check not in described or described[check] == "(no description)":
        problems.append("no description in --list-checks")
    rc, page = run("--explain", check)
    if rc != 0:
        problems.append("--explain exits %d" % rc)
    if not page.startswith("# %s\n" % check):
        problems.append("page does not start with its title")
    for name, pattern in (("why", r"^## Why$"), ("example", r"^```cpp$"),
                          ("fix", r"^## (Fix|How to fix)"), ("options", r"^## Options$")):
        if not re.search(pattern, page, re.M):
            problems.append("no %s section" % name)
    link = page.strip().splitlines()[-1].strip("()")
    if not link.startswith("file://") or not __import__("os").path.isfile(
            urllib.parse.unquote(link[len("file://"):])):
        problems.append("link %s is not an existing page" % link)
    print("%s: %s" % (check, "ok" if not problems else "FAIL: " + "; ".join(problems)))
    failures += bool(problems)
print("%d checks, %d failed" % (len(registered), failures))
sys.exit(1 if failures else 0)
