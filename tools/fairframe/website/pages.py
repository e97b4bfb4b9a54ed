"""The pages generated in memory from the model: a pure function from Framework to {uri: Markdown}."""
from __future__ import annotations

from ..core.model import Framework
from ..templating import render
from ..word import render_docx

PRINCIPLES_INDEX = "principles/index.md"
DOWNLOADS_PAGE = "downloads.md"


def docx_uri(framework: Framework) -> str:
    return f"downloads/fairness-and-proportionality-framework-{framework.edition.id}.docx"


def generated_downloads(framework: Framework) -> dict[str, bytes]:
    """Every download, rendered in memory: {uri in the site: bytes}."""
    return {docx_uri(framework): render_docx(framework)}


def principle_uri(principle) -> str:
    return f"principles/{principle.slug}.md"


def generated_pages(framework: Framework, downloads: dict[str, bytes]) -> dict[str, str]:
    """Every generated page: {uri in docs: Markdown}. `downloads` gives the files' sizes."""
    sizes = {uri: f"{max(1, round(len(data) / 1024))} KB" for uri, data in downloads.items()}
    common = {"framework": framework, "docx_uri": docx_uri(framework), "sizes": sizes}
    pages = {PRINCIPLES_INDEX: render("website", "principles-index.md.j2", principle_uri=principle_uri, **common),
             DOWNLOADS_PAGE: render("website", "downloads.md.j2", **common),
             "complete.md": render("website", "complete.md.j2", **common)}
    for principle in framework.principles:
        pages[principle_uri(principle)] = render("website", "principle.md.j2", principle=principle, **common)
    return pages


def principles_nav(framework: Framework) -> list:
    """The nav section listing the overview and one page per principle."""
    return [PRINCIPLES_INDEX, *({f"{p.id}. {p.title}": principle_uri(p)} for p in framework.principles)]
