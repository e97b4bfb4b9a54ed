"""Bad record files: each gives a clear error in the form and leaves the answers on screen alone."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from axe import axe_violations
from formpage import (answer, fill_case, new_context, open_case_form, open_form, open_record, screen_state, show_view,
                      start_case, write_notes)

CORPUS = Path(__file__).parent / "bad_records"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text())


@pytest.fixture(scope="module")
def filled_page(browser, site_url, framework):
    context = new_context(browser)
    page = open_case_form(context, site_url)
    fill_case(page, "reference", "KEEP-ME")
    for question in framework.questions[:7]:
        answer(page, question.id, "unknown")
    write_notes(page, framework.questions[0].id, "These notes must survive a bad file.")
    yield page
    context.close()


def test_the_corpus_has_at_least_fifteen_files():
    files = [p for p in CORPUS.iterdir() if p.name != "expected.yaml"]
    assert len(files) >= 15
    assert sorted(p.name for p in files) == sorted(EXPECTED)


def assert_refused(page, path: Path, message: str, before: dict) -> None:
    open_record(page, path)
    summary = page.locator("#ff-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text(message)
    expect(summary).to_contain_text(path.name)
    expect(summary).to_contain_text("Your answers on screen have not changed.")
    assert screen_state(page) == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_record_is_refused_with_a_clear_message(filled_page, name):
    before = screen_state(filled_page)
    assert_refused(filled_page, CORPUS / name, EXPECTED[name], before)


def test_a_file_over_the_size_limit_is_refused_unread(filled_page, tmp_path):
    big = tmp_path / "huge-record.json"
    big.write_text('{"format": "fairframe-record", "notes": {"P1.Q1": "' + "x" * 1_200_000 + '"}}')
    before = screen_state(filled_page)
    assert_refused(filled_page, big, "a record can be at most 1000 KB", before)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_form_has_no_axe_violations_blank_filled_and_in_error(browser, site_url, framework, scheme, tmp_path):
    context = new_context(browser, color_scheme=scheme)
    page = open_form(context, site_url)
    assert axe_violations(page) == []
    start_case(page)
    assert axe_violations(page) == []
    answer(page, framework.questions[0].id, "no")
    show_view(page, "check")
    expect(page.locator("#ff-summary")).to_be_visible()
    assert axe_violations(page) == []
    open_record(page, CORPUS / "04-a-list.json")
    expect(page.locator("#ff-error-summary")).to_be_visible()
    show_view(page, "reviews")
    page.get_by_role("button", name="Record this review point").click()
    expect(page.locator(".ff-error-message")).not_to_have_count(0)
    assert axe_violations(page) == []
    context.close()
