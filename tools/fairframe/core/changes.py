"""What changed between two editions, matched by stable ids: added, removed and reworded items.

Standard library only (difflib), so the form can also tell a user which questions of an older
record were reworded or removed.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .model import Framework

KINDS = ("principle", "consideration", "question", "case study")


@dataclass(frozen=True)
class Rewording:
    field: str
    old: str
    new: str

    def words(self) -> list[tuple[str, str]]:
        """The change word by word: [("same" | "removed" | "added", text), ...]."""
        old, new = self.old.split(), self.new.split()
        parts: list[tuple[str, str]] = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if op == "equal":
                parts.append(("same", " ".join(old[a1:a2])))
                continue
            if a2 > a1:
                parts.append(("removed", " ".join(old[a1:a2])))
            if b2 > b1:
                parts.append(("added", " ".join(new[b1:b2])))
        return parts


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    id: str
    status: str  # "added", "removed" or "reworded"
    title: str  # the item's current text (its old text if removed)
    rewordings: tuple[Rewording, ...] = ()


def _items(framework: Framework) -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    """{(kind, id): (title, {field: text})} for everything that has a stable id."""
    items = {}
    for p in framework.principles:
        items[("principle", p.id)] = (p.long_title, {"title": p.title, "long title": p.long_title,
                                                     "purpose": p.purpose})
        for c in p.considerations:
            items[("consideration", c.id)] = (c.text, {"text": c.text})
        for q in p.questions:
            items[("question", q.id)] = (q.text, {"question": q.text, "why it matters": q.why,
                                                 "if No or Unknown": q.if_not})
    for s in framework.case_studies:
        fields = {"title": s.title, "summary": s.summary, "questions": " ".join(s.questions),
                  "discussion": " ".join(s.discussion), "learning points": " ".join(s.learning_points),
                  "stages": " ".join(f"{st.title} {st.what_happened} {st.what_the_organisation_did}"
                                     for st in s.stages)}
        items[("case study", s.id)] = (s.title, fields)
    return items


def _normal(text: str) -> str:
    return " ".join(text.split())


def compare(old: Framework, new: Framework) -> tuple[Change, ...]:
    """Every difference between two editions, in the order of the kinds and of the new edition."""
    before, after = _items(old), _items(new)
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        kind, item_id = key
        if key not in before:
            changes.append(Change(kind, item_id, "added", after[key][0]))
        elif key not in after:
            changes.append(Change(kind, item_id, "removed", before[key][0]))
        else:
            rewordings = tuple(Rewording(field, _normal(text), _normal(after[key][1][field]))
                               for field, text in before[key][1].items()
                               if _normal(text) != _normal(after[key][1][field]))
            if rewordings:
                changes.append(Change(kind, item_id, "reworded", after[key][0], rewordings))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return tuple(sorted(changes, key=lambda c: order[c.kind]))


def as_text(changes: tuple[Change, ...], old_id: str, new_id: str) -> str:
    """A plain-text report; removed words in [-...-], added words in {+...+}."""
    if not changes:
        return f"No differences between editions {old_id} and {new_id}.\n"
    lines = [f"What changed from edition {old_id} to {new_id}: {len(changes)} "
             f"{'change' if len(changes) == 1 else 'changes'}"]
    for change in changes:
        lines.append(f"\n{change.status.upper()} {change.kind} {change.id}: {change.title}")
        for rewording in change.rewordings:
            marked = " ".join(text if op == "same" else f"[-{text}-]" if op == "removed" else f"{{+{text}+}}"
                              for op, text in rewording.words())
            lines.append(f"  {rewording.field}: {marked}")
    return "\n".join(lines) + "\n"
