"""The form in headless Chromium: completing, following up, saving, opening, printing, exporting."""
from __future__ import annotations


import pdfplumber
import pytest
from playwright.sync_api import expect

from conftest import libreoffice_convert
from formpage import (CASE_LIST, FORM, READY, answer, choose_case, clear_device, continue_case, css_id,
                      export_word, fill_case, fill_date, new_context, open_case_form, open_form, open_record,
                      record_review_point, save, screen_state, show_view, start_case, word_controls, write_notes)

MIX = ("yes", "no", "unknown", "yes", "yes")


@pytest.fixture
def context(browser):
    context = new_context(browser)
    yield context
    context.close()


def complete_everything(page, framework, notes_every: int = 3) -> tuple[dict, dict]:
    answers, notes = {}, {}
    for index, question in enumerate(framework.questions):
        answers[question.id] = MIX[index % len(MIX)]
        answer(page, question.id, answers[question.id])
        if index % notes_every == 0:
            notes[question.id] = f"Checked with HR on day {index}.\nSecond line for {question.id}."
            write_notes(page, question.id, notes[question.id])
    return answers, notes


def test_the_page_is_generated_from_the_model_with_the_right_controls(context, site_url, framework):
    page = open_form(context, site_url)
    expect(page.get_by_role("heading", name="Cases on this device", exact=True)).to_be_visible()
    for name in ("Start a new case", "Open record", "Clear this device"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.get_by_text("Your cases are stored on this device only.")).to_be_visible()
    start_case(page)
    for question in framework.questions[:3] + framework.questions[-3:]:
        show_view(page, question.id.split(".")[0])
        group = page.get_by_role("group", name=question.text, exact=True)
        expect(group).to_be_visible()
        radios = group.get_by_role("radio")
        expect(radios).to_have_count(3)
        for label in ("Yes", "No", "Unknown"):
            expect(group.get_by_role("radio", name=label, exact=True)).not_to_be_checked()
    assert page.locator(".ff-question fieldset").count() == len(framework.questions)
    for view, names in (("tasks", ("Save record", "Open record", "Print record", "Download as Word")),
                        ("reviews", ("Record this review point",)), ("dates", ("Add to calendar",))):
        show_view(page, view)
        for name in names:
            expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="What changed since the last review point", exact=True)).to_be_hidden()
    show_view(page, "reviews")
    expect(page.get_by_role("heading", name="What changed since the last review point", exact=True)).to_be_visible()
    assert page.locator("#case-review_point, #case-date").count() == 0
    csp = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")


def test_the_form_is_fillable_before_python_is_ready_and_keeps_those_answers(context, site_url, framework):
    page = context.new_page()
    page.route("**/assets/pyodide/pyodide.asm.wasm", lambda route: (page.wait_for_timeout(1500), route.continue_()))
    page.goto(site_url + FORM)
    start_case(page)
    first = framework.questions[0].id
    answer(page, first, "no")
    assert page.locator("#ff-status").get_attribute("data-state") == "loading"
    expect(page.locator("#ff-status")).to_have_text(
        "You can start now. Saving, printing and Word export will be ready in a moment.")
    page.wait_for_selector(READY, timeout=90_000)
    expect(page.locator(css_id(f"{first}-no"))).to_be_checked()
    expect(page.locator("#P1-status")).to_have_text("In progress · 1 to follow up")
    expect(page.locator("#P1-status")).to_have_attribute("data-status", "In progress")
    expect(page.locator("#ff-follow-ups")).to_contain_text(first)


def test_a_failed_python_import_is_reported_with_what_to_do(context, site_url):
    page = context.new_page()
    page.route("**/*.whl", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_url + FORM)
    status = page.locator("#ff-status[data-state=error]")
    expect(status).to_be_visible(timeout=90_000)
    expect(status).to_contain_text("could not start")
    expect(status).to_contain_text("Reload the page")


def test_a_whole_record_can_be_completed_by_keyboard_only(context, site_url, framework):
    """Start a case, then from the task list through every view with Tab, Space, arrows and Enter."""
    page = open_form(context, site_url)
    page.locator("#main").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Start a new case"
    page.keyboard.press("Enter")
    page.wait_for_selector("#tasks-title:focus")
    for _ in range(10):  # Tab to the first task
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#case":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("#case-title:focus")
    typed, choices, views = {}, {}, ["case"]
    for _ in range(3000):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { const e = document.activeElement; return {id: e.id, tag: e.tagName, "
                                "type: e.type, name: e.name, next: e.dataset.next || ''}; }")
        if focused["id"] == "case-reference":
            page.keyboard.type("KB-001")
        elif focused["type"] == "radio":
            want = "ArrowDown" if len(choices) % 2 else "Space"  # Space picks Yes, ArrowDown moves to No
            page.keyboard.press(want)
            choices[focused["name"]] = "no" if want == "ArrowDown" else "yes"
        elif focused["tag"] == "TEXTAREA" and focused["name"].endswith(".notes") and len(typed) < 5:
            page.keyboard.type(f"typed {len(typed)}")
            typed[focused["name"][:-6]] = f"typed {len(typed)}"
        elif focused["next"]:  # "Save and continue"
            page.keyboard.press("Enter")
            views.append(focused["next"])
            page.wait_for_selector(f"#{focused['next']}-title:focus")
        elif focused["id"] == "sign_off-name":
            page.keyboard.type("A. Manager")
            break
    assert views == ["case", "gate", *[p.id for p in framework.principles], "check"]
    for question in framework.questions:
        expect(page.locator(css_id(f"{question.id}-{choices[question.id]}"))).to_be_checked()
    for principle in framework.principles:
        expect(page.locator(f"#{principle.id}-status")).to_have_attribute("data-status", "Completed")
    expect(page.locator("#case-reference")).to_have_value("KB-001")
    for qid, text in typed.items():
        expect(page.locator(css_id(f"{qid}-notes"))).to_have_value(text)
    expect(page.locator("#ff-summary")).to_contain_text("KB-001")


def test_the_follow_up_list_is_correct_for_a_mix_of_answers(context, site_url, framework):
    page = open_case_form(context, site_url)
    chosen = {}
    for index, question in enumerate(framework.questions):
        if index % 4 == 3:
            continue  # leave some unanswered
        chosen[question.id] = MIX[index % len(MIX)]
        answer(page, question.id, chosen[question.id])
    answer(page, framework.questions[0].id, "unknown")  # a change of mind counts
    chosen[framework.questions[0].id] = "unknown"
    expected = [q.id for q in framework.questions if chosen.get(q.id) in ("no", "unknown")]
    items = page.locator("#ff-follow-ups .ff-follow-up")
    expect(items).to_have_count(len(expected))
    texts = items.all_inner_texts()
    for text, qid in zip(texts, expected):
        question = framework.question(qid)
        assert text.startswith(f"{qid} {question.text}")
        assert f"Answer: {chosen[qid].capitalize()}." in text
        assert " ".join(question.if_not.split()) in " ".join(text.split())
    groups = page.locator("#ff-follow-ups .ff-follow-up-group__title").all_inner_texts()
    assert groups == [f"{p.id}. {p.title}" for p in framework.principles
                      if any(q.id in expected for q in p.questions)]
    answer(page, expected[-1], "yes")
    expect(items).to_have_count(len(expected) - 1)


def test_save_clear_open_restores_the_record_exactly(context, site_url, framework, tmp_path):
    page = open_case_form(context, site_url)
    fill_case(page, "reference", "CASE/2026/007")
    choose_case(page, "nation", "Wales")
    choose_case(page, "care_setting", "Secondary care")
    choose_case(page, "profession", "Dentist")
    choose_case(page, "policy", "Upholding Professional Standards in Wales")
    fill_date(page, "concern_raised", "20/9/2026")
    expect(page.locator("#key_dates-concern_raised")).to_have_value("20 September 2026")
    show_view(page, "gate")
    page.check("#gate-no")
    complete_everything(page, framework)
    for index, (point, date) in enumerate((("start", "2026-10-01"), ("review", "2026-11-20"))):
        record_review_point(page, point, date, "Case manager", f"Summary at {point}")
        expect(page.locator("#ff-review-rows tr")).to_have_count(index + 1)
    before = screen_state(page)

    filename, record, path = save(page, tmp_path)
    assert filename == f"CASE-2026-007-{record_date(page)}.json"
    assert record["format"] == "fairframe-record" and record["schema_version"] == 2
    assert record["edition"] == framework.edition.id
    assert [r["point"] for r in record["snapshots"]] == ["start", "review"]
    assert record["key_dates"]["concern_raised"] == "2026-09-20"

    clear_device(page)
    expect(page.locator("#ff-case-rows tr")).to_have_count(0)
    expect(page.locator("#ff-cases-empty")).to_be_visible()
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    expect(page.locator("#ff-case-rows tr")).to_have_count(0)

    open_record(page, path)
    expect(page.locator("#case-reference")).to_have_value("CASE/2026/007")
    assert screen_state(page) == before
    _, again, _ = save(page, tmp_path)
    assert again == record


def record_date(page) -> str:
    return page.evaluate("() => new Date().toISOString().slice(0, 10)")


def test_a_draft_survives_a_reload_and_leaving_asks_first(context, site_url, framework):
    page = open_case_form(context, site_url, "RELOAD-1")
    answer(page, framework.questions[5].id, "unknown")
    write_notes(page, framework.questions[5].id, "Draft note")
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_selector(CASE_LIST)
    continue_case(page, "RELOAD-1")
    expect(page.locator(css_id(f"{framework.questions[5].id}-unknown"))).to_be_checked()
    expect(page.locator(css_id(f"{framework.questions[5].id}-notes"))).to_have_value("Draft note")
    write_notes(page, framework.questions[6].id, "Unsaved change")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_adding_a_review_point_keeps_the_earlier_ones_and_checks_its_fields(context, site_url):
    page = open_case_form(context, site_url)
    show_view(page, "reviews")
    page.get_by_role("button", name="Record this review point").click()
    summary = page.locator("#ff-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).not_to_have_count(0)
    expect(page.locator("#review-point-error")).to_be_visible()
    for index, point in enumerate(["start", "review", "decision", "closure"]):
        record_review_point(page, point, f"2026-0{index + 1}-10")
        expect(page.locator("#ff-review-rows tr")).to_have_count(index + 1)
    assert page.locator("#ff-review-rows tr").first.inner_text().startswith("10 January 2026")


def test_the_word_export_shows_every_answer_and_note(context, site_url, framework, tmp_path):
    page = open_case_form(context, site_url, "WORD-1")
    answers, notes = complete_everything(page, framework, notes_every=2)
    path = export_word(page, tmp_path)
    assert path.name == f"WORD-1-{record_date(page)}.docx"
    shown = word_controls(path)
    labels = {"yes": "Yes", "no": "No", "unknown": "Unknown"}
    for qid, value in answers.items():
        assert shown[f"{qid}.answer"] == labels[value]
    for qid, text in notes.items():
        assert shown[f"{qid}.notes"] == text
    assert shown["case.reference"] == "WORD-1"
    pdf = libreoffice_convert(path, "pdf", tmp_path)
    with pdfplumber.open(pdf) as opened:
        cells = [" ".join((cell or "").split()) for p in opened.pages for t in p.extract_tables()
                 for row in t for cell in row]
    squeezed = "|".join("".join(cell.split()) for cell in cells)  # PDF line breaks lose their spaces
    for qid, text in notes.items():
        assert "".join(text.split()) in squeezed, qid
    assert sum(cell in ("Yes", "No", "Unknown") for cell in cells) == len(answers)


PAYLOADS = {
    "html": '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>',
    "script": "</textarea><script>document.title='pwned'</script>",
    "xml": ']]></w:t></w:r><w:r><w:t>injected</w:t></w:r><!-- & "quotes" \'single\'',
}


def test_injection_payloads_show_as_text_on_screen_in_print_and_in_word(context, site_url, framework, tmp_path):
    page = open_case_form(context, site_url, PAYLOADS["script"])
    for question, payload in zip(framework.questions, PAYLOADS.values()):
        answer(page, question.id, "no")
        write_notes(page, question.id, payload)
    show_view(page, "check")
    summary = page.locator("#ff-summary")
    for payload in PAYLOADS.values():
        expect(summary).to_contain_text(payload)
    page.get_by_role("button", name="Print record").click()
    view = page.locator("#ff-print-view")
    for payload in PAYLOADS.values():
        assert payload in view.text_content()
    assert page.locator("#ff-summary img, #ff-print-view img, #ff-summary b, #ff-print-view script").count() == 0
    assert page.title() != "pwned"
    _, record, _ = save(page, tmp_path)
    assert record["case"]["reference"] == PAYLOADS["script"]
    path = export_word(page, tmp_path)
    shown = word_controls(path)
    for question, payload in zip(framework.questions, PAYLOADS.values()):
        assert shown[f"{question.id}.notes"] == payload
    assert shown["case.reference"] == PAYLOADS["script"]
    assert "injected" not in "".join(shown.values()).replace(PAYLOADS["xml"], "")


def test_no_request_leaves_the_origin_or_carries_form_data(browser, site_url, framework, tmp_path):
    context = new_context(browser, service_workers="allow")
    requests = []
    context.on("request", lambda request: requests.append(request))
    page = open_case_form(context, site_url)
    marker = "MARKER-7f3a9c"
    fill_case(page, "reference", marker)
    answer(page, framework.questions[0].id, "no")
    write_notes(page, framework.questions[0].id, marker)
    save(page, tmp_path)
    export_word(page, tmp_path)
    page.get_by_role("button", name="Print record").click()
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    context.close()
    origin = site_url.split("//")[1]
    assert requests
    for request in requests:
        if request.url.startswith(("blob:", "data:")):
            continue
        assert request.url.split("/")[2] == origin, request.url
        assert marker not in request.url and marker not in (request.post_data or "")
        assert request.method == "GET", request.url
