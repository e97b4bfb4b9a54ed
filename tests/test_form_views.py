"""The case as a task list and one view at a time (issue 11), driven in Chromium as a user would:
the hub's honest counts, back and forward, the record actions from every view, dates typed either
way, the printed record's page furniture and sign-off, phone width, axe in light and dark, and what
the page says while Python loads, when it cannot start, and when it stops answering."""
from __future__ import annotations

import datetime
import json
import re

import pdfplumber
from playwright.sync_api import expect

from axe import axe_violations
from formpage import (CASE_LIST, answer, css_id, fill_case, fill_date, new_context, open_case_form, open_form,
                      open_record, save, show_view, start_case, write_notes)
from fairframe.core.record_model import CASE_KEYS

ACTIONS = ("Save record", "Print record", "Download as Word")
SEPARATOR = " · "
STARTING = "You can start now. Saving, printing and Word export will be ready in a moment."


def view_ids(framework) -> list[str]:
    return ["tasks", "case", "gate", *(p.id for p in framework.principles), "follow-ups", "dates", "reviews", "check"]


def follow_up_values(framework) -> set[str]:
    return {a.value for a in framework.answer_scale if a.follow_up}


def config_of(page) -> dict:
    return page.evaluate("JSON.parse(document.getElementById('ff-config').textContent)")


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def visible_views(page) -> list[str]:
    return page.eval_on_selector_all(".ff-view", "views => views.filter((v) => !v.hidden).map((v) => v.id)")


# ---- 1. the hub ------------------------------------------------------------------------------------
def test_the_hub_counts_and_statuses_are_honest_for_a_mix_of_answers(browser, site_url, framework):
    first, second, third, *rest = framework.principles
    inquiry = follow_up_values(framework)
    assert "no" in inquiry and "yes" not in inquiry and len(second.questions) >= 3
    context = new_context(browser)
    try:
        page = open_case_form(context, site_url)
        fill_case(page, "reference", "HUB-1")
        fill_case(page, "practitioner_reference", "PR-9")
        show_view(page, "gate")
        page.check("#gate-no")
        for question in first.questions:
            answer(page, question.id, "no")
        partly = {second.questions[0].id: "yes", second.questions[1].id: "unknown"}
        for qid, value in partly.items():
            answer(page, qid, value)
        for question in third.questions:
            answer(page, question.id, "yes")
        show_view(page, "tasks")

        def expect_task(task_id, label, status, count):
            expect(page.locator(f"#{task_id}-status")).to_have_text(label)
            expect(page.locator(f"#{task_id}-status")).to_have_attribute("data-status", status)
            expect(page.locator(f"#{task_id}-count")).to_have_text(count)

        total = len(first.questions)
        expect_task(first.id, f"Completed{SEPARATOR}{total} to follow up", "Completed",
                    f"{total} of {total} answered{SEPARATOR}{total} to follow up")
        later = sum(value in inquiry for value in partly.values())
        expect_task(second.id, f"In progress{SEPARATOR}{later} to follow up", "In progress",
                    f"{len(partly)} of {len(second.questions)} answered{SEPARATOR}{later} to follow up")
        expect_task(third.id, "Completed", "Completed", f"{len(third.questions)} of {len(third.questions)} answered")
        for principle in rest:
            expect_task(principle.id, "Not started", "Not started", f"0 of {len(principle.questions)} answered")
        expect_task("task-case", "In progress", "In progress", f"2 of {len(CASE_KEYS)} filled in")
        expect_task("task-gate", "Completed", "Completed", "Answered No")
        followed = total + later
        expect(page.locator("#task-follow-ups-hint")).to_have_text(
            f"{followed} questions to follow up, in 2 principles")
    finally:
        context.close()


# ---- 2. one view at a time, back and forward -----------------------------------------------------
def test_one_principle_per_view_with_back_and_forward(browser, site_url, framework):
    first, second = framework.principles[:2]
    context = new_context(browser)
    try:
        page = open_form(context, site_url)
        base_title = page.title()
        start_case(page)
        assert page.eval_on_selector_all(".ff-view", "views => views.map((v) => v.id)") == view_ids(framework)
        assert visible_views(page) == ["tasks"]

        page.go_back()  # nothing changed: straight back to the list, no question asked
        page.wait_for_selector(CASE_LIST)
        expect(page.locator("#ff-dialog")).not_to_have_attribute("open", "")
        assert page.title() == base_title and page.evaluate("location.hash") == ""

        start_case(page)
        chosen = {first.questions[0].id: "no", first.questions[1].id: "yes"}
        for qid, value in chosen.items():
            answer(page, qid, value)
        assert visible_views(page) == [first.id]
        assert page.title() == f"{first.id}. {first.title} - {base_title}"

        page.locator(f"#{first.id}").get_by_role("button", name=re.compile(r"^Save and continue")).click()
        page.wait_for_selector(f"#{second.id}.ff-view:not([hidden])")
        assert visible_views(page) == [second.id]
        assert page.evaluate("location.hash") == f"#{second.id}"
        assert page.title() == f"{second.id}. {second.title} - {base_title}"
        assert page.evaluate("document.activeElement.id") == f"{second.id}-title"

        page.go_back()
        page.wait_for_selector(f"#{first.id}.ff-view:not([hidden])")
        assert visible_views(page) == [first.id]
        assert page.title() == f"{first.id}. {first.title} - {base_title}"
        assert page.evaluate("document.activeElement.id") == f"{first.id}-title"
        for qid, value in chosen.items():
            assert page.is_checked(css_id(f"{qid}-{value}")), qid

        page.go_forward()
        page.wait_for_selector(f"#{second.id}.ff-view:not([hidden])")
        assert visible_views(page) == [second.id]
        assert page.evaluate("document.activeElement.id") == f"{second.id}-title"

        page.go_back()  # P1
        page.go_back()  # the task list
        page.wait_for_selector("#tasks.ff-view:not([hidden])")
        assert page.title() == f"Task list - {base_title}"
        page.go_back()  # the list of cases: the case has changes not saved to a file, so it asks
        dialog = page.locator("#ff-dialog[open]")
        expect(dialog).to_be_visible()
        dialog.get_by_role("button", name="Leave it unsaved").click()
        page.wait_for_selector(CASE_LIST)
        expect(page.locator("#ff-case-rows tr")).to_have_count(1)  # its draft stays on this device
    finally:
        context.close()


# ---- 3. the record actions from every view -------------------------------------------------------
def test_the_record_actions_are_reachable_from_every_view(browser, site_url, framework):
    context = new_context(browser)
    try:
        page = open_case_form(context, site_url, "ACTIONS-1")
        for view in view_ids(framework):
            show_view(page, view)
            for name in ACTIONS:
                expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
            gap = page.evaluate("""(id) => {
                const bar = document.querySelector('.ff-record-actions').getBoundingClientRect();
                return bar.top - document.getElementById(id).getBoundingClientRect().bottom;
            }""", view)
            assert 0 <= gap < 120, (view, gap)  # the bar follows the view, not the top of the page
        facts = page.evaluate("""() => {
            const form = document.getElementById('ff-form');
            const bar = document.querySelector('.ff-record-actions');
            const content = [...document.getElementById('check').children].filter((e) => e.checkVisibility());
            return {last: form.lastElementChild.id, next: form.nextElementSibling === bar,
                    end: content[content.length - 1].getBoundingClientRect().bottom,
                    bar: bar.getBoundingClientRect().top};
        }""")
        assert facts["last"] == "check" and facts["next"], facts  # "Check your answers" ends with them
        assert 0 <= facts["bar"] - facts["end"] < 120, facts
    finally:
        context.close()


# ---- 4. dates ------------------------------------------------------------------------------------
def test_dates_are_typed_either_way_shown_in_full_and_saved_as_iso(browser, site_url, framework, tmp_path):
    qid = framework.questions[0].id
    context = new_context(browser)
    try:
        page = open_case_form(context, site_url, "DATES-1")
        answer(page, qid, "unknown")
        write_notes(page, qid, "Kept whatever the dates say.")
        fill_date(page, "concern_raised", "3 February 2025")
        fill_date(page, "next_review", "3/2/2025")
        for key in ("concern_raised", "next_review"):
            expect(page.locator(css_id(f"key_dates-{key}"))).to_have_value("3 February 2025")
        _, record, _ = save(page, tmp_path)
        assert record["key_dates"] == {"concern_raised": "2025-02-03", "next_review": "2025-02-03"}

        fill_date(page, "concern_raised", "31/2/2025")
        error = page.locator(css_id("key_dates-concern_raised-error"))
        expect(error).to_be_visible()
        expect(error).to_contain_text("real date")
        expect(page.locator(css_id("key_dates-concern_raised"))).to_have_value("31/2/2025")
        downloads = []
        page.on("download", lambda download: downloads.append(download))
        page.get_by_role("button", name="Save record").click()
        summary = page.locator("#ff-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        expect(summary.locator("a")).to_have_count(1)
        expect(summary.locator("a")).to_have_attribute("href", "#key_dates-concern_raised")
        assert downloads == []
        expect(page.locator(css_id("key_dates-concern_raised"))).to_have_value("31/2/2025")
        expect(page.locator(css_id("key_dates-next_review"))).to_have_value("3 February 2025")
        assert page.is_checked(css_id(f"{qid}-unknown"))
        assert page.input_value(css_id(f"{qid}-notes")) == "Kept whatever the dates say."
        expect(page.locator("#case-reference")).to_have_value("DATES-1")
    finally:
        context.close()


# ---- 5. the printed record -------------------------------------------------------------------------
def squeezed(text: str) -> str:
    return "".join(text.split())


def page_lines(pdf_page) -> list[dict]:
    """The page's lines of words, top to bottom: {top, bottom, text}, words on a line by x."""
    lines: list[dict] = []
    for word in sorted(pdf_page.extract_words(), key=lambda w: (w["top"], w["x0"])):
        if lines and abs(word["top"] - lines[-1]["top"]) < 2:
            lines[-1]["words"].append(word)
            lines[-1]["bottom"] = max(lines[-1]["bottom"], word["bottom"])
        else:
            lines.append({"top": word["top"], "bottom": word["bottom"], "words": [word]})
    return [{"top": line["top"], "bottom": line["bottom"],
             "text": " ".join(w["text"] for w in sorted(line["words"], key=lambda w: w["x0"]))} for line in lines]


def margin_lines(lines: list[dict], needed: list[str], from_bottom: bool) -> int:
    """How many lines at the top (or bottom) of a page hold all of `needed`: the margin boxes."""
    for count in range(1, 5):
        chosen = lines[-count:] if from_bottom else lines[:count]
        if all(squeezed(text) in squeezed(" ".join(line["text"] for line in chosen)) for text in needed):
            return count
    return 0


def test_the_printed_record_has_page_numbers_date_case_edition_and_sign_off_on_every_page(
        browser, site_url, framework, tmp_path):
    context = new_context(browser)
    try:
        page = open_case_form(context, site_url, "PRINT-7")
        for principle in framework.principles[:3]:
            for index, question in enumerate(principle.questions[:4]):
                answer(page, question.id, ("yes", "no", "unknown")[index % 3])
        long_note = " ".join(f"Sentence {n} of a long note that the printout must carry in full." for n in range(90))
        write_notes(page, framework.principles[1].questions[0].id, long_note)
        show_view(page, "check")
        page.fill("#sign_off-name", "Alex Morgan")
        page.fill("#sign_off-role", "Case manager")
        page.fill("#sign_off-date", "3/2/2025")
        page.locator("#sign_off-date").blur()
        expect(page.locator("#sign_off-date")).to_have_value("3 February 2025")
        not_official = config_of(page)["notOfficial"]
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        expect(page.locator("#ff-print-view")).to_contain_text("PRINT-7")
        page.emulate_media(media="print")
        path = tmp_path / "print.pdf"
        path.write_bytes(page.pdf(format="A4"))
    finally:
        context.close()

    printed_on = f"Printed on {long_date(datetime.date.today())}"
    text = []  # the record's own text, without the margin boxes
    with pdfplumber.open(path) as pdf:
        total = len(pdf.pages)
        assert total >= 3, total
        for number, pdf_page in enumerate(pdf.pages, start=1):
            lines = page_lines(pdf_page)
            header = margin_lines(lines, ["PRINT-7", framework.edition.id, printed_on], from_bottom=False)
            footer = margin_lines(lines, [not_official, f"Page {number} of {total}"], from_bottom=True)
            assert header and footer, (number, lines[:3], lines[-3:])
            body = lines[header:len(lines) - footer]
            assert body, number
            text += [line["text"] for line in body]
            if number < total:  # no nearly empty pages: the body reaches at least half way down
                assert max(line["bottom"] for line in body) >= pdf_page.height / 2, (number, body[-1])
    flat = " ".join(text)
    for shown in ("Name Alex Morgan", "Role Case manager", "Date 3 February 2025", "Sign-off"):
        assert shown in flat, shown
    assert squeezed(long_note) in squeezed(flat)  # in full, across the pages it runs over


# ---- 6. phone width ------------------------------------------------------------------------------
# WCAG 2.2 SC 2.5.8 Target Size (Minimum), as the test applies it: every visible target (a link, a
# button, a radio or checkbox, a select, a text box, anything with role=button) is at least 24 by 24
# CSS pixels, or it is undersized but spaced: a 24 px circle centred on it meets no other target and
# no other undersized target's circle. Exempt, as the criterion allows: a link inline in a sentence
# (its parent holds other text). Not a target on screen: an element drawn 1 px or smaller (the
# visually hidden pattern, e.g. the skip link until it has focus).
SMALL_TARGETS = """() => {
    const selector = 'a[href], button, input[type=radio], input[type=checkbox], select, textarea, [role=button]';
    const shown = [...document.querySelectorAll(selector)].filter((e) => {
        const r = e.getBoundingClientRect();
        return e.checkVisibility({visibilityProperty: true}) && r.width > 1 && r.height > 1;
    });
    const inline = (e) => e.tagName === 'A' && e.parentElement.closest('p, li') !== null
        && [...e.parentElement.childNodes].some((n) => n !== e && n.nodeType === 3 && n.textContent.trim());
    const box = (e) => e.getBoundingClientRect();
    const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
    const small = shown.filter((e) => !inline(e) && (box(e).width < 24 || box(e).height < 24));
    const name = (e) => `${e.tagName.toLowerCase()}#${e.id} "${(e.textContent || e.value || '').trim().slice(0, 30)}"`
        + ` ${Math.round(box(e).width)}x${Math.round(box(e).height)}`;
    const problems = [];
    for (const e of small) {
        const [x, y] = centre(box(e));
        for (const other of shown) {
            if (other === e || other.contains(e) || e.contains(other)) continue;
            const r = box(other);
            const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
            const meets = small.includes(other) ? Math.hypot(x - centre(r)[0], y - centre(r)[1]) < 24
                : Math.hypot(dx, dy) < 12;
            if (meets) { problems.push(`${name(e)} is too close to ${name(other)}`); break; }
        }
    }
    return problems;
}"""


def phone_problems(page, where: str) -> list:
    problems = []
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        problems.append((where, "scrolls sideways", width))
    problems += [(where, problem) for problem in page.evaluate(SMALL_TARGETS)]
    return problems


def test_at_phone_width_nothing_scrolls_sideways_and_targets_are_big_enough(browser, site_url, framework):
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = open_form(context, site_url)
        problems = phone_problems(page, "case list")
        start_case(page, "PHONE-1")
        answer(page, framework.questions[0].id, "no")  # a follow-up, and its prompt under the question
        for view in view_ids(framework):
            show_view(page, view)
            problems += phone_problems(page, view)
        assert problems == []
    finally:
        context.close()


# ---- 7. axe, light and dark ------------------------------------------------------------------------
def test_axe_finds_nothing_on_any_view_in_light_or_dark(browser, site_url, framework):
    context = new_context(browser)
    problems = []
    try:
        page = open_form(context, site_url)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            if page.locator(CASE_LIST).count() == 0:
                page.get_by_role("button", name="Back to cases on this device").click()
                page.locator("#ff-dialog[open]").get_by_role("button", name="Leave it unsaved").click()
                page.wait_for_selector(CASE_LIST)
            problems += [(scheme, "case list", v) for v in axe_violations(page)]
            start_case(page, f"AXE-{scheme}")
            answer(page, framework.questions[0].id, "no")
            fill_date(page, "next_review", "3/2/2025")
            for view in view_ids(framework):
                show_view(page, view)
                problems += [(scheme, view, v) for v in axe_violations(page)]
        assert problems == []
    finally:
        context.close()


# ---- 8. loading and failure ------------------------------------------------------------------------
def test_while_python_loads_the_user_can_start_and_saving_waits_for_it(browser, site_url, framework, tmp_path):
    held = []
    context = new_context(browser)
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # held back until the test lets it through
    try:
        page = open_form(context, site_url, wait=False)
        expect(page.locator("#ff-status")).to_have_text(STARTING)
        for _ in range(300):  # until the worker asks for it (held: Python cannot be ready before the test says)
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the worker did not ask for pyodide.asm.wasm"
        page.wait_for_timeout(1000)
        expect(page.locator("#ff-status")).to_have_text(STARTING)
        start_case(page, "EARLY-1")
        qid = framework.questions[0].id
        answer(page, qid, "unknown")
        page.get_by_role("button", name="Save record").click()
        expect(page.locator("#ff-status")).to_have_text("Saving as soon as the form is ready…")
        expect(page.locator("#ff-status")).to_have_attribute("data-state", "queued")
        downloads = []
        page.on("download", lambda download: downloads.append(download))
        held[0].continue_()
        # On failure the status says why (a Python that was timed out while it started, for one).
        expect(page.locator("#ff-status")).to_have_text(re.compile(r"^Saved EARLY-1"), timeout=90_000)
        assert len(downloads) == 1
        record = json.loads(downloads[0].path().read_text())
        assert record["answers"] == {qid: "unknown"} and record["case"]["reference"] == "EARLY-1"
        expect(page.locator("#ff-status")).to_have_attribute("data-state", "ready")
    finally:
        context.close()


def test_when_python_cannot_start_the_user_is_told_and_can_save_the_draft(browser, site_url, framework, tmp_path):
    context = new_context(browser)
    context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="Not found"))
    chosen = {framework.questions[0].id: "no", framework.questions[1].id: "yes", framework.questions[-1].id: "unknown"}
    try:
        page = open_form(context, site_url, wait=False)
        status = page.locator("#ff-status")
        expect(status).to_have_attribute("data-state", "error", timeout=15_000)
        expect(status).to_contain_text("pyodide.asm.wasm")
        start_case(page, "NO-PYTHON-1")
        for qid, value in chosen.items():
            answer(page, qid, value)
        write_notes(page, framework.questions[0].id, "Written while Python was missing.")
        expect(page.get_by_role("button", name="Print the answers")).to_be_visible()
        with page.expect_download() as info:
            page.get_by_role("button", name="Save the draft as a file").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        draft = json.loads(path.read_text())
        assert draft["answers"] == chosen and draft["case"]["reference"] == "NO-PYTHON-1"
        assert "Traceback" not in page.inner_text("body")
    finally:
        context.close()

    fresh = new_context(browser)
    try:
        page = open_form(fresh, site_url)
        open_record(page, path)
        page.wait_for_selector("#tasks.ff-view:not([hidden])")
        expect(page.locator("#ff-status")).to_have_attribute("data-state", "ready")
        expect(page.locator("#ff-error-summary")).to_be_hidden()
        for qid, value in chosen.items():
            show_view(page, qid.split(".")[0])
            assert page.is_checked(css_id(f"{qid}-{value}")), qid
        assert page.input_value(css_id(f"{framework.questions[0].id}-notes")) == "Written while Python was missing."
        show_view(page, "case")
        expect(page.locator("#case-reference")).to_have_value("NO-PYTHON-1")
    finally:
        fresh.close()


def test_when_python_stops_answering_the_user_is_told_and_word_says_why(browser, site_url, framework):
    context = new_context(browser)
    try:
        page = open_case_form(context, site_url, "STOPPED-1")
        answer(page, framework.questions[0].id, "yes")
        page.evaluate("window.fairframeBoot.worker.terminate()")
        answer(page, framework.questions[1].id, "no")
        status = page.locator("#ff-status")
        expect(status).to_have_attribute("data-state", "error", timeout=15_000)
        expect(status).to_contain_text("stopped answering")
        expect(page.get_by_role("button", name="Save the draft as a file")).to_be_visible()
        page.get_by_role("button", name="Download as Word").click()
        summary = page.locator("#ff-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_contain_text("Word document")
        assert page.is_checked(css_id(f"{framework.questions[1].id}-no"))
    finally:
        context.close()


def no_traceback(page) -> None:
    text = page.evaluate("document.body.textContent")
    assert "Traceback" not in text and 'File "' not in text


def test_a_note_over_the_limit_is_counted_and_word_says_so_plainly(browser, site_url, framework):
    qid = framework.questions[0].id
    context = new_context(browser)
    try:
        page = open_case_form(context, site_url, "LONG-1")
        limit = config_of(page)["limits"]["note"]
        show_view(page, qid.split(".")[0])
        page.fill(css_id(f"{qid}-notes"), "x" * (limit + 1))
        count = page.locator(css_id(f"{qid}-block")).get_by_text(re.compile("too many"))
        expect(count).to_be_visible()
        expect(count).to_have_text("You have 1 character too many")
        assert page.evaluate("""() => { const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
            return ids.filter((id, i) => ids.indexOf(id) !== i); }""") == []  # one count per box
        downloads = []
        page.on("download", lambda download: downloads.append(download))
        page.get_by_role("button", name="Download as Word").click()
        summary = page.locator("#ff-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_contain_text(f"{limit:,} characters")
        no_traceback(page)
        assert downloads == []
        assert page.input_value(css_id(f"{qid}-notes")) == "x" * (limit + 1)
    finally:
        context.close()


def test_a_corrupt_framework_file_is_reported_without_a_traceback(browser, site_url):
    context = new_context(browser)
    context.route("**/assets/form/framework.json",
                  lambda route: route.fulfill(status=200, content_type="application/json", body="{not json"))
    try:
        page = open_form(context, site_url, wait=False)
        status = page.locator("#ff-status")
        expect(status).to_have_attribute("data-state", "error", timeout=60_000)
        expect(status).to_contain_text("framework")
        expect(page.get_by_role("button", name="Save the draft as a file")).to_be_visible()
        no_traceback(page)
    finally:
        context.close()


def test_a_slow_start_is_waited_for_not_reported_as_python_stopping(browser, site_url, framework):
    """On a slow line Pyodide takes 15 s: a case started before that must not time Python out."""
    held = []
    context = new_context(browser)
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    try:
        page = open_form(context, site_url, wait=False)
        start_case(page, "SLOW-1")
        answer(page, framework.questions[0].id, "unknown")
        page.wait_for_timeout(10_000)
        assert held
        held[0].continue_()
        expect(page.locator("#ff-status")).to_have_attribute("data-state", "ready", timeout=60_000)
    finally:
        context.close()
