"""Builds the wheel the browser form installs: `fairframe.core` only, no dependencies.

Written directly with zipfile so it is small (the build-time modules stay out) and reproducible
(fixed entry times, sorted entries), which `python -m build` does not give by default.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
import io
import zipfile
from pathlib import Path

import fairframe

DISTRIBUTION = "fairframe_core"
PACKAGE_ROOT = Path(fairframe.__file__).parent


def wheel_name(version: str) -> str:
    return f"{DISTRIBUTION}-{version}-py3-none-any.whl"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_core_wheel(version: str, when: datetime.datetime) -> bytes:
    files = {"fairframe/__init__.py": (PACKAGE_ROOT / "__init__.py").read_bytes()}
    for module in sorted((PACKAGE_ROOT / "core").glob("*.py")):
        files[f"fairframe/core/{module.name}"] = module.read_bytes()
    info = f"{DISTRIBUTION}-{version}.dist-info"
    files[f"{info}/METADATA"] = (f"Metadata-Version: 2.1\nName: {DISTRIBUTION}\nVersion: {version}\n"
                                 f"Summary: The fairness and proportionality framework model, for the "
                                 f"browser form\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: fairframe\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/top_level.txt"] = b"fairframe\n"
    record = [_record_line(name, data) for name, data in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            wheel.writestr(entry, data)
    return output.getvalue()
