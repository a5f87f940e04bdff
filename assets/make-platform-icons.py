#!/usr/bin/env python3
"""Packs the PNGs in assets/icons/ into cairn.ico (Windows) and cairn.icns (macOS).

Both formats can hold PNG images as they are, so no image library is needed. Run it from the
repository root after the PNGs change (they are drawn from assets/cairn.svg).
"""
import struct

png = {s: open(f"assets/icons/cairn-{s}.png", "rb").read() for s in (16, 32, 48, 64, 128, 256, 512)}

# ICO: a directory of entries, each pointing at a PNG (read by Windows Vista and later). 256 is written as 0.
ico_sizes = (16, 32, 48, 64, 128, 256)
offset = 6 + 16 * len(ico_sizes)
entries, data = b"", b""
for s in ico_sizes:
    side = 0 if s >= 256 else s
    entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png[s]), offset + len(data))
    data += png[s]
with open("assets/icons/cairn.ico", "wb") as f:
    f.write(struct.pack("<HHH", 0, 1, len(ico_sizes)) + entries + data)

# ICNS: typed chunks; these types hold PNG data (16, 32, 64, 128, 256 and 512 pixels).
icns_types = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
body = b"".join(t + struct.pack(">I", 8 + len(png[s])) + png[s] for s, t in icns_types.items())
with open("assets/icons/cairn.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
