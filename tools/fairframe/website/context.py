"""Loads the model once per build and shares it between the mkdocs hooks and the macros.

The cache key is a fingerprint of the source files, so `serve` reloads after an edit and a single
build never parses the source twice.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ..core.model import Framework
from ..core.problems import SourceError
from ..source import SOURCE_DIRS, load_framework

_cache: dict[tuple, Framework] = {}


def project_root(config) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def _fingerprint(root: Path) -> tuple:
    files = sorted(p for d in SOURCE_DIRS for p in (root / d).glob("**/*") if p.is_file())
    return (str(root), *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


def framework_for(config) -> Framework:
    """The validated model for this mkdocs config; a bad source fails the build loudly."""
    root = project_root(config)
    key = _fingerprint(root)
    if key not in _cache:
        try:
            framework = load_framework(root)
        except SourceError as error:
            raise PluginError(f"the framework source has {len(error.problems)} problem(s):\n{error}") from None
        _cache.clear()
        _cache[key] = framework
    return _cache[key]
