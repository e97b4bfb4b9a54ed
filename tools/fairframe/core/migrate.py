"""Brings a record saved with an earlier edition into the current one.

Answers and notes carry over by question id. A question the new edition removed or reworded is
listed in the record's edition_changes, with the answer and notes it had, for the user to review:
nothing is dropped silently.
"""
from __future__ import annotations

import dataclasses

from .model import Framework
from .record import EditionChange, Record, id_order


def _normal(text: str) -> str:
    return " ".join(text.split())


def migrate(record: Record, framework: Framework, old_questions: dict[str, str]) -> Record:
    """`record` (checked against the edition whose question texts are `old_questions`), moved to
    `framework`'s edition."""
    current = {q.id: q.text for q in framework.questions}
    changes = list(record.edition_changes)
    answers, notes = {}, {}
    for qid in sorted({*record.answers, *record.notes}, key=lambda i: id_order((i,))):
        answer, note = record.answers.get(qid, ""), record.notes.get(qid, "")
        if qid not in current:
            changes.append(EditionChange(qid, "removed", record.edition, old_questions.get(qid, ""), "", answer, note))
            continue
        if _normal(current[qid]) != _normal(old_questions.get(qid, current[qid])):
            changes.append(EditionChange(qid, "reworded", record.edition, old_questions[qid], current[qid],
                                         answer, note))
        if answer:
            answers[qid] = answer
        if note:
            notes[qid] = note
    return dataclasses.replace(record, edition=framework.edition.id, answers=answers, notes=notes,
                               edition_changes=tuple(changes))


def changes_as_text(record: Record) -> str:
    """The questions to review after an edition change, for the command line."""
    lines = []
    for change in record.edition_changes:
        if change.change == "removed":
            lines.append(f"- {change.id} was removed in edition {record.edition}: \u201c{change.old_text}\u201d "
                         f"(answer: {change.answer or 'none'}; notes kept in the record)")
        else:
            lines.append(f"- {change.id} was reworded: \u201c{change.old_text}\u201d is now \u201c{change.new_text}\u201d "
                         f"(answer kept: {change.answer or 'none'}; please check it still holds)")
    return "\n".join(lines)
