"""Brings a record saved with an earlier edition into the current one.

Answers and notes carry over by question id. A question the new edition removed or reworded is
listed in the record's edition_changes, with the answer and notes it had, for the user to review:
nothing is dropped silently. Review points (snapshots) keep their own edition and answers.
A change already listed (from an earlier move) is not listed again.
"""
from __future__ import annotations

import dataclasses

from .model import Framework
from .record_model import EditionChange, Record, id_order


def _normal(text: str) -> str:
    return " ".join(text.split())


def migrate(record: Record, framework: Framework, old_questions: dict[str, str]) -> Record:
    """`record` (checked against the edition whose question texts are `old_questions`), moved to
    `framework`'s edition."""
    current = {q.id: q.text for q in framework.questions}
    changes = list(record.edition_changes)
    listed = {(c.id, c.change, c.from_edition) for c in changes}

    def note(change: EditionChange) -> None:
        if (change.id, change.change, change.from_edition) not in listed:
            listed.add((change.id, change.change, change.from_edition))
            changes.append(change)

    answers, notes = {}, {}
    for qid in sorted({*record.answers, *record.notes}, key=lambda i: id_order((i,))):
        answer, text = record.answers.get(qid, ""), record.notes.get(qid, "")
        if qid not in current:
            note(EditionChange(qid, "removed", record.edition, old_questions.get(qid, ""), "", answer, text))
            continue
        if _normal(current[qid]) != _normal(old_questions.get(qid, current[qid])):
            note(EditionChange(qid, "reworded", record.edition, old_questions[qid], current[qid], answer, text))
        if answer:
            answers[qid] = answer
        if text:
            notes[qid] = text
    return dataclasses.replace(record, edition=framework.edition.id, answers=answers, notes=notes,
                               edition_changes=tuple(changes))
