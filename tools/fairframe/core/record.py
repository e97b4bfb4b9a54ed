"""A completed framework record: reading one (strictly, never trusting it) and saving it.

A record is what the form saves and opens and what `fill` turns into a Word file. Reading one can
only ever fail with a RecordError listing every problem in words a case manager can act on; a
record that opens can always be saved again and reopened (the size limit is measured on the saved
text). Records of an earlier edition or of the version 1 format are brought forward; records of a
newer edition are refused, never converted backwards.
"""
from __future__ import annotations

import datetime
import re

from .errors import RecordError
from .migrate import migrate
from .model import Framework
from .record_check import check_record
from .record_json import MAX_BYTES, load_json
from .record_model import (CASE_KEYS, CHANGE_KEYS, FORMAT, LIMITS, MAX_TEXT, READABLE_VERSIONS, REVIEW_KEYS,
                           SCHEMA_VERSION, EditionChange, Record, Review, Snapshot, id_order, record_to_json)
from .record_text import escape_invisible

__all__ = ["CASE_KEYS", "CHANGE_KEYS", "FORMAT", "LIMITS", "MAX_BYTES", "MAX_TEXT", "REVIEW_KEYS", "SCHEMA_VERSION",
           "EditionChange", "Record", "RecordError", "Review", "Snapshot", "file_stem", "id_order", "parse_record",
           "read_record", "record_filename", "record_to_json", "saving_problems"]
MAX_PROBLEMS = 20
_EDITION_ID = re.compile(r"[0-9]{4}-[0-9]{2}\Z")


def file_stem(record: Record) -> str:
    """The case reference as a safe file name part (ASCII letters, digits, - and _)."""
    reference = re.sub(r"[^A-Za-z0-9_-]+", "-", record.case.get("reference", "")).strip("-")[:60]
    return reference or "framework-record"


def record_filename(record: Record, today: datetime.date, suffix: str = ".json") -> str:
    return f"{file_stem(record)}-{today.isoformat()}{suffix}"


def parse_record(raw, framework: Framework, history: dict | None = None) -> Record:
    """Read a saved record (bytes or text); raise RecordError listing every problem found.

    `history` holds the question texts of other editions ({edition id: {question id: text}}): a
    record (or review point) saved with an earlier one is checked against that edition, then the
    record is brought into this one.
    """
    return read_record(raw, framework, history)[0]


def read_record(raw, framework: Framework, history: dict | None = None) -> tuple[Record, list[str]]:
    """(the record, notices for the user: format upgraded, edition brought forward...)."""
    try:
        return _read(raw, framework, history or {})
    except RecordError:
        raise
    except Exception:  # noqa: BLE001 - a reader of untrusted files only ever refuses, in words
        raise RecordError(["The file could not be read as a record: it is not in the form the framework "
                           "form saves. Choose the .json file saved with \u201cSave record\u201d."]) from None


def newer_edition_message(edition: str, current: str) -> str:
    return (f"This record was saved with edition {edition}, which is newer than this form ({current}). "
            f"Open it in the {edition} form.")


def _read(raw, framework: Framework, history: dict) -> tuple[Record, list[str]]:
    data = load_json(raw)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError(["This file is not a framework record. Choose the .json file saved with "
                           "\u201cSave record\u201d."])
    version = data.get("schema_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise RecordError([f"The record uses schema version {escape_invisible(repr(version)[:40])}, which this "
                           f"form cannot read (it reads versions 1 and 2). Open it with the edition of the form "
                           f"that saved it."])
    edition, current = data.get("edition"), framework.edition.id
    if not isinstance(edition, str) or not edition.strip():
        raise RecordError(["The record does not say which edition of the framework it was saved with."])
    if _EDITION_ID.match(edition) and edition > current:
        raise RecordError([newer_edition_message(edition, current)])
    editions = {key: texts for key, texts in history.items() if isinstance(texts, dict) and key < current}
    editions[current] = {q.id: q.text for q in framework.questions}
    if edition not in editions:
        known = ", ".join(sorted(editions))
        raise RecordError([f"The record was saved with edition {escape_invisible(edition[:40])} of the framework, "
                           f"which this form does not know (it knows {known})."])
    record, problems = check_record(data, version, framework, editions)
    if problems:
        fields, texts = zip(*problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        tail = f"\u2026 and {more} more {'problem' if more == 1 else 'problems'}."
        raise RecordError([*texts, *([tail] if more > 0 else [])],
                          [*fields, *([None] if more > 0 else [])])
    notices = []
    if version == 1:
        notices.append("This record was saved in the earlier record format (version 1). Its answers are now the "
                       "current answers and its review history is kept; it will be saved in the new format.")
    if edition != current:
        before = len(record.edition_changes)
        record = migrate(record, framework, editions[edition])
        notices.append(f"This record was saved with edition {edition}, an earlier edition than this form "
                       f"({current}). Answers carry over by question id"
                       + (f"; review the {_questions(len(record.edition_changes) - before)} that changed."
                          if len(record.edition_changes) > before else "."))
    notices.extend(text for _field, text in saving_problems(record, framework, size=False))
    size = len(record_to_json(record).encode("utf-8"))
    if size > MAX_BYTES:
        raise RecordError([f"The record would be {size // 1000} KB when saved: a record can be at most "
                           f"{MAX_BYTES // 1000} KB."])
    return record, notices


def _option_id(options, label: str) -> str:
    return next((option.id for option in options if option.label == label), "")


def policy_problem(case: dict, framework: Framework) -> str | None:
    """Why the record's policy does not fit its nation, care setting or profession, or None."""
    policy = next((p for p in framework.policies if p.title == case.get("policy")), None)
    if policy is None:
        return None
    scope = framework.scope
    misfits = [case[key] for key, ids, options in (
        ("nation", policy.nations, scope.nations), ("care_setting", policy.settings, scope.settings),
        ("profession", policy.professions, scope.professions))
        if case.get(key) and _option_id(options, case[key]) not in ids]
    if not misfits:
        return None
    return (f"The applicable policy \u201c{policy.title}\u201d does not apply to {' and '.join(misfits)}. "
            f"Choose a policy that applies to the case, or leave it blank.")


def saving_problems(record: Record, framework: Framework, size: bool = True) -> list[tuple[str | None, str]]:
    """What prevents saving (or exporting) the record as a disclosable document: (field, sentence)."""
    problems = []
    policy = policy_problem(record.case, framework)
    if policy:
        problems.append(("case.policy", policy))
    if size:
        saved = len(record_to_json(record).encode("utf-8"))
        if saved > MAX_BYTES:
            problems.append((None, f"The record is {saved // 1000} KB as saved: a record can be at most "
                                   f"{MAX_BYTES // 1000} KB. Shorten the longest notes or summaries, then save again."))
    return problems


def _questions(number: int) -> str:
    """ "1 question", "2 questions" (never "question(s)")."""
    return f"{number} question" if number == 1 else f"{number} questions"
