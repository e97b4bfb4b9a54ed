"""What the case manager sees while answering: progress per principle and the follow-up list."""
from __future__ import annotations

from .model import Framework

NOT_STARTED, IN_PROGRESS, COMPLETED = "Not started", "In progress", "Completed"


def progress(framework: Framework, answers: dict) -> dict[str, str]:
    """{principle id: status}: not started, in progress or completed, by questions answered."""
    status = {}
    for principle in framework.principles:
        answered = sum(1 for q in principle.questions if answers.get(q.id))
        status[principle.id] = (NOT_STARTED if answered == 0 else
                                COMPLETED if answered == len(principle.questions) else IN_PROGRESS)
    return status


def follow_ups(framework: Framework, answers: dict) -> list[dict]:
    """Every No or Unknown answer with its further-inquiry prompt, grouped by principle."""
    needs = {a.value: a.label for a in framework.answer_scale if a.follow_up}
    groups = []
    for principle in framework.principles:
        items = [{"id": q.id, "question": q.text, "answer": needs[answers[q.id]], "if_not": " ".join(q.if_not.split())}
                 for q in principle.questions if answers.get(q.id) in needs]
        if items:
            groups.append({"id": principle.id, "title": f"{principle.id}. {principle.title}", "items": items})
    return groups
