"""Renders the Word framework from the model: a pure function from Framework to .docx bytes.

Answers are dropdown content controls (Word enforces exactly one of Yes / No / Unknown; checkbox
controls are independent and cannot be made exclusive without macros). Notes and case details are
text controls whose placeholder shows greyed (see controls.add_text). Every control is tagged with its
field key (see core/fields.py).
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt

from ..core.fields import (CASE_FIELDS, GATE, REVIEW_LOG_COLUMNS, REVIEW_LOG_ROWS, SIGN_OFF_FIELDS, answer_tag,
                           notes_tag, review_tag)
from ..core.model import Framework, Principle
from ..core.source_text import without_controls
from ..reproducible import build_time, fix_timestamps
from ..templating import long_date
from . import controls, styles

ANSWER_PLACEHOLDER = "Choose an answer"
NOTES_PLACEHOLDER = "Notes, evidence and actions"


def render_docx(framework: Framework, logo: bytes | None = None) -> bytes:
    """The Word framework; `logo` is the organisation's logo image for its own version."""
    framework = without_controls(framework)  # validated text has none; XML cannot hold them at all
    document = Document()
    styles.set_up_page(document)
    styles.set_up_styles(document)
    ids = controls.ControlIds()
    _title(document, framework, logo)
    _how_to_use(document, framework)
    _local_support(document, framework)
    _case_details(document, framework, ids)
    for principle in framework.principles:
        _principle(document, principle, framework, ids)
    _review_log(document, ids)
    _sign_off(document, ids)
    _header_and_footer(document, framework.edition)
    when = build_time(framework.edition.published)
    styles.set_core_properties(document, framework.edition, when)
    buffer = io.BytesIO()
    document.save(buffer)
    return fix_timestamps(buffer.getvalue(), when)


def _title(document, framework: Framework, logo: bytes | None) -> None:
    edition = framework.edition
    organisation = framework.organisation
    if organisation is not None:
        if logo:
            document.add_picture(io.BytesIO(logo), height=Cm(1.6))
            _alt_text(document, f"{organisation.name} logo")
        document.add_paragraph().add_run(f"{organisation.name}'s version of the national framework").bold = True
    document.add_paragraph(edition.title, style="Title")
    dated = "a draft, not published" if edition.draft else long_date(edition.published)
    document.add_paragraph().add_run(
        f"Edition {edition.id}, {dated}. Next review due {long_date(edition.next_review)}.").bold = True
    if edition.draft:
        document.add_paragraph().add_run(f"DRAFT. {edition.draft_notice}").bold = True
    document.add_paragraph(edition.status)
    document.add_paragraph(f"Source: {edition.source}")


def _how_to_use(document, framework: Framework) -> None:
    document.add_heading("How to use this framework", level=1)
    for section in framework.guidance:
        document.add_paragraph(" ".join(section.summary.split()), style="List Bullet")
    scale = ", ".join(a.label for a in framework.answer_scale)
    document.add_paragraph(
        f"Choose one answer for each question ({scale}). Under each question you will find what to "
        f"look into if the answer is No or Unknown. Record what you found and did in the notes.")


def _alt_text(document, text: str) -> None:
    """Alt text on the picture just added (wp:docPr descr), for screen readers."""
    from docx.oxml.ns import qn
    for properties in document.element.body.iter(qn("wp:docPr")):
        properties.set("descr", text)


def _local_support(document, framework: Framework) -> None:
    organisation = framework.organisation
    local_policies = [p for p in framework.policies if p.local]
    if organisation is None or not (organisation.contacts or local_policies):
        return
    document.add_heading(f"{organisation.name}: local policies and support", level=1)
    for policy in local_policies:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(policy.title).bold = True
        paragraph.add_run(f": {' '.join(policy.summary.split())}")
    for contact in organisation.contacts:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(contact.name).bold = True
        paragraph.add_run(f": {contact.details}")


def _table(document, headers, widths, caption: str, description: str):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    controls.describe_table(table, caption, description)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for cell, header, width in zip(table.rows[0].cells, headers, widths):
        cell.width = Cm(width)
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
        controls.shade(cell, styles.HEADER_FILL)
    controls.repeat_header_row(table.rows[0])
    return table


def _add_row(table, widths):
    row = table.add_row()
    controls.keep_row_together(row)
    for cell, width in zip(row.cells, widths):
        cell.width = Cm(width)
    return row


DETAIL_WIDTHS = (5.5, 11.5)


def _details_table(document, ids, caption: str, first_header: str, fields, description: str, alias):
    """A two-column table of labelled text controls, one field per row."""
    table = _table(document, (first_header, "Entry"), DETAIL_WIDTHS, caption, description)
    for field in fields:
        row = _add_row(table, DETAIL_WIDTHS)
        row.cells[0].text = field.label
        controls.add_text(row.cells[1].paragraphs[0], ids, field.key, alias(field), field.hint)
    return table


def _case_details(document, framework: Framework, ids) -> None:
    document.add_heading("Case details", level=1)
    widths = DETAIL_WIDTHS
    table = _details_table(document, ids, "Case details", "Detail", CASE_FIELDS,
                           "The case this framework record belongs to: one detail per row.", lambda f: f.label)
    row = _add_row(table, widths)
    row.cells[0].text = GATE.label
    yes_no = [a for a in framework.answer_scale if a.value in ("yes", "no")]
    controls.add_dropdown(row.cells[1].paragraphs[0], ids, GATE.key, "Patient safety incident", GATE.hint, yes_no)
    being_fair = framework.section("patient-safety-incidents")
    row.cells[1].add_paragraph(" ".join(being_fair.summary.split()), style="Follow-up prompt")


def _principle(document, principle: Principle, framework: Framework, ids) -> None:
    document.add_heading(f"{principle.id}. {principle.title}", level=1)
    document.add_paragraph(" ".join(principle.purpose.split()))
    document.add_heading("What to consider", level=2)
    for consideration in principle.considerations:
        prefix = f"{consideration.group}: " if consideration.group else ""
        document.add_paragraph(prefix + consideration.text, style="List Bullet")
    document.add_heading("Questions", level=2)
    widths = (9.0, 2.8, 5.2)
    table = _table(document, ("Question", "Answer", "Notes, evidence and actions"), widths,
                   f"{principle.id} questions",
                   f"The framework questions for {principle.title}: each row has the question and what "
                   f"to do if the answer is No or Unknown, an answer to choose, and notes.")
    for question in principle.questions:
        row = _add_row(table, widths)
        question_cell, answer_cell, notes_cell = row.cells
        paragraph = question_cell.paragraphs[0]
        paragraph.add_run(f"{question.id} ").bold = True
        paragraph.add_run(question.text)
        if question.local:
            paragraph.add_run(" (local question)").italic = True
        prompt = question_cell.add_paragraph(style="Follow-up prompt")
        prompt.add_run("If No or Unknown: ").bold = True
        prompt.add_run(" ".join(question.if_not.split()))
        controls.add_dropdown(answer_cell.paragraphs[0], ids, answer_tag(question.id),
                              f"{question.id} answer", ANSWER_PLACEHOLDER, framework.answer_scale)
        controls.add_text(notes_cell.paragraphs[0], ids, notes_tag(question.id), f"{question.id} notes",
                          NOTES_PLACEHOLDER)


def _review_log(document, ids) -> None:
    document.add_heading("Review log", level=1)
    document.add_paragraph("Record each time the framework is reviewed: at the start of the case, at "
                           "each review, at each decision and at closure.")
    widths = (2.8, 3.2, 3.8, 7.2)
    table = _table(document, [c.label for c in REVIEW_LOG_COLUMNS], widths, "Review log",
                   "One row per review of this framework: date, review point, reviewer and what changed.")
    for number in range(1, REVIEW_LOG_ROWS + 1):
        row = _add_row(table, widths)
        for cell, column in zip(row.cells, REVIEW_LOG_COLUMNS):
            controls.add_text(cell.paragraphs[0], ids, review_tag(number, column.key),
                              f"Review {number} {column.label.lower()}", column.hint)


def _sign_off(document, ids) -> None:
    document.add_heading("Sign-off", level=1)
    document.add_paragraph("The case manager confirms that each principle has been considered and that "
                           "every No or Unknown answer has been followed up or explained in the notes.")
    table = _details_table(document, ids, "Sign-off", "Sign-off", SIGN_OFF_FIELDS,
                           "The case manager's name, role, signature and date.",
                           lambda f: f"Sign-off {f.label.lower()}")
    row = _add_row(table, DETAIL_WIDTHS)
    row.cells[0].text = "Signature"
    row.height = Cm(1.5)


def _header_and_footer(document, edition) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    if edition.draft:  # on every page: this project's draft, not published by NHS Resolution
        draft = header.add_run(f"DRAFT edition {edition.id}: not published by NHS Resolution. ")
        draft.bold = True
        draft.font.size = Pt(9)
    header.add_run("Disclosable once completed: keep in the case manager's file.").font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    dated = "DRAFT, not published" if edition.draft else long_date(edition.published)
    footer.add_run(f"{edition.title}, edition {edition.id} ({dated}). "
                   f"Not the official text.").font.size = Pt(9)
    numbers = section.footer.add_paragraph()  # its own line, so "Page 2 of 11" never wraps
    numbers.add_run("Page\u00a0").font.size = Pt(9)
    controls.add_field(numbers, "PAGE", points=9)
    numbers.add_run("\u00a0of\u00a0").font.size = Pt(9)
    controls.add_field(numbers, "NUMPAGES", points=9)
