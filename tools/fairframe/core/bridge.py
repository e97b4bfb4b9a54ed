"""Entry points for the browser worker: JSON text in, JSON text (or bytes) out.

The JavaScript side stays a thin shell; the rules (record checks, review points, what changed,
progress, follow-ups, saving, the calendar reminder and the Word export) are this package's, the
same code the command line runs. Apart from export_docx (which raises only RecordError, one line
of plain words), no function here raises: a failure comes back as problems to show, in the language
of the framework given to start() (record_messages).
"""
from __future__ import annotations

import datetime
import json

from .dates import parse_iso
from .errors import RecordError
from .fields import REVIEW_POINTS
from .load import framework_from_data
from .progress import follow_ups, progress
from .record import MAX_BYTES, LIMITS, file_stem, read_record, record_filename, record_to_json, saving_problems
from .record_messages import say
from .snapshots import answer_history, case_summary, key_dates, question_texts, since_last, timeline
from .snapshots import record_snapshot as take_snapshot
from .tasks import tasks

_state: dict = {}


def _unexpected() -> str:
    """The one sentence for an error nobody foresaw, in the framework's language (English before start())."""
    return say(_state.get("framework"), "unexpected")


def _bytes(data) -> bytes:
    """Accept bytes, or a JavaScript typed array passed through Pyodide."""
    return data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)


def _today(today) -> datetime.date:
    return parse_iso(today) or datetime.date.today()


def _refused(error: RecordError) -> dict:
    return {"ok": False, "problems": list(error.problems), "details": error.details()}


def _guarded(function):
    """Run `function`; a RecordError or any unexpected error becomes {"ok": false, ...}, as JSON."""
    def run(*args):
        try:
            return json.dumps(function(*args), ensure_ascii=False)
        except RecordError as error:
            return json.dumps(_refused(error), ensure_ascii=False)
        except Exception:  # noqa: BLE001 - the bridge never raises into the page
            unexpected = _unexpected()
            return json.dumps({"ok": False, "problems": [unexpected], "details": [{"field": None,
                                                                                "text": unexpected}]})
    run.__name__, run.__doc__ = function.__name__, function.__doc__
    return run


def start(framework_json: str, history_json: str = "{}") -> str:
    """Load the model; `history_json` holds other editions' question texts, for older records."""
    framework = framework_from_data(json.loads(framework_json))
    _state["framework"] = framework
    _state["history"] = json.loads(history_json)
    _state["texts"] = question_texts(framework, _state["history"])
    return json.dumps({"edition": framework.edition.id, "questions": len(framework.questions),
                       "review_points": [{"value": value, "label": label} for value, label in REVIEW_POINTS],
                       "limits": {"max_bytes": MAX_BYTES, **LIMITS}})


def _read(data):
    raw = data if isinstance(data, str) else _bytes(data)
    return read_record(raw, _state["framework"], _state["history"])


def _safe_tasks(framework, answers: dict, case=None, gate="") -> list:
    """The task list of what can be read of a record; [] rather than an error."""
    try:
        return tasks(framework, answers, case if isinstance(case, dict) else {}, gate if isinstance(gate, str) else "")
    except Exception:  # noqa: BLE001 - the bridge never raises into the page
        return []


def _empty_update(framework, answers: dict, case=None, gate="") -> dict:
    return {"progress": progress(framework, answers), "follow_ups": follow_ups(framework, answers), "changes": [],
            "since": None, "history": {}, "timeline": [], "dates": {"concern_raised": "", "days_since_concern": None,
                                                                    "next_review": "", "overdue": False, "gaps": []},
            "case_summary": None, "saved_bytes": 0, "tasks": _safe_tasks(framework, answers, case, gate)}


def update(record_json: str, today: str | None = None, detail: str = "full") -> str:
    """Everything the page shows about the record on screen: progress, follow-ups, what changed since
    the last review point, the timeline, each question's history, key dates, the case-list line, and
    "tasks": the task list (case details, patient safety question, principles) with counts and
    honest statuses (fairframe.core.tasks).

    `detail="light"` leaves out the timeline and the saved size: the form asks for those only when
    the review points change, not on every keystroke (the timeline carries every note of every
    review point, tens of KB for a long case)."""
    framework = _state["framework"]
    try:
        record, _notices = _read(record_json)
    except RecordError as error:
        case, gate = {}, ""
        try:
            data = json.loads(record_json)
            answers = {k: v for k, v in data.get("answers", {}).items() if isinstance(k, str) and isinstance(v, str)}
            case, gate = data.get("case", {}), data.get("patient_safety_incident", "")
        except Exception:  # noqa: BLE001
            answers = {}
        return json.dumps(_empty_update(framework, answers, case, gate) | {"problems": list(error.problems)},
                          ensure_ascii=False)
    except Exception:  # noqa: BLE001
        return json.dumps(_empty_update(framework, {}) | {"problems": [_unexpected()]})
    texts, day = _state["texts"], _today(today)
    last = record.snapshots[-1] if record.snapshots else None
    full = detail != "light"
    return json.dumps({
        "progress": progress(framework, record.answers),
        "follow_ups": follow_ups(framework, record.answers),
        "changes": since_last(record, framework, texts),
        "since": {"point": last.point, "date": last.date} if last else None,
        "history": answer_history(record),
        "timeline": timeline(record, framework, texts) if full else None,
        "dates": key_dates(record, day),
        "case_summary": case_summary(record, framework, day),
        "saved_bytes": len(record_to_json(record).encode("utf-8")) if full else None,
        "tasks": _safe_tasks(framework, record.answers, record.case, record.patient_safety_incident),
    }, ensure_ascii=False)


@_guarded
def open_record(data) -> dict:
    """{"ok": true, "record", "notices"} or {"ok": false, "problems": [...], "details": [...]}."""
    record, notices = _read(data)
    return {"ok": True, "record": record.to_data(), "notices": notices}


@_guarded
def load_draft(record_json) -> dict:
    """As open_record, for a draft kept in the browser (it may be older, of version 1 or of an
    earlier edition; it is brought forward the same way)."""
    record, notices = _read(record_json)
    return {"ok": True, "record": record.to_data(), "notices": notices}


@_guarded
def save_record(record_json: str, today: str) -> dict:
    """{"ok": true, "filename", "text"} for a download, or the problems that prevent saving."""
    record, _notices = _read(record_json)
    problems = saving_problems(record, _state["framework"])
    if problems:
        raise RecordError([text for _field, text in problems], [field for field, _text in problems])
    return {"ok": True, "filename": record_filename(record, _today(today)), "text": record_to_json(record)}


def _record_snapshot(record_json: str, snapshot_json: str) -> dict:
    record, _notices = _read(record_json)
    details = json.loads(snapshot_json)
    framework = _state["framework"]
    if not isinstance(details, dict):
        raise RecordError([say(framework, "choose_point")], ["point"])
    problems = saving_problems(record, framework, size=False)
    if problems:
        raise RecordError([text for _field, text in problems], [field for field, _text in problems])
    updated = take_snapshot(record, details.get("point"), details.get("date"), details.get("reviewer", ""),
                            details.get("summary", ""), framework)
    size = len(record_to_json(updated).encode("utf-8"))
    if size > MAX_BYTES:
        raise RecordError([say(framework, "point_too_large", size=size // 1000, max=MAX_BYTES // 1000)], [None])
    return {"ok": True, "record": updated.to_data()}


def record_snapshot(record_json: str, snapshot_json: str) -> str:
    """The record with a new review point frozen from its current state, or the problems, each with
    the field it is about ("point", "date", "reviewer", "summary", "case.policy" or null)."""
    try:
        return json.dumps(_record_snapshot(record_json, snapshot_json), ensure_ascii=False)
    except RecordError as error:
        return json.dumps({"ok": False, "problems": error.details()}, ensure_ascii=False)
    except Exception:  # noqa: BLE001
        return json.dumps({"ok": False, "problems": [{"field": None, "text": _unexpected()}]})


@_guarded
def calendar(record_json: str, today: str | None = None) -> dict:
    """A reminder (.ics) for the next review date: {"ok": true, "filename", "text"}."""
    record, _notices = _read(record_json)
    if not parse_iso(record.key_dates.get("next_review", "")):
        raise RecordError([say(_state["framework"], "next_review_first")], ["key_dates.next_review"])
    from .calendar import next_review_ics  # only when asked for
    stamp = datetime.datetime.combine(_today(today), datetime.time(), datetime.UTC)
    return {"ok": True, "filename": f"{file_stem(record)}-next-review.ics", "text": next_review_ics(record, stamp)}


def _exportable(record_json: str):
    """The record, checked as for saving (without the size limit); RecordError when it cannot be exported."""
    record, _notices = _read(record_json)
    problems = saving_problems(record, _state["framework"], size=False)
    if problems:
        raise RecordError([text for _field, text in problems], [field for field, _text in problems])
    return record


@_guarded
def check_export(record_json: str) -> dict:
    """{"ok": true} when export_docx will fill the Word framework with this record, else {"ok": false,
    "problems": [...], "details": [{"field", "text"}]} as for save_record (a field such as
    "sign_off.date", "case.policy" or null), for the error summary. Never raises."""
    _exportable(record_json)
    return {"ok": True}


def export_docx(record_json: str, template) -> bytes:
    """The site's Word framework filled in with the record (bytes). It raises nothing but RecordError:
    for a refused record, its problems (as check_export gives them); for anything unexpected, one
    sentence saying so. The error's message is one line of plain words (its problems joined, in the
    framework's language), so the page can show the last line of what reaches JavaScript, never a
    traceback."""
    try:
        record = _exportable(record_json)
        from .docx_fill import fill_docx  # zipfile and xml: imported on the first export, not at start
        return fill_docx(_bytes(template), record, _state["framework"])
    except RecordError as error:
        raise RecordError([" ".join(text.split()) for text in error.problems], error.fields) from None
    except Exception:  # noqa: BLE001 - never a traceback in the page
        raise RecordError([_unexpected()]) from None
