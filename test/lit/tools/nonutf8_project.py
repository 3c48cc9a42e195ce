#!/usr/bin/env python3
"""nonutf8_project.py SRC_PROJECT OUT_DIR: copies a.cpp of SRC_PROJECT (with
its headers) to OUT_DIR as b'bad\\xff.cpp' and writes a compile_commands.json
in OUT_DIR/build whose "file" and arguments name it relatively (from
OUT_DIR), as meson or bear do."""
import json
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(out, "build"), exist_ok=True)
for name in os.listdir(src):
    if name.endswith(".h"):
        shutil.copy(os.path.join(src, name), out)
outb = os.fsencode(out)
with open(os.path.join(src, "a.cpp"), "rb") as f:
    text = f.read()
with open(os.path.join(outb, b"bad\xff.cpp"), "wb") as f:
    f.write(text)
# JSON text is UTF-8; the invalid byte goes in raw, as build tools write it.
entry = b'[{"directory": "' + outb + b'", "arguments": ["clang++", "-std=c++20", "-c", "bad\xff.cpp"], "file": "bad\xff.cpp"}]\n'
with open(os.path.join(outb, b"build", b"compile_commands.json"), "wb") as f:
    f.write(entry)
