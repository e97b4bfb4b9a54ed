"""The pages generated in memory from the model: a pure function from Framework to {uri: Markdown}."""
from __future__ import annotations

from ..core.model import Framework
from ..templating import render

PRINCIPLES_INDEX = "principles/index.md"


def principle_uri(principle) -> str:
    return f"principles/{principle.slug}.md"


def generated_pages(framework: Framework) -> dict[str, str]:
    pages = {PRINCIPLES_INDEX: render("website", "principles-index.md.j2", framework=framework,
                                      principle_uri=principle_uri)}
    for principle in framework.principles:
        pages[principle_uri(principle)] = render("website", "principle.md.j2", framework=framework,
                                                 principle=principle)
    return pages


def principles_nav(framework: Framework) -> list:
    """The nav section listing the overview and one page per principle."""
    return [PRINCIPLES_INDEX, *({f"{p.id}. {p.title}": principle_uri(p)} for p in framework.principles)]
