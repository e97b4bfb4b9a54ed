"""The table of outputs generated from a project besides the pages: each is registered here once,
with its renderer, where it goes in the site and the templates it reads.

The build renders every row, the downloads page lists the rows marked as downloads with their sizes,
and the live preview's cache key is made of a row's inputs and its templates. Adding an output
format is one renderer module plus one row.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .core.model import Framework
from .project import Project

TEMPLATES = "templates"


@dataclasses.dataclass(frozen=True)
class Output:
    name: str
    label: str  # what the downloads page calls it
    uri: Callable[[Framework], str]  # its main file in the site
    render: Callable[[Project], dict[str, bytes]]  # {uri in the site: bytes}; pure
    templates: tuple[str, ...] = ()  # folders of fairframe/templates/ whose files it reads
    download: bool = False  # offered on the downloads page
    slow: bool = False  # the live preview may render it after the pages, in a process of its own
    applies: Callable[[Framework], bool] = lambda framework: True


def docx_uri(framework: Framework) -> str:
    return f"downloads/fairness-and-proportionality-framework-{framework.edition.id}.docx"


def pack_uri(framework: Framework) -> str:
    return f"downloads/fairness-and-proportionality-case-studies-{framework.edition.id}.pdf"


def _docx(project: Project) -> dict[str, bytes]:
    from .word import render_docx
    return {docx_uri(project.framework): render_docx(project.framework, project.logo)}


def _pack(project: Project) -> dict[str, bytes]:
    from .pack import render_pack
    return {pack_uri(project.framework): render_pack(project.framework, project.logo)}


def _form_data(project: Project) -> dict[str, bytes]:
    from .website.form import form_files
    return form_files(project.framework, project.history, root=project.root)


def _form_data_uri(framework: Framework) -> str:
    from .website.form import FORM_ASSETS
    return f"{FORM_ASSETS}/framework.json"


OUTPUTS: tuple[Output, ...] = (
    Output("docx", "The framework as a Word document", docx_uri, _docx, templates=("word",), download=True),
    Output("pack", "The case-study learning pack", pack_uri, _pack, templates=("pack",), download=True,
           slow=True, applies=lambda framework: bool(framework.case_studies)),
    Output("form-data", "The form's data", _form_data_uri, _form_data),
)


def outputs_for(framework: Framework) -> tuple[Output, ...]:
    return tuple(output for output in OUTPUTS if output.applies(framework))


def output(name: str) -> Output:
    return next(row for row in OUTPUTS if row.name == name)


def render_outputs(project: Project, fast_only: bool = False) -> dict[str, bytes]:
    """Every row of the outputs table (or only those not marked slow), rendered: {uri in the site: bytes}."""
    return {uri: data for row in outputs_for(project.framework) if not (fast_only and row.slow)
            for uri, data in row.render(project).items()}
