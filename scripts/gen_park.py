#!/usr/bin/python3
"""Paints lessons/park.png, the picture of lesson 9 (attention over an image):
"A woman is throwing a frisbee in a park" as simple shapes on a 96 x 96 canvas
(sky, grass, a tree, a woman, a red frisbee, a brown dog). numpy only; the PNG
is written with the standard library's zlib and struct.

With --features GRID (e.g. 6x6) it also prints the region features attnlab
computes from the picture (lessons/FORMAT.md, "A picture as keys"): per region
in reading order, the mean red, green and blue on 0..1 minus 0.5, rounded to 2
decimals. tests/fixtures/park_features.txt holds its output for the tests.

usage: python3 scripts/gen_park.py [OUT.png] [--features 6x6 IN.png]"""
import struct
import sys
import zlib

import numpy as np

W = H = 96


def disc(img, cx, cy, r, colour):
    y, x = np.mgrid[0:H, 0:W]
    img[(x - cx) ** 2 + (y - cy) ** 2 <= r * r] = colour


def box(img, x0, y0, x1, y1, colour):
    img[y0:y1, x0:x1] = colour


def paint():
    img = np.zeros((H, W, 3), np.uint8)
    box(img, 0, 0, W, 48, (150, 200, 245))          # sky
    box(img, 0, 48, W, H, (60, 150, 60))            # grass
    disc(img, 40, 9, 6, (250, 225, 90))            # sun
    box(img, 12, 30, 20, 64, (110, 75, 40))         # tree trunk
    disc(img, 16, 24, 14, (30, 105, 40))            # tree crown
    # the woman: head, purple dress, legs, the raised throwing arm
    disc(img, 56, 22, 5, (235, 190, 160))
    box(img, 51, 28, 61, 52, (150, 60, 170))
    box(img, 52, 52, 55, 66, (235, 190, 160))
    box(img, 57, 52, 60, 66, (235, 190, 160))
    box(img, 61, 19, 78, 25, (235, 190, 160))
    # the frisbee, red, in the air to her right
    box(img, 80, 3, 95, 11, (225, 30, 35))
    # the dog, brown, on the grass at the bottom left
    box(img, 22, 74, 44, 84, (150, 90, 40))
    disc(img, 46, 72, 5, (150, 90, 40))
    box(img, 24, 84, 27, 90, (150, 90, 40))
    box(img, 39, 84, 42, 90, (150, 90, 40))
    return img


def write_png(path, img):
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[y].tobytes() for y in range(h))

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def read_png(path):
    """Only what write_png writes: 8-bit RGB, filter 0 on every row."""
    data = open(path, "rb").read()
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, 1 + 3 * w)
    assert (raw[:, 0] == 0).all()
    return raw[:, 1:].reshape(h, w, 3)


def features(img, rows, cols):
    """Region (r, c) covers pixels [r*H/rows, (r+1)*H/rows) (integer division), likewise x."""
    h, w, _ = img.shape
    out = []
    for r in range(rows):
        for c in range(cols):
            y0, y1 = r * h // rows, (r + 1) * h // rows
            x0, x1 = c * w // cols, (c + 1) * w // cols
            m = img[y0:y1, x0:x1].reshape(-1, 3).astype(np.float64).mean(axis=0) / 255.0 - 0.5
            out.append(m)
    return np.array(out)


def main(argv):
    if len(argv) >= 2 and argv[0] == "--features":
        rows, cols = (int(v) for v in argv[1].split("x"))
        img = read_png(argv[2] if len(argv) > 2 else "lessons/park.png")
        for f in features(img, rows, cols):
            print(" ".join("%.6f" % v for v in f))
        return 0
    write_png(argv[0] if argv else "lessons/park.png", paint())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
