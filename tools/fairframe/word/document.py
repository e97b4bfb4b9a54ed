"""Renders the Word framework from the model: a pure function from Framework to .docx bytes.

Answers are dropdown content controls (Word enforces exactly one of Yes / No / Unknown; checkbox
controls are independent and cannot be made exclusive without macros). Notes and case details are
text controls whose placeholder shows greyed (see controls.add_text). Every control is tagged with its
field key (see core/fields.py). Every word the document writes itself is interface text
(templates/interface/word.yaml and fields.yaml), in the framework's language.
"""
from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt

from ..core.dates import long_date
from ..core.fields import (CASE_FIELDS, GATE, REVIEW_LOG_COLUMNS, REVIEW_LOG_ROWS, SIGN_OFF_FIELDS, answer_tag, hint,
                           label, notes_tag, review_tag)
from ..core.model import Framework, Principle
from ..core.source_text import without_controls
from ..reproducible import build_time, fix_timestamps
from . import controls, styles


def render_docx(framework: Framework, logo: bytes | None = None) -> bytes:
    """The Word framework; `logo` is the organisation's logo image for its own version."""
    framework = without_controls(framework)  # validated text has none; XML cannot hold them at all
    document = Document()
    styles.set_up_page(document)
    styles.set_up_styles(document, framework.language)
    ids = controls.ControlIds()
    _title(document, framework, logo)
    _how_to_use(document, framework)
    _local_support(document, framework)
    _case_details(document, framework, ids)
    for principle in framework.principles:
        _principle(document, principle, framework, ids)
    _review_log(document, framework, ids)
    _sign_off(document, framework, ids)
    _header_and_footer(document, framework)
    when = build_time(framework.edition.published)
    styles.set_core_properties(document, framework, when)
    buffer = io.BytesIO()
    document.save(buffer)
    return fix_timestamps(buffer.getvalue(), when)


def _date(framework: Framework, day) -> str:
    """A date in full in the framework's language: "16 January 2025", "16 Ionawr 2025"."""
    return long_date(day.isoformat(), framework.language)


def _title(document, framework: Framework, logo: bytes | None) -> None:
    ui = framework.ui
    edition = framework.edition
    organisation = framework.organisation
    if organisation is not None:
        if logo:
            document.add_picture(io.BytesIO(logo), height=Cm(1.6))
            _alt_text(document, ui("word.logo_alt", organisation=organisation.name))
        document.add_paragraph().add_run(ui("word.organisation_version", organisation=organisation.name)).bold = True
    styles.styled(document.add_paragraph(edition.title), "Title")
    dated = ui("word.draft_not_published") if edition.draft else _date(framework, edition.published)
    document.add_paragraph().add_run(ui("word.edition_line", edition=edition.id, dated=dated,
                                        next_review=_date(framework, edition.next_review))).bold = True
    if framework.translation_draft:  # a draft translation until a qualified translator has reviewed it
        document.add_paragraph().add_run(ui("word.draft_translation")).bold = True
    if edition.draft:
        document.add_paragraph().add_run(ui("word.draft_notice", year=edition.id[:4])).bold = True
    document.add_paragraph(edition.status)
    document.add_paragraph(ui("word.source", source=edition.source))


def _how_to_use(document, framework: Framework) -> None:
    styles.heading(document, framework.ui("word.how_to_use"), 1)
    for section in framework.guidance:
        styles.styled(document.add_paragraph(" ".join(section.summary.split())), "List Bullet")
    scale = ", ".join(a.label for a in framework.answer_scale)
    document.add_paragraph(framework.ui("word.choose_answers", scale=scale))


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
    styles.heading(document, framework.ui("word.local_support", organisation=organisation.name), 1)
    for policy in local_policies:
        paragraph = styles.styled(document.add_paragraph(), "List Bullet")
        paragraph.add_run(policy.title).bold = True
        paragraph.add_run(f": {' '.join(policy.summary.split())}")
    for contact in organisation.contacts:
        paragraph = styles.styled(document.add_paragraph(), "List Bullet")
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


def _details_table(document, framework: Framework, ids, caption: str, first_header: str, fields, description: str,
                   alias):
    """A two-column table of labelled text controls, one field per row."""
    table = _table(document, (first_header, framework.ui("word.entry")), DETAIL_WIDTHS, caption, description)
    for field in fields:
        row = _add_row(table, DETAIL_WIDTHS)
        row.cells[0].text = label(framework, field)
        controls.add_text(row.cells[1].paragraphs[0], ids, field.key, alias(field), hint(framework, field))
    return table


def _case_details(document, framework: Framework, ids) -> None:
    ui = framework.ui
    styles.heading(document, ui("word.case_details"), 1)
    widths = DETAIL_WIDTHS
    table = _details_table(document, framework, ids, ui("word.case_details"), ui("word.detail"), CASE_FIELDS,
                           ui("word.case_details_description"), lambda f: label(framework, f))
    row = _add_row(table, widths)
    row.cells[0].text = label(framework, GATE)
    yes_no = [a for a in framework.answer_scale if a.value in ("yes", "no")]
    controls.add_dropdown(row.cells[1].paragraphs[0], ids, GATE.key, ui("word.patient_safety_incident"),
                          hint(framework, GATE), yes_no)
    being_fair = framework.section("patient-safety-incidents")
    styles.styled(row.cells[1].add_paragraph(" ".join(being_fair.summary.split())), "Follow-up prompt")


def _principle(document, principle: Principle, framework: Framework, ids) -> None:
    ui = framework.ui
    styles.heading(document, f"{principle.id}. {principle.title}", 1)
    document.add_paragraph(" ".join(principle.purpose.split()))
    styles.heading(document, ui("word.what_to_consider"), 2)
    for consideration in principle.considerations:
        prefix = f"{consideration.group}: " if consideration.group else ""
        styles.styled(document.add_paragraph(prefix + consideration.text), "List Bullet")
    styles.heading(document, ui("word.questions"), 2)
    widths = (9.0, 2.8, 5.2)
    table = _table(document, (ui("word.question"), ui("word.answer"), ui("word.notes")), widths,
                   ui("word.questions_caption", principle=principle.id),
                   ui("word.questions_description", title=principle.title))
    for question in principle.questions:
        row = _add_row(table, widths)
        question_cell, answer_cell, notes_cell = row.cells
        paragraph = question_cell.paragraphs[0]
        paragraph.add_run(f"{question.id} ").bold = True
        paragraph.add_run(question.text)
        if question.local:
            paragraph.add_run(f" {ui('word.local_question')}").italic = True
        prompt = styles.styled(question_cell.add_paragraph(), "Follow-up prompt")
        prompt.add_run(f"{ui('word.if_not')} ").bold = True
        prompt.add_run(" ".join(question.if_not.split()))
        controls.add_dropdown(answer_cell.paragraphs[0], ids, answer_tag(question.id),
                              ui("word.answer_alias", question=question.id), ui("word.answer_placeholder"),
                              framework.answer_scale)
        controls.add_text(notes_cell.paragraphs[0], ids, notes_tag(question.id),
                          ui("word.notes_alias", question=question.id), ui("word.notes_placeholder"))


def _review_log(document, framework: Framework, ids) -> None:
    ui = framework.ui
    styles.heading(document, ui("word.review_log"), 1)
    document.add_paragraph(ui("word.review_log_intro"))
    widths = (2.8, 3.2, 3.8, 7.2)
    table = _table(document, [label(framework, c) for c in REVIEW_LOG_COLUMNS], widths, ui("word.review_log"),
                   ui("word.review_log_description"))
    for number in range(1, REVIEW_LOG_ROWS + 1):
        row = _add_row(table, widths)
        for cell, column in zip(row.cells, REVIEW_LOG_COLUMNS):
            controls.add_text(cell.paragraphs[0], ids, review_tag(number, column.key),
                              ui("word.review_alias", number=number, column=label(framework, column).lower()),
                              hint(framework, column))


def _sign_off(document, framework: Framework, ids) -> None:
    ui = framework.ui
    styles.heading(document, ui("word.sign_off"), 1)
    document.add_paragraph(ui("word.sign_off_intro"))
    table = _details_table(document, framework, ids, ui("word.sign_off"), ui("word.sign_off"), SIGN_OFF_FIELDS,
                           ui("word.sign_off_description"),
                           lambda f: ui("word.sign_off_alias", field=label(framework, f).lower()))
    row = _add_row(table, DETAIL_WIDTHS)
    row.cells[0].text = ui("word.signature")
    row.height = Cm(1.5)


def _header_and_footer(document, framework: Framework) -> None:
    ui, edition = framework.ui, framework.edition
    section = document.sections[0]
    header = section.header.paragraphs[0]
    if edition.draft:  # on every page: this project's draft, not published by NHS Resolution
        draft = header.add_run(f"{ui('word.header_draft', edition=edition.id)} ")
        draft.bold = True
        draft.font.size = Pt(9)
    header.add_run(ui("word.header_disclosable")).font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    dated = ui("word.footer_draft") if edition.draft else _date(framework, edition.published)
    footer.add_run(ui("word.footer", title=edition.title, edition=edition.id, dated=dated)).font.size = Pt(9)
    numbers = section.footer.add_paragraph()  # its own line, so "Page 2 of 11" never wraps
    for text, field in _page_numbers(ui("word.page_of", page="\0", pages="\1")):
        if text:
            numbers.add_run(text).font.size = Pt(9)
        if field:
            controls.add_field(numbers, field, points=9)


def _page_numbers(text: str) -> list[tuple[str, str]]:
    """The footer's "Page {page} of {pages}" (filled with two markers) as (words, field) pairs, in its
    language's order: ("Page ", "PAGE"), (" of ", "NUMPAGES"), the spaces no-break ones, so it never wraps."""
    parts = re.split("([\0\1])", text)
    fields = {"\0": "PAGE", "\1": "NUMPAGES"}
    return [(words.replace(" ", "\u00a0"), fields.get(marker, ""))
            for words, marker in zip(parts[::2], [*parts[1::2], ""]) if words or marker]
