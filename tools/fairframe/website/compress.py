"""Precompressed copies of the built site, so a web server sends compressed bytes without compressing
on every request (nginx `gzip_static` and `brotli_static` serve `x.gz` and `x.br` for `x`).

The copies are reproducible: brotli output depends only on the bytes and the settings, and the gzip
header carries no file name and a zero time. A copy is written only where it saves at least a tenth
of the file (Pyodide's stdlib zip and the wheel are already deflated inside, so they get none).
Brotli's best quality takes about a minute on Pyodide's 9.6 MB wasm, so big files get a faster
quality that loses little (measured: 3.15 MB at quality 6 in 0.7 s against 2.74 MB at 11 in 57 s).
"""
from __future__ import annotations

import gzip
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".svg", ".xml", ".txt",
                          ".ics", ".webmanifest"})
MINIMUM_SAVING = 0.10  # write a copy only if it is at least this much smaller
MINIMUM_SIZE = 256  # bytes: below this a compressed response saves less than its headers cost
# (largest size in bytes, brotli quality): the first that fits is used. Quality 11 on every file up
# to 2 MB would add 3-5 s to the build to save 2% of the bytes; above 2 MB see the docstring.
BROTLI_QUALITY = ((32 * 1024, 11), (2 * 1024 * 1024, 9), (float("inf"), 6))
GZIP_LEVEL = ((2 * 1024 * 1024, 9), (float("inf"), 6))  # the wasm: 0.5% bigger at 6, in half the time


def brotli_quality(size: int) -> int:
    return next(quality for limit, quality in BROTLI_QUALITY if size <= limit)


def gzip_level(size: int) -> int:
    return next(level for limit, level in GZIP_LEVEL if size <= limit)


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and time 0, so the same bytes always give the same file."""
    output = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=gzip_level(len(data)), fileobj=output,
                       mtime=0) as archive:
        archive.write(data)
    return output.getvalue()


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, quality=brotli_quality(len(data)))


ENCODINGS = {".br": brotli_bytes, ".gz": gzip_bytes}


def compressible(path: Path) -> bool:
    return path.suffix.lower() in COMPRESSIBLE and not path.is_symlink() and path.stat().st_size >= MINIMUM_SIZE


def compressed_copy(data: bytes, suffix: str) -> bytes | None:
    """`data` compressed for `suffix` (".br" or ".gz"), or None where that saves under MINIMUM_SAVING."""
    copy = ENCODINGS[suffix](data)
    return copy if len(copy) <= len(data) * (1 - MINIMUM_SAVING) else None


def _write_copy(path: Path, suffix: str) -> Path | None:
    target = path.with_name(path.name + suffix)
    if target.exists():  # the build wrote its own (mkdocs writes sitemap.xml.gz): keep it
        return None
    copy = compressed_copy(path.read_bytes(), suffix)
    if copy is None:
        return None
    target.write_bytes(copy)
    return target


def compress_site(site: Path) -> list[Path]:
    """Write `.br` and `.gz` siblings of every compressible file under `site` (a fresh build, whose
    files the build itself wrote); return the files written. Biggest files first, on every core
    (brotli and zlib release the GIL while they work)."""
    files = sorted((path for path in site.rglob("*") if path.is_file() and compressible(path)),
                   key=lambda path: (-path.stat().st_size, str(path)))
    jobs = [(path, suffix) for path in files for suffix in ENCODINGS]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        written = pool.map(lambda job: _write_copy(*job), jobs)
        return sorted(path for path in written if path is not None)
