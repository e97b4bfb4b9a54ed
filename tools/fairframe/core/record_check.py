"""Checking a record's data, part by part, into a Record: every problem collected, nothing guessed.

A value the form could not show (a nation not on its list, a policy this framework does not have,
a date in words) is a problem, reported before the record opens, rather than dropped or blanked.
"""
from __future__ import annotations

from .dates import is_iso_or_blank, long_date, parse_iso, parse_v1_date
from .fields import REVIEW_POINTS
from .model import Framework
from .record_model import (CASE_KEYS, CHANGE_KEYS, GATE_VALUES, KEY_DATES, LIMITS, SIGN_OFF_KEYS, SNAPSHOT_KEYS,
                           TOP_KEYS, V1_ONLY_CASE_KEYS, EditionChange, Record, Review, Snapshot, id_order)
from .record_text import shown, text_problem

POINTS = tuple(value for value, _label in REVIEW_POINTS)
_V1_TOP_KEYS = tuple(k for k in TOP_KEYS if k not in ("key_dates", "sign_off", "snapshots"))
_SCOPE_LISTS = {"nation": "nations", "profession": "professions", "care_setting": "settings"}
_KEY_DATE_NAMES = {"concern_raised": "date the concern was raised", "next_review": "next review date"}


class Problems(list):
    """Problems found so far, each a (field or None, sentence) pair."""

    def add(self, text: str, field: str | None = None) -> None:
        self.append((field, text))


def check_record(data: dict, version: int, framework: Framework, editions: dict) -> tuple[Record, Problems]:
    """(`data` as a Record of its own edition, the problems found); `editions` holds
    {edition id: {question id: text}} for every edition a record or review point may use."""
    problems = Problems()
    for key in data:
        if key not in (_V1_TOP_KEYS if version == 1 else TOP_KEYS):
            problems.add(f"The record has an unknown section {shown(key)}.")
    edition = data["edition"]
    questions = editions[edition]
    case = _case(data.get("case", {}), "case details", framework, problems, check_policy=True,
                 extra=V1_ONLY_CASE_KEYS)
    legacy = _v1_review_point(case, problems)
    gate = _gate(data.get("patient_safety_incident", ""), problems, "The answer about a patient safety incident")
    answers, notes = _answers(data.get("answers", {}), data.get("notes", {}), questions, framework, problems,
                              f"edition {edition}")
    key_dates = _key_dates(data.get("key_dates", {}), problems)
    sign_off = _sign_off(data.get("sign_off", {}), problems)
    snapshots = _snapshots(data.get("snapshots", []), edition, framework, editions, problems)
    reviews = _reviews(data.get("reviews", []), problems, allow_blank=version > 1) + legacy
    changes = _edition_changes(data.get("edition_changes", []), framework, problems)
    record = Record(edition=edition, case=case, patient_safety_incident=gate, answers=answers, notes=notes,
                    reviews=reviews, edition_changes=changes, key_dates=key_dates, snapshots=snapshots,
                    sign_off=sign_off)
    return record, problems


def _text_map(value, name: str, problems: Problems, limit: int, allowed=None, field_prefix: str = "") -> dict:
    if not isinstance(value, dict):
        problems.add(f"The {name} must be a set of named values, not {type(value).__name__}.")
        return {}
    result = {}
    for key, text in value.items():
        if allowed is not None and key not in allowed:
            problems.add(f"The {name} include an unknown field {shown(key)}.")
        elif not isinstance(text, str):
            problems.add(f"In the {name}, {shown(key)} must be text.", field_prefix + key)
        elif len(text) > limit:
            problems.add(f"In the {name}, {shown(key)} is longer than {limit:,} characters.", field_prefix + key)
        elif text_problem(text):
            problems.add(f"In the {name}, {shown(key)} {text_problem(text)}.", field_prefix + key)
        else:
            result[key] = text
    return result


def _case(value, name: str, framework: Framework, problems: Problems, check_policy: bool, extra=()) -> dict:
    case = {key: "" for key in CASE_KEYS} | _text_map(value, name, problems, LIMITS["case"],
                                                      allowed=(*CASE_KEYS, *extra), field_prefix="case.")
    for key, scope in _SCOPE_LISTS.items():
        labels = [option.label for option in getattr(framework.scope, scope)]
        if case.get(key) and case[key] not in labels:
            problems.add(f"The {name} give the {key.replace('_', ' ')} {shown(case[key])}, which is not on the "
                         f"form's list ({', '.join(labels)}).", f"case.{key}")
    if check_policy and case.get("policy") and case["policy"] not in {p.title for p in framework.policies}:
        problems.add(f"The {name} give the policy {shown(case['policy'], 80)}, which this version of the framework "
                     f"does not list. Open the record in the version of the form that lists it.", "case.policy")
    return case


def _v1_review_point(case: dict, problems: Problems) -> tuple:
    """A version 1 record's case.review_point and case.date, kept as a review row."""
    point_text, date_text = case.pop("review_point", ""), case.pop("date", "")
    if not point_text.strip() and not date_text.strip():
        return ()
    labels = {label.lower(): value for value, label in REVIEW_POINTS} | {value: value for value in POINTS}
    point = labels.get(point_text.strip().lower(), None if point_text.strip() else "")
    date = parse_v1_date(date_text) if date_text.strip() else ""
    if point is None:
        problems.add(f"The case details give the review point {shown(point_text)}, which is not one of "
                     f"{', '.join(label for _value, label in REVIEW_POINTS)}.", "case.review_point")
    if date is None:
        problems.add(f"The case details give the date {shown(date_text)}, which the form cannot read as a date. "
                     f"Write it as, for example, 16 January 2025 or 2025-01-16.", "case.date")
    if point is None or date is None:
        return ()
    return (Review(point, date.isoformat() if date else ""),)


def _gate(value, problems: Problems, name: str) -> str:
    if value not in GATE_VALUES:
        problems.add(f"{name} must be yes, no or empty.", "case.patient_safety_incident")
        return ""
    return value


def _answers(answers, notes, questions: dict, framework: Framework, problems: Problems, where: str,
             who: str = "The record"):
    values = {a.value for a in framework.answer_scale}
    answers = _text_map(answers, "answers", problems, 1_000)
    notes = _text_map(notes, "notes", problems, LIMITS["note"])
    unknown = sorted({*answers, *notes} - set(questions), key=lambda qid: id_order((qid,)))
    if unknown:
        shown_ids = ", ".join(shown(qid, 20)[1:-1] for qid in unknown[:10]) + (", \u2026" if len(unknown) > 10 else "")
        problems.add(f"{who} answers questions {where} does not have: {shown_ids}.")
    for qid, value in answers.items():
        if value not in values:
            problems.add(f"The answer to {shown(qid, 20)[1:-1]} is {shown(value)}: it must be "
                         f"{', '.join(sorted(values))} or left out.", qid)
    return ({k: v for k, v in answers.items() if k in questions and v in values},
            {k: v for k, v in notes.items() if k in questions})


def _key_dates(value, problems: Problems) -> dict:
    dates = _text_map(value, "key dates", problems, 100, allowed=KEY_DATES, field_prefix="key_dates.")
    for key, text in dates.items():
        if not is_iso_or_blank(text):
            problems.add(f"The {_KEY_DATE_NAMES[key]} is {shown(text)}, which is not a date (YYYY-MM-DD).",
                         f"key_dates.{key}")
    return {key: dates.get(key, "") for key in KEY_DATES}


def _sign_off(value, problems: Problems) -> dict:
    """Name, role and date of the sign-off; absent (every record saved before it existed) is all blank."""
    sign_off = _text_map(value, "sign-off details", problems, LIMITS["sign_off"], allowed=SIGN_OFF_KEYS,
                         field_prefix="sign_off.")
    if not is_iso_or_blank(sign_off.get("date", "")):
        problems.add(f"The sign-off date is {shown(sign_off['date'])}, which is not a date (YYYY-MM-DD).",
                     "sign_off.date")
        sign_off["date"] = ""
    return {key: sign_off.get(key, "") for key in SIGN_OFF_KEYS}


def _list(value, name: str, limit: int, problems: Problems) -> list:
    if not isinstance(value, list):
        problems.add(f"The {name} must be a list.")
        return []
    if len(value) > limit:
        problems.add(f"The {name} has {len(value)} entries: a record holds at most {limit}.")
        return []
    return value


def _snapshots(value, edition: str, framework: Framework, editions: dict, problems: Problems) -> tuple:
    snapshots = []
    for number, item in enumerate(_list(value, "list of review points", LIMITS["snapshots"], problems), 1):
        name = f"Review point {number}"
        if not isinstance(item, dict) or set(item) - set(SNAPSHOT_KEYS):
            problems.add(f"{name} is not in the expected form ({', '.join(SNAPSHOT_KEYS)}).")
            continue
        found = len(problems)
        point, date = item.get("point"), item.get("date")
        if point not in POINTS:
            problems.add(f"{name} has an unknown review point {shown(point)}.")
        if parse_iso(date) is None:
            problems.add(f"{name} has a date that is not valid: {shown(date)} (it must be YYYY-MM-DD).")
        own = item.get("edition")
        if not isinstance(own, str) or own not in editions:
            known = ", ".join(sorted(editions))
            problems.add(f"{name} was recorded with edition {shown(own)}, which this form does not know "
                         f"(it knows {known}).")
        elif own > edition:
            problems.add(f"{name} was recorded with edition {own}, which is newer than the record's own edition "
                         f"({edition}).")
        texts = {key: item.get(key, "") for key in ("reviewer", "summary")}
        for key, text in texts.items():
            if not isinstance(text, str) or len(text) > LIMITS[key] or text_problem(text):
                reason = text_problem(text) if isinstance(text, str) and len(text) <= LIMITS[key] else (
                    f"must be text of at most {LIMITS[key]:,} characters")
                problems.add(f"{name}: the {key} {reason}.")
        case = _case(item.get("case", {}), f"case details of {name.lower()}", framework, problems,
                     check_policy=own == framework.edition.id)
        gate = _gate(item.get("patient_safety_incident", ""), problems, f"In {name.lower()}, the answer about a "
                                                                          f"patient safety incident")
        questions = editions.get(own) if isinstance(own, str) else None
        answers, notes = {}, {}
        if questions is not None:
            answers, notes = _answers(item.get("answers", {}), item.get("notes", {}), questions, framework, problems,
                                      f"edition {own}", name)
        if len(problems) > found:
            continue
        snapshot = Snapshot(point, date, own, texts["reviewer"], texts["summary"], case, gate, answers, notes)
        if snapshots and date < snapshots[-1][1].date:
            problems.add(f"The review points are not in date order: {name.lower()} is dated {long_date(date)}, before "
                         f"review point {snapshots[-1][0]} ({long_date(snapshots[-1][1].date)}), which comes first.")
        if any(snapshot == earlier for _n, earlier in snapshots):
            problems.add(f"{name} is a copy of an earlier review point: a review point is recorded once.")
        snapshots.append((number, snapshot))
    return tuple(snapshot for _number, snapshot in snapshots)


def _reviews(value, problems: Problems, allow_blank: bool) -> tuple:
    if not isinstance(value, list):
        problems.add("The review history must be a list.")
        return ()
    reviews = []
    for number, item in enumerate(_list(value, "review history", LIMITS["reviews"], problems), start=1):
        if not isinstance(item, dict) or set(item) - {"point", "date", "reviewer", "summary"}:
            problems.add(f"Review {number} is not in the expected form (point, date, reviewer, summary).")
            continue
        texts = {key: item.get(key, "") for key in ("point", "date", "reviewer", "summary")}
        if not all(isinstance(text, str) and len(text) <= LIMITS["summary"] for text in texts.values()):
            problems.add(f"Review {number} has a value that is not text.")
            continue
        if any(text_problem(text) for text in texts.values()):
            problems.add(f"Review {number} {next(filter(None, map(text_problem, texts.values())))}.")
            continue
        blank = allow_blank and (texts["point"] or texts["date"])
        if texts["point"] not in POINTS and not (blank and texts["point"] == ""):
            problems.add(f"Review {number} has an unknown review point {shown(texts['point'])}.")
        if parse_iso(texts["date"]) is None and not (blank and texts["date"] == ""):
            problems.add(f"Review {number} has a date that is not valid: {shown(texts['date'])}.")
        reviews.append(Review(**texts))
    return tuple(reviews)


def _edition_changes(value, framework: Framework, problems: Problems) -> tuple:
    items = _list(value, "list of questions changed by a new edition", LIMITS["edition_changes"], problems)
    answers = {"", *(a.value for a in framework.answer_scale)}
    if not all(isinstance(item, dict) and set(item) == set(CHANGE_KEYS)
               and all(isinstance(v, str) and len(v) <= LIMITS["note"] and not text_problem(v) for v in item.values())
               and item["change"] in ("removed", "reworded") and item["id"] and item["answer"] in answers
               for item in items):
        problems.add("The list of questions changed by a new edition is not in the expected form (each entry "
                     f"needs {', '.join(CHANGE_KEYS)}, as text).")
        return ()
    return tuple(EditionChange(**item) for item in items)
