"""The case over its life: review points frozen as snapshots, what changed between them, the answer
history of each question, and the key dates (days since the concern, gaps, next review due).

Snapshots are never edited: recording one copies the current state; everything else here only reads.
"""
from __future__ import annotations

import dataclasses
import datetime

from .dates import days_between, long_date, parse_iso
from .errors import RecordError
from .model import Framework
from .record_check import POINTS
from .record_messages import language, say
from .record_model import LIMITS, Record, Snapshot, id_order
from .record_text import text_problem

FIELD_NAMES = {"point": "review point", "date": "date", "reviewer": "reviewer", "summary": "summary"}


def record_snapshot(record: Record, point, date, reviewer="", summary="", framework: Framework | None = None) -> Record:
    """`record` with a new review point, frozen from its current state; RecordError (with the field
    of each problem, in the language of `framework`: English without one) when the point, date,
    reviewer or summary will not do."""
    problems, fields = [], []

    def refuse(field: str, key: str, /, **values) -> None:
        fields.append(field)
        problems.append(say(framework, key, **values))

    if point not in POINTS:
        refuse("point", "choose_point")
    if not isinstance(date, str) or parse_iso(date) is None:
        refuse("date", "point_date_not_real")
    elif record.snapshots and date < record.snapshots[-1].date:
        refuse("date", "point_date_too_early", date=long_date(record.snapshots[-1].date, language(framework)))
    for key, text in (("reviewer", reviewer), ("summary", summary)):
        if not isinstance(text, str):
            refuse(key, f"{key}_not_text")
        elif len(text) > LIMITS[key]:
            refuse(key, f"{key}_too_long", limit=f"{LIMITS[key]:,}")
        elif text_problem(text):
            refuse(key, f"{key}_problem", problem=text_problem(text, framework))
    if len(record.snapshots) >= LIMITS["snapshots"]:
        refuse("point", "too_many_points", limit=LIMITS["snapshots"])
    if problems:
        raise RecordError(problems, fields)
    snapshot = Snapshot(point, date, record.edition, reviewer, summary, dict(record.case),
                        record.patient_safety_incident, dict(record.answers), dict(record.notes))
    if snapshot in record.snapshots:
        raise RecordError([say(framework, "already_recorded")], ["point"])
    return dataclasses.replace(record, snapshots=(*record.snapshots, snapshot))


def question_texts(framework: Framework, history: dict) -> dict:
    """{question id: text}, this edition's text first, else the latest earlier edition's."""
    texts = {}
    for edition in sorted(history):
        if isinstance(history[edition], dict):
            texts.update(history[edition])
    return texts | {q.id: q.text for q in framework.questions}


def changes(framework: Framework, texts: dict, before: tuple[dict, dict], after: tuple[dict, dict]) -> list:
    """Questions whose answer or note differs between two states ((answers, notes) each),
    grouped by principle in the framework's order."""
    (old_answers, old_notes), (new_answers, new_notes) = before, after
    changed = sorted((qid for qid in {*old_answers, *new_answers, *old_notes, *new_notes}
                      if old_answers.get(qid, "") != new_answers.get(qid, "")
                      or old_notes.get(qid, "") != new_notes.get(qid, "")), key=lambda q: id_order((q,)))
    titles = {p.id: f"{p.id}. {p.title}" for p in framework.principles}
    groups: dict[str, list] = {}
    for qid in changed:
        groups.setdefault(qid.split(".")[0], []).append({
            "id": qid, "text": texts.get(qid, ""), "old_answer": old_answers.get(qid, ""),
            "new_answer": new_answers.get(qid, ""), "old_note": old_notes.get(qid, ""),
            "new_note": new_notes.get(qid, "")})
    order = [p.id for p in framework.principles]
    return [{"principle": pid, "title": titles.get(pid, pid), "items": groups[pid]}
            for pid in sorted(groups, key=lambda p: (order.index(p) if p in order else len(order), p))]


def since_last(record: Record, framework: Framework, texts: dict) -> list:
    """What changed in the current answers since the latest review point ([] when there is none)."""
    if not record.snapshots:
        return []
    last = record.snapshots[-1]
    return changes(framework, texts, (last.answers, last.notes), (record.answers, record.notes))


def timeline(record: Record, framework: Framework, texts: dict) -> list:
    """Each review point with what changed since the one before (the first: since a blank record)."""
    entries, before = [], ({}, {})
    for snapshot in record.snapshots:
        entries.append({"point": snapshot.point, "date": snapshot.date, "reviewer": snapshot.reviewer,
                        "summary": snapshot.summary, "edition": snapshot.edition,
                        "changes": changes(framework, texts, before, (snapshot.answers, snapshot.notes))})
        before = (snapshot.answers, snapshot.notes)
    return entries


def answer_history(record: Record) -> dict:
    """{question id: [{point, date, answer}, ...]} over the review points, for every question
    answered at one of them at least."""
    asked = sorted({qid for s in record.snapshots for qid in s.answers}, key=lambda q: id_order((q,)))
    return {qid: [{"point": s.point, "date": s.date, "answer": s.answers.get(qid, "")} for s in record.snapshots]
            for qid in asked}


def latest_point(record: Record) -> tuple[str, str]:
    """(point, date) of the latest review point: a snapshot, else a version 1 review row."""
    dated = [(s.date, n, s.point) for n, s in enumerate(record.snapshots)]
    dated += [(r.date, -1 - n, r.point) for n, r in enumerate(record.reviews)]
    if not dated:
        return "", ""
    date, _n, point = max(dated)
    return point, date


def key_dates(record: Record, today: datetime.date) -> dict:
    """The key dates and the days between them; overdue when the next review date has passed."""
    concern = record.key_dates.get("concern_raised", "")
    due = record.key_dates.get("next_review", "")
    points = [s.date for s in record.snapshots]
    since = days_between(concern, today.isoformat()) if concern else None
    due_date = parse_iso(due)
    return {"concern_raised": concern, "days_since_concern": since, "next_review": due,
            "overdue": bool(due_date and due_date < today),
            "gaps": [{"from": a, "to": b, "days": days_between(a, b)} for a, b in zip(points, points[1:])]}


def case_summary(record: Record, framework: Framework, today: datetime.date) -> dict:
    """One line of the case list: references, latest review point, progress, next review."""
    point, date = latest_point(record)
    dates = key_dates(record, today)
    return {"reference": record.case.get("reference", ""),
            "practitioner_reference": record.case.get("practitioner_reference", ""),
            "latest_point": point, "latest_date": date, "answered": len(record.answers),
            "total": len(framework.questions), "next_review": dates["next_review"], "overdue": dates["overdue"]}
