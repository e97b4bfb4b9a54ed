"""The fields of a completed framework, shared by the Word file, the form and saved records.

Their keys are the content-control tags of the Word framework (`case.reference`, `P1.Q1.answer`,
`P1.Q1.notes`), so a record can fill any copy of it. Keep them stable across editions.

The labels and hints here are the English ones (the form's own code reads them). Every one is also
interface text, in the area `fields` (templates/interface/fields.yaml, the same English): an output
in the framework's language prints them through label(), hint() and review_point_label().
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    hint: str


CASE_FIELDS = (
    Field("case.reference", "Case reference", "Enter the case reference"),
    Field("case.organisation", "Organisation", "Enter the employing or contracting organisation"),
    Field("case.practitioner_reference", "Practitioner reference",
          "Enter a reference, not a name, to keep personal data to a minimum"),
    Field("case.profession", "Profession", "Doctor, dentist or pharmacist"),
    Field("case.care_setting", "Care setting", "Primary care, secondary care or community pharmacy"),
    Field("case.nation", "Nation", "England, Wales, Northern Ireland or a Crown Dependency"),
    Field("case.policy", "Applicable policy", "Enter the national or local policy that governs the case"),
    Field("case.case_manager", "Case manager", "Enter the case manager's name and role"),
    Field("case.review_point", "Review point", "Start of case, review, decision or closure"),
    Field("case.date", "Date", "Enter the date of this review, for example 16 January 2025"),
)

# The gate asked before the principles: a patient safety incident goes to the Being fair tool first.
GATE = Field("case.patient_safety_incident", "Does the concern arise from a patient safety incident?",
             "Choose Yes or No")

REVIEW_POINTS = (
    ("start", "Start of case"),
    ("review", "Review"),
    ("decision", "Decision"),
    ("closure", "Closure"),
)

REVIEW_LOG_COLUMNS = (
    Field("date", "Date", "Date"),
    Field("point", "Review point", "Review point"),
    Field("reviewer", "Reviewer", "Name and role"),
    Field("summary", "Summary of changes", "What changed since the last review"),
)
REVIEW_LOG_ROWS = 6

SIGN_OFF_FIELDS = (
    Field("signoff.name", "Name", "Enter the case manager's name"),
    Field("signoff.role", "Role", "Enter their role"),
    Field("signoff.date", "Date", "Enter the date"),
)


def ui_name(field: Field) -> str:
    """The field's name among the interface text: its key (`case.reference`), or `review.<column>`
    for a column of the review log."""
    return f"review.{field.key}" if field in REVIEW_LOG_COLUMNS else field.key


def _in_language(framework, key: str, english: str) -> str:
    """The interface text `key` of the framework; the English here for a framework built from data that
    carries no interface text at all (the source's own data, as the browser may start from)."""
    return framework.ui(key) if framework.interface else english


def label(framework, field: Field) -> str:
    """The field's label in the framework's language."""
    return _in_language(framework, f"fields.{ui_name(field)}.label", field.label)


def hint(framework, field: Field) -> str:
    """The field's hint (the Word file's placeholder) in the framework's language."""
    return _in_language(framework, f"fields.{ui_name(field)}.hint", field.hint)


def review_point_label(framework, point: str) -> str:
    """ "Start of case", "Review"...: a review point's name in the framework's language (an unknown
    code as it is)."""
    names = dict(REVIEW_POINTS)
    return _in_language(framework, f"fields.review_point.{point}", names[point]) if point in names else point


def answer_tag(question_id: str) -> str:
    return f"{question_id}.answer"


def notes_tag(question_id: str) -> str:
    return f"{question_id}.notes"


def review_tag(row: int, column: str) -> str:
    """Tag of one cell of the review log, rows numbered from 1: `review.1.date`."""
    return f"review.{row}.{column}"
