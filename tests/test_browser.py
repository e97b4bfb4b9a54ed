"""Every page in headless Chromium: no cross-origin requests, no console errors, no axe violations."""
from __future__ import annotations

import pytest

from axe import page_problems
from fairframe.website.accessibility import COLOUR_SCHEMES
from test_site import site_pages

SCHEMES = list(COLOUR_SCHEMES)  # the accessibility statement names the same schemes


@pytest.fixture(scope="module")
def pages(engine_site):
    return site_pages(engine_site)


def assert_scheme(page, scheme: str) -> None:
    """The page really is in the scheme: the theme's palette, or the form's own dark styles."""
    palette = page.get_attribute("body", "data-md-color-scheme")
    if palette is not None:
        assert palette == ("slate" if scheme == "dark" else "default")
        return
    assert page.locator("#ff-form").count() == 1
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light"), background


def test_every_page_is_same_origin_error_free_and_accessible(browser, engine_url, pages):
    """On the site as each engine builds it (mkdocs-material and Zensical), in each colour scheme."""
    assert len(pages) >= 9

    def check(page, response, scheme):
        assert response is not None and (response.ok or page.url.endswith("/404.html")), page.url
        assert_scheme(page, scheme)

    context = browser.new_context(color_scheme=SCHEMES[0])
    try:
        problems = [{"page": path, **found} for path in pages
                    if (found := page_problems(context, engine_url + path, check, SCHEMES))]
    finally:
        context.close()
    assert problems == []


def test_the_print_stylesheet_hides_navigation_and_keeps_the_content(browser, site_url, framework):
    page = browser.new_page()
    page.goto(f"{site_url}/principles/{framework.principles[0].slug}/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(f"[id='{framework.principles[0].questions[0].id}']").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()
