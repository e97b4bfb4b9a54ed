"""Helpers for driving the "Complete the framework" page in Chromium as a user would.

The page opens on "Cases on this device"; `start_case` starts a new case and shows the form."""
from __future__ import annotations

import json
from pathlib import Path

FORM = "/complete/"
READY = "#ff-status[data-state=ready]"
CASE_VIEW = "#ff-case-view:not([hidden])"
CASE_LIST = "#ff-cases:not([hidden])"


def css_id(element_id: str) -> str:
    """'P1.Q1-no' -> '#P1\\.Q1-no' (ids contain dots)."""
    return "#" + element_id.replace(".", "\\.")


def new_context(browser, **options):
    options.setdefault("service_workers", "block")
    return browser.new_context(accept_downloads=True, **options)


def open_form(context, site_url: str, wait: bool = True):
    page = context.new_page()
    page.goto(site_url + FORM)
    if wait:
        page.wait_for_selector(READY, timeout=90_000)
    return page


def show_view(page, view: str) -> None:
    """Go to one view of the case (tasks, case, gate, P1..P5, follow-ups, dates, reviews, check) by
    its address, as a link on the task list does."""
    page.evaluate("(view) => { location.hash = view; }", view)
    page.wait_for_selector(f"{css_id(view)}.ff-view:not([hidden])")


def start_case(page, reference: str | None = None):
    """From the case list: "Start a new case" (it opens on the task list), then (optionally) type
    its reference in the case details."""
    page.get_by_role("button", name="Start a new case").click()
    page.wait_for_selector(CASE_VIEW)
    page.wait_for_selector("#tasks.ff-view:not([hidden])")
    if reference is not None:
        fill_case(page, "reference", reference)
    return page


def fill_case(page, key: str, value: str) -> None:
    """Type into a case detail (`reference`, `practitioner_reference`, ...) on its view."""
    show_view(page, "case")
    page.fill(f"#case-{key}", value)


def choose_case(page, key: str, label: str) -> None:
    show_view(page, "case")
    page.select_option(f"#case-{key}", label)


def fill_date(page, key: str, value: str) -> None:
    """A key date (`concern_raised`, `next_review`), typed as a person would."""
    show_view(page, "dates")
    page.fill(css_id(f"key_dates-{key}"), value)
    page.locator(css_id(f"key_dates-{key}")).blur()


def open_case_form(context, site_url: str, reference: str | None = None):
    """A new page with a new case started in it (Python ready)."""
    return start_case(open_form(context, site_url), reference)


def back_to_cases(page, choice: str = "Leave it unsaved") -> None:
    """Back to the case list; if the form asks about unsaved changes, answer `choice`."""
    page.get_by_role("button", name="Back to cases on this device").click()
    dialog = page.locator("#ff-dialog[open]")
    page.wait_for_selector(f"{CASE_LIST}, #ff-dialog[open]")
    if dialog.count():
        dialog.get_by_role("button", name=choice).click()
    page.wait_for_selector(CASE_LIST)


def continue_case(page, reference: str) -> None:
    page.get_by_role("button", name=f"Continue case {reference}", exact=True).click()
    page.wait_for_selector(CASE_VIEW)


def record_review_point(page, point: str, date: str, reviewer: str = "", summary: str = "") -> None:
    show_view(page, "reviews")
    page.select_option("#review-point", point)
    page.fill("#review-date", date)
    page.fill("#review-reviewer", reviewer)
    page.fill("#review-summary", summary)
    page.get_by_role("button", name="Record this review point").click()


def answer(page, question_id: str, value: str) -> None:
    show_view(page, question_id.split(".")[0])
    page.check(css_id(f"{question_id}-{value}"))


def write_notes(page, question_id: str, text: str) -> None:
    show_view(page, question_id.split(".")[0])
    page.fill(css_id(f"{question_id}-notes"), text)


def save(page, tmp_path: Path) -> tuple[str, dict, Path]:
    with page.expect_download() as info:
        page.get_by_role("button", name="Save record").click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return download.suggested_filename, json.loads(path.read_text()), path


def export_word(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Word").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def open_record(page, path: Path) -> None:
    page.set_input_files("#ff-open-file", str(path))


def clear_device(page) -> None:
    """From the case view (going back first) or the case list: clear, confirming."""
    if page.locator(CASE_VIEW).count():
        back_to_cases(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear this device").click()
    page.wait_for_selector("#ff-case-table[hidden]", state="attached")


def screen_state(page) -> dict:
    """Every control's value or checked state, and the review points, as shown on screen."""
    return page.evaluate("""() => ({
        controls: [...document.querySelectorAll('#ff-form input, #ff-form select, #ff-form textarea')]
            .filter((e) => e.type !== 'file')
            .map((e) => [e.id, e.type === 'radio' ? e.checked : e.value]),
        reviews: [...document.querySelectorAll('#ff-review-rows tr')]
            .map((r) => [...r.cells].map((c) => c.textContent)),
    })""")


def word_controls(path: Path) -> dict[str, str]:
    """{tag: text shown} for every content control of a .docx, read with python-docx."""
    import docx
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    shown = {}
    for control in docx.Document(str(path)).element.body.iter(f"{ns}sdt"):
        tag = control.find(f"{ns}sdtPr/{ns}tag").get(f"{ns}val")
        shown[tag] = "\n".join(t.text or "" for t in control.iter(f"{ns}t"))
    return shown
