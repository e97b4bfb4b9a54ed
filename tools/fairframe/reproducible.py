"""Reproducible files: one build time and one zip writer for every zipped output.

The Word framework and the form's wheel are zip files. Zip entries carry a time; written with the
clock, two builds of the same source would differ. Every entry gets one fixed time instead, from
SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the edition's date.
"""
from __future__ import annotations

import datetime
import io
import os
import zipfile


def build_time(published: datetime.date) -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).replace(tzinfo=None)
    return datetime.datetime.combine(published, datetime.time(9, 0))


def write_zip(files: dict[str, bytes], when: datetime.datetime) -> bytes:
    """A deflated zip of `files` (name -> bytes, in the given order), every entry stamped `when`."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return output.getvalue()


def fix_timestamps(archive: bytes, when: datetime.datetime) -> bytes:
    """The same zip (e.g. a .docx python-docx saved with the clock's time) with fixed entry times."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        return write_zip({item.filename: source.read(item.filename) for item in source.infolist()}, when)
