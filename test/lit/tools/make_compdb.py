#!/usr/bin/env python3
"""Writes OUTDIR/compile_commands.json for FILES compiled with FLAGS.

    make_compdb.py OUTDIR FILE... -- FLAG...
"""
import json
import os
import sys


def main():
    args = sys.argv[1:]
    if "--" in args:
        i = args.index("--")
        args, flags = args[:i], args[i + 1:]
    else:
        flags = ["-std=c++20"]
    outdir, files = args[0], args[1:]
    os.makedirs(outdir, exist_ok=True)
    entries = [{
        "directory": os.path.abspath(outdir),
        "file": os.path.abspath(f),
        "arguments": ["clang++", *flags, "-c", os.path.abspath(f)],
    } for f in files]
    with open(os.path.join(outdir, "compile_commands.json"), "w") as out:
        json.dump(entries, out, indent=1)


if __name__ == "__main__":
    main()
