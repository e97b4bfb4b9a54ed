"""The pages generated in memory from the model: pure functions of the Framework (and of the sizes of
the downloads, which the outputs table renders)."""
from __future__ import annotations

from ..core.changes import compare
from ..core.model import Framework
from ..outputs import docx_uri, outputs_for, pack_uri
from ..templating import html_text, render
from . import accessibility
from .alongside import size_text

PRINCIPLES_INDEX = "principles/index.md"
STUDIES_INDEX = "case-studies/index.md"
DOWNLOADS_PAGE = "downloads.md"


def principle_uri(principle) -> str:
    return f"principles/{principle.slug}.md"


def study_uri(study) -> str:
    return f"case-studies/{study.slug}.md"


def generated_pages(framework: Framework, downloads: dict[str, bytes],
                    previous: Framework | None = None, axe_version: str | None = None,
                    pending: dict[str, str] | None = None) -> dict[str, str]:
    """Every generated page: {uri in docs: Markdown}. `downloads` gives the files' sizes; `previous`
    is the edition the "What changed" page compares with; `axe_version` is the axe-core version the
    accessibility tests run, for the accessibility statement; `pending` gives a token in place of the
    size of each output still rendering (see alongside.py)."""
    sizes = {uri: size_text(data) for uri, data in downloads.items()} | (pending or {})
    listed = [(row, row.uri(framework)) for row in outputs_for(framework) if row.download]
    common = {"framework": framework, "docx_uri": docx_uri(framework), "pack_uri": pack_uri(framework),
              "sizes": sizes, "downloads": listed, "principle_uri": principle_uri, "label": framework.scope.label}
    pages = {PRINCIPLES_INDEX: render("website", "principles-index.md.j2", **common),
             DOWNLOADS_PAGE: render("website", "downloads.md.j2", **common),
             "complete.md": render("website", "complete.md.j2", **common),
             "what-changed.md": render("website", "what-changed.md.j2", previous=previous,
                                       changes=compare(previous, framework) if previous else (),
                                       question_link=lambda qid: principle_uri(
                                           framework.principle(qid.split(".")[0])) + f"#{qid}", **common),
             accessibility.PAGE: render("website", "accessibility.md.j2",
                                        prepared=accessibility.statement_date(framework.edition.published),
                                        **accessibility.statement_facts(axe_version), **common)}
    for principle in framework.principles:
        pages[principle_uri(principle)] = render("website", "principle.md.j2", principle=principle, **common)
    if framework.case_studies:
        pages[STUDIES_INDEX] = render("website", "case-studies-index.md.j2", **common)
        for study in framework.case_studies:
            pages[study_uri(study)] = render("website", "case-study.md.j2", study=study, **common)
    return pages


def nav_text(value: str) -> str:
    """A nav title for the theme, which prints it as it is in the page and escapes it in attributes
    (the footer's aria-label): <, > and & escaped, quotes left, so that an apostrophe ("Mae'r") is not
    escaped twice in the attribute."""
    return str(html_text(value)).replace("&#39;", "'").replace("&#34;", '"')


def section_navs(framework: Framework) -> dict[str, list]:
    """Nav sections the hooks expand from their index page: one entry per principle and per study."""
    navs = {PRINCIPLES_INDEX: [PRINCIPLES_INDEX, *({nav_text(f"{p.id}. {p.title}"): principle_uri(p)}
                                                  for p in framework.principles)]}
    if framework.case_studies:
        navs[STUDIES_INDEX] = [STUDIES_INDEX, *({s.id: study_uri(s)} for s in framework.case_studies)]
    return navs
