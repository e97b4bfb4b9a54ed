"""Checking a record's data, part by part, into a Record: every problem collected, nothing guessed.

A value the form could not show (a nation not on its list, a policy this framework does not have,
a date in words) is a problem, reported before the record opens, rather than dropped or blanked.
Each problem is a sentence of record_messages, in the framework's language.
"""
from __future__ import annotations

from .dates import is_iso_or_blank, long_date, parse_iso, parse_v1_date
from .fields import REVIEW_POINTS, review_point_label
from .model import Framework
from .record_messages import language, say
from .record_model import (CASE_KEYS, CHANGE_KEYS, GATE_VALUES, KEY_DATES, LIMITS, REVIEW_KEYS, SIGN_OFF_KEYS,
                           SNAPSHOT_KEYS, TOP_KEYS, V1_ONLY_CASE_KEYS, EditionChange, Record, Review, Snapshot,
                           id_order)
from .record_text import shown, text_problem

POINTS = tuple(value for value, _label in REVIEW_POINTS)
_V1_TOP_KEYS = tuple(k for k in TOP_KEYS if k not in ("key_dates", "sign_off", "snapshots"))
_SCOPE_LISTS = {"nation": "nations", "profession": "professions", "care_setting": "settings"}


class Problems(list):
    """Problems found so far, each a (field or None, sentence) pair, the sentences in the language of
    `framework` (record_messages)."""

    def __init__(self, framework: Framework | None = None):
        super().__init__()
        self.framework = framework

    def text(self, key: str, /, **values) -> str:
        """The message `key`, in the framework's language (a part of a sentence, or a whole one)."""
        return say(self.framework, key, **values)

    def add(self, key: str, field: str | None = None, /, **values) -> None:
        self.append((field, self.text(key, **values)))

    def text_problem(self, text: str) -> str | None:
        return text_problem(text, self.framework)


def check_record(data: dict, version: int, framework: Framework, editions: dict) -> tuple[Record, Problems]:
    """(`data` as a Record of its own edition, the problems found); `editions` holds
    {edition id: {question id: text}} for every edition a record or review point may use."""
    problems = Problems(framework)
    for key in data:
        if key not in (_V1_TOP_KEYS if version == 1 else TOP_KEYS):
            problems.add("unknown_section", key=shown(key))
    edition = data["edition"]
    questions = editions[edition]
    case = _case(data.get("case", {}), problems.text("part_case"), framework, problems, check_policy=True,
                 extra=V1_ONLY_CASE_KEYS)
    legacy = _v1_review_point(case, framework, problems)
    gate = _gate(data.get("patient_safety_incident", ""), problems, "gate")
    answers, notes = _answers(data.get("answers", {}), data.get("notes", {}), questions, framework, problems,
                              edition)
    key_dates = _key_dates(data.get("key_dates", {}), problems)
    sign_off = _sign_off(data.get("sign_off", {}), problems)
    snapshots = _snapshots(data.get("snapshots", []), edition, framework, editions, problems)
    reviews = _reviews(data.get("reviews", []), problems, allow_blank=version > 1) + legacy
    changes = _edition_changes(data.get("edition_changes", []), framework, problems)
    record = Record(edition=edition, case=case, patient_safety_incident=gate, answers=answers, notes=notes,
                    reviews=reviews, edition_changes=changes, key_dates=key_dates, snapshots=snapshots,
                    sign_off=sign_off)
    return record, problems


def _text_map(value, part: str, problems: Problems, limit: int, allowed=None, field_prefix: str = "") -> dict:
    """`part`: the name of this part of the record in the sentences of the problems ("case details")."""
    if not isinstance(value, dict):
        problems.add("not_named_values", part=part, type=type(value).__name__)
        return {}
    result = {}
    for key, text in value.items():
        if allowed is not None and key not in allowed:
            problems.add("unknown_field", part=part, key=shown(key))
        elif not isinstance(text, str):
            problems.add("value_not_text", field_prefix + key, part=part, key=shown(key))
        elif len(text) > limit:
            problems.add("value_too_long", field_prefix + key, part=part, key=shown(key), limit=f"{limit:,}")
        elif problems.text_problem(text):
            problems.add("value_problem", field_prefix + key, part=part, key=shown(key),
                         problem=problems.text_problem(text))
        else:
            result[key] = text
    return result


def _case(value, part: str, framework: Framework, problems: Problems, check_policy: bool, extra=()) -> dict:
    case = {key: "" for key in CASE_KEYS} | _text_map(value, part, problems, LIMITS["case"],
                                                      allowed=(*CASE_KEYS, *extra), field_prefix="case.")
    for key, scope in _SCOPE_LISTS.items():
        labels = [option.label for option in getattr(framework.scope, scope)]
        if case.get(key) and case[key] not in labels:
            problems.add("not_on_list", f"case.{key}", part=part, what=problems.text(f"scope_{key}"),
                         value=shown(case[key]), options=", ".join(labels))
    if check_policy and case.get("policy") and case["policy"] not in {p.title for p in framework.policies}:
        problems.add("policy_not_listed", "case.policy", part=part, policy=shown(case["policy"], 80))
    return case


def _v1_review_point(case: dict, framework: Framework, problems: Problems) -> tuple:
    """A version 1 record's case.review_point and case.date, kept as a review row."""
    point_text, date_text = case.pop("review_point", ""), case.pop("date", "")
    if not point_text.strip() and not date_text.strip():
        return ()
    labels = {label.lower(): value for value, label in REVIEW_POINTS} | {value: value for value in POINTS}
    point = labels.get(point_text.strip().lower(), None if point_text.strip() else "")
    date = parse_v1_date(date_text) if date_text.strip() else ""
    if point is None:
        problems.add("v1_review_point", "case.review_point", value=shown(point_text),
                     points=", ".join(review_point_label(framework, value) for value in POINTS))
    if date is None:
        problems.add("v1_date", "case.date", value=shown(date_text))
    if point is None or date is None:
        return ()
    return (Review(point, date.isoformat() if date else ""),)


def _gate(value, problems: Problems, key: str, **values) -> str:
    if value not in GATE_VALUES:
        problems.add(key, "case.patient_safety_incident", **values)
        return ""
    return value


def _answers(answers, notes, questions: dict, framework: Framework, problems: Problems, edition: str,
             snapshot: int | None = None):
    """The answers and notes of the record (or of its review point number `snapshot`), checked against
    the questions of their edition."""
    values = {a.value for a in framework.answer_scale}
    answers = _text_map(answers, problems.text("part_answers"), problems, 1_000)
    notes = _text_map(notes, problems.text("part_notes"), problems, LIMITS["note"])
    unknown = sorted({*answers, *notes} - set(questions), key=lambda qid: id_order((qid,)))
    if unknown:
        shown_ids = ", ".join(shown(qid, 20)[1:-1] for qid in unknown[:10]) + (", \u2026" if len(unknown) > 10 else "")
        if snapshot is None:
            problems.add("unknown_questions", edition=edition, ids=shown_ids)
        else:
            problems.add("snapshot_unknown_questions", number=snapshot, edition=edition, ids=shown_ids)
    for qid, value in answers.items():
        if value not in values:
            problems.add("answer_not_on_scale", qid, id=shown(qid, 20)[1:-1], value=shown(value),
                         values=", ".join(sorted(values)))
    return ({k: v for k, v in answers.items() if k in questions and v in values},
            {k: v for k, v in notes.items() if k in questions})


def _key_dates(value, problems: Problems) -> dict:
    dates = _text_map(value, problems.text("part_key_dates"), problems, 100, allowed=KEY_DATES,
                      field_prefix="key_dates.")
    for key, text in dates.items():
        if not is_iso_or_blank(text):
            problems.add(f"{key}_not_a_date", f"key_dates.{key}", value=shown(text))
    return {key: dates.get(key, "") for key in KEY_DATES}


def _sign_off(value, problems: Problems) -> dict:
    """Name, role and date of the sign-off; absent (every record saved before it existed) is all blank."""
    sign_off = _text_map(value, problems.text("part_sign_off"), problems, LIMITS["sign_off"], allowed=SIGN_OFF_KEYS,
                         field_prefix="sign_off.")
    if not is_iso_or_blank(sign_off.get("date", "")):
        problems.add("sign_off_date_not_a_date", "sign_off.date", value=shown(sign_off["date"]))
        sign_off["date"] = ""
    return {key: sign_off.get(key, "") for key in SIGN_OFF_KEYS}


def _list(value, name: str, limit: int, problems: Problems) -> list:
    """`name`: which list ("snapshots", "reviews", "changes"), as in the keys of its problems."""
    if not isinstance(value, list):
        problems.add(f"{name}_not_a_list")
        return []
    if len(value) > limit:
        problems.add(f"too_many_{name}", count=len(value), limit=limit)
        return []
    return value


def _snapshots(value, edition: str, framework: Framework, editions: dict, problems: Problems) -> tuple:
    snapshots = []
    for number, item in enumerate(_list(value, "snapshots", LIMITS["snapshots"], problems), 1):
        if not isinstance(item, dict) or set(item) - set(SNAPSHOT_KEYS):
            problems.add("snapshot_not_in_form", number=number, keys=", ".join(SNAPSHOT_KEYS))
            continue
        found = len(problems)
        point, date = item.get("point"), item.get("date")
        if point not in POINTS:
            problems.add("snapshot_unknown_point", number=number, value=shown(point))
        if parse_iso(date) is None:
            problems.add("snapshot_bad_date", number=number, value=shown(date))
        own = item.get("edition")
        if not isinstance(own, str) or own not in editions:
            problems.add("snapshot_unknown_edition", number=number, value=shown(own), known=", ".join(sorted(editions)))
        elif own > edition:
            problems.add("snapshot_newer_edition", number=number, edition=own, record_edition=edition)
        texts = {key: item.get(key, "") for key in ("reviewer", "summary")}
        for key, text in texts.items():
            if not isinstance(text, str) or len(text) > LIMITS[key]:
                problems.add(f"snapshot_{key}_not_text", number=number, limit=f"{LIMITS[key]:,}")
            elif problems.text_problem(text):
                problems.add(f"snapshot_{key}_problem", number=number, problem=problems.text_problem(text))
        case = _case(item.get("case", {}), problems.text("part_snapshot_case", number=number), framework, problems,
                     check_policy=own == framework.edition.id)
        gate = _gate(item.get("patient_safety_incident", ""), problems, "snapshot_gate", number=number)
        questions = editions.get(own) if isinstance(own, str) else None
        answers, notes = {}, {}
        if questions is not None:
            answers, notes = _answers(item.get("answers", {}), item.get("notes", {}), questions, framework, problems,
                                      own, number)
        if len(problems) > found:
            continue
        snapshot = Snapshot(point, date, own, texts["reviewer"], texts["summary"], case, gate, answers, notes)
        if snapshots and date < snapshots[-1][1].date:
            words = language(framework)
            problems.add("snapshots_out_of_order", number=number, date=long_date(date, words),
                         earlier=snapshots[-1][0], earlier_date=long_date(snapshots[-1][1].date, words))
        if any(snapshot == earlier for _n, earlier in snapshots):
            problems.add("snapshot_copy", number=number)
        snapshots.append((number, snapshot))
    return tuple(snapshot for _number, snapshot in snapshots)


def _reviews(value, problems: Problems, allow_blank: bool) -> tuple:
    if not isinstance(value, list):
        problems.add("reviews_not_a_list")
        return ()
    reviews = []
    for number, item in enumerate(_list(value, "reviews", LIMITS["reviews"], problems), start=1):
        if not isinstance(item, dict) or set(item) - set(REVIEW_KEYS):
            problems.add("review_not_in_form", number=number, keys=", ".join(REVIEW_KEYS))
            continue
        texts = {key: item.get(key, "") for key in REVIEW_KEYS}
        if not all(isinstance(text, str) and len(text) <= LIMITS["summary"] for text in texts.values()):
            problems.add("review_not_text", number=number)
            continue
        if any(text_problem(text) for text in texts.values()):
            problems.add("review_problem", number=number,
                         problem=next(filter(None, map(problems.text_problem, texts.values()))))
            continue
        blank = allow_blank and (texts["point"] or texts["date"])
        if texts["point"] not in POINTS and not (blank and texts["point"] == ""):
            problems.add("review_unknown_point", number=number, value=shown(texts["point"]))
        if parse_iso(texts["date"]) is None and not (blank and texts["date"] == ""):
            problems.add("review_bad_date", number=number, value=shown(texts["date"]))
        reviews.append(Review(**texts))
    return tuple(reviews)


def _edition_changes(value, framework: Framework, problems: Problems) -> tuple:
    items = _list(value, "changes", LIMITS["edition_changes"], problems)
    answers = {"", *(a.value for a in framework.answer_scale)}
    if not all(isinstance(item, dict) and set(item) == set(CHANGE_KEYS)
               and all(isinstance(v, str) and len(v) <= LIMITS["note"] and not text_problem(v) for v in item.values())
               and item["change"] in ("removed", "reworded") and item["id"] and item["answer"] in answers
               for item in items):
        problems.add("changes_not_in_form", keys=", ".join(CHANGE_KEYS))
        return ()
    return tuple(EditionChange(**item) for item in items)
