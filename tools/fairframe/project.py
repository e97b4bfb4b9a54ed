"""Loads a project once: the edition to work on, the edition it follows, the other editions'
question texts and an organisation's overlay, for the command line, the build and the pages alike.

Everything downstream receives this Project; nothing reads the source again, and nothing is passed
through environment variables or kept in a module-level cache.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from .core.model import Framework
from .editions import edition_roots, load_source
from .overlay import LoadedOverlay, apply_overlay, load_overlay


@dataclasses.dataclass(frozen=True)
class Project:
    root: Path  # the project folder (mkdocs.yml, docs/, overrides/, node_modules/)
    source: Path  # the edition's source root
    framework: Framework  # the edition, with the overlay applied when there is one
    previous: Framework | None  # the edition it names as previous ("What changed")
    history: dict  # {edition id: {question id: text}} of every other edition, to open older records
    overlay: LoadedOverlay | None = None
    overlay_path: Path | None = None
    logo: bytes | None = None  # the organisation's logo: published with the site, put into the downloads
    languages: tuple[str, ...] | None = None  # None: English and every language with translations
    editions: dict = dataclasses.field(default_factory=dict)  # {edition id: Framework} of the other editions


def load_project(root: Path, source: Path | None = None, overlay: Path | None = None) -> Project:
    """Reads and validates everything a command needs, once. Raises SourceError listing every
    problem, or FileNotFoundError for a missing edition or overlay."""
    root = root.resolve()
    source = (source or root).resolve()
    framework = load_source(root, source)
    others = {edition_id: folder for edition_id, folder in edition_roots(root).items()
              if edition_id != framework.edition.id}
    loaded = {edition_id: load_source(root, folder) for edition_id, folder in others.items()}
    previous = framework.edition.previous
    if previous is not None and previous not in loaded:
        known = ", ".join(sorted({framework.edition.id, *loaded})) or "none"
        raise FileNotFoundError(f"edition {framework.edition.id} names previous edition {previous!r}, which "
                                f"the project does not hold (editions found: {known})")
    local = load_overlay(overlay.resolve(), framework) if overlay is not None else None
    return Project(root=root, source=source,
                   framework=apply_overlay(framework, local) if local else framework,
                   previous=loaded.get(previous) if previous else None,
                   history=question_history(loaded.values()),
                   overlay=local, overlay_path=overlay.resolve() if overlay is not None else None,
                   logo=local.logo if local else None, editions=loaded)


def question_history(frameworks) -> dict:
    """{edition id: {question id: text}} for the given editions."""
    return {framework.edition.id: {q.id: q.text for q in framework.questions} for framework in frameworks}


def from_framework(root: Path, framework: Framework, logo: bytes | None = None) -> Project:
    """A project around a model made in memory (tests, tools): no other editions, no overlay file, and
    English only (the translations on disk translate the source's text, not this model's)."""
    return Project(root=root.resolve(), source=root.resolve(), framework=framework, previous=None, history={},
                   logo=logo, languages=("en",))
