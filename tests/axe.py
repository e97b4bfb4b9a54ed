"""Runs axe-core (installed from npm into node_modules/) inside a Playwright page."""
from __future__ import annotations

from pathlib import Path

from fairframe.website.accessibility import AXE_TAGS

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = list(AXE_TAGS)  # the accessibility statement names the same tags


def axe_violations(page) -> list[dict]:
    """The axe violations for the WCAG 2.2 AA tags, each with the failing elements' selectors."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]
