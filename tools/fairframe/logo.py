"""Checks an organisation's logo fully before anything is built with it.

The logo goes into the site, the Word file and the learning pack, and it comes from the overlay's
author, so `validate` checks everything the build relies on: the file is inside the overlay's folder,
at most MAX_BYTES (known from stat before a byte is read) and a PNG or JPEG whose structure is sound
and whose sides are at most MAX_SIDE pixels. A PNG is checked completely with the standard library:
every chunk's length and CRC, then its image data inflated (streamed, never held whole) to exactly
the size its header promises. A JPEG's segments are walked to its frame header (size) and scan, and
it must end. Finally python-docx must read its size and resolution, as the Word file will.
"""
from __future__ import annotations

import os
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

MAX_BYTES = 1024 * 1024
MAX_SIDE = 2000  # pixels, for the width and for the height
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff"
PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}  # colour type: bits
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
JPEG_FRAMES = {0xC0: "baseline", 0xC1: "extended", 0xC2: "progressive"}  # the kinds every reader supports
JPEG_OTHER_FRAMES = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
SAVE_AGAIN = "save it again as a PNG or JPEG"


class LogoError(ValueError):
    """Why the logo cannot be used; the message says what is allowed."""


@dataclass(frozen=True)
class Logo:
    content: bytes
    kind: str  # "png" or "jpeg"
    width: int
    height: int


def read_logo(folder: Path, reference: str) -> Logo:
    """The logo `reference` (a path relative to `folder`, the overlay's folder), checked; else LogoError."""
    try:
        return _read_logo(folder, reference)
    except (OSError, ValueError) as error:  # e.g. a NUL in the name, a name too long, no permission
        if isinstance(error, LogoError):
            raise
        raise LogoError(f"the logo {reference!r} cannot be read ({getattr(error, 'strerror', None) or error}): "
                        f"give the name of an image file in the overlay's folder") from None


def _read_logo(folder: Path, reference: str) -> Logo:
    if not reference.strip():
        raise LogoError("expected the logo's file name, e.g. logo.png, next to the overlay")
    if (reference.startswith(("/", "\\")) or PureWindowsPath(reference).drive
            or PurePosixPath(reference).is_absolute()):
        raise LogoError(f"the logo {reference!r} is an absolute path: give a path relative to the overlay's "
                        f"folder, e.g. logo.png")
    if ".." in PurePosixPath(reference.replace("\\", "/")).parts:
        raise LogoError(f"the logo {reference!r} leaves the overlay's folder ('..'): the logo must be in the "
                        f"overlay's folder or below it")
    base = folder.resolve()
    file = folder / reference
    if not file.exists():
        raise LogoError(f"the logo file {reference!r} was not found next to the overlay")
    target = file.resolve()
    if not target.is_relative_to(base):
        raise LogoError(f"the logo {reference!r} is a link to a file outside the overlay's folder: copy the "
                        f"image into the overlay's folder")
    content = _read_at_most(target, reference)
    if content.startswith(PNG_SIGNATURE):
        kind, (width, height) = "png", _png_size(content)
    elif content.startswith(JPEG_START):
        kind, (width, height) = "jpeg", _jpeg_size(content)
    else:
        raise LogoError(f"the logo {reference!r} is not a PNG or JPEG image: {SAVE_AGAIN}")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise LogoError(f"the logo is {width} × {height} pixels: at most {MAX_SIDE} × {MAX_SIDE} are allowed; "
                        f"scale it down")
    _word_can_read(content, width, height)
    return Logo(content, kind, width, height)


def _read_at_most(target: Path, reference: str) -> bytes:
    descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise LogoError(f"the logo {reference!r} is not a regular file")
        too_large = f"the logo is larger than 1 MB ({MAX_BYTES:,} bytes), the most allowed: make it smaller"
        if info.st_size > MAX_BYTES:  # refused before reading
            raise LogoError(f"{too_large} (it is {info.st_size:,} bytes)")
        content = handle.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise LogoError(too_large)
    return content


def _png_size(data: bytes) -> tuple[int, int]:
    """Check every chunk and the image data; return (width, height)."""
    position, header, palette, image_data, previous, ended = len(PNG_SIGNATURE), None, False, [], None, False
    while position < len(data) and not ended:
        if position + 12 > len(data):
            raise LogoError(f"the PNG logo is cut short (at byte {position:,}): {SAVE_AGAIN}")
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        end = position + 12 + length
        if end > len(data) or not kind.isalpha():
            raise LogoError(f"the PNG logo is cut short or damaged (at byte {position:,}): {SAVE_AGAIN}")
        body = data[position + 8:end - 4]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[end - 4:end])[0]:
            raise LogoError(f"the PNG logo is damaged: its {kind.decode()} chunk fails its checksum; {SAVE_AGAIN}")
        if header is None and kind != b"IHDR":
            raise LogoError(f"the PNG logo has no header (IHDR) where it should start: {SAVE_AGAIN}")
        if kind == b"IHDR":
            header = _png_header(body)
        elif kind == b"PLTE":
            palette = True
        elif kind == b"IDAT":
            if image_data and previous != b"IDAT":
                raise LogoError(f"the PNG logo's image data is split by other chunks: {SAVE_AGAIN}")
            image_data.append(body)
        elif kind == b"IEND":
            ended = True
        elif kind[:1].isupper():  # a critical chunk no reader knows
            raise LogoError(f"the PNG logo has an unknown required chunk {kind.decode()!r}: {SAVE_AGAIN}")
        previous, position = kind, end
    if not ended or not image_data:
        raise LogoError(f"the PNG logo is cut short (no image data or no end chunk): {SAVE_AGAIN}")
    width, height, depth, colour, interlace = header
    if colour == 3 and not palette:
        raise LogoError(f"the PNG logo uses a palette but has none: {SAVE_AGAIN}")
    if width <= MAX_SIDE and height <= MAX_SIDE:  # else refused by size, without inflating anything
        _check_png_pixels(image_data, width, height, depth * PNG_CHANNELS[colour], interlace)
    return width, height


def _png_header(body: bytes) -> tuple:
    if len(body) != 13:
        raise LogoError(f"the PNG logo's header (IHDR) is malformed: {SAVE_AGAIN}")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
    if (not width or not height or depth not in PNG_DEPTHS.get(colour, ()) or compression or filtering
            or interlace not in (0, 1)):
        raise LogoError(f"the PNG logo's header (IHDR) is invalid ({width} × {height} pixels, colour type "
                        f"{colour}, {depth} bits): {SAVE_AGAIN}")
    return width, height, depth, colour, interlace


def _row_lengths(width: int, height: int, bits: int, interlace: int):
    """The length of each filtered row (a filter byte and the pixels), pass by pass when interlaced."""
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    for x0, y0, dx, dy in passes:
        columns, rows = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if columns > 0 and rows > 0:
            yield from [1 + (columns * bits + 7) // 8] * rows


def _check_png_pixels(chunks: list[bytes], width: int, height: int, bits: int, interlace: int) -> None:
    """Inflate the image data in pieces; it must hold exactly the rows the header promises."""
    rows = _row_lengths(width, height, bits, interlace)
    expected = sum(_row_lengths(width, height, bits, interlace))
    inflater, total, next_row = zlib.decompressobj(), 0, 0
    try:
        for chunk in chunks:
            pending = chunk
            while pending:
                piece = inflater.decompress(pending, 65536)
                pending = inflater.unconsumed_tail
                while next_row < total + len(piece):
                    if piece[next_row - total] > 4:
                        raise LogoError(f"the PNG logo's image data is damaged: {SAVE_AGAIN}")
                    next_row += next(rows, expected + 1)
                total += len(piece)
                if total > expected or (inflater.eof and pending):
                    raise LogoError(f"the PNG logo holds more image data than its size: {SAVE_AGAIN}")
    except zlib.error:
        raise LogoError(f"the PNG logo's image data is damaged: {SAVE_AGAIN}") from None
    if total != expected or not inflater.eof:
        raise LogoError(f"the PNG logo's image data is cut short: {SAVE_AGAIN}")


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the segments to the frame header (size) and the first scan; the file must end (EOI)."""
    position, size = 2, None
    while position < len(data):
        if data[position] != 0xFF:
            raise LogoError(f"the JPEG logo is damaged (at byte {position:,}): {SAVE_AGAIN}")
        while position < len(data) and data[position] == 0xFF:
            position += 1  # fill bytes
        if position + 3 > len(data):
            break
        marker = data[position]
        position += 1
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        if marker in (0x00, 0xD8, 0xD9):
            raise LogoError(f"the JPEG logo is damaged or ends before its image (at byte {position:,}): "
                            f"{SAVE_AGAIN}")
        length = int.from_bytes(data[position:position + 2], "big")
        if length < 2 or position + length > len(data):
            break
        body = data[position + 2:position + length]
        if marker in JPEG_OTHER_FRAMES:
            raise LogoError("the JPEG logo is a lossless or arithmetic-coded JPEG, which not every reader "
                            "supports: save it as a baseline or progressive JPEG")
        if marker in JPEG_FRAMES and size is None:
            size = _jpeg_frame(body)
        if marker == 0xDA:  # start of scan: the compressed image follows
            if size is None:
                raise LogoError(f"the JPEG logo has no frame header before its image: {SAVE_AGAIN}")
            if data.find(b"\xff\xd9", position + length) < 0:
                break
            return size
        position += length
    raise LogoError(f"the JPEG logo is cut short: {SAVE_AGAIN}")


def _jpeg_frame(body: bytes) -> tuple[int, int]:
    if len(body) < 6:
        raise LogoError(f"the JPEG logo's frame header is malformed: {SAVE_AGAIN}")
    _precision, height, width, components = struct.unpack(">BHHB", body[:6])
    if not width or not height or components not in (1, 3, 4) or len(body) < 6 + 3 * components:
        raise LogoError(f"the JPEG logo's frame header is invalid ({width} × {height} pixels, {components} "
                        f"components): {SAVE_AGAIN}")
    return width, height


def _word_can_read(content: bytes, width: int, height: int) -> None:
    """python-docx reads the size and resolution itself when it places the logo in the Word file."""
    from docx.image.image import Image

    try:
        image = Image.from_blob(content)
        readable = (image.px_width, image.px_height) == (width, height) and image.width > 0 and image.height > 0
    except Exception:  # noqa: BLE001 - whatever python-docx fails on, the build would fail on too
        readable = False
    if not readable:
        raise LogoError(f"the Word file's writer (python-docx) cannot read the logo's size or resolution (a JPEG "
                        f"needs a JFIF or Exif header, and a resolution above zero): {SAVE_AGAIN}")
