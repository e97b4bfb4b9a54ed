"""Builds the wheel the browser form installs: `fairframe.core` only, no dependencies.

Written directly as a zip so it is small (the build-time modules stay out) and reproducible
(fixed entry times, sorted entries), which `python -m build` does not give by default.
"""
from __future__ import annotations

import base64
import datetime
import hashlib
from pathlib import Path

import fairframe

from ..reproducible import write_zip

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
    return write_zip(files, when)
