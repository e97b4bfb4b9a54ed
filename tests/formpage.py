"""Helpers for driving the "Complete the framework" page in Chromium as a user would."""
from __future__ import annotations

import json
from pathlib import Path

FORM = "/complete/"
READY = "#ff-status[data-state=ready]"


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


def answer(page, question_id: str, value: str) -> None:
    page.check(css_id(f"{question_id}-{value}"))


def write_notes(page, question_id: str, text: str) -> None:
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
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear this device").click()


def screen_state(page) -> dict:
    """Every control's value or checked state, and the review history, as shown on screen."""
    return page.evaluate("""() => ({
        controls: [...document.querySelectorAll('#ff-form input, #ff-form select, #ff-form textarea')]
            .filter((e) => e.type !== 'file')
            .map((e) => [e.id, e.type === 'radio' ? e.checked : e.value]),
        reviews: [...document.querySelectorAll('#ff-review-rows tr')].map((r) => r.innerText),
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
