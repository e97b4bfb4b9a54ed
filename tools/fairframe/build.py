"""Builds the whole site into a temporary folder, then swaps it in.

A failed build (bad source, broken template, strict-mode warning) leaves the previous site exactly
as it was.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config



class BuildFailed(Exception):
    """mkdocs, a hook or a macro failed; the message says what, the log above says where."""


def mkdocs_config(root: Path, site_dir: Path, **overrides):
    return load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)


def build_site(root: Path, site_dir: Path, source: Path | None = None, overlay: Path | None = None) -> Path:
    """Validate the source (the edition at `source`, default the project's own, and an organisation's
    `overlay` if given), build the site, and only then replace `site_dir`."""
    from .editions import load_source
    from .overlay import load_overlay
    from .website.context import OVERLAY_VARIABLE, SOURCE_VARIABLE

    source = (source or root).resolve()
    framework = load_source(root, source)  # raises SourceError before anything is written
    if overlay is not None:
        load_overlay(overlay.resolve(), framework)
    os.environ[SOURCE_VARIABLE] = str(source)
    os.environ[OVERLAY_VARIABLE] = str(overlay.resolve()) if overlay else ""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        mkdocs_build(mkdocs_config(root, staging))
    except SystemExit as error:  # mkdocs-macros exits on a template error (on_error_fail)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(f"a page template failed to render (see the error above; exit {error.code})") from None
    except Exception as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(error) or type(error).__name__) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, site_dir)
    return site_dir


def _swap(staging: Path, site_dir: Path) -> None:
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".site-old-{os.getpid()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
