"""The slow outputs (the learning pack), rendered, kept between builds: a build whose pack has the
same inputs as an earlier one (a publisher edited a guidance page, or built again) takes the kept
bytes instead of rendering them again, which is most of a build's CPU.

An entry is named by the hash of everything a render reads: the language's model and logo (the
digest the render process already gives), this package's code, templates and interface text, the
installed Python packages and their versions, the fonts and text-shaping libraries the renderer
finds, and SOURCE_DATE_EPOCH. So a change to any of them renders afresh. The fresh-process figure
in `make bench` keeps no entry from one build to the next.

The cache folder may hold anything: an entry is a zip of exactly the files expected, each of a
bounded size, or it is ignored (and rendered over). A cache that cannot be read or written only
costs time. Only the newest entries are kept (see compress.CACHE_ENTRIES).
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import sys
import zipfile
from pathlib import Path

from .compress import keep_in_cache

FOLDER = "renders"  # inside the build's cache folder
SUFFIX = ".zip"
MAX_FILE = 64 * 1024 * 1024  # far above a learning pack (about 170 KB)
PACKAGE = Path(__file__).resolve().parent.parent  # fairframe/: its code, templates and interface text
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                Path.home() / ".local" / "share" / "fonts")
LIBRARY_FOLDERS = tuple(Path(folder) for folder in ("/usr/lib", "/usr/lib64", "/usr/local/lib",
                                                      f"/usr/lib/{getattr(sys.implementation, '_multiarch', '')}"))
TEXT_LIBRARIES = ("libpango", "libharfbuzz", "libfontconfig", "libfreetype", "libfribidi")


def entry_path(cache: Path, digest: str) -> Path:
    """Where the files rendered from inputs of `digest` (alongside._digest) are kept."""
    key = hashlib.sha256(digest.encode() + _environment()).hexdigest()
    return cache / FOLDER / f"{key}{SUFFIX}"


def kept(cache: Path | None, digest: str, expected: set[str]) -> dict[str, bytes] | None:
    """The files kept for `digest`, if the entry holds exactly the `expected` names; else None."""
    if cache is None:
        return None
    try:
        with zipfile.ZipFile(entry_path(cache, digest)) as entry:
            infos = entry.infolist()
            if {info.filename for info in infos} != expected or len(infos) != len(expected) \
                    or any(info.file_size > MAX_FILE for info in infos):
                return None
            return {info.filename: entry.read(info) for info in infos}
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return None


def keep(cache: Path | None, digest: str, files: dict[str, bytes]) -> None:
    """Keep `files` (uri: bytes) as the entry for `digest`."""
    if cache is None:
        return
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as entry:  # a PDF is compressed already
        for name, data in sorted(files.items()):
            entry.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    keep_in_cache(entry_path(cache, digest), buffer.getvalue(), cache / FOLDER, SUFFIX)


@functools.cache
def _environment() -> bytes:
    """What a render reads besides its model: worked out once per process."""
    parts = [os.environ.get("SOURCE_DATE_EPOCH", "").encode()]
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts.append(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for folder in sys.path:  # the installed packages, by name and version (their .dist-info folders)
        try:
            parts += sorted(name.encode() for name in os.listdir(folder or ".") if name.endswith(".dist-info"))
        except OSError:
            continue
    stamped = [path for folder in FONT_FOLDERS if folder.is_dir() for path in folder.rglob("*")]
    stamped += [path for folder in LIBRARY_FOLDERS if folder.is_dir()
                for path in folder.iterdir() if path.name.startswith(TEXT_LIBRARIES)]
    for path in sorted(stamped):
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return hashlib.sha256(b"\n".join(parts)).digest()
