"""The record commands, `fairframe fill` and `fairframe summary`: a saved record read as the form
reads it (the same fairframe.core code), then a filled Word file or a plain-text summary.

A record is untrusted: at most MAX_BYTES + 1 bytes are read (so /dev/zero cannot hang the
command), and everything printed is made terminal-safe (no escape sequences from a record).
What the commands write themselves is interface text (templates/interface/cli.yaml), in the
framework's language.
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

from .core.dates import long_date
from .core.fields import review_point_label
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
    RecordError when it cannot be read, or (for a disclosable output) when it contradicts itself;
    its heading, in the project's language, is what the command prints above its problems."""
    try:
        return _read(path, project, disclosable), project.history
    except RecordError as error:
        error.heading = project.framework.ui("cli.cannot_read", path=path)
        raise


def _read(path: Path, project, disclosable: bool):
    framework = project.framework
    record, notices = read_record(read_limited(path), framework, project.history)
    for notice in notices:
        print(terminal_safe(f"{path.name}: {notice}"), file=sys.stderr)
    if record.edition_changes:
        changes = f"{framework.ui('cli.edition_changes')}\n{changes_as_text(record, framework)}"
        print(terminal_safe(changes), file=sys.stderr)
    if disclosable:
        problems = saving_problems(record, framework, size=False)
        if problems:
            raise RecordError([text for _field, text in problems])
    return record


def changes_as_text(record, framework) -> str:
    """The questions to review after an edition change, in the framework's language."""
    ui = framework.ui
    return "\n".join(
        ui("cli.change_removed", id=change.id, edition=change.from_edition, old=change.old_text,
           answer=change.answer or ui("cli.change_no_answer")) if change.change == "removed" else
        ui("cli.change_reworded", id=change.id, old=change.old_text, new=change.new_text,
           answer=change.answer or ui("cli.change_no_answer"))
        for change in record.edition_changes)


def fill(args, project) -> int:
    from .core.docx_fill import fill_docx
    from .word import render_docx
    framework = project.framework
    record, _history = load(args.record, project, disclosable=True)
    args.output.write_bytes(fill_docx(render_docx(framework), record, framework))
    print(terminal_safe(framework.ui("cli.wrote", path=args.output, edition=framework.edition.id)))
    return 0


def _labelled(groups: list, labels: dict, framework) -> list:
    unanswered = framework.ui("cli.not_answered")
    return [{"title": group["title"], "items": [
        item | {"old": labels.get(item["old_answer"], unanswered), "new": labels.get(item["new_answer"], unanswered),
                "note_changed": item["old_note"] != item["new_note"]} for item in group["items"]]}
            for group in groups]


def _task_words(task: dict, framework) -> dict:
    """A task of core.tasks (its words in English, as the form shows them) with its heading, status and
    count in the framework's language: "P1. Welfare and support", "In progress", "3 of 9 answered · 1 to
    follow up"."""
    from .core.progress import COMPLETED, IN_PROGRESS, NOT_STARTED
    from .core.tasks import SEPARATOR
    ui = framework.ui
    status = {NOT_STARTED: "not_started", IN_PROGRESS: "in_progress", COMPLETED: "completed"}[task["status"]]
    if task["id"] == "case":
        heading, count = ui("cli.task_case"), ui("cli.count_filled_in", filled=task["answered"], total=task["total"])
    elif task["id"] == "patient_safety_incident":
        heading = ui("cli.task_patient_safety_incident")
        count = (ui("cli.count_answered_with", answer=task["answer"]) if task["answered"]
                 else ui("cli.count_not_answered"))
    else:
        heading = f"{task['id']}. {task['title']}"
        later = ui("cli.count_to_follow_up", count=task["follow_up"]) if task["follow_up"] else ""
        count = SEPARATOR.join(filter(None, (ui("cli.count_answered", answered=task["answered"],
                                                  total=task["total"]), later)))
    return task | {"heading": heading, "status": ui(f"cli.status_{status}"), "count": count}


def _days(days: int | None, framework) -> str:
    """How long ago the concern was raised: "today", "3 days ago", "in 2 days" (a date still to come)."""
    ui = framework.ui

    def counted(number: int) -> str:
        return ui("cli.day" if number == 1 else "cli.days", count=number)

    return (ui("cli.today") if days == 0 else ui("cli.days_ago", days=counted(days)) if days and days > 0
            else ui("cli.in_days", days=counted(-days)) if days else "")


def summary_text(record, framework, history: dict, today: datetime.date) -> str:
    from .core.progress import follow_ups
    from .core.tasks import task_list
    from .templating import render
    ui, language = framework.ui, framework.language

    def in_full(text: str) -> str:  # "3 February 2025", "3 Chwefror 2025"
        return long_date(text, language)

    texts = question_texts(framework, history)
    labels = {a.value: a.label for a in framework.answer_scale}
    entries = [entry | {"label": review_point_label(framework, entry["point"]), "long_date": in_full(entry["date"]),
                        "changes": _labelled(entry["changes"], labels, framework), "first": number == 0}
               for number, entry in enumerate(timeline(record, framework, texts))]
    dates = key_dates(record, today)
    tasks = [_task_words(task, framework) for task in task_list(framework, record)]
    edition = framework.edition  # its date, or "draft" for this project's draft that nobody has published
    edition_date = (ui("cli.edition_draft") if edition.draft
                    else ui("cli.edition_published", date=in_full(edition.published.isoformat())))
    text = render("cli", "summary.txt.j2", framework=framework, record=record, tasks=tasks, edition_date=edition_date,
                  since_concern=_days(dates["days_since_concern"], framework),
                  groups=follow_ups(framework, record.answers),
                  entries=entries, since=_labelled(since_last(record, framework, texts), labels, framework),
                  last=entries[-1] if entries else None, dates=dates,
                  concern=in_full(dates["concern_raised"]), next_review=in_full(dates["next_review"]),
                  reviews=[{"label": review_point_label(framework, r.point) if r.point
                            else ui("cli.review_point_not_given"),
                            "date": in_full(r.date) or ui("cli.no_date"), "reviewer": r.reviewer, "summary": r.summary}
                           for r in record.reviews],
                  sign_off=_sign_off(record, language))
    return terminal_safe(text)


def _sign_off(record, language: str) -> dict | None:
    """The sign-off as printed (its date in full, "3 February 2025"), or None when nothing is filled in."""
    if not any(text.strip() for text in record.sign_off.values()):
        return None
    return {"name": record.sign_off.get("name", "").strip(), "role": record.sign_off.get("role", "").strip(),
            "date": long_date(record.sign_off.get("date", ""), language)}


def summary(args, project) -> int:
    framework = project.framework
    record, history = load(args.record, project)
    sys.stdout.write(summary_text(record, framework, history, datetime.date.today()).rstrip("\n") + "\n")
    return 0
