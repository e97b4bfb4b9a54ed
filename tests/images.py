"""Small PNG and JPEG files written with the standard library, for the logo tests.

The PNG writer covers every colour type, bit depth and interlacing; the JPEG writer makes a
grey baseline JPEG (JFIF) whose blocks are all mid-grey, with the two one-code Huffman tables
that needs. Both are real images that any decoder reads.
"""
from __future__ import annotations

import struct
import zlib

CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_rows(width: int, height: int, colour: int = 2, depth: int = 8, interlace: int = 0) -> bytes:
    """The filtered rows (filter byte 0, pixels in a gradient) the image data holds."""
    bits = CHANNELS[colour] * depth
    rows = []
    for x0, y0, dx, dy in ADAM7 if interlace else ((0, 0, 1, 1),):
        columns, count = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if columns > 0 and count > 0:
            rows += [b"\0" + bytes((i * 7 + y) % 256 if colour != 3 else 0 for i in range((columns * bits + 7) // 8))
                     for y in range(count)]
    return b"".join(rows)


def png(width: int, height: int, colour: int = 2, depth: int = 8, interlace: int = 0, *, data: bytes | None = None,
        extra: bytes = b"") -> bytes:
    """A PNG; `data` replaces the compressed image data (e.g. cut short), `extra` goes before IEND."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, interlace)
    palette = chunk(b"PLTE", bytes(range(48))) if colour == 3 else b""
    pixels = zlib.compress(png_rows(width, height, colour, depth, interlace)) if data is None else data
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + palette + chunk(b"IDAT", pixels) + extra
            + chunk(b"IEND", b""))


def _segment(marker: int, body: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def jpeg(width: int, height: int) -> bytes:
    """A grey baseline JPEG: every 8 x 8 block has a DC difference of 0 and no AC terms."""
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    bits = "00" * blocks  # the one DC code (category 0) and the one AC code (end of block), both "0"
    bits += "1" * (-len(bits) % 8)  # padded with ones
    scan = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)).replace(b"\xff", b"\xff\x00")
    one_code = bytes([1] + [0] * 15) + b"\x00"  # one code of length 1, for the symbol 0
    return (b"\xff\xd8"
            + _segment(0xE0, b"JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x00\x00")  # 72 dots per inch
            + _segment(0xDB, b"\x00" + bytes([1] * 64))
            + _segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
            + _segment(0xC4, b"\x00" + one_code) + _segment(0xC4, b"\x10" + one_code)
            + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + scan + b"\xff\xd9")
