"""The parts of a completed framework record (version 2) as frozen dataclasses, and its JSON form.

Kept apart from reading (record_check) and from bringing records forward (migrate), so that each
of those can import it without importing the other.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field

from .fields import CASE_FIELDS

FORMAT = "fairframe-record"
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
# The version 1 case details held a review point and a date; version 2 keeps those in review points.
V1_ONLY_CASE_KEYS = ("review_point", "date")
CASE_KEYS = tuple(k for k in (f.key.split(".", 1)[1] for f in CASE_FIELDS) if k not in V1_ONLY_CASE_KEYS)
KEY_DATES = ("concern_raised", "next_review")
# Who signed the record off and when (the Word framework's signoff.* controls). Optional when reading:
# a record saved before the sign-off existed (version 1, or version 2 without it) opens with it blank.
SIGN_OFF_KEYS = ("name", "role", "date")
REVIEW_KEYS = ("point", "date", "reviewer", "summary")
SNAPSHOT_KEYS = ("point", "date", "reviewer", "summary", "edition", "case", "patient_safety_incident",
                 "answers", "notes")
TOP_KEYS = ("format", "schema_version", "edition", "case", "key_dates", "sign_off", "patient_safety_incident",
            "answers", "notes", "snapshots", "reviews", "edition_changes")
CHANGE_KEYS = ("id", "change", "from_edition", "old_text", "new_text", "answer", "notes")
GATE_VALUES = ("", "yes", "no")
# Length limits, in characters, that the form can apply to its fields (start() passes them on).
MAX_TEXT = 20_000
SHORT_TEXT = 1_000  # a case detail, a sign-off name or role, a reviewer
LIMITS = {"case": SHORT_TEXT, "sign_off": SHORT_TEXT, "reviewer": SHORT_TEXT, "summary": MAX_TEXT, "note": MAX_TEXT,
          "snapshots": 200, "reviews": 200, "edition_changes": 500}


@dataclass(frozen=True)
class Review:
    """A review row of a version 1 record: when and by whom, without the answers at that point."""

    point: str
    date: str
    reviewer: str = ""
    summary: str = ""

    def to_data(self) -> dict:
        return {key: getattr(self, key) for key in REVIEW_KEYS}


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

    def to_data(self) -> dict:
        return {key: getattr(self, key) for key in CHANGE_KEYS}


@dataclass(frozen=True)
class Snapshot:
    """The case as it stood at a review point: frozen, never edited, in its own edition."""

    point: str
    date: str
    edition: str
    reviewer: str = ""
    summary: str = ""
    case: dict = field(default_factory=dict)
    patient_safety_incident: str = ""
    answers: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)

    def to_data(self) -> dict:
        return {"point": self.point, "date": self.date, "reviewer": self.reviewer, "summary": self.summary,
                "edition": self.edition, "case": {key: self.case.get(key, "") for key in CASE_KEYS},
                "patient_safety_incident": self.patient_safety_incident,
                "answers": dict(sorted(self.answers.items(), key=id_order)),
                "notes": dict(sorted(self.notes.items(), key=id_order))}


@dataclass(frozen=True)
class Record:
    edition: str
    case: dict = field(default_factory=dict)
    patient_safety_incident: str = ""
    answers: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    reviews: tuple = ()
    edition_changes: tuple = ()
    key_dates: dict = field(default_factory=dict)
    snapshots: tuple = ()
    sign_off: dict = field(default_factory=dict)

    def to_data(self) -> dict:
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "edition": self.edition,
            "case": {key: self.case.get(key, "") for key in CASE_KEYS},
            "key_dates": {key: self.key_dates.get(key, "") for key in KEY_DATES},
            "sign_off": {key: self.sign_off.get(key, "") for key in SIGN_OFF_KEYS},
            "patient_safety_incident": self.patient_safety_incident,
            "answers": dict(sorted(self.answers.items(), key=id_order)),
            "notes": dict(sorted(self.notes.items(), key=id_order)),
            "snapshots": [s.to_data() for s in self.snapshots],
            "reviews": [r.to_data() for r in self.reviews],
            "edition_changes": [c.to_data() for c in self.edition_changes],
        }


def id_order(item):
    """Sort key for (question id, value) pairs: P2.Q10 after P2.Q9, local questions (P2.L1) after."""
    return _id_key(item[0])


@functools.lru_cache(maxsize=4096)
def _id_key(question_id: str):
    return tuple(int(n) for n in re.findall(r"[0-9]{1,9}", question_id)), question_id


def record_to_json(record: Record) -> str:
    """The record as the form saves it: indented, UTF-8 text (not escaped), a final newline."""
    return json.dumps(record.to_data(), indent=2, ensure_ascii=False) + "\n"
