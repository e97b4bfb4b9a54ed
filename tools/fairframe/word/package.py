"""Makes a saved .docx reproducible: the same bytes for the same model.

python-docx stamps each zip entry with the current time; this rewrites them with one fixed time,
taken from SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the edition date.
"""
from __future__ import annotations

import datetime
import io
import os
import zipfile


def build_time(published: datetime.date) -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).replace(tzinfo=None)
    return datetime.datetime.combine(published, datetime.time(9, 0))


def fix_timestamps(docx: bytes, when: datetime.datetime) -> bytes:
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return output.getvalue()
