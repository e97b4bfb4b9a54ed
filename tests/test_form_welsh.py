"""The form in Welsh (issue 15): its own words come from the interface text (form.yaml and
translations/cy/interface-form.yaml) in the page and in its scripts, its language is set, it passes
axe, and a record saved in one language opens in the other, since a record holds ids and answer
codes only. The Welsh page is rendered from the Welsh framework into a copy of the built site."""
from __future__ import annotations

import html
import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from axe import axe_violations
from conftest import ROOT, serving
from formpage import (CASE_VIEW, answer, css_id, fill_case, fill_date, new_context, open_form, open_record, show_view,
                      write_notes)
from fairframe.core.load import framework_to_json
from fairframe.project import from_framework, load_project
from fairframe.translations import load_entries, translated_framework
from fairframe.website.form_page import form_page

FORM_ASSETS = ROOT / "overrides" / "assets" / "form"
TEMPLATE = ROOT / "tools" / "fairframe" / "templates" / "website" / "form-page.html.j2"
FORM_CONTEXT = ROOT / "tools" / "fairframe" / "website" / "form.py"
PORTABLE_BOOT = ROOT / "tools" / "fairframe" / "templates" / "portable" / "boot.js"  # the copy without a connection
SEPARATOR = " · "


@pytest.fixture(scope="module")
def english():
    return load_project(ROOT).framework


@pytest.fixture(scope="module")
def welsh():
    loaded = load_project(ROOT)
    return translated_framework(loaded.framework, load_entries(loaded.source, "cy", loaded.framework, ROOT), "cy")


@pytest.fixture(scope="module")
def welsh_page(welsh) -> str:
    return form_page(from_framework(ROOT, welsh))


@pytest.fixture(scope="module")
def welsh_url(built_site, welsh_page, welsh, tmp_path_factory):
    """A copy of the built site whose form is the Welsh one, with the Welsh framework data for its Python."""
    folder = tmp_path_factory.mktemp("welsh-form") / "site"
    shutil.copytree(built_site, folder, ignore=shutil.ignore_patterns("*.br", "*.gz", "*-form-*.zip"))
    (folder / "complete" / "index.html").write_text(welsh_page, encoding="utf-8")
    (folder / "assets" / "form" / "framework.json").write_text(framework_to_json(welsh), encoding="utf-8")
    with serving(folder) as url:
        yield url


def config_of(page_html: str) -> dict:
    found = re.search(r'<script type="application/json" id="ff-config">(.*?)</script>', page_html, re.S)
    return json.loads(found.group(1))


def form_keys(framework) -> dict[str, str]:
    return {message.key[len("form."):]: message.text for message in framework.interface
            if message.key.startswith("form.")}


# ---- without a browser ----------------------------------------------------------------------------
def test_the_welsh_page_has_its_language_and_the_welsh_words(welsh_page, welsh, english):
    assert '<html lang="cy-GB"' in welsh_page
    assert '<html lang="en-GB"' in form_page(from_framework(ROOT, english))
    config = config_of(welsh_page)
    assert config["messages"] == form_keys(welsh) and config["lang"] == "cy"
    assert config["messages"]["save_record"] == "Cadw'r cofnod"
    assert config["reviewPoints"][0]["label"] == "Dechrau'r achos"
    # No word of the form's own English is left as the text of an element of the Welsh page.
    shown = {html.unescape(text).strip() for text in re.findall(r">([^<>]+)<", welsh_page)}
    cy = form_keys(welsh)
    left = [text for key, text in form_keys(english).items() if cy[key] != text and text in shown]
    assert left == []
    for key in ("save_record", "check_answers", "tasks_title", "new_case", "status_loading", "error_summary_title"):
        assert cy[key] in shown, key
    # Every printed page's margin: the status line and the source, in Welsh.
    assert config["notOfficial"] == welsh.status_line and config["notOfficial"].startswith("Argraffiad ")
    assert config["source"] == welsh.edition.short_source() != english.edition.short_source()
    assert welsh.status_line in html.unescape(welsh_page) and english.status_line not in welsh_page
    assert english.status_line == english.edition.not_official  # in English, word for word the model's own


def test_every_text_the_form_asks_for_exists_and_every_text_is_used(english):
    keys = form_keys(english)
    scripts = {path.name: path.read_text(encoding="utf-8") for path in FORM_ASSETS.glob("*.js")}
    asked = set()
    for text in scripts.values():
        asked |= set(re.findall(r'\bui\(\s*"(\w+)"', text))
        asked |= {f"{base}_{form}" for base in re.findall(r'\bcounted\(\s*"(\w+)"', text) for form in ("one", "other")}
    assert sorted(asked - set(keys)) == []
    sources = "\n".join([*scripts.values(), (FORM_ASSETS / "worker.mjs").read_text(encoding="utf-8"),
                         TEMPLATE.read_text(encoding="utf-8"), FORM_CONTEXT.read_text(encoding="utf-8"),
                         PORTABLE_BOOT.read_text(encoding="utf-8")])
    dynamic = [r"month_\d+", r"review_point_\w+_phrase",
               r"(details_to_fill_in|characters_remaining|characters_too_many)_(one|other)"]
    unused = [key for key in keys if f'"{key}"' not in sources and f'"form.{key}"' not in sources
              and key not in asked and not any(re.fullmatch(pattern, key) for pattern in dynamic)]
    assert unused == []


# ---- in Chromium --------------------------------------------------------------------------------
def test_the_welsh_form_reads_in_welsh_counts_in_welsh_and_passes_axe(browser, welsh_url, welsh):
    ui = welsh.ui
    p1 = welsh.principles[0]
    context = new_context(browser)
    try:
        page = open_form(context, welsh_url)
        assert page.get_attribute("html", "lang") == "cy-GB"
        expect(page.locator("#ff-status")).to_have_text(ui("form.status_ready"))
        expect(page.get_by_role("heading", name=ui("form.cases_title"))).to_be_visible()
        problems = [("case list", v) for v in axe_violations(page)]

        page.get_by_role("button", name=ui("form.new_case")).click()
        page.wait_for_selector(CASE_VIEW)
        expect(page.get_by_role("heading", name=ui("form.tasks_title"))).to_be_visible()
        for name in ("form.save_record", "form.print_record", "form.download_word"):
            expect(page.get_by_role("button", name=ui(name))).to_be_visible()
        fill_case(page, "reference", "CY-1")
        answer(page, p1.questions[0].id, "no")
        answer(page, p1.questions[1].id, "yes")
        fill_date(page, "next_review", "3/2/2025")
        expect(page.locator("#key_dates-next_review")).to_have_value("3 Chwefror 2025")
        fill_date(page, "concern_raised", "5 Mawrth 2024")
        expect(page.locator("#key_dates-concern_raised")).to_have_value("5 Mawrth 2024")
        fill_date(page, "concern_raised", "31 Chwefror 2024")
        expect(page.locator("#key_dates-concern_raised-error")).to_have_text(ui("form.date_error"))
        fill_date(page, "concern_raised", "5 Maw 2024")

        show_view(page, "tasks")
        later = ui("form.to_follow_up", count=1)
        expect(page.locator(f"#{p1.id}-status")).to_have_text(SEPARATOR.join([ui("form.status_in_progress"), later]))
        expect(page.locator(f"#{p1.id}-count")).to_have_text(
            SEPARATOR.join([ui("form.answered_count", answered=2, total=len(p1.questions)), later]))
        expect(page.locator("#task-case-status")).to_have_text(ui("form.status_in_progress"))
        expect(page.locator(f"#{welsh.principles[1].id}-status")).to_have_text(ui("form.status_not_started"))
        expect(page.locator("#task-dates-hint")).to_have_text(
            ui("form.next_review_hint_overdue", date="3 Chwefror 2025"))
        expect(page.locator("#task-follow-ups-hint")).to_have_text(ui(
            "form.follow_ups_hint", questions=ui("form.questions_one", count=1),
            principles=ui("form.principles_one", count=1)))
        text = page.inner_text("#tasks")
        for words in ("Not started", "In progress", "Completed", "to follow up", "answered", "Back to task list"):
            assert words not in text
        for view in ("tasks", p1.id, "dates", "check"):
            show_view(page, view)
            problems += [(view, v) for v in axe_violations(page)]
        assert problems == []

        # The print view and every printed page's margins are in Welsh too.
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        expect(page.locator("#ff-print-view h1")).to_have_text(ui("form.print_title"))
        margins = page.evaluate("""() => [...document.adoptedStyleSheets]
            .flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join(' ')""")
        assert '"Tudalen " counter(page) " o " counter(pages)' in margins
        assert "Argraffwyd ar" in margins and "Cyfeirnod yr achos: CY-1" in margins
    finally:
        context.close()


def test_the_worker_s_own_messages_are_worded_in_welsh(browser, welsh_url, welsh):
    context = new_context(browser)
    context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="Not found"))
    try:
        page = open_form(context, welsh_url, wait=False)
        status = page.locator("#ff-status")
        expect(status).to_have_attribute("data-state", "error", timeout=15_000)
        reason = welsh.ui("form.python_file_not_loaded", name="pyodide.asm.wasm",
                          reason=welsh.ui("form.python_http_status", status=404))
        expect(status).to_have_text(welsh.ui("form.status_failed", reason=reason[0].upper() + reason[1:]))
        expect(page.get_by_role("button", name=welsh.ui("form.save_draft_file"))).to_be_visible()
    finally:
        context.close()


def fill_a_case(page, reference: str, framework, note: str, next_review: str) -> dict:
    """Start a case and answer it; returns the answers given."""
    page.get_by_role("button", name=framework.ui("form.new_case")).click()
    page.wait_for_selector(CASE_VIEW)
    fill_case(page, "reference", reference)
    show_view(page, "gate")
    page.check("#gate-no")
    chosen = {framework.questions[0].id: "no", framework.questions[3].id: "yes", framework.questions[-1].id: "unknown"}
    for qid, value in chosen.items():
        answer(page, qid, value)
    write_notes(page, framework.questions[0].id, note)
    fill_date(page, "next_review", next_review)
    return chosen


def save_record(page, framework, folder):
    """"Save record" in the page's language: (the file, the record)."""
    folder.mkdir()
    with page.expect_download() as info:
        page.get_by_role("button", name=framework.ui("form.save_record")).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def opened_in(page, path, framework, chosen: dict, reference: str, note: str, shown_date: str) -> None:
    open_record(page, path)
    page.wait_for_selector("#tasks.ff-view:not([hidden])")
    expect(page.locator("#ff-error-summary")).to_be_hidden()
    for qid, value in chosen.items():
        show_view(page, qid.split(".")[0])
        assert page.is_checked(css_id(f"{qid}-{value}")), qid
    assert page.input_value(css_id(f"{framework.questions[0].id}-notes")) == note
    show_view(page, "case")
    expect(page.locator("#case-reference")).to_have_value(reference)
    show_view(page, "dates")
    expect(page.locator("#key_dates-next_review")).to_have_value(shown_date)


def _saved_in(browser, url, framework, reference, note, typed_date, iso_date, folder):
    """A case filled in and saved from the form at `url`: (the answers chosen, the file, the record)."""
    context = new_context(browser)
    try:
        page = open_form(context, url)
        chosen = fill_a_case(page, reference, framework, note, typed_date)
        path, record = save_record(page, framework, folder)
        assert record["answers"] == chosen and record["key_dates"]["next_review"] == iso_date
        assert record["patient_safety_incident"] == "no"
        return chosen, path, record
    finally:
        context.close()


def _opened_in(browser, url, expected: tuple, then) -> None:
    """The saved record opened in the form at `url`, showing what `expected` gives (see opened_in);
    then(page) for what else the test checks."""
    context = new_context(browser)
    try:
        page = open_form(context, url)
        opened_in(page, *expected)
        then(page)
    finally:
        context.close()


def test_a_record_saved_in_welsh_opens_in_english_and_the_other_way_round(browser, welsh_url, site_url, welsh,
                                                                            english, tmp_path):
    # Welsh to English: it opens with everything, and saves again the same.
    chosen, welsh_path, from_welsh = _saved_in(browser, welsh_url, welsh, "CY-EN-1", "Nodyn yn Gymraeg.",
                                               "3 Chwefror 2026", "2026-02-03", tmp_path / "cy")
    def saves_the_same(page):
        _path, again = save_record(page, english, tmp_path / "again")
        for part in ("case", "answers", "notes", "key_dates", "patient_safety_incident", "sign_off"):
            assert again[part] == from_welsh[part], part

    _opened_in(browser, site_url, (welsh_path, english, chosen, "CY-EN-1", "Nodyn yn Gymraeg.", "3 February 2026"),
               saves_the_same)

    # English to Welsh: it opens with everything, and the Welsh page says so in Welsh.
    chosen, english_path, _record = _saved_in(browser, site_url, english, "EN-CY-1", "A note in English.",
                                              "14/7/2026", "2026-07-14", tmp_path / "en")
    def says_so_in_welsh(page):
        opened = welsh.ui("form.opened", name=english_path.name)
        expect(page.locator("#ff-status")).to_have_text(re.compile("^" + re.escape(opened)))

    _opened_in(browser, welsh_url, (english_path, welsh, chosen, "EN-CY-1", "A note in English.", "14 Gorffennaf 2026"),
               says_so_in_welsh)
