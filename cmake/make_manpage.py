#!/usr/bin/env python3
"""Writes the man page coroguard(1) from `coroguard --help`, so that the two
never disagree:  make_manpage.py BINARY OUT.1 VERSION
The help text goes in verbatim (a no-fill block); the NAME, SYNOPSIS and SEE
ALSO sections frame it. Written to a temporary file and renamed."""
import os
import subprocess
import sys


def roff_escape(line):
    line = line.replace("\\", "\\e")
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def main():
    binary, out, version = sys.argv[1:4]
    env = dict(os.environ, COLUMNS="80")
    help_text = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, check=True,
                               env=env).stdout.decode("utf-8", "replace")
    page = [
        '.TH COROGUARD 1 "" "coroguard %s" "User Commands"' % version,
        ".SH NAME",
        "coroguard \\- static analyzer for the pitfalls of C++20 coroutines",
        ".SH SYNOPSIS",
        ".B coroguard",
        "[\\fIoptions\\fR] \\fIsource\\fR... [\\fB\\-\\-\\fR \\fIcompiler flags\\fR]",
        ".br",
        ".B coroguard \\-p",
        "\\fIbuild\\fR [\\fIpaths\\fR...] [\\fB\\-\\-format\\fR=text|json|sarif] [\\fB\\-o\\fR \\fIfile\\fR]",
        ".br",
        ".B coroguard \\-\\-explain",
        "\\fIcheck\\fR",
        ".SH DESCRIPTION",
        "coroguard runs clang-tidy with the coro-* checks (on by default) over C++ sources, "
        "or over a whole project's compile_commands.json with CI reports. "
        "The options below are printed by \\fBcoroguard \\-\\-help\\fR.",
        ".SH OPTIONS",
        ".nf",
    ]
    page += [roff_escape(l.rstrip()) for l in help_text.splitlines()]
    page += [
        ".fi",
        ".SH FILES",
        ".TP",
        ".I <prefix>/share/doc/coroguard/",
        "the documentation; checks/<check>.html (or .md) is each check's page",
        ".SH SEE ALSO",
        ".BR clang-tidy (1),",
        ".BR clangd (1),",
        ".B coroguard-clangd",
        "(clangd with the coro-* checks)",
    ]
    tmp = out + ".tmp"
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
