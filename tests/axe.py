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


def page_problems(context, url: str, check=None) -> dict:
    """Open `url` in a new page of `context`: its requests to another origin, its console errors and
    uncaught errors, and its axe violations (only those found: empty when the page is fine).
    `check(page, response)` asserts what else the caller needs before the page is checked."""
    from urllib.parse import urlsplit
    origin = urlsplit(url).netloc
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        response = page.goto(url, wait_until="networkidle")
        if check is not None:
            check(page, response)
        foreign = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                   and urlsplit(u).netloc != origin]
        found = {"cross-origin": foreign, "console": errors, "axe": axe_violations(page)}
    finally:
        page.close()
    return {kind: items for kind, items in found.items() if items}
