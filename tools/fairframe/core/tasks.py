"""The case as a task list (the GOV.UK "complete multiple tasks" pattern): case details, the patient
safety question, then each principle, with a count and an honest status.

Honest means: a principle with an unanswered question is never "Completed", and one whose answers
call for further inquiry (No or Unknown) says how many are left to follow up ("Completed · 3 to
follow up"), so nine No answers never read as a job done. The form, the print view and
`fairframe summary` all show these words; standard library only, as it runs in the browser too.
"""
from __future__ import annotations

from .fields import GATE
from .model import Framework
from .progress import COMPLETED, IN_PROGRESS, NOT_STARTED
from .record_model import CASE_KEYS, Record

SEPARATOR = " · "
CASE_TASK = {"id": "case", "title": "Case details"}
GATE_TASK = {"id": "patient_safety_incident", "title": "Patient safety incident"}


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 question", "2 questions": never "question(s)"."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def status_of(done: int, total: int) -> str:
    """Not started (nothing done), Completed (everything done) or In progress."""
    return NOT_STARTED if done == 0 else COMPLETED if done >= total else IN_PROGRESS


def principle_tasks(framework: Framework, answers: dict) -> list[dict]:
    """One task per principle: {id, title, answered, total, follow_up, status, count, label}."""
    values = {a.value for a in framework.answer_scale}
    inquiry = {a.value for a in framework.answer_scale if a.follow_up}
    tasks = []
    for principle in framework.principles:
        given = [answers.get(q.id) for q in principle.questions if answers.get(q.id) in values]
        answered, total = len(given), len(principle.questions)
        follow_up = sum(1 for answer in given if answer in inquiry)
        status = status_of(answered, total)
        later = f"{follow_up} to follow up" if follow_up else ""
        tasks.append({"id": principle.id, "title": principle.title, "answered": answered, "total": total,
                      "follow_up": follow_up, "status": status,
                      "count": SEPARATOR.join(filter(None, (f"{answered} of {total} answered", later))),
                      "label": SEPARATOR.join(filter(None, (status, later)))})
    return tasks


def case_task(case: dict) -> dict:
    """The case details: how many of its fields are filled in."""
    filled = sum(1 for key in CASE_KEYS if isinstance(case.get(key), str) and case[key].strip())
    status = status_of(filled, len(CASE_KEYS))
    return CASE_TASK | {"answered": filled, "total": len(CASE_KEYS), "follow_up": 0, "status": status,
                        "count": f"{filled} of {len(CASE_KEYS)} filled in", "label": status}


def gate_task(framework: Framework, answer: str) -> dict:
    """The patient safety question: answered or not; a Yes sends the case to the Being fair tool first."""
    labels = {a.value: a.label for a in framework.answer_scale}
    answered = 1 if answer in ("yes", "no") else 0
    status = status_of(answered, 1)
    then = "use the Being fair tool first" if answer == "yes" else ""
    return GATE_TASK | {"question": GATE.label, "answered": answered, "total": 1, "follow_up": 0,
                        "status": status, "answer": labels.get(answer, "") if answered else "",
                        "count": f"Answered {labels[answer]}" if answered else "Not answered",
                        "label": SEPARATOR.join(filter(None, (status, then)))}


def tasks(framework: Framework, answers: dict, case: dict | None = None, patient_safety_incident: str = "") -> list:
    """Case details, the patient safety question, then the principles, in the order the hub shows them."""
    return [case_task(case or {}), gate_task(framework, patient_safety_incident),
            *principle_tasks(framework, answers)]


def task_list(framework: Framework, record: Record) -> list[dict]:
    """The task list of a record read by fairframe.core.record."""
    return tasks(framework, record.answers, record.case, record.patient_safety_incident)
