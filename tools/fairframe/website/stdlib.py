"""Pyodide's standard library zip, compiled ahead of time and repacked for a web server that compresses.

Pyodide ships `python_stdlib.zip` as Python source, each module deflated inside. Two costs follow:
- Python compiles every module it imports from source on every start. In the form that is about
  two of the four seconds Python takes to be ready on this machine.
- HTTP compression can do nothing more with it: 2.5 MB over the wire, compressed or not.

So the site serves a copy in which every module is already compiled, by Pyodide's own CPython (run
by Node.js, compile_stdlib.mjs), to the .pyc Python reads as it is, and whose entries are stored
rather than deflated. The web server compresses the whole file, across every module, as it does any
other (`fairframe build` writes its .br and .gz, compress.py): 3.4 MB with brotli, 4.1 MB with gzip,
against Pyodide's 2.5 MB. The bytecode is larger than the source, but on a 10 Mbit/s line the form's
Python is still ready about 1.2 s sooner (tools/bench_deploy.py). A server that compresses nothing
would send 10.6 MB (the deployment guide has every server compress).

The copy for use without a connection (portable.py) embeds the same compiled modules deflated in the
zip: there no server compresses anything.

Both are kept in node_modules/.cache/fairframe-stdlib/ (next to the package they come from, shared
by every copy of the project that links node_modules, and gone with it), named by the hash of
Pyodide's zip, so only the first build with a new Pyodide compiles (about 10 s); builds that start
together wait for that one.
"""
from __future__ import annotations

import fcntl
import hashlib
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

COMPILER = Path(__file__).resolve().parent / "compile_stdlib.mjs"
REPACK_VERSION = "2"  # part of the cache key: a change to how the zip is made gives new names
CACHE_KEEP = 4  # compiled zips of this many Pyodide versions are kept
COMPILE_TIMEOUT_S = 600


class StdlibError(RuntimeError):
    """The standard library could not be compiled; the message says why and what to do."""


def deflated_zip(data: bytes) -> bytes:
    """`data` (a zip) with every entry deflated: the same names, bytes, dates and order."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for entry in source.infolist():
            copy = zipfile.ZipInfo(entry.filename, entry.date_time)
            copy.external_attr = entry.external_attr
            copy.create_system = entry.create_system
            copy.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(copy, source.read(entry))
    return output.getvalue()


def cache_folder(pyodide: Path) -> Path:
    return pyodide.parent / ".cache" / "fairframe-stdlib"


def served_stdlib(pyodide: Path, cache: Path | None = None) -> Path:
    """The compiled, stored copy of `pyodide`/python_stdlib.zip (pyodide: the npm package's folder)."""
    return _cached(pyodide, cache or cache_folder(pyodide))[0]


def portable_stdlib(pyodide: Path, cache: Path | None = None) -> Path:
    """The same compiled modules in a deflated zip, for the copy without a server."""
    return _cached(pyodide, cache or cache_folder(pyodide))[1]


def _cached(pyodide: Path, cache: Path) -> tuple[Path, Path]:
    original = pyodide / "python_stdlib.zip"
    key = hashlib.sha256(original.read_bytes() + REPACK_VERSION.encode()).hexdigest()[:32]
    served, portable = cache / f"python_stdlib-{key}.zip", cache / f"python_stdlib-{key}-deflated.zip"
    if served.is_file() and portable.is_file():
        return served, portable
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another build may be compiling the same zip: wait for it
        if not (served.is_file() and portable.is_file()):
            compiled = compile_zip(pyodide, original, cache)
            _write(portable, deflated_zip(compiled))
            _write(served, compiled)
            _forget_old(cache, keep={served, portable})
    return served, portable


def compile_zip(pyodide: Path, original: Path, work: Path) -> bytes:
    """`original` (a zip of Python modules) with every module compiled by `pyodide`'s Python, stored;
    `work`: a folder for the output while it is written."""
    node = shutil.which("node")
    if node is None:
        raise StdlibError("compiling Pyodide's standard library needs Node.js, which `make setup` installs")
    output = work / f".compiled.{os.getpid()}.partial"
    try:
        result = subprocess.run([node, str(COMPILER), str(pyodide), str(original), str(output)],
                                capture_output=True, text=True, timeout=COMPILE_TIMEOUT_S, check=False)
        if result.returncode != 0 or not output.is_file():
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise StdlibError(f"compiling Pyodide's standard library failed (node exited {result.returncode}): {last}")
        return output.read_bytes()
    except subprocess.TimeoutExpired:
        raise StdlibError(f"compiling Pyodide's standard library took over {COMPILE_TIMEOUT_S} s") from None
    finally:
        output.unlink(missing_ok=True)


def _write(target: Path, data: bytes) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(target)


def _forget_old(cache: Path, keep: set[Path]) -> None:
    """Removes the oldest compiled zips beyond CACHE_KEEP versions (only files named as this writes them)."""
    served = sorted((p for p in cache.glob("python_stdlib-*.zip") if not p.name.endswith("-deflated.zip")),
                    key=lambda path: path.stat().st_mtime_ns)
    for old in served[:-CACHE_KEEP]:
        if old not in keep:
            old.unlink(missing_ok=True)
            old.with_name(old.name.removesuffix(".zip") + "-deflated.zip").unlink(missing_ok=True)
