"""A completed framework record: reading one (strictly, never trusting it) and saving it.

A record is what the form saves and opens and what `fill` turns into a Word file. Reading one can
only ever fail with a RecordError listing every problem in words a case manager can act on, in the
framework's language (record_messages); a record that opens can always be saved again and reopened
(the size limit is measured on the saved text). Records of an earlier edition or of the version 1
format are brought forward; records of a newer edition are refused, never converted backwards.
"""
from __future__ import annotations

import datetime
import re

from .errors import RecordError
from .migrate import migrate
from .model import Framework
from .record_check import check_record
from .record_json import MAX_BYTES, load_json
from .record_messages import counted, say
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
        raise RecordError([say(framework, "unreadable")]) from None


def newer_edition_message(edition: str, current: str, framework: Framework | None = None) -> str:
    return say(framework, "newer_edition", edition=edition, current=current)


def _read(raw, framework: Framework, history: dict) -> tuple[Record, list[str]]:
    data = load_json(raw, framework)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError([say(framework, "not_a_record")])
    version = data.get("schema_version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise RecordError([say(framework, "schema_version", version=escape_invisible(repr(version)[:40]))])
    edition, current = data.get("edition"), framework.edition.id
    if not isinstance(edition, str) or not edition.strip():
        raise RecordError([say(framework, "no_edition")])
    if _EDITION_ID.match(edition) and edition > current:
        raise RecordError([newer_edition_message(edition, current, framework)])
    editions = {key: texts for key, texts in history.items() if isinstance(texts, dict) and key < current}
    editions[current] = {q.id: q.text for q in framework.questions}
    if edition not in editions:
        known = ", ".join(sorted(editions))
        raise RecordError([say(framework, "unknown_edition", edition=escape_invisible(edition[:40]), known=known)])
    record, problems = check_record(data, version, framework, editions)
    if problems:
        fields, texts = zip(*problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        tail = [counted(framework, "more_problems", more)] if more > 0 else []
        raise RecordError([*texts, *tail], [*fields, *([None] if more > 0 else [])])
    notices = []
    if version == 1:
        notices.append(say(framework, "version_1"))
    if edition != current:
        before = len(record.edition_changes)
        record = migrate(record, framework, editions[edition])
        changed = len(record.edition_changes) - before
        notices.append(counted(framework, "earlier_edition_changed", changed, edition=edition, current=current)
                       if changed > 0 else say(framework, "earlier_edition", edition=edition, current=current))
    notices.extend(text for _field, text in saving_problems(record, framework, size=False))
    size = len(record_to_json(record).encode("utf-8"))
    if size > MAX_BYTES:
        raise RecordError([say(framework, "would_be_too_large", size=size // 1000, max=MAX_BYTES // 1000)])
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
    joined = misfits[0]
    for misfit in misfits[1:]:
        joined = say(framework, "misfits_and", first=joined, second=misfit)
    return say(framework, "policy_does_not_apply", policy=policy.title, misfits=joined)


def saving_problems(record: Record, framework: Framework, size: bool = True) -> list[tuple[str | None, str]]:
    """What prevents saving (or exporting) the record as a disclosable document: (field, sentence)."""
    problems = []
    policy = policy_problem(record.case, framework)
    if policy:
        problems.append(("case.policy", policy))
    if size:
        saved = len(record_to_json(record).encode("utf-8"))
        if saved > MAX_BYTES:
            problems.append((None, say(framework, "too_large_to_save", size=saved // 1000, max=MAX_BYTES // 1000)))
    return problems
