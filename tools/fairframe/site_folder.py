"""Where a build may write, and how it swaps the new site in without losing anything it did not create.

A build writes only to a folder that is new or that holds a previous build (marked with MARKER). It
refuses the project, its ancestors, the source, tooling and dependency folders and anything else
with content. The new site is built in a staging folder next to the site and swapped in under a lock
file in the parent, so concurrent builds never see each other's half-made folders; staging folders
left by killed builds are removed by the next build.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import signal
import stat
import tempfile
from pathlib import Path

MARKER = ".fairframe-site"
MARKER_TEXT = ("This folder was written by `fairframe build`. The next build replaces it whole:\n"
               "do not keep anything else in it.\n")
LOCK = ".fairframe-build.lock"
NEW_PREFIX, OLD_PREFIX = ".site-new-", ".site-old-"
LEFTOVER = re.compile(r"^\.site-(new|old)-\d+-[A-Za-z0-9_]+$")
PROJECT_FOLDERS = ("docs", "framework", "case_studies", "editions", "overrides", "tools", "tests", "examples",
                   "node_modules", ".git", ".venv")
SOURCE_FOLDERS = ("framework", "case_studies")


class UnsafeSiteFolder(Exception):
    """The site folder is one a build must not replace; the message names it and says why."""


def site_path(site_dir: Path) -> Path:
    """The absolute site folder, its parent resolved but not the folder itself (a symlink stays one)."""
    path = Path(os.path.abspath(site_dir))
    return path.parent.resolve() / path.name if path.name else path


def protected_folders(root: Path, source: Path, overlay: Path | None) -> dict[Path, tuple[str, bool]]:
    """{folder: (what it is, whether folders inside it are refused too)}."""
    folders = [(root, ("the project folder", False))]
    folders += [(root / name, (f"the project's {name}/ folder", True)) for name in PROJECT_FOLDERS]
    folders += [(source, ("the source's edition folder", False))]
    folders += [(source / name, (f"the source's {name}/ folder", True)) for name in SOURCE_FOLDERS]
    if overlay is not None:
        folders.append((overlay.absolute().parent, ("the overlay's folder", False)))
    resolved = {}
    for folder, what in folders:
        for variant in (folder.absolute(), folder.resolve()):
            resolved.setdefault(variant, what)
    return resolved


def check_site_folder(site: Path, protected: dict[Path, tuple[str, bool]]) -> None:
    """Raise UnsafeSiteFolder unless `site` (from site_path) is new or holds a previous build."""
    if site.is_symlink():
        raise UnsafeSiteFolder(f"refusing to build into {site}: it is a symbolic link (to {os.readlink(site)}); "
                               "give the real folder")
    for folder, (what, inside_too) in protected.items():
        if site == folder:
            raise UnsafeSiteFolder(f"refusing to build into {site}: it is {what}")
        if site in folder.parents:
            raise UnsafeSiteFolder(f"refusing to build into {site}: it holds {what} ({folder})")
        if inside_too and folder in site.parents:
            raise UnsafeSiteFolder(f"refusing to build into {site}: it is inside {what} ({folder})")
    if LEFTOVER.match(site.name) or site.name == LOCK:
        raise UnsafeSiteFolder(f"refusing to build into {site}: the name is kept for the build's own staging files")
    if not site.exists():
        return
    if not site.is_dir():
        raise UnsafeSiteFolder(f"refusing to build into {site}: it is a file, not a folder")
    if any(site.iterdir()) and not holds_a_build(site):
        raise UnsafeSiteFolder(f"refusing to build into {site}: it holds files but no {MARKER} marker from a "
                               "previous build, so replacing it could lose them; give a new or empty folder")


def holds_a_build(folder: Path) -> bool:
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(os.lstat(marker).st_mode):
            return False
        with marker.open("r", encoding="utf-8") as handle:
            return handle.read(len(MARKER_TEXT) + 1) == MARKER_TEXT
    except (OSError, UnicodeDecodeError):
        return False


@contextlib.contextmanager
def parent_lock(parent: Path):
    """Hold an exclusive lock on `parent`'s lock file; the file is removed again when no build waits."""
    path = parent / LOCK
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)  # the holder before us removed the file: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _try_lock_folder(folder: Path) -> int | None:
    """An fd holding an exclusive lock on `folder`, or None if a live build holds it."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return None
        raise
    return fd


def remove_leftovers(parent: Path) -> None:
    """Remove staging folders of builds that were killed (no live build holds their lock). Call under
    parent_lock, which every build holds while it creates or swaps a staging folder."""
    for entry in parent.iterdir():
        if not LEFTOVER.match(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        try:
            fd = _try_lock_folder(entry)
        except OSError:
            continue
        if fd is None:
            continue  # a build in progress
        try:
            shutil.rmtree(entry, ignore_errors=True)
        finally:
            os.close(fd)


@contextlib.contextmanager
def signals_wait():
    """SIGTERM and SIGINT wait until the block ends, so that what it creates or renames is complete
    (and known to the caller, which removes it) before the signal's handler runs."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def new_staging(parent: Path) -> tuple[Path, int]:
    """A new staging folder next to the site, and an fd locking it for as long as the build runs.
    Call under parent_lock, so that no other build's clean-up sees it before it is locked."""
    staging = Path(tempfile.mkdtemp(prefix=f"{NEW_PREFIX}{os.getpid()}-", dir=parent))
    fd = _try_lock_folder(staging)
    if fd is None:  # cannot happen under parent_lock
        raise UnsafeSiteFolder(f"the staging folder {staging} is locked by another process")
    return staging, fd


def finish(staging: Path) -> None:
    """Mark the build and make it readable by everyone (folders 0755, files 0644), whatever the umask."""
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    for folder, _folders, files in os.walk(staging):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def swap(staging: Path, site: Path) -> None:
    """Replace `site` with `staging` (call under parent_lock, after check_site_folder). SIGTERM and
    SIGINT wait until the site is whole again."""
    with signals_wait():
        old = None
        if site.exists():
            old = site.with_name(f"{OLD_PREFIX}{os.getpid()}-{secrets.token_hex(4)}")
            site.rename(old)
        try:
            staging.rename(site)
        except BaseException:
            if old is not None:
                old.rename(site)  # put the previous site back
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
