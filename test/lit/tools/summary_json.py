#!/usr/bin/env python3
"""Prints a coroguard summary file (checks/utils/Summaries.h) as its JSON
text: a compressed file ("CGSZ", 8-byte little-endian size, zlib stream) is
decompressed, a plain JSON one printed as is."""
import struct
import sys
import zlib

for path in sys.argv[1:]:
    data = open(path, "rb").read()
    if data.startswith(b"CGSZ"):
        (size,) = struct.unpack("<Q", data[4:12])
        text = zlib.decompress(data[12:])
        if len(text) != size:
            sys.exit(f"{path}: decompressed {len(text)} bytes, header says {size}")
        data = text
    sys.stdout.write(data.decode("utf-8"))
    sys.stdout.write("\n")
