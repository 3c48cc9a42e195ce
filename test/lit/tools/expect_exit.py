#!/usr/bin/env python3
"""expect_exit.py CODE CMD ARGS...: runs CMD, passes its output through, and
succeeds only if it exits with exactly CODE (lit's `not` accepts any
non-zero code)."""
import subprocess
import sys

code = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:])
if proc.returncode != code:
    sys.stderr.write(f"expect_exit.py: exit code {proc.returncode}, expected {code}\n")
    sys.exit(1)
