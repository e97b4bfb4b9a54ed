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


def show_scheme(page, scheme: str) -> None:
    """Put the open page into a colour scheme ("light" or "dark") as a reader would: the system
    setting, and on the theme's pages (which choose their palette once, at load) its palette toggle."""
    page.emulate_media(color_scheme=scheme)
    wanted = "slate" if scheme == "dark" else "default"
    current = page.get_attribute("body", "data-md-color-scheme")
    if current is not None and current != wanted:
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function("(wanted) => document.body.dataset.mdColorScheme === wanted", arg=wanted)


def page_problems(context, url: str, check=None, schemes=("light",)) -> dict:
    """Open `url` once in a new page of `context`: its requests to another origin, its console errors
    and uncaught errors, and its axe violations in each colour scheme (only those found: empty when
    the page is fine). `check(page, response, scheme)` asserts what else the caller needs, in each.
    Requests and errors are gathered from the start until the last axe run has ended (a second or
    more after the page's load event, and after the form's Python has started)."""
    from urllib.parse import urlsplit
    origin = urlsplit(url).netloc
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        response = page.goto(url, wait_until="load")
        if page.locator("#ff-status").count():  # the form: until its Python has started (or failed)
            page.wait_for_selector("#ff-status[data-state=ready], #ff-status[data-state=error]", timeout=90_000)
        found = {}
        for scheme in schemes:
            show_scheme(page, scheme)
            if check is not None:
                check(page, response, scheme)
            found[f"axe ({scheme})"] = axe_violations(page)
        foreign = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                   and urlsplit(u).netloc != origin]
        found |= {"cross-origin": foreign, "console": errors}
    finally:
        page.close()
    return {kind: items for kind, items in found.items() if items}
