"""A completed framework record: its JSON schema, strict reading and writing.

A record is what the form saves and opens and what `fill` turns into a Word file. Reading one never
trusts it: every problem is collected and reported in words a case manager can act on.
"""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from .fields import CASE_FIELDS, REVIEW_POINTS
from .model import Framework

FORMAT = "fairframe-record"
SCHEMA_VERSION = 1
MAX_BYTES = 1_000_000
MAX_TEXT = 20_000
CASE_KEYS = tuple(f.key.split(".", 1)[1] for f in CASE_FIELDS)
REVIEW_KEYS = ("point", "date", "reviewer", "summary")
TOP_KEYS = ("format", "schema_version", "edition", "case", "patient_safety_incident", "answers", "notes",
            "reviews", "edition_changes")
CHANGE_KEYS = ("id", "change", "from_edition", "old_text", "new_text", "answer", "notes")


class RecordError(ValueError):
    """The file cannot be opened as a record; `problems` says why, one sentence each."""

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        super().__init__(" ".join(problems))


@dataclass(frozen=True)
class Review:
    point: str
    date: str
    reviewer: str = ""
    summary: str = ""


@dataclass(frozen=True)
class EditionChange:
    """A question of an older record that the current edition removed or reworded: kept for review."""

    id: str
    change: str  # "removed" or "reworded"
    from_edition: str
    old_text: str
    new_text: str = ""
    answer: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Record:
    edition: str
    case: dict = field(default_factory=dict)
    patient_safety_incident: str = ""
    answers: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    reviews: tuple = ()
    edition_changes: tuple = ()

    def to_data(self) -> dict:
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "edition": self.edition,
            "case": {key: self.case.get(key, "") for key in CASE_KEYS},
            "patient_safety_incident": self.patient_safety_incident,
            "answers": dict(sorted(self.answers.items(), key=id_order)),
            "notes": dict(sorted(self.notes.items(), key=id_order)),
            "reviews": [{key: getattr(r, key) for key in REVIEW_KEYS} for r in self.reviews],
            "edition_changes": [{key: getattr(c, key) for key in CHANGE_KEYS} for c in self.edition_changes],
        }


def id_order(item):
    return [int(n) for n in re.findall(r"\d+", item[0])]


def record_to_json(record: Record) -> str:
    return json.dumps(record.to_data(), indent=2, ensure_ascii=False) + "\n"


def record_filename(record: Record, today: datetime.date) -> str:
    reference = re.sub(r"[^A-Za-z0-9_-]+", "-", record.case.get("reference", "")).strip("-")[:60]
    return f"{reference or 'framework-record'}-{today.isoformat()}.json"


def parse_record(raw, framework: Framework, history: dict | None = None) -> Record:
    """Read a saved record (bytes or text); raise RecordError listing every problem found.

    `history` holds the question texts of earlier editions ({edition id: {question id: text}}): a
    record saved with one of them is checked against that edition, then brought into this one.
    """
    if isinstance(raw, (bytes, bytearray)):
        if len(raw) > MAX_BYTES:
            raise RecordError([f"The file is {len(raw) // 1000} KB: a record can be at most "
                               f"{MAX_BYTES // 1000} KB. Choose the .json file the form saved."])
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            raise RecordError(["The file is not a text file. Choose the .json file the form saved."]) from None
    if len(raw.encode("utf-8")) > MAX_BYTES:
        raise RecordError([f"The file is too large: a record can be at most {MAX_BYTES // 1000} KB."])
    if not raw.strip():
        raise RecordError(["The file is empty. Choose the .json file the form saved."])
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise RecordError([f"The file is damaged or incomplete: it is not valid JSON (line {error.lineno}, "
                           f"column {error.colno}: {error.msg})."]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError(["This file is not a framework record. Choose the .json file saved with "
                           "\u201cSave record\u201d."])
    version = data.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise RecordError([f"The record uses schema version {version!r}, which this form cannot read "
                           f"(it reads version {SCHEMA_VERSION}). Open it with the edition of the form "
                           f"that saved it."])
    edition = data.get("edition")
    current = {q.id: q.text for q in framework.questions}
    if isinstance(edition, str) and edition and edition != framework.edition.id:
        if edition not in (history or {}):
            known = ", ".join(sorted({framework.edition.id, *(history or {})}))
            raise RecordError([f"The record was saved with edition {edition} of the framework, which this form "
                               f"does not know (it knows {known})."])
        from .migrate import migrate  # only records of earlier editions need it
        return migrate(_check_record(data, framework, history[edition]), framework, history[edition])
    return _check_record(data, framework, current)


def _check_record(data: dict, framework: Framework, questions: dict) -> Record:
    problems: list[str] = []
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"The record has an unknown section \u201c{key}\u201d.")
    edition = data.get("edition")
    if not isinstance(edition, str) or not edition:
        problems.append("The record does not say which edition of the framework it was saved with.")
    case = {key: "" for key in CASE_KEYS} | _text_map(data.get("case", {}), "case details", problems,
                                                      allowed=CASE_KEYS)
    gate = data.get("patient_safety_incident", "")
    if gate not in ("", "yes", "no"):
        problems.append("The answer about a patient safety incident must be yes, no or empty.")
        gate = ""
    question_ids = set(questions)
    values = {a.value for a in framework.answer_scale}
    answers = _text_map(data.get("answers", {}), "answers", problems)
    notes = _text_map(data.get("notes", {}), "notes", problems)
    unknown = sorted({*answers, *notes} - question_ids, key=lambda qid: id_order((qid,)))
    if unknown:
        problems.append(f"The record answers questions edition {edition} does not have: {', '.join(unknown)}.")
    for qid, value in answers.items():
        if value not in values:
            problems.append(f"The answer to {qid} is \u201c{value[:40]}\u201d: it must be "
                            f"{', '.join(sorted(values))} or left out.")
    reviews = _reviews(data.get("reviews", []), problems)
    changes = _edition_changes(data.get("edition_changes", []), problems)
    if problems:
        raise RecordError(problems)
    return Record(edition=edition, case=case, patient_safety_incident=gate, answers=answers, notes=notes,
                  reviews=reviews, edition_changes=changes)


def _edition_changes(value, problems: list[str]) -> tuple:
    if not isinstance(value, list) or not all(
            isinstance(item, dict) and set(item) <= set(CHANGE_KEYS) and all(isinstance(v, str) for v in item.values())
            and item.get("change") in ("removed", "reworded") and item.get("id") for item in value):
        problems.append("The list of questions changed by a new edition is not in the expected form.")
        return ()
    return tuple(EditionChange(**item) for item in value)


def _text_map(value, name: str, problems: list[str], allowed=None) -> dict:
    if not isinstance(value, dict):
        problems.append(f"The {name} must be a set of named values, not {type(value).__name__}.")
        return {}
    result = {}
    for key, text in value.items():
        if allowed is not None and key not in allowed:
            problems.append(f"The {name} include an unknown field \u201c{key}\u201d.")
        elif not isinstance(text, str):
            problems.append(f"In the {name}, \u201c{key}\u201d must be text.")
        elif len(text) > MAX_TEXT:
            problems.append(f"In the {name}, \u201c{key}\u201d is longer than {MAX_TEXT} characters.")
        else:
            result[key] = text
    return result


def _reviews(value, problems: list[str]) -> tuple:
    if not isinstance(value, list):
        problems.append("The review history must be a list.")
        return ()
    points = {key for key, _label in REVIEW_POINTS}
    reviews = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - set(REVIEW_KEYS):
            problems.append(f"Review {number} is not in the expected form ({', '.join(REVIEW_KEYS)}).")
            continue
        texts = {key: item.get(key, "") for key in REVIEW_KEYS}
        if not all(isinstance(text, str) and len(text) <= MAX_TEXT for text in texts.values()):
            problems.append(f"Review {number} has a value that is not text.")
            continue
        if texts["point"] not in points:
            problems.append(f"Review {number} has an unknown review point \u201c{texts['point'][:40]}\u201d.")
        try:
            datetime.date.fromisoformat(texts["date"])
        except ValueError:
            problems.append(f"Review {number} has a date that is not valid: \u201c{texts['date'][:40]}\u201d.")
        reviews.append(Review(**texts))
    return tuple(reviews)
