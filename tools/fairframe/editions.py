"""Editions of the source: the project's own (framework/, case_studies/) and any in editions/<id>/.

A publisher prepares a new edition in editions/<id>/framework/ (case studies are shared unless the
folder has its own case_studies/), previews it with `fairframe build --source editions/<id>`, and
compares it with `fairframe diff`. An edition names the one before it in `edition.previous`.
"""
from __future__ import annotations

from pathlib import Path

from .core.model import Framework
from .source import load_framework, read_yaml

EDITIONS_DIR = "editions"


def edition_roots(project: Path) -> dict[str, Path]:
    """{edition id: source root} for every edition the project holds."""
    roots = {}
    for root in (project, *sorted((project / EDITIONS_DIR).glob("*/"))):
        edition_file = root / "framework" / "edition.yaml"
        if edition_file.is_file():
            data, _positions, _problems = read_yaml(edition_file, edition_file.name)  # bounded, as every source
            try:
                edition_id = str(data["edition"]["id"])
            except (KeyError, TypeError):  # data is None when the file cannot be read
                continue  # reported when that edition itself is loaded
            roots.setdefault(edition_id, root)
    return roots


def resolve(project: Path, reference: str) -> Path:
    """An edition's source root from its id ("2025-01") or a folder path."""
    path = Path(reference)
    if (path / "framework").is_dir():
        return path.resolve()
    roots = edition_roots(project)
    if reference in roots:
        return roots[reference]
    known = ", ".join(sorted(roots)) or "none"
    raise FileNotFoundError(f"no edition {reference!r}: give a folder holding framework/, or one of: {known}")


def load_source(project: Path, root: Path | None = None) -> Framework:
    """The edition at `root` (default: the project's own), with the project's shared case studies."""
    return load_framework((root or project).resolve(), shared=project.resolve())


def previous_edition(project: Path, framework: Framework) -> Framework | None:
    """The edition `framework.edition.previous` names, or None when it names none."""
    previous = framework.edition.previous
    if previous is None:
        return None
    roots = edition_roots(project)
    if previous not in roots:
        known = ", ".join(sorted(roots)) or "none"
        raise FileNotFoundError(f"edition {framework.edition.id} names previous edition {previous!r}, which "
                                f"the project does not hold (editions found: {known})")
    return load_source(project, roots[previous])
