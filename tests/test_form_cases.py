"""Cases on this device: several cases side by side, tabs that never overwrite each other, review
points with what changed, drafts of an earlier edition, damaged drafts, and nothing replaced unasked."""
from __future__ import annotations

import json
import re

import pdfplumber
import pytest
from playwright.sync_api import expect

from axe import axe_violations
from conftest import _QuietHandler, serving
from formpage import (CASE_LIST, CASE_VIEW, READY, answer, back_to_cases, clear_device, continue_case, css_id,
                      fill_case, fill_date, new_context, open_case_form, open_form, open_record, record_review_point,
                      save, show_view, start_case, write_notes)

READ_CASES = """() => new Promise((resolve) => {
    const open = indexedDB.open('fairframe');
    open.onsuccess = () => {
        const request = open.result.transaction('cases').objectStore('cases').getAll();
        request.onsuccess = () => { resolve(request.result); open.result.close(); };
    };
})"""

PUT_CASE = """(entry) => new Promise((resolve, reject) => {
    const open = indexedDB.open('fairframe');
    open.onsuccess = () => {
        const transaction = open.result.transaction('cases', 'readwrite');
        transaction.objectStore('cases').put(entry);
        transaction.oncomplete = () => { open.result.close(); resolve(true); };
        transaction.onerror = () => reject(transaction.error);
    };
})"""


@pytest.fixture
def context(browser):
    context = new_context(browser)
    yield context
    context.close()


def stored(page) -> dict:
    """{case reference: stored record} for every case kept in this browser."""
    return {entry["record"]["case"].get("reference", ""): entry["record"] for entry in page.evaluate(READ_CASES)}


def wait_stored(page, reference: str, key: str, expected) -> None:
    """Waits (up to 5 s) until the stored record of case `reference` has `expected` under `key`."""
    for _ in range(50):
        record = stored(page).get(reference)
        if record is not None and record.get(key) == expected:
            return
        page.wait_for_timeout(100)
    assert stored(page).get(reference, {}).get(key) == expected


def test_three_cases_are_kept_side_by_side_each_with_its_own_draft(context, site_url, framework):
    page = open_form(context, site_url)
    expect(page.get_by_role("heading", name="Cases on this device", exact=True)).to_be_visible()
    expect(page.locator("#ff-cases-empty")).to_be_visible()
    ids = [q.id for q in framework.questions]
    plan = {"CASE-A": ("yes", ids[0]), "CASE-B": ("no", ids[1]), "CASE-C": ("unknown", ids[2])}
    for reference, (value, question) in plan.items():
        start_case(page, reference)
        fill_case(page, "practitioner_reference", f"PR-{reference}")
        answer(page, question, value)
        if reference == "CASE-B":
            fill_date(page, "next_review", "31/1/2020")  # overdue
        expect(page.locator("#P1-status")).to_have_attribute("data-status", "In progress")
        back_to_cases(page)

    table = page.get_by_role("table")
    headings = table.get_by_role("columnheader").all_inner_texts()
    for wanted in ("Case reference", "Practitioner reference", "Latest review point", "Progress", "Last changed",
                   "Next review due"):
        assert wanted in headings
    expect(page.locator("#ff-case-rows tr")).to_have_count(3)
    for reference in plan:
        expect(page.get_by_role("button", name=f"Continue case {reference}", exact=True)).to_be_visible()
        row = page.locator("#ff-case-rows tr", has=page.get_by_role("rowheader", name=re.compile(reference)))
        expect(row).to_contain_text(f"PR-{reference}")
        expect(row).to_contain_text(f"1 of {len(ids)} questions answered")
    overdue = page.locator("#ff-case-rows tr.ff-case--overdue")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("CASE-B")
    expect(overdue).to_contain_text("Overdue")

    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    for reference, (value, question) in plan.items():
        continue_case(page, reference)
        expect(page.locator("#case-reference")).to_have_value(reference)
        expect(page.locator(css_id(f"{question}-{value}"))).to_be_checked()
        others = [q for _, q in plan.values() if q != question]
        for other in others:
            assert page.locator(f"input[name='{other}']:checked").count() == 0
        back_to_cases(page)
    records = stored(page)
    assert {ref: rec["answers"] for ref, rec in records.items()} == {
        ref: {question: value} for ref, (value, question) in plan.items()}


def test_the_same_case_in_two_tabs_is_edited_in_one_and_can_be_taken_over(context, site_url, framework):
    ids = [q.id for q in framework.questions]
    first = open_case_form(context, site_url, "TABS-1")
    answer(first, ids[0], "yes")
    second = open_form(context, site_url)
    continue_case(second, "TABS-1")
    lock = second.locator("#ff-lock-text")
    expect(lock).to_contain_text("open in another tab")
    assert lock.get_attribute("role") == "status"
    expect(second.locator(css_id(f"{ids[0]}-yes"))).to_be_checked()
    expect(second.locator(css_id(f"{ids[1]}-no"))).to_be_disabled()
    expect(first.locator("#ff-lock-text")).to_be_empty()

    answer(first, ids[1], "no")  # the first tab still edits; the second follows
    expect(second.locator(css_id(f"{ids[1]}-no"))).to_be_checked()

    second.get_by_role("button", name="Take over").click()
    expect(second.locator(css_id(f"{ids[2]}-unknown"))).to_be_enabled()
    expect(first.locator("#ff-lock-text")).to_contain_text("now being edited in another tab")
    expect(first.locator(css_id(f"{ids[2]}-unknown"))).to_be_disabled()
    expect(second.locator(css_id(f"{ids[0]}-yes"))).to_be_checked()
    expect(second.locator(css_id(f"{ids[1]}-no"))).to_be_checked()
    answer(second, ids[2], "unknown")
    write_notes(second, ids[2], "Written in the second tab.")
    expect(first.locator(css_id(f"{ids[2]}-notes"))).to_have_value("Written in the second tab.")
    wait_stored(second, "TABS-1", "answers", {ids[0]: "yes", ids[1]: "no", ids[2]: "unknown"})

    first.get_by_role("button", name="Take over").click()  # and back again
    expect(first.locator(css_id(f"{ids[3]}-yes"))).to_be_enabled()
    expect(second.locator("#ff-lock-text")).to_contain_text("now being edited in another tab")
    answer(first, ids[3], "yes")
    expect(second.locator(css_id(f"{ids[3]}-yes"))).to_be_checked()
    wait_stored(first, "TABS-1", "answers", {ids[0]: "yes", ids[1]: "no", ids[2]: "unknown", ids[3]: "yes"})
    wait_stored(first, "TABS-1", "notes", {ids[2]: "Written in the second tab."})


def test_different_cases_in_two_tabs_work_side_by_side(context, site_url, framework):
    ids = [q.id for q in framework.questions]
    first = open_case_form(context, site_url, "SIDE-1")
    second = open_case_form(context, site_url, "SIDE-2")
    for index in range(4):
        answer(first, ids[index], "yes")
        answer(second, ids[index + 4], "no")
    expect(first.locator("#ff-lock-text")).to_be_empty()
    expect(second.locator("#ff-lock-text")).to_be_empty()
    expect(second.locator(css_id(f"{ids[7]}-no"))).to_be_enabled()
    wait_stored(first, "SIDE-1", "answers", {q: "yes" for q in ids[:4]})
    wait_stored(first, "SIDE-2", "answers", {q: "no" for q in ids[4:8]})
    back_to_cases(second)
    expect(second.locator("#ff-case-rows tr")).to_have_count(2)
    expect(first.locator(css_id(f"{ids[0]}-yes"))).to_be_checked()


def test_review_points_keep_the_answers_and_show_what_changed(context, site_url, framework, tmp_path):
    principles = framework.principles
    q1, q2, q3 = principles[0].questions[0].id, principles[0].questions[1].id, principles[1].questions[0].id
    page = open_case_form(context, site_url, "REVIEW-9")
    fill_date(page, "concern_raised", "20 February 2025")
    answer(page, q1, "unknown")
    answer(page, q2, "no")
    record_review_point(page, "start", "2025-03-03", "Case manager", "First look.")
    expect(page.locator("#ff-review-rows tr")).to_have_count(1)
    expect(page.locator("#ff-changes-since")).to_contain_text(
        "Nothing has changed since the start of case on 3 March 2025")

    answer(page, q1, "yes")
    write_notes(page, q2, "Asked HR for the timeline.")
    answer(page, q3, "yes")
    show_view(page, "reviews")
    changes = page.locator("#changes")
    expect(changes.get_by_role("heading", name="What changed since the last review point", exact=True)).to_be_visible()
    expect(changes.get_by_role("heading", name=f"{principles[0].id}. {principles[0].title}")).to_be_visible()
    expect(changes.get_by_role("heading", name=f"{principles[1].id}. {principles[1].title}")).to_be_visible()
    block = changes.locator(".ff-change", has_text=q1)
    expect(block).to_contain_text("Answer at the start of case (3 March 2025)Unknown")
    expect(block).to_contain_text("Answer nowYes")
    expect(changes.locator(".ff-change", has_text=q2)).to_contain_text("Asked HR for the timeline.")
    expect(changes.locator(".ff-change")).to_have_count(3)

    record_review_point(page, "review", "2025-04-02", "Case manager", "Evidence in.")
    expect(page.locator(css_id(f"{q1}-history"))).to_have_text(
        "At each review point: Unknown at the start of case on 3 March 2025; Yes at the review on 2 April 2025.")
    expect(page.locator("#ff-changes .ff-change")).to_have_count(0)
    record_review_point(page, "review", "2025-03-10")  # before the last one: refused, nothing recorded
    expect(page.locator("#review-date-error")).to_be_visible()
    expect(page.locator("#ff-review-rows tr")).to_have_count(2)

    answer(page, q2, "yes")
    record_review_point(page, "decision", "2025-05-01", "Panel", "Decision made.")
    expect(page.locator("#ff-review-rows tr")).to_have_count(3)
    assert page.locator("#ff-review-rows input, #ff-review-rows textarea, #ff-review-rows select").count() == 0
    expect(page.locator("#ff-dates")).to_contain_text("days between review points")
    answer(page, q3, "no")  # work carries on after the decision
    expect(page.locator("#ff-changes .ff-change")).to_have_count(1)

    _, record, _ = save(page, tmp_path)
    assert [(s["point"], s["date"]) for s in record["snapshots"]] == [
        ("start", "2025-03-03"), ("review", "2025-04-02"), ("decision", "2025-05-01")]
    assert record["snapshots"][0]["answers"] == {q1: "unknown", q2: "no"}
    assert record["answers"][q3] == "no"

    path = tmp_path / "print.pdf"
    path.write_bytes(page.pdf(format="A4"))  # printing fills the print view (beforeprint)
    view = page.locator("#ff-print-view")
    view.evaluate("(view) => view.replaceChildren()")
    page.get_by_role("button", name="Print record").click()  # window.print(): after page.pdf, which it blocks
    expect(view.locator("h2", has_text="What changed at each review point")).to_have_count(1)
    expect(view.locator("h2", has_text="What changed since the last review point")).to_have_count(1)
    with pdfplumber.open(path) as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    flat = " ".join(pages)
    for text in ("Review points", "What changed at each review point", "Start of case, 3 March 2025",
                 "Review, 2 April 2025", "Decision, 1 May 2025", "Unknown at the start of case on 3 March 2025",
                 "What changed since the last review point"):
        assert text in flat, text
    for number, text in enumerate(pages, start=1):
        assert "Case reference: REVIEW-9" in text and f"edition {framework.edition.id}" in text, number
        assert "not the official text" in text, number


def test_a_draft_of_an_earlier_edition_is_offered_and_brought_forward(browser, built_site, draft_site):
    newer = draft_site
    site = {"path": built_site}

    class NoStore(_QuietHandler):
        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

    with serving(lambda: site["path"], handler=NoStore) as url:
        context = new_context(browser)
        try:
            page = open_case_form(context, url, "EDITION-1")
            answer(page, "P3.Q8", "unknown")
            write_notes(page, "P3.Q8", "Letter sent on 4 June.")
            answer(page, "P2.Q8", "no")
            answer(page, "P1.Q1", "yes")
            record_review_point(page, "start", "2025-06-01")
            expect(page.locator("#ff-review-rows tr")).to_have_count(1)
            page.close()

            site["path"] = newer  # the same origin now serves the 2026-01 edition
            page = open_form(context, url)
            row = page.locator("#ff-case-rows tr", has_text="EDITION-1")
            expect(row).to_contain_text("Made with edition 2025-01: continuing brings it into edition 2026-01")
            continue_case(page, "EDITION-1")
            expect(page.locator("#ff-status")).to_contain_text("brought into edition 2026-01")
            changes = page.locator("#ff-edition-changes")
            expect(changes).to_contain_text("P3.Q8 was removed")
            expect(changes).to_contain_text("Letter sent on 4 June.")
            expect(page.locator(css_id("P2.Q8-no"))).to_be_checked()
            expect(page.locator(css_id("P1.Q1-yes"))).to_be_checked()
            expect(page.locator("#ff-review-rows tr")).to_have_count(1)
            entry = [e for e in page.evaluate(READ_CASES) if e["record"]["case"]["reference"] == "EDITION-1"][0]
            assert entry["edition"] == "2026-01" and entry["record"]["edition"] == "2026-01"
            assert entry["record"]["snapshots"][0]["edition"] == "2025-01"

            clear_device(page)
            assert page.evaluate(READ_CASES) == []
        finally:
            context.close()


def test_a_damaged_draft_is_kept_aside_reported_and_offered_for_download(context, site_url, tmp_path):
    page = open_form(context, site_url)
    page.evaluate(PUT_CASE, {"id": "broken-1", "record": "{not json at all"})
    page.evaluate(PUT_CASE, {"id": "broken-2", "edition": "2025-01", "updated": "2025-06-01T10:00:00Z",
                             "summary": {"reference": "BAD-2"},
                             "record": {"format": "fairframe-record", "schema_version": 2, "edition": "2025-01",
                                        "case": {"reference": "BAD-2"}, "answers": {"P1.Q1": "maybe"}}})
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    summary = page.locator("#ff-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("kept aside, not deleted")
    aside = page.locator("#ff-aside")
    expect(aside.locator("li")).to_have_count(1)

    continue_button = page.get_by_role("button", name="Continue case BAD-2", exact=True)
    continue_button.click()
    expect(summary).to_contain_text("The draft of case BAD-2 could not be read")
    expect(page.locator(CASE_LIST)).to_be_visible()
    expect(aside.locator("li")).to_have_count(2)
    expect(page.locator("#ff-case-rows tr")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download unreadable draft 2").click()
    kept = tmp_path / info.value.suggested_filename
    info.value.save_as(kept)
    drafts = [json.loads(kept.read_text())]
    with page.expect_download() as info:
        page.get_by_role("button", name="Download unreadable draft 1").click()
    info.value.save_as(tmp_path / "other.json")
    drafts.append(json.loads((tmp_path / "other.json").read_text()))
    assert {"{not json at all", json.dumps({"P1.Q1": "maybe"})} == {
        d["record"] if isinstance(d["record"], str) else json.dumps(d["record"]["answers"]) for d in drafts}

    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    expect(aside.locator("li")).to_have_count(2)  # never deleted silently
    clear_device(page)
    expect(aside).to_be_hidden()


def test_legacy_drafts_of_every_edition_become_cases_and_clearing_removes_them(context, site_url):
    page = open_form(context, site_url)
    legacy = {"format": "fairframe-record", "schema_version": 1, "edition": "2025-01",
              "case": {"reference": "LEGACY-1"}, "answers": {"P1.Q1": "no"}, "notes": {}, "reviews": []}
    page.evaluate("(text) => localStorage.setItem('fairframe.draft.2025-01', text)", json.dumps(legacy))
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    continue_case(page, "LEGACY-1")
    expect(page.locator(css_id("P1.Q1-no"))).to_be_checked()
    back_to_cases(page)
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('fairframe.draft.'))") == []
    page.evaluate("localStorage.setItem('fairframe.draft.2024-01', '{}')")
    clear_device(page)
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('fairframe.draft.'))") == []
    assert page.evaluate(READ_CASES) == []


def test_opening_a_record_over_unsaved_work_asks_first(context, site_url, framework, tmp_path):
    ids = [q.id for q in framework.questions]
    page = open_case_form(context, site_url, "OTHER-1")
    answer(page, ids[0], "yes")
    _, _, other = save(page, tmp_path)
    back_to_cases(page)

    start_case(page, "MINE-1")
    answer(page, ids[1], "no")
    open_record(page, other)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text("This case has changes not saved to a file")
    expect(dialog.get_by_role("button", name="Save record first")).to_be_focused()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#case-reference")).to_have_value("MINE-1")
    expect(page.locator(css_id(f"{ids[1]}-no"))).to_be_checked()

    open_record(page, other)
    expect(dialog.get_by_role("button", name="Save record first")).to_be_focused()
    page.keyboard.press("Escape")  # the same as Cancel
    expect(dialog).to_be_hidden()
    expect(page.locator("#case-reference")).to_have_value("MINE-1")

    open_record(page, other)
    dialog.get_by_role("button", name="Keep both").click()
    expect(page.locator("#case-reference")).to_have_value("OTHER-1")
    expect(page.locator(css_id(f"{ids[0]}-yes"))).to_be_checked()
    back_to_cases(page)
    expect(page.locator("#ff-case-rows tr")).to_have_count(3)
    assert stored(page)["MINE-1"]["answers"] == {ids[1]: "no"}

    continue_case(page, "MINE-1")
    answer(page, ids[2], "unknown")
    open_record(page, other)
    with page.expect_download() as info:
        dialog.get_by_role("button", name="Save record first").click()
    info.value.save_as(tmp_path / "mine.json")
    assert json.loads((tmp_path / "mine.json").read_text())["answers"] == {ids[1]: "no", ids[2]: "unknown"}
    expect(page.locator("#case-reference")).to_have_value("OTHER-1")


def test_a_change_of_nation_clears_a_policy_that_no_longer_applies(context, site_url):
    page = open_case_form(context, site_url, "POLICY-1")
    show_view(page, "case")
    page.select_option("#case-nation", "England")
    page.select_option("#case-care_setting", "Secondary care")
    page.select_option("#case-profession", "Doctor")
    page.select_option("#case-policy", "Maintaining High Professional Standards in the Modern NHS")
    page.select_option("#case-nation", "Wales")
    expect(page.locator("#case-policy")).to_have_value("")
    announcement = page.locator("#ff-announce")
    assert announcement.get_attribute("role") == "status"
    expect(announcement).to_contain_text("Maintaining High Professional Standards in the Modern NHS")
    expect(announcement).to_contain_text("has been cleared")
    page.select_option("#case-policy", "Upholding Professional Standards in Wales")
    page.select_option("#case-profession", "Dentist")  # still applies: kept
    expect(page.locator("#case-policy")).to_have_value("Upholding Professional Standards in Wales")
    back_to_cases(page)
    assert stored(page)["POLICY-1"]["case"]["policy"] == "Upholding Professional Standards in Wales"


def test_a_record_of_a_newer_edition_is_refused_with_the_message(context, site_url, framework, tmp_path):
    page = open_case_form(context, site_url, "KEEP-2")
    answer(page, framework.questions[0].id, "yes")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({
        "format": "fairframe-record", "schema_version": 2, "edition": "2026-01", "case": {"reference": "NEW"},
        "key_dates": {"concern_raised": "", "next_review": ""}, "patient_safety_incident": "",
        "answers": {"P1.Q1": "no"}, "notes": {}, "snapshots": [], "reviews": [], "edition_changes": []}))
    open_record(page, newer)
    summary = page.locator("#ff-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("This record was saved with edition 2026-01, which is newer than this form "
                                    "(2025-01). Open it in the 2026-01 form.")
    expect(page.locator("#case-reference")).to_have_value("KEEP-2")
    expect(page.locator(css_id(f"{framework.questions[0].id}-yes"))).to_be_checked()


def test_a_sample_of_mutated_records_each_shows_an_error_summary_and_keeps_the_answers(context, site_url, built_site,
                                                                                        framework, tmp_path):
    from record_fuzz import mutated_records
    from fairframe.core.record import RecordError, parse_record
    page = open_case_form(context, site_url, "FUZZ-KEEP")
    answer(page, framework.questions[0].id, "unknown")
    history = json.loads((built_site / "assets" / "form" / "history.json").read_text())
    refused = []
    for name, raw in mutated_records(seed=10, count=200):
        try:
            parse_record(raw, framework, history)
        except RecordError:
            refused.append((name, raw))
        if len(refused) == 25:
            break
    assert len(refused) == 25
    for name, raw in refused:
        path = tmp_path / name
        path.write_bytes(raw)
        open_record(page, path)
        summary = page.locator("#ff-error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text(path.name)
        expect(summary).to_contain_text("Your answers on screen have not changed.")
        expect(page.locator("#case-reference")).to_have_value("FUZZ-KEEP")
        expect(page.locator(css_id(f"{framework.questions[0].id}-unknown"))).to_be_checked()
        page.locator("#case-reference").focus()  # so that the next summary takes focus anew


def test_cases_review_points_and_the_unsaved_question_work_by_keyboard_only(context, site_url, framework):
    page = open_form(context, site_url)
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Start a new case: the task list, its heading focused
    page.wait_for_selector("#tasks-title:focus")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#case"
    page.keyboard.press("Enter")
    page.wait_for_selector("#case-title:focus")
    page.keyboard.press("Tab")
    page.wait_for_selector("#case-reference:focus")
    page.keyboard.type("KEYS-1")
    first = framework.questions[0].id
    show_view(page, first.split(".")[0])
    page.locator(css_id(f"{first}-yes")).focus()
    page.keyboard.press("Space")
    show_view(page, "reviews")
    page.locator("#review-point").focus()
    page.keyboard.press("ArrowDown")  # Start of case
    page.keyboard.press("Tab")
    page.keyboard.type("3/3/2025")  # a date as people write it (en-GB: day first)
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "ff-add-review":
            break
    page.keyboard.press("Enter")
    expect(page.locator("#ff-review-rows tr")).to_have_count(1)
    page.locator("#ff-back").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Leave it unsaved
    expect(page.locator(CASE_LIST)).to_be_visible()
    expect(page.locator("#ff-cases-title")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Continue case KEYS-1":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector(CASE_VIEW)
    expect(page.locator(css_id(f"{first}-yes"))).to_be_checked()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_case_list_and_the_change_view_have_no_axe_violations(browser, site_url, framework, scheme):
    context = new_context(browser, color_scheme=scheme)
    page = open_case_form(context, site_url, "AXE-1")
    fill_date(page, "next_review", "1/1/2020")
    answer(page, framework.questions[0].id, "unknown")
    record_review_point(page, "start", "2025-01-10", "Case manager", "Start.")
    expect(page.locator("#ff-review-rows tr")).to_have_count(1)
    answer(page, framework.questions[0].id, "yes")
    write_notes(page, framework.questions[0].id, "Changed.")
    expect(page.locator("#ff-changes .ff-change")).to_have_count(1)
    show_view(page, "reviews")
    assert axe_violations(page) == []
    back_to_cases(page)
    start_case(page, "AXE-2")
    back_to_cases(page)
    expect(page.locator("#ff-case-rows tr")).to_have_count(2)
    assert axe_violations(page) == []
    continue_case(page, "AXE-1")
    fill_case(page, "reference", "AXE-1b")
    page.get_by_role("button", name="Back to cases on this device").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert axe_violations(page) == []
    context.close()


# The database answers 1.5 s late, as on a slow first visit: the page's opening of it is put off.
SLOW_DATABASE = """
(() => {
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    const late = { result: undefined, error: null };
    setTimeout(() => {
      const request = open.apply(this, args);
      for (const kind of ["upgradeneeded", "success", "error", "blocked"]) {
        request[`on${kind}`] = (event) => {
          if (kind === "error") late.error = request.error;
          else if (kind !== "blocked") late.result = request.result;
          late[`on${kind}`]?.(event);
        };
      }
    }, 1500);
    return late;
  };
  document.addEventListener("ff:form-live", () => { window.__live = performance.now(); });
  document.addEventListener("ff:cases-shown", () => { window.__listed = performance.now(); });
})();
"""


def test_a_case_started_before_the_database_has_listed_the_cases_stays_on_screen_and_is_kept(
        context, site_url, framework):
    context.add_init_script(SLOW_DATABASE)
    page = context.new_page()
    page.goto(site_url + "/complete/", wait_until="commit")
    page.wait_for_selector("#ff-new-case")
    for _ in range(100):  # "Start a new case" answers as soon as the form is live
        if page.evaluate("window.__live !== undefined"):
            break
        page.wait_for_timeout(20)
    assert page.evaluate("window.__listed") is None  # the database has not answered yet
    start_case(page, "EARLY-1")
    question = framework.questions[0].id
    answer(page, question, "no")
    for _ in range(100):
        if page.evaluate("window.__listed !== undefined"):
            break
        page.wait_for_timeout(50)
    assert page.evaluate("window.__listed") > page.evaluate("window.__live") + 1000
    page.wait_for_timeout(300)
    # the first listing came after the case was opened: the case is still on screen, the list is not
    expect(page.locator(CASE_VIEW)).to_be_visible()
    expect(page.locator("#ff-cases")).to_be_hidden()
    expect(page.locator(css_id(f"{question}-no"))).to_be_checked()
    wait_stored(page, "EARLY-1", "answers", {question: "no"})
    back_to_cases(page)
    expect(page.get_by_role("button", name="Continue case EARLY-1", exact=True)).to_be_visible()
