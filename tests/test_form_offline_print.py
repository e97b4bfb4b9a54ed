"""Offline after one visit, a content-versioned cache, and the printed record."""
from __future__ import annotations

import json
import re

import pdfplumber
from playwright.sync_api import expect

from conftest import serving
from formpage import (READY, answer, export_word, new_context, open_case_form, open_form, record_review_point, save,
                      start_case, word_controls, write_notes)
from fairframe.website.offline import precache_urls, service_worker

CONTROLLED = """() => new Promise((resolve) => {
    if (navigator.serviceWorker.controller) return resolve(true);
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true));
})"""


def test_after_one_visit_the_form_works_with_the_network_off(browser, built_site, framework, tmp_path):
    context = new_context(browser, service_workers="allow")
    try:
        with serving(built_site) as url:  # stopped once the form is ready offline
            page = open_form(context, url)
            assert page.evaluate(CONTROLLED) is True  # installed: the site precached, then activated
            # Opening the form caches its own files (Pyodide, the wheel, the data, the Word framework).
            offline = page.locator("#ff-offline[data-state=ready], [data-offline-status][data-state=ready]")
            expect(offline).to_contain_text("Ready to use offline", timeout=90_000)
        context.set_offline(True)

        page.reload()
        page.wait_for_selector(READY, timeout=90_000)
        start_case(page, "OFFLINE-1")
        answer(page, framework.questions[0].id, "no")
        write_notes(page, framework.questions[0].id, "Written with the network off.")
        expect(page.locator("#ff-follow-ups")).to_contain_text(framework.questions[0].id)
        _, record, _ = save(page, tmp_path)
        assert record["answers"] == {framework.questions[0].id: "no"}
        shown = word_controls(export_word(page, tmp_path))
        assert shown[f"{framework.questions[0].id}.notes"] == "Written with the network off."

        for path in ("/", "/principles/", "/how-to-use/"):
            other = context.new_page()
            other.goto(url + path)
            expect(other.locator("h1")).to_be_visible()
            other.close()
        index = page.evaluate(
            "() => fetch('../search/search_index.json').then((r) => r.json()).then((j) => j.docs.length)")
        assert index > 10
    finally:
        context.close()


def test_the_cache_is_versioned_by_content(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "assets" / "pyodide").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "a" / "index.html").write_text("page a")
    (site / "app.js").write_text("one")
    (site / "assets" / "pyodide" / "core.wasm").write_text("python")
    form = ("assets/pyodide/core.wasm",)
    first = service_worker(site, form)
    assert sorted(precache_urls(site, form)) == ["./", "a/", "app.js"]
    assert service_worker(site, form) == first
    (site / "app.js").write_text("two")
    second = service_worker(site, form)
    site_cache = re.compile(r'const SITE_CACHE = "(fairframe-[0-9a-f]{16})"')
    form_cache = re.compile(r'const FORM_CACHE = "(fairframe-form-[0-9a-f]{16})"')
    assert site_cache.search(first).group(1) != site_cache.search(second).group(1)
    assert form_cache.search(first).group(1) == form_cache.search(second).group(1)  # Pyodide not fetched again
    (site / "assets" / "pyodide" / "core.wasm").write_text("python 2")
    assert form_cache.search(service_worker(site, form)).group(1) != form_cache.search(second).group(1)
    assert "caches.delete" in second and "skipWaiting" in second and "clients.claim" in second


def precached(worker: str, name: str) -> list[str]:
    return json.loads(re.search(rf"const {name} = (\[.*?\]);", worker, re.S).group(1))


def test_readers_precache_the_pages_and_the_form_caches_its_own_files(built_site, framework):
    worker = (built_site / "sw.js").read_text()
    site, form = precached(worker, "PRECACHE"), precached(worker, "FORM_FILES")
    for needed in ("complete/", "assets/form/form.js", "assets/form/worker.mjs", "assets/form/form.css",
                   "search/search_index.json", "principles/", "how-to-use/", "./"):
        assert needed in site, needed
    for needed in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/python_stdlib.zip",
                   "assets/pyodide/pyodide-lock.json", "assets/pyodide/pyodide.mjs", "assets/form/framework.json",
                   "assets/form/history.json",
                   f"downloads/fairness-and-proportionality-framework-{framework.edition.id}.docx"):
        assert needed in form, needed
    assert any(re.fullmatch(r"assets/form/fairframe_core-[^/]+\.whl", url) for url in form)
    assert not [url for url in site if "pyodide" in url or url.endswith((".whl", ".wasm", ".br", ".gz", ".map"))]
    assert not [url for url in site if "/lunr/" in url], "only English search: no lunr language files"
    assert "downloads/" in site and not [url for url in site if url.startswith("downloads/") and url != "downloads/"]
    assert not set(site) & set(form)


def pdf_text(pdf_bytes: bytes, tmp_path) -> list[str]:
    path = tmp_path / "print.pdf"
    path.write_bytes(pdf_bytes)
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_the_printed_record_has_every_answer_and_note_and_names_the_case_on_every_page(
        browser, site_url, framework, tmp_path):
    context = new_context(browser)
    page = open_case_form(context, site_url, "PRINT-42")
    labels = {"yes": "Yes", "no": "No", "unknown": "Unknown"}
    chosen, notes = {}, {}
    for index, question in enumerate(framework.questions):
        chosen[question.id] = ("yes", "no", "unknown")[index % 3]
        answer(page, question.id, chosen[question.id])
        notes[question.id] = f"Note {index}: " + "a long note that must print in full. " * (6 if index % 7 == 0 else 1)
        write_notes(page, question.id, notes[question.id])
    record_review_point(page, "start", "2026-11-01")
    expect(page.locator("#ff-review-rows tr")).to_have_count(1)
    expect(page.locator(".ff-follow-up")).to_have_count(sum(v != "yes" for v in chosen.values()))
    pages = pdf_text(page.pdf(format="A4"), tmp_path)  # printing fills the print view (beforeprint)
    # "Print record" fills it too; after window.print() this Chromium cannot make a PDF, so it comes last.
    page.evaluate("document.getElementById('ff-print-view').replaceChildren()")
    page.get_by_role("button", name="Print record").click()
    expect(page.locator("#ff-print-view")).to_contain_text("Case reference: PRINT-42")
    context.close()
    flat = " ".join(" ".join(text.split()) for text in pages)
    squeezed = "".join(flat.split())
    for qid, value in chosen.items():
        assert re.search(rf"{re.escape(qid)} .*?Answer: {labels[value]}", flat), qid
    for qid, text in notes.items():
        assert "".join(text.split()) in squeezed, qid
    assert "Follow-up list" in flat and "Review points" in flat and "Start of case" in flat
    for number, text in enumerate(pages, start=1):
        assert "Case reference: PRINT-42" in text and f"edition {framework.edition.id}" in text, number
        assert "not the official text" in " ".join(text.split()), number
    assert "Choose a review point" not in flat and "Save record" not in flat


def test_the_blank_framework_prints_cleanly(browser, site_url, framework, tmp_path):
    context = new_context(browser)
    page = open_form(context, site_url)
    pages = pdf_text(page.pdf(format="A4"), tmp_path)
    context.close()
    flat = " ".join(" ".join(text.split()) for text in pages)
    for question in framework.questions:
        assert question.id in flat
    assert "Save record" not in flat and "Loading" not in flat
    assert all(f"edition {framework.edition.id}" in text for text in pages)
