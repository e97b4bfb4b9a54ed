"""Reproducible files: one build time and one zip writer for every zipped output.

The Word framework and the form's wheel are zip files. Zip entries carry a time; written with the
clock, two builds of the same source would differ. Every entry gets one fixed time instead, from
SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the edition's date.
"""
from __future__ import annotations

import dataclasses
import datetime
import io
import os
import struct
import zipfile
import zlib

ZIP_VERSION = 20  # 2.0: deflate
DEFLATE = 8
UNIX = 3  # the system that made the entries: the permissions are Unix ones


def build_time(published: datetime.date) -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).replace(tzinfo=None)
    return datetime.datetime.combine(published, datetime.time(9, 0))


@dataclasses.dataclass(frozen=True)
class Deflated:
    """A zip entry's contents compressed already (raw deflate, e.g. from stored pieces, compress.py):
    written as they are, with the CRC and size of the original bytes."""
    data: bytes
    crc: int
    size: int


def deflate(data: bytes) -> Deflated:
    """Raw deflate at zlib's default level, as zipfile writes it."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Deflated(compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data))


def write_zip(files: dict[str, bytes | Deflated], when: datetime.datetime) -> bytes:
    """A deflated zip of `files` (name -> bytes, in the given order), every entry stamped `when`.
    Written here rather than by zipfile so that an entry can be deflated ahead (Deflated); entries
    and the archive stay under 4 GiB (no zip64), which every output is far below."""
    dos_time = when.hour << 11 | when.minute << 5 | when.second // 2
    dos_date = (max(when.year, 1980) - 1980) << 9 | when.month << 5 | when.day
    output, directory = io.BytesIO(), io.BytesIO()
    for name, contents in files.items():
        entry = contents if isinstance(contents, Deflated) else deflate(contents)
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800  # the name is UTF-8
        fields = (ZIP_VERSION, flags, DEFLATE, dos_time, dos_date, entry.crc, len(entry.data), entry.size, len(encoded))
        if max(output.tell(), len(entry.data), entry.size) >= 1 << 32:
            raise ValueError(f"{name}: too big for a zip without zip64")
        directory.write(struct.pack("<4s2B5H3L5H2L", b"PK\x01\x02", ZIP_VERSION, UNIX, *fields, 0, 0, 0, 0,
                                    0o644 << 16, output.tell()) + encoded)
        output.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + encoded)
        output.write(entry.data)
    start = output.tell()
    output.write(directory.getvalue())
    output.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(files), len(files), len(directory.getvalue()),
                             start, 0))
    return output.getvalue()


def fix_timestamps(archive: bytes, when: datetime.datetime) -> bytes:
    """The same zip (e.g. a .docx python-docx saved with the clock's time) with fixed entry times."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return write_zip({item.filename: source.read(item.filename) for item in source.infolist()}, when)
