"""Entry points for the browser worker: JSON text in, JSON text (or bytes) out.

The JavaScript side stays a thin shell; the rules (record checks, progress, follow-ups, saving and
the Word export) are this package's, the same code the command line runs.
"""
from __future__ import annotations

import datetime
import json

from .docx_fill import fill_docx
from .load import framework_from_data
from .progress import follow_ups, progress
from .record import RecordError, parse_record, record_filename, record_to_json

_state: dict = {}


def _bytes(data) -> bytes:
    """Accept bytes, or a JavaScript typed array passed through Pyodide."""
    return data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)


def start(framework_json: str, history_json: str = "{}") -> str:
    """Load the model; `history_json` holds earlier editions' question texts, for older records."""
    framework = framework_from_data(json.loads(framework_json))
    _state["framework"] = framework
    _state["history"] = json.loads(history_json)
    return json.dumps({"edition": framework.edition.id, "questions": len(framework.questions)})


def update(record_json: str) -> str:
    """Progress and the follow-up list for the answers on screen."""
    framework = _state["framework"]
    answers = json.loads(record_json).get("answers", {})
    return json.dumps({"progress": progress(framework, answers), "follow_ups": follow_ups(framework, answers)})


def open_record(data) -> str:
    """{"ok": true, "record": ...} or {"ok": false, "problems": [...]}; never raises on bad input."""
    raw = data if isinstance(data, str) else _bytes(data)
    try:
        record = parse_record(raw, _state["framework"], _state["history"])
    except RecordError as error:
        return json.dumps({"ok": False, "problems": list(error.problems)})
    return json.dumps({"ok": True, "record": record.to_data()})


def save_record(record_json: str, today: str) -> str:
    """{"ok": true, "filename", "text"} for a download, or the problems that prevent saving."""
    try:
        record = parse_record(record_json, _state["framework"])
    except RecordError as error:
        return json.dumps({"ok": False, "problems": list(error.problems)})
    filename = record_filename(record, datetime.date.fromisoformat(today))
    return json.dumps({"ok": True, "filename": filename, "text": record_to_json(record)})


def export_docx(record_json: str, template) -> bytes:
    """The site's Word framework filled in with the record."""
    framework = _state["framework"]
    return fill_docx(_bytes(template), parse_record(record_json, framework), framework)
