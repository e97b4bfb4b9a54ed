"""Builds the whole site into a staging folder next to the site, then swaps it in.

A failed build (bad source, broken template, strict-mode warning, SIGTERM) leaves the previous site
exactly as it was and removes its staging folder. The build writes only to a folder that is new or
holds a previous build (see site_folder).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import threading
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from . import site_folder
from .reproducible import build_time
from .site_folder import UnsafeSiteFolder
from .website.compress import compress_site
from .website.portable import write_portable


class BuildFailed(Exception):
    """mkdocs, a hook or a macro failed; the message says what, the log above says where."""


class BuildTerminated(SystemExit):
    """SIGTERM arrived during a build: raised in the main thread so the staging folder is removed."""


def mkdocs_config(root: Path, site_dir: Path, **overrides):
    return load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)


def build_site(root: Path, site_dir: Path, source: Path | None = None, overlay: Path | None = None,
               site_url: str | None = None) -> Path:
    """Check that `site_dir` may be replaced, validate the source (the edition at `source`, default the
    project's own, and an organisation's `overlay` if given), build the site (for `site_url` if given,
    e.g. under a sub-path) with its precompressed copies, and only then replace `site_dir`. Raises
    UnsafeSiteFolder, before anything is read or written, for a folder it must not replace."""
    from .editions import load_source
    from .overlay import load_overlay
    from .website.context import OVERLAY_VARIABLE, SOURCE_VARIABLE

    root = root.resolve()
    source = (source or root).resolve()
    site = site_folder.site_path(site_dir)
    protected = site_folder.protected_folders(root, source, overlay)
    site_folder.check_site_folder(site, protected)
    framework = load_source(root, source)  # raises SourceError before anything is written
    if overlay is not None:
        load_overlay(overlay.resolve(), framework)
    os.environ[SOURCE_VARIABLE] = str(source)
    os.environ[OVERLAY_VARIABLE] = str(overlay.resolve()) if overlay else ""
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_lock = None
    swapped = False
    with _sigterm_raises():
        try:
            with site_folder.parent_lock(site.parent):
                site_folder.remove_leftovers(site.parent)
                staging, staging_lock = site_folder.new_staging(site.parent)
            mkdocs_build(mkdocs_config(root, staging, **({"site_url": site_url} if site_url else {})))
            write_portable(staging, build_time(framework.edition.published), site_url)  # after the form page
            compress_site(staging)
            site_folder.finish(staging)
            with site_folder.parent_lock(site.parent):
                site_folder.check_site_folder(site, protected)  # again: it may have changed meanwhile
                site_folder.swap(staging, site)
                swapped = True
        except (BuildTerminated, UnsafeSiteFolder):
            raise
        except SystemExit as error:  # mkdocs-macros exits on a template error (on_error_fail)
            raise BuildFailed(f"a page template failed to render (see the error above; exit {error.code})") from None
        except Exception as error:
            raise BuildFailed(str(error) or type(error).__name__) from error
        finally:
            if staging is not None and not swapped:
                shutil.rmtree(staging, ignore_errors=True)
            if staging_lock is not None:
                os.close(staging_lock)
    return site


@contextlib.contextmanager
def _sigterm_raises():
    """In the main thread, turn SIGTERM into BuildTerminated (exit status 143) for the duration."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise BuildTerminated(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
