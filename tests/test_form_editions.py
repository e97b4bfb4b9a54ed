"""A record saved with the 2025 edition, opened in the 2026 draft edition's form."""
from __future__ import annotations


import pytest
from playwright.sync_api import expect

from conftest import ROOT, serving
from fairframe.core.record import Record, record_to_json
from fairframe.editions import load_source
from formpage import css_id, new_context, open_form, open_record, save


@pytest.fixture(scope="module")
def draft_url(draft_site):
    with serving(draft_site) as url:
        yield url


def test_an_older_record_opens_with_its_answers_and_the_changes_to_review(browser, draft_url, tmp_path):
    current = load_source(ROOT)
    answers = {q.id: "yes" for q in current.questions[:6]} | {"P3.Q8": "unknown", "P2.Q8": "no"}
    path = tmp_path / "saved-2025.json"
    path.write_text(record_to_json(Record(edition="2025-01", case={"reference": "OLD-2"}, answers=answers,
                                          notes={"P3.Q8": "Letter sent on 4 June."})))
    context = new_context(browser)
    page = open_form(context, draft_url)
    open_record(page, path)
    expect(page.locator("#ff-status")).to_contain_text("2 questions changed in this edition")
    changes = page.locator("#ff-edition-changes")
    expect(changes).to_be_visible()
    expect(changes).to_contain_text("P3.Q8 was removed")
    expect(changes).to_contain_text("Letter sent on 4 June.")
    expect(changes).to_contain_text("P2.Q8 was reworded")
    expect(page.locator(css_id("P2.Q8-no"))).to_be_checked()
    expect(page.locator(css_id("P1.Q1-yes"))).to_be_checked()
    _, saved, _ = save(page, tmp_path)
    assert saved["edition"] == "2026-01"
    assert {c["id"]: c["change"] for c in saved["edition_changes"]} == {"P3.Q8": "removed", "P2.Q8": "reworded"}
    assert "P3.Q8" not in saved["answers"]
    page.get_by_role("button", name="Print record").click()
    assert "P3.Q8 was removed" in page.locator("#ff-print-view").text_content()
    context.close()
