"""Every piece of translatable text in a Framework, keyed by the stable id and field it belongs to.

A translation is kept beside its key ("P2.Q4.text", "CS-04.stages.2.what_happened",
"guidance.answers.body"), never beside a position in a file, so that reordering the source or
adding a question leaves every other translation where it was. Standard library only: the form
runs this in Pyodide too.
"""
from __future__ import annotations

import dataclasses
import hashlib

from .model import Framework

# Fields that are identifiers, codes, dates or links, never text a reader sees as prose.
NOT_TEXT = frozenset({"id", "value", "handling", "nations", "settings", "professions", "url", "year",
                      "published", "next_review", "previous", "draft", "covers", "kind", "logo", "nation",
                      "profession", "setting", "slug", "follow_up", "resolved_informally", "minutes"})


def _walk(prefix: str, value, found: dict[str, str]) -> None:
    if isinstance(value, str):
        if value.strip():
            found[prefix] = value
    elif isinstance(value, tuple):
        for number, item in enumerate(value, start=1):
            key = getattr(item, "id", None) if dataclasses.is_dataclass(item) else None
            _walk(_join(prefix, _local(key, prefix) if key else str(number)), item, found)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name not in NOT_TEXT:
                _walk(_join(prefix, field.name), getattr(value, field.name), found)


def _local(item_id: str, prefix: str) -> str:
    """P1.Q3 under "P1.questions" is keyed "P1.Q3", not "P1.questions.P1.Q3"."""
    return item_id


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def text_entries(framework: Framework) -> dict[str, str]:
    """{key: English text} for every non-empty text of the framework, in source order."""
    found: dict[str, str] = {}
    _walk("edition", framework.edition, found)
    for answer in framework.answer_scale:
        _walk(f"answer.{answer.value}", answer, found)
    for principle in framework.principles:
        _walk_principle(principle, found)
    for kind in ("professions", "settings", "nations"):
        for option in getattr(framework.scope, kind):
            _walk(f"scope.{kind}.{option.id}", option, found)
    for section in framework.guidance:
        _walk(f"guidance.{section.id}", section, found)
    for policy in framework.policies:
        _walk(f"policy.{policy.id}", policy, found)
    for study in framework.case_studies:
        _walk(study.id, study, found)
    if getattr(framework, "session", None) is not None:
        _walk("session", framework.session, found)
    if framework.organisation is not None:
        _walk("organisation", framework.organisation, found)
    return found


def _walk_principle(principle, found: dict[str, str]) -> None:
    for field in dataclasses.fields(principle):
        if field.name in ("considerations", "questions"):
            for item in getattr(principle, field.name):
                _walk(item.id, item, found)
        elif field.name not in NOT_TEXT:
            _walk(f"{principle.id}.{field.name}", getattr(principle, field.name), found)


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of an English original: a changed original means a new fingerprint."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
