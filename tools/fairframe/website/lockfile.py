"""The form's pyodide-lock.json: Pyodide's own lock file with the wheel of fairframe.core added.

With it, the worker asks loadPyodide() for the package by name (`packages: ["fairframe-core"]`):
Pyodide fetches the wheel while the interpreter starts, checks it against the sha256 written here
(the browser's fetch() integrity check) and installs it before Python is ready.

Made the way `pyodide lockfile add-wheels --input <Pyodide's lock> --wheel-url <url> <wheel>` makes
it: that command (pyodide-lock's command line, run by `pyodide` from pyodide-cli) reads the lock with
`PyodideLockSpec.from_json`, adds the wheels with `add_wheels_to_spec` and writes the result with
`to_json`. The build calls those three in-process, on a copy of the wheel in a temporary folder,
rather than starting a process and installing pyodide-cli for a thin wrapper. The lock is
reproducible: the wheel is, and `to_json` sorts its keys.
"""
from __future__ import annotations

import functools
import posixpath
import tempfile
from pathlib import Path

PACKAGE = "fairframe-core"  # the wheel's distribution name as the lock (and loadPyodide) names it
LOCK_NAME = "pyodide-lock.json"


class LockFileError(Exception):
    """Pyodide's lock file or pyodide-lock is missing, or the wheel cannot be added."""


def wheel_url(lock_uri: str, wheel_uri: str) -> str:
    """The wheel's folder relative to the lock's (Pyodide resolves a relative file_name against the
    folder of the lock file's URL): "assets/pyodide/pyodide-lock.json", "assets/form/x.whl" -> "../form/"."""
    relative = posixpath.relpath(posixpath.dirname(wheel_uri), posixpath.dirname(lock_uri))
    return "" if relative == "." else f"{relative}/"


def lock_with_wheel(base_lock: Path, wheel_name: str, wheel: bytes, url: str) -> bytes:
    """`base_lock` (Pyodide's pyodide-lock.json) with the wheel added under `url` + its name."""
    try:
        base = base_lock.read_bytes()
    except OSError:
        raise LockFileError(f"Pyodide's lock file {base_lock} is missing: run `make setup`, which installs the "
                            f"pinned npm package") from None
    return _locked(base, wheel_name, wheel, url, str(base_lock))


@functools.lru_cache(maxsize=4)
def _locked(base: bytes, wheel_name: str, wheel: bytes, url: str, display: str) -> bytes:
    """Kept for the same inputs: every language of a build gives the same wheel and lock."""
    try:
        from pyodide_lock import PyodideLockSpec
        from pyodide_lock.utils import add_wheels_to_spec
    except ImportError as error:
        raise LockFileError(f"pyodide-lock is not installed ({error}): run `make setup`, which installs it "
                            f"(it needs Python 3.12 or later)") from None
    with tempfile.TemporaryDirectory(prefix="fairframe-lock-") as temp:
        folder = Path(temp)
        (folder / LOCK_NAME).write_bytes(base)
        (folder / wheel_name).write_bytes(wheel)
        try:
            spec = add_wheels_to_spec(PyodideLockSpec.from_json(folder / LOCK_NAME), [folder / wheel_name],
                                      base_url=url)
        except (RuntimeError, ValueError) as error:
            raise LockFileError(f"the wheel {wheel_name} could not be added to {display}: {error}") from None
        spec.to_json(folder / LOCK_NAME)
        return (folder / LOCK_NAME).read_bytes()
