"""PNG files of the run picture's pixels, written with zlib and without row filters.

Pillow (which matplotlib's `savefig` uses) picks one of PNG's five row filters for every row
by trying all of them, and for the run picture that search is most of writing it. A chart's
large flat areas compress about as well unfiltered, so the file is the pixels, each row
behind a filter byte of 0 (None), deflated by zlib. For the default run's 1430 x 1210
picture at zlib level 1: Pillow 121 ms and 315.8 kB, this 42 ms and 300.4 kB
(`benchmarks/bench_picture.py`, medians of 7, 1 Dec 2026).

The file is an ordinary PNG (ISO/IEC 15948): any reader decodes the same pixels; tests decode
it with Pillow and compare.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# IHDR after the size: 8 bits a channel, colour type 6 (RGBA), deflate, filter set 0, no interlace
RGBA_8BIT = struct.pack(">BBBBB", 8, 6, 0, 0, 0)
NO_FILTER = 0  # the row filter byte for "None" (PNG filter type 0)
INCHES_PER_METRE = 1 / 0.0254
# zlib level: 1, the fastest. Level 6 (zlib's default) makes the run picture's file 19% smaller
# (240 kB against 297 kB) and takes 2.4 times as long (83 ms against 35 ms; medians of 5).
COMPRESS_LEVEL = 1


def write_png(pixels: np.ndarray, path: Path, dpi: float, software: str) -> None:
    """Write RGBA pixels, top row first, as a PNG that records its resolution and maker.

    Args:
        pixels: (height, width, 4) uint8 array.
        path: The file to write.
        dpi: Dots per inch, stored so that viewers and word processors size it as drawn.
        software: The tEXt "Software" entry (what drew the pixels).

    """
    path.write_bytes(png_bytes(pixels, dpi, software))


def png_bytes(pixels: np.ndarray, dpi: float, software: str) -> bytes:
    """The PNG file of RGBA pixels (see `write_png`)."""
    height, width, channels = pixels.shape
    if channels != 4 or pixels.dtype != np.uint8:
        raise ValueError(f"expected (height, width, 4) uint8 pixels, got {pixels.shape} "
                         f"{pixels.dtype}")
    rows = np.empty((height, 1 + 4 * width), dtype=np.uint8)
    rows[:, 0] = NO_FILTER
    rows[:, 1:] = pixels.reshape(height, 4 * width)
    per_metre = round(dpi * INCHES_PER_METRE)
    return b"".join((
        SIGNATURE,
        chunk(b"IHDR", struct.pack(">II", width, height) + RGBA_8BIT),
        chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),  # unit 1: the metre
        chunk(b"tEXt", b"Software\0" + software.encode("latin-1", "replace")),
        chunk(b"IDAT", zlib.compress(rows, COMPRESS_LEVEL)),
        chunk(b"IEND", b""),
    ))


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
