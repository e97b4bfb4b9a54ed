"""Loads the model once per build and shares it between the mkdocs hooks and the macros.

Which edition to build comes from the command line through FAIRFRAME_SOURCE (an edition folder;
default: the project's own source), and an organisation's overlay through FAIRFRAME_OVERLAY. The
cache key is a fingerprint of the source files, so `serve` reloads after an edit and a single build
never parses the source twice.
"""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..core.model import Framework
from ..core.problems import SourceError
from ..editions import EDITIONS_DIR, edition_roots, load_source, previous_edition
from ..overlay import LoadedOverlay, apply_overlay, load_overlay
from ..source import SOURCE_DIRS

SOURCE_VARIABLE = "FAIRFRAME_SOURCE"
OVERLAY_VARIABLE = "FAIRFRAME_OVERLAY"
_cache: dict[tuple, tuple] = {}


def project_root(config) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def source_root(config) -> Path:
    chosen = os.environ.get(SOURCE_VARIABLE)
    return Path(chosen).resolve() if chosen else project_root(config)


def overlay_file() -> Path | None:
    chosen = os.environ.get(OVERLAY_VARIABLE)
    return Path(chosen).resolve() if chosen else None


def _fingerprint(project: Path, source: Path, overlay: Path | None) -> tuple:
    folders = [source / d for d in SOURCE_DIRS] + [project / d for d in (*SOURCE_DIRS, EDITIONS_DIR)]
    if overlay is not None:
        folders.append(overlay.parent)
    files = sorted({p for folder in folders for p in folder.glob("**/*") if p.is_file()})
    return (str(source), str(overlay), *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


def _load(config) -> tuple:
    project, source, overlay = project_root(config), source_root(config), overlay_file()
    key = _fingerprint(project, source, overlay)
    if key not in _cache:
        try:
            framework = load_source(project, source)
            previous = previous_edition(project, framework)
            history = {edition_id: {q.id: q.text for q in load_source(project, root).questions}
                       for edition_id, root in edition_roots(project).items()
                       if edition_id != framework.edition.id}
            local = load_overlay(overlay, framework) if overlay else None
            framework = apply_overlay(framework, local) if local else framework
        except SourceError as error:
            raise PluginError(f"the source has {len(error.problems)} problem(s):\n{error}") from None
        except FileNotFoundError as error:
            raise PluginError(str(error)) from None
        _cache.clear()
        _cache[key] = (framework, previous, history, local)
    return _cache[key]


def framework_for(config) -> Framework:
    """The validated model for this build; a bad source fails the build loudly."""
    return _load(config)[0]


def previous_for(config) -> Framework | None:
    """The edition this one is compared with on the "What changed" page, if it names one."""
    return _load(config)[1]


def history_for(config) -> dict:
    """{edition id: {question id: text}} for every other edition, so older records can be opened."""
    return _load(config)[2]


def overlay_for(config) -> LoadedOverlay | None:
    """The organisation's overlay this build applies, if any (its logo is published with the site)."""
    return _load(config)[3]
