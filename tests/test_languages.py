"""The site in Welsh under /cy/: every page at the same path as in English, in Welsh, marked as a draft
translation, with a language switcher that goes to the same page; its own downloads; the build that
can require a complete translation; `diff` naming the translations a new edition makes stale."""
from __future__ import annotations

import re
import shutil
import socket

import pikepdf
import pytest

from axe import page_problems
import pdf_text
from conftest import ROOT, copy_project, serving
from fairframe import cli
from fairframe.project import load_project
from fairframe.translations import load_entries
from fairframe.website.accessibility import COLOUR_SCHEMES
from test_site import site_pages


@pytest.fixture(scope="module")
def port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory, port):
    """The site with its Welsh version, built as `fairframe build` builds it, for the address it is
    served at (the sitemaps that the theme's language switcher reads give whole addresses)."""
    from fairframe.build import build_site
    return build_site(ROOT, tmp_path_factory.mktemp("bilingual") / "site", site_url=f"http://127.0.0.1:{port}/")


@pytest.fixture(scope="module")
def site_url(built_site, port):
    with serving(built_site, port) as url:
        yield url


def _english_pages(site):
    return [path for path in site_pages(site) if not path.startswith("/cy/")]


def test_every_page_has_a_welsh_page_at_the_same_path(built_site):
    english = _english_pages(built_site)
    assert len(english) >= 20
    for path in english:
        welsh = built_site / "cy" / path.lstrip("/") / ("" if path.endswith(".html") else "index.html")
        assert welsh.is_file(), path
        html = welsh.read_text(encoding="utf-8")
        assert re.search(r'<html lang="cy(-GB)?"', html), path
        assert "Cyfieithiad drafft" in html, path  # a draft translation, said on every page


def test_the_welsh_pages_show_the_welsh_text(built_site):
    project = load_project(ROOT)
    entries = load_entries(project.source, "cy", project.framework, ROOT)
    page = (built_site / "cy/principles/welfare-and-support/index.html").read_text(encoding="utf-8")
    assert entries["P1.title"].text in page
    assert entries["P1.Q1.text"].text.replace("'", "&#39;") in page or entries["P1.Q1.text"].text in page
    english = (built_site / "principles/welfare-and-support/index.html").read_text(encoding="utf-8")
    assert entries["P1.title"].text not in english


def test_the_welsh_downloads_are_welsh_documents(built_site):
    downloads = built_site / "cy" / "downloads"
    pdf = next(downloads.glob("*.pdf"))
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "cy-GB"
    text = "\n".join(pdf_text.pages(pdf))
    assert "Lles a chymorth" in text
    assert next(downloads.glob("*.docx")).stat().st_size > 10_000
    assert next(downloads.glob("*.zip")).stat().st_size > 1_000_000


def test_the_english_service_worker_precaches_no_welsh_page(built_site):
    english = (built_site / "sw.js").read_text(encoding="utf-8")
    welsh = (built_site / "cy" / "sw.js").read_text(encoding="utf-8")
    assert '"cy/' not in english and "principles/welfare-and-support/" in welsh
    assert "../assets/pyodide/pyodide.asm.wasm" in welsh  # the one Pyodide core serves both languages


# The dark scheme's styles are the same in both languages (every English page is checked in it, in
# tests/test_browser.py): in Welsh it is checked on one page of each kind.
SAMPLE = ("/", "/principles/welfare-and-support/", "/case-studies/cs-01/", "/downloads/", "/complete/")


def test_every_welsh_page_passes_axe(browser, site_url, built_site):
    def check(page, response, scheme):
        assert page.get_attribute("html", "lang") in ("cy", "cy-GB"), page.url

    context = browser.new_context()
    try:
        problems = [{"page": path, **found} for path in _english_pages(built_site)
                    if (found := page_problems(context, f"{site_url}/cy{path}", check,
                                               COLOUR_SCHEMES if path in SAMPLE else ("light",)))]
    finally:
        context.close()
    assert problems == []


def test_the_language_switcher_goes_to_the_same_page(browser, site_url):
    page = browser.new_page()
    try:
        page.goto(f"{site_url}/principles/understanding-the-issue/", wait_until="networkidle")
        page.locator("a[hreflang=cy]").first.dispatch_event("click")
        page.wait_for_url(re.compile(r"/cy/principles/understanding-the-issue/$"), timeout=15_000)
        assert page.get_attribute("html", "lang") in ("cy", "cy-GB")
        page.locator("a[hreflang=en]").first.dispatch_event("click")
        page.wait_for_url(re.compile(r"127\.0\.0\.1:\d+/principles/understanding-the-issue/$"), timeout=15_000)
    finally:
        page.close()


def test_the_build_can_require_a_complete_translation(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "translations", project / "translations")
    store = project / "translations" / "cy" / "framework.yaml"
    text = store.read_text(encoding="utf-8")
    start = text.index("P1.Q1.text:")
    end = text.index("\nP1.Q1.why:")
    store.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    site = tmp_path / "site"
    assert cli.main(["--root", str(project), "build", "--site-dir", str(site), "--require-complete", "cy"]) == 1
    error = capsys.readouterr().err
    assert "--require-complete cy" in error and "P1.Q1.text" in error
    assert not site.exists()


def test_diff_names_the_translations_a_new_edition_makes_stale(capsys):
    assert cli.main(["--root", str(ROOT), "diff", "--source", "2026-01"]) == 0
    out = capsys.readouterr().out
    assert "Translations (Welsh, cy):" in out and "made stale by edition 2026-01" in out
    assert "stale: P2.Q8.text" in out


def test_the_welsh_form_is_made_available_offline_and_works_without_a_connection(browser, site_url, tmp_path):
    """From the Welsh downloads page, with the Welsh service worker (/cy/sw.js) alone: the form's
    files, the English site's shared Pyodide among them, are cached; offline, the Welsh form starts
    a case and saves it."""
    import json

    from playwright.sync_api import expect

    from fairframe.website.languages import in_language
    from formpage import READY, css_id, new_context, show_view
    project = load_project(ROOT)
    welsh = in_language(project, "cy").framework
    context = new_context(browser, service_workers="allow")
    try:
        page = context.new_page()
        page.goto(site_url + "/cy/downloads/")
        assert page.evaluate("() => navigator.serviceWorker.ready.then((r) => r.scope)") == site_url + "/cy/"
        page.get_by_role("button", name=welsh.ui("site.downloads_offline_button")).click()
        ready = page.locator("[data-offline-status][data-state=ready]")
        expect(ready).to_contain_text(welsh.ui("site.offline_ready_now").split(":")[0], timeout=90_000)
        registrations = page.evaluate("() => navigator.serviceWorker.getRegistrations()"
                                      ".then((all) => all.map((r) => r.scope))")
        assert registrations == [site_url + "/cy/"]  # the English site's worker plays no part

        context.set_offline(True)
        form = context.new_page()
        form.goto(site_url + "/cy/complete/")
        form.wait_for_selector(READY, timeout=90_000)
        form.get_by_role("button", name=welsh.ui("form.new_case")).click()
        form.wait_for_selector("#tasks.ff-view:not([hidden])")
        show_view(form, "case")
        form.fill("#case-reference", "ALL-LEIN-1")
        question = welsh.questions[0].id
        show_view(form, question.split(".")[0])
        form.check(css_id(f"{question}-no"))
        with form.expect_download() as info:
            form.get_by_role("button", name=welsh.ui("form.save_record")).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["case"]["reference"] == "ALL-LEIN-1" and record["answers"] == {question: "no"}
        context.set_offline(False)
    finally:
        context.close()
