"""Precompressed copies of the built site, so a web server sends compressed bytes without compressing
on every request (nginx `gzip_static` and `brotli_static` serve `x.gz` and `x.br` for `x`).

The copies are reproducible: brotli output depends only on the bytes and the settings, and the gzip
header carries no file name and a zero time. A copy is written only where it saves at least a tenth
of the file (the wheel is deflated inside, so it gets none; the standard library zip is stored,
stdlib.py, so it gets both).
Brotli's best quality takes about a minute on Pyodide's 9.6 MB wasm, so big files get a faster
quality that loses little (measured: 3.15 MB at quality 6 in 0.7 s against 2.74 MB at 11 in 57 s).
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import re
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from ..reproducible import Deflated

COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".json", ".wasm", ".zip", ".svg", ".xml", ".txt",
                          ".ics", ".webmanifest"})
MINIMUM_SAVING = 0.10  # write a copy only if it is at least this much smaller
DOWNLOADS = "downloads"
LUNR = ("javascripts", "lunr")
MINIMUM_SIZE = 256  # bytes: below this a compressed response saves less than its headers cost
# (largest size in bytes, brotli quality): the first that fits is used. Measured on this site's files:
# the pages (up to 32 KB) at 10 are 2.6% bigger than at 11 in a third of the time; the files up to
# 2 MB at 8 are 0.3% bigger than at 9 in a sixth of the time. Above 2 MB see the docstring.
BROTLI_QUALITY = ((32 * 1024, 10), (2 * 1024 * 1024, 8), (float("inf"), 6))
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


def _write_copy(path: Path, suffix: str, cache: Path | None = None) -> Path | None:
    target = path.with_name(path.name + suffix)
    if target.exists():  # the build wrote its own (mkdocs writes sitemap.xml.gz): keep it
        return None
    data = path.read_bytes()
    folder = _folder(data, cache)
    copy = _cached(data, suffix, folder) if folder is not None else None
    if copy is None:
        copy = compressed_copy(data, suffix)
        if folder is not None:
            _remember(data, suffix, copy, folder, CACHE_ENTRIES if folder == cache else None)
    if not copy:
        return None
    target.write_bytes(copy)
    return target


# ---- the cache of copies ------------------------------------------------------------------------
# Pyodide's files are the same in every build and take most of the compression time (about 1.4 s of
# CPU for the wasm alone). Their copies are kept in the project's .cache/ folder by the hash of the
# bytes and the settings, so only a build with new bytes compresses them again. b"" records "no copy".
# The smaller files (the pages, the theme's scripts, the search index) are kept the same way in a
# folder of their own: most are the same from one build to the next (about 1 s of CPU a language).
CACHED_SIZE = 1024 * 1024
CACHE_ENTRIES = 16
SMALL_COPIES = "copies"  # the folder in the cache for files under CACHED_SIZE
SMALL_ENTRIES = 4000  # about 400 a build: the copies of ten builds' worth of changed pages
_HASH_NAME = re.compile("[0-9a-f]{64}")  # how every entry is named: other files are never removed


def _cache_file(data: bytes, suffix: str, cache: Path) -> Path:
    settings = f"{suffix}:{brotli_quality(len(data))}:{gzip_level(len(data))}:{MINIMUM_SAVING}"
    return cache / f"{hashlib.sha256(data + settings.encode()).hexdigest()}{suffix}"


def _folder(data: bytes, cache: Path | None) -> Path | None:
    """Where the copies of `data` are kept: big files in the cache folder itself, others in SMALL_COPIES."""
    if cache is None:
        return None
    return cache if len(data) >= CACHED_SIZE else cache / SMALL_COPIES


def _cached(data: bytes, suffix: str, cache: Path) -> bytes | None:
    entry = _cache_file(data, suffix, cache)
    try:
        found = entry.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):  # a cache that can be read but not touched still serves
        os.utime(entry)  # used: kept longest
    return found


def _remember(data: bytes, suffix: str, copy: bytes | None, cache: Path, limit: int | None) -> None:
    keep_in_cache(_cache_file(data, suffix, cache), copy or b"", cache, *ENCODINGS, limit=limit)


def keep_in_cache(target: Path, contents: bytes, cache: Path, *suffixes: str,
                  limit: int | None = CACHE_ENTRIES) -> None:
    """Keep `contents` as `target` in `cache`, and only the newest `limit` files of its kind (None:
    the caller prunes once it has written them all, with prune_cache)."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        partial.write_bytes(contents)
        partial.replace(target)
    except OSError:
        return  # a cache that cannot be written only costs time
    if limit is not None:
        prune_cache(cache, suffixes, limit)


def prune_cache(cache: Path, suffixes: tuple[str, ...], limit: int) -> None:
    """Remove all but the `limit` newest (written or used) files of these kinds that the cache named."""
    try:
        entries = sorted((p for p in cache.iterdir() if p.suffix in suffixes and _HASH_NAME.fullmatch(p.stem)),
                         key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-limit] if limit > 0 else entries:  # only files this cache wrote (named by their hash)
            old.unlink(missing_ok=True)
    except OSError:
        pass


def deflated_pieces(pieces: list[bytes], cache: Path | None = None) -> Deflated:
    """The concatenation of `pieces` as one zip entry, each piece deflated on its own (a full flush
    after each, so a piece's deflate does not depend on what came before it) and the big ones kept
    in `cache`: the copy for use without a connection embeds Pyodide's unchanged files in every
    language and every build, and deflating them is most of its cost."""
    stream, crc, size = [], 0, 0
    for piece in pieces:
        kept = _cache_file(piece, ".deflate", cache) if cache is not None and len(piece) >= CACHED_SIZE else None
        try:
            deflated = kept.read_bytes() if kept is not None else None
        except OSError:
            deflated = None
        if deflated is None:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            deflated = compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)
            if kept is not None:
                keep_in_cache(kept, deflated, cache, ".deflate")
        stream.append(deflated)
        crc, size = zlib.crc32(piece, crc), size + len(piece)
    stream.append(zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15).flush())  # the last block
    return Deflated(b"".join(stream), crc, size)


def _search_language(parts: tuple[str, ...]) -> bool:
    """The theme's search languages other than English (assets/javascripts/lunr/): the site searches
    in English only, so no page asks for them; a server sends them as they are if asked."""
    return any(parts[i:i + 2] == LUNR for i in range(len(parts) - 1))


def compress_site(site: Path, cache: Path | None = None) -> list[Path]:
    """Write `.br` and `.gz` siblings of every compressible file under `site` (a fresh build, whose
    files the build itself wrote); return the files written. Biggest files first, on every core
    (brotli and zlib release the GIL while they work). `cache`: a folder keeping the copies of big
    files between builds (big and small). The downloads (Word, PDF and zip files) are compressed already."""
    files = sorted((path for path in site.rglob("*") if path.is_file() and compressible(path)
                    and DOWNLOADS not in path.relative_to(site).parts[:2]  # downloads/, cy/downloads/
                    and not _search_language(path.relative_to(site).parts)),
                   key=lambda path: (-path.stat().st_size, str(path)))
    jobs = [(path, suffix) for path in files for suffix in ENCODINGS]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        written = sorted(path for path in pool.map(lambda job: _write_copy(*job, cache), jobs) if path is not None)
    if cache is not None:
        prune_cache(cache / SMALL_COPIES, tuple(ENCODINGS), SMALL_ENTRIES)
    return written


def compress_file(path: Path, cache: Path | None = None) -> list[Path]:
    """The `.br` and `.gz` copies of one file written after compress_site (e.g. the service worker)."""
    if not compressible(path):
        return []
    return [copy for suffix in ENCODINGS if (copy := _write_copy(path, suffix, cache)) is not None]
