"""The record commands, `fairframe fill` and `fairframe summary`: a saved record read as the form
reads it (the same fairframe.core code), then a filled Word file or a plain-text summary.

A record is untrusted: at most MAX_BYTES + 1 bytes are read (so /dev/zero cannot hang the
command), and everything printed is made terminal-safe (no escape sequences from a record).
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

from .core.dates import long_date
from .core.fields import REVIEW_POINTS
from .core.record import MAX_BYTES, read_record, saving_problems
from .core.errors import RecordError
from .core.record_text import terminal_safe
from .core.snapshots import key_dates, question_texts, since_last, timeline


def read_limited(path: Path) -> bytes:
    """At most MAX_BYTES + 1 bytes of the file: enough to tell that a larger one is too large."""
    with open(path, "rb") as file:
        return file.read(MAX_BYTES + 1)


def load(path: Path, project, disclosable: bool = False):
    """(record, history) for `path`, read against the loaded project; its notices go to stderr.
    RecordError when it cannot be read, or (for a disclosable output) when it contradicts itself."""
    from .core.migrate import changes_as_text
    framework, history = project.framework, project.history
    record, notices = read_record(read_limited(path), framework, history)
    for notice in notices:
        print(terminal_safe(f"{path.name}: {notice}"), file=sys.stderr)
    if record.edition_changes:
        print(terminal_safe(f"Questions to review after an edition change:\n{changes_as_text(record)}"),
              file=sys.stderr)
    if disclosable:
        problems = saving_problems(record, framework, size=False)
        if problems:
            raise RecordError([text for _field, text in problems])
    return record, history


def fill(args, project) -> int:
    from .core.docx_fill import fill_docx
    from .word import render_docx
    framework = project.framework
    record, _history = load(args.record, project, disclosable=True)
    args.output.write_bytes(fill_docx(render_docx(framework), record, framework))
    print(terminal_safe(f"Wrote {args.output} (edition {framework.edition.id})."))
    return 0


def _labelled(groups: list, labels: dict) -> list:
    return [{"title": group["title"], "items": [
        item | {"old": labels.get(item["old_answer"], "not answered"), "new": labels.get(item["new_answer"],
                                                                                        "not answered"),
                "note_changed": item["old_note"] != item["new_note"]} for item in group["items"]]}
            for group in groups]


def summary_text(record, framework, history: dict, today: datetime.date) -> str:
    from .core.progress import follow_ups
    from .core.tasks import counted, task_list
    from .templating import render
    texts = question_texts(framework, history)
    labels = {a.value: a.label for a in framework.answer_scale}
    points = dict(REVIEW_POINTS)
    entries = [entry | {"label": points[entry["point"]], "long_date": long_date(entry["date"]),
                        "changes": _labelled(entry["changes"], labels), "first": number == 0}
               for number, entry in enumerate(timeline(record, framework, texts))]
    dates = key_dates(record, today)
    tasks = [task | {"heading": f"{task['id']}. {task['title']}" if task["id"].startswith("P") else task["title"]}
             for task in task_list(framework, record)]
    days = dates["days_since_concern"]
    since_concern = ("today" if days == 0 else f"{counted(days, 'day')} ago" if days and days > 0
                     else f"in {counted(-days, 'day')}" if days else "")
    edition = framework.edition  # its date, or "draft" for this project's draft that nobody has published
    edition_date = ("DRAFT, not published" if edition.draft
                    else f"published {long_date(edition.published.isoformat())}")
    text = render("cli", "summary.txt.j2", framework=framework, record=record, tasks=tasks, edition_date=edition_date,
                  since_concern=since_concern, groups=follow_ups(framework, record.answers),
                  entries=entries, since=_labelled(since_last(record, framework, texts), labels),
                  last=entries[-1] if entries else None, dates=dates,
                  concern=long_date(dates["concern_raised"]), next_review=long_date(dates["next_review"]),
                  reviews=[{"label": points.get(r.point, r.point or "Review point not given"),
                            "date": long_date(r.date) or "no date", "reviewer": r.reviewer, "summary": r.summary}
                           for r in record.reviews],
                  sign_off=_sign_off(record))
    return terminal_safe(text)


def _sign_off(record) -> dict | None:
    """The sign-off as printed (its date in full, "3 February 2025"), or None when nothing is filled in."""
    if not any(text.strip() for text in record.sign_off.values()):
        return None
    return {"name": record.sign_off.get("name", "").strip(), "role": record.sign_off.get("role", "").strip(),
            "date": long_date(record.sign_off.get("date", ""))}


def summary(args, project) -> int:
    framework = project.framework
    record, history = load(args.record, project)
    sys.stdout.write(summary_text(record, framework, history, datetime.date.today()).rstrip("\n") + "\n")
    return 0
