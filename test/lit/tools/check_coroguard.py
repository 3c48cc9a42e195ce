#!/usr/bin/env python3
"""Runs one coroguard check over a lit test file, clang-tidy style.

    check_coroguard.py [options] INPUT CHECK TEMP [-- TIDY-ARGS [-- COMPILER-ARGS]]

INPUT holds the test: C++ code with `// CHECK-MESSAGES:` lines (matched
against the diagnostics, with every other warning or error rejected),
optional `// CHECK-NOTES:` lines (when present, notes must be matched too)
and `// CHECK-FIXES:` lines (matched against the file after `-fix`).
A file without CHECK-MESSAGES / CHECK-NOTES must produce no diagnostic at all.
`--check-suffix=S` uses the prefixes CHECK-MESSAGES-S, CHECK-NOTES-S,
CHECK-FIXES-S instead, so one file can be run with several configurations.

The check runs through `--channel=cli` (the coroguard binary, default) or
`--channel=load` (the stock clang-tidy with `-load` of the plugin). The
compiler arguments default to `-std=c++20`.
"""

import argparse
import os
import re
import subprocess
import sys


def fail(message):
    sys.stderr.write("check_coroguard.py: " + message + "\n")
    sys.exit(1)


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kwargs)


def main():
    argv = sys.argv[1:]
    tidy_args, compiler_args = [], ["-std=c++20"]
    if "--" in argv:
        i = argv.index("--")
        argv, rest = argv[:i], argv[i + 1:]
        if "--" in rest:
            j = rest.index("--")
            tidy_args, compiler_args = rest[:j], rest[j + 1:]
        else:
            tidy_args = rest

    parser = argparse.ArgumentParser()
    parser.add_argument("--coroguard", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--channel", choices=["cli", "load"], default="cli")
    parser.add_argument("--check-suffix", default="")
    parser.add_argument("--expect-exit-code", type=int, default=None)
    parser.add_argument("input")
    parser.add_argument("check")
    parser.add_argument("temp")
    args = parser.parse_args(argv)

    suffix = "-" + args.check_suffix if args.check_suffix else ""
    msg_prefix = "CHECK-MESSAGES" + suffix
    notes_prefix = "CHECK-NOTES" + suffix
    fixes_prefix = "CHECK-FIXES" + suffix

    with open(args.input, encoding="utf-8") as f:
        source = f.read()

    def has(prefix):
        return re.search(r"//\s*" + re.escape(prefix) + r"(-NOT)?:", source) is not None

    has_messages, has_notes, has_fixes = has(msg_prefix), has(notes_prefix), has(fixes_prefix)
    if has_messages and has_notes:
        fail(f"use either {msg_prefix} or {notes_prefix}, not both")

    # Neutralise the CHECK lines (keeping line numbers), so that FileCheck
    # patterns cannot match themselves in the fixed file.
    cleaned = re.sub(r"//\s*CHECK-[A-Z0-9-]+:[^\r\n]*", "//", source)
    base, ext = os.path.splitext(args.input)
    temp = args.temp + (ext or ".cpp")
    os.makedirs(os.path.dirname(os.path.abspath(temp)), exist_ok=True)
    with open(temp, "w", encoding="utf-8") as f:
        f.write(cleaned)

    if args.channel == "cli":
        tool = [args.coroguard]
    else:
        tool = [args.clang_tidy, "-load=" + args.plugin]
    cmd = tool + [temp, "--checks=-*," + args.check]
    if has_fixes:
        cmd.append("-fix")
    cmd += tidy_args + ["--"] + compiler_args
    print("Running: " + " ".join(cmd))
    proc = run(cmd)
    output = proc.stdout
    print(output)
    if args.expect_exit_code is not None:
        if proc.returncode != args.expect_exit_code:
            fail(f"exit code {proc.returncode}, expected {args.expect_exit_code}")
    elif proc.returncode != 0:
        fail(f"the tool failed with exit code {proc.returncode}")

    # Keep only diagnostic lines about the test file (what FileCheck sees).
    diag_re = re.compile(r"^.*?:\d+:\d+: (warning|error|note): ")
    diags = "\n".join(l for l in output.splitlines() if diag_re.match(l)) + "\n"
    msg_file = args.temp + ".msg"
    with open(msg_file, "w", encoding="utf-8") as f:
        f.write(diags)

    if has_messages or has_notes:
        prefix = msg_prefix if has_messages else notes_prefix
        not_re = "{{warning|error}}:" if has_messages else "{{warning|error|note}}:"
        # Notes are part of the diagnostic they follow; CHECK-MESSAGES tests
        # match warnings only.
        check_input = msg_file
        if has_messages:
            check_input = args.temp + ".warnings"
            with open(check_input, "w", encoding="utf-8") as f:
                f.write("\n".join(l for l in diags.splitlines()
                                  if ": note: " not in l) + "\n")
        fc = run(["FileCheck", "-input-file=" + check_input, args.input,
                  "-check-prefix=" + prefix, "-implicit-check-not=" + not_re])
        if fc.returncode != 0:
            print(fc.stdout)
            fail(f"{prefix} did not match the diagnostics")
    elif re.search(r": (warning|error): ", diags):
        fail("expected no diagnostics, got:\n" + diags)

    if has_fixes:
        fc = run(["FileCheck", "-input-file=" + temp, args.input,
                  "-check-prefix=" + fixes_prefix, "-strict-whitespace"])
        if fc.returncode != 0:
            print(fc.stdout)
            fail(f"{fixes_prefix} did not match the fixed file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
