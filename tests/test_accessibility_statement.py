"""The accessibility statement: built from what the tests check, and claiming nothing they do not."""
from __future__ import annotations

import dataclasses
import json
import re
from html import unescape

import pytest

import axe
import test_browser
from conftest import ROOT
from fairframe.core.model import AccessibilityContact, Organisation
from fairframe.templating import long_date
from fairframe.website import accessibility
from fairframe.website.pages import docx_uri, generated_pages, pack_uri
from test_site import page_html, site_pages

PAGE = "/accessibility/"


@pytest.fixture(scope="module")
def statement(built_site) -> str:
    return page_html(built_site, PAGE)


def text_of(html: str) -> str:
    """The page's visible text in one line (tags dropped, entities decoded, spaces collapsed)."""
    article = html[html.index("<article"):html.index("</article>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", article)).split())


def render(framework) -> str:
    downloads = {docx_uri(framework): b"0" * 2048, pack_uri(framework): b"0" * 2048}
    return generated_pages(framework, downloads, axe_version="9.9.9")[accessibility.PAGE]


def test_the_statement_is_a_page_of_the_site_in_the_nav_and_linked_from_about(built_site, statement):
    assert PAGE in site_pages(built_site)  # so test_browser runs axe on it, in every colour scheme
    assert "<h1" in statement and "Accessibility statement for Fairness and proportionality framework" in statement
    home = page_html(built_site, "/")
    link = re.search(r'<a href="accessibility/" class="md-nav__link">(.*?)</a>', home, re.S)
    assert link and text_of(f"<article>{link.group(1)}</article>") == "Accessibility", "not in the nav"
    assert 'href="../accessibility/"' in page_html(built_site, "/about/")


def test_it_has_the_model_statements_sections(statement):
    headings = [unescape(re.sub(r"<[^>]+>", "", h)).strip()
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", statement, re.S)]
    for expected in ("How accessible this site is", "Feedback and contact information",
                     "Reporting accessibility problems with this site", "Enforcement procedure",
                     "Technical information about this site's accessibility", "Non-accessible content",
                     "What we're doing to improve accessibility", "How we tested this site",
                     "Preparation of this statement"):
        assert any(h.startswith(expected) for h in headings), (expected, headings)
    text = text_of(statement)
    assert "Equality and Human Rights Commission" in text and "Equality Commission for Northern Ireland" in text


def test_it_states_the_standard_and_the_axe_tags_the_tests_really_run(statement):
    text = text_of(statement)
    assert "WCAG 2.2 level AA" in text and accessibility.STANDARD == "WCAG 2.2 level AA"
    tags = [unescape(t) for t in re.findall(r"<code>([^<]*)</code>", statement) if t.startswith("wcag")]
    assert tags == axe.WCAG_TAGS  # the list tests/axe.py passes to axe.run
    installed = json.loads((ROOT / "node_modules" / "axe-core" / "package.json").read_text())["version"]
    assert f"axe-core version {installed}" in text


def test_the_colour_schemes_it_names_are_the_ones_the_browser_test_iterates(statement):
    (named,) = re.findall(r"in each colour scheme: ([^;]+);", text_of(statement))
    assert re.split(r", | and ", named) == test_browser.SCHEMES
    assert "Chromium, as packaged by Debian, run headless" in text_of(statement)


def test_it_claims_nothing_the_tests_do_not_check(statement):
    text = text_of(statement).lower()
    tests = "\n".join(p.read_text() for p in (ROOT / "tests").glob("*.py"))
    if "set_viewport_size" not in tests and "viewport=" not in tests:
        assert not re.search(r"\b(phone|mobile|small screen|320)\b", text)  # no width is tested
    assert "keyboard" not in text and "zoom" not in text  # neither is tested on every page
    assert "partially compliant" in text and "this site is fully compliant" not in text
    assert "welsh" in text and "checked by machine only" in text  # the known limits are stated
    if "screen reader" in text:
        assert "nobody has yet tested them with a screen reader" in text


def test_without_an_overlay_it_invents_no_contact_and_is_not_presented_as_official(statement, framework):
    text = text_of(statement)
    assert "this edition does not name a contact" in text
    assert "contact the organisation that published this copy" in text
    assert "@" not in text and "mailto:" not in statement
    assert "not the official publication" in text and "They do not run this site" in text
    assert "please do not send reports about it to NHS Resolution or NHS England" in text


def test_the_date_prepared_comes_from_the_build_never_the_clock(framework, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert f"prepared on {long_date(framework.edition.published)}" in " ".join(render(framework).split())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    page = render(framework)
    assert "prepared on 1 January 2026" in " ".join(page.split())
    assert page == render(framework)


def test_an_organisations_contact_replaces_the_general_advice(framework):
    contact = AccessibilityContact("Web team", "Email [web@trust.example](mailto:web@trust.example).")
    local = dataclasses.replace(framework, organisation=Organisation("Test Trust", (), None, contact))
    page = render(local)
    assert "**Web team**, Test Trust" in page and "(mailto:web@trust.example)" in page
    assert "does not name a contact" not in page
    bare = render(dataclasses.replace(framework, organisation=Organisation("Test Trust")))
    assert "contact Test Trust, who run this version of the site" in " ".join(bare.split())


def test_the_statement_page_has_no_axe_violations(browser, site_url):
    for scheme in accessibility.COLOUR_SCHEMES:
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(site_url + PAGE)
            assert axe.axe_violations(page) == [], scheme
        finally:
            context.close()
