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
                      "profession", "setting", "slug", "follow_up", "resolved_informally", "minutes",
                      "questions"})  # a case study's questions are ids (a principle's are walked apart)


UI = "ui."  # the keys of interface text: ui.word.answer


def _map(prefix: str, value, change):
    """`value` with every text under it replaced by change(key, text); keys as text_entries gives them."""
    if isinstance(value, str):
        return change(prefix, value) if value.strip() else value
    if isinstance(value, tuple):
        return tuple(_map(_join(prefix, _item_key(item, number)), item, change) for number, item in enumerate(value, 1))
    if dataclasses.is_dataclass(value):
        changes = {field.name: _map(_join(prefix, field.name), getattr(value, field.name), change)
                   for field in dataclasses.fields(value) if field.name not in NOT_TEXT}
        return dataclasses.replace(value, **{name: new for name, new in changes.items()
                                              if new is not getattr(value, name)})
    return value


def _item_key(item, number: int) -> str:
    return getattr(item, "id", None) if dataclasses.is_dataclass(item) and getattr(item, "id", None) else str(number)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _map_principle(principle, change):
    changes = {}
    for field in dataclasses.fields(principle):
        value = getattr(principle, field.name)
        if field.name in ("considerations", "questions"):
            changes[field.name] = tuple(_map(item.id, item, change) for item in value)
        elif field.name not in NOT_TEXT:
            changes[field.name] = _map(f"{principle.id}.{field.name}", value, change)
    return dataclasses.replace(principle, **changes)


def map_texts(framework: Framework, change) -> Framework:
    """The framework with every text replaced by change(key, text) (which may return the text)."""
    scope = framework.scope
    return dataclasses.replace(
        framework,
        edition=_map("edition", framework.edition, change),
        answer_scale=tuple(_map(f"answer.{answer.value}", answer, change) for answer in framework.answer_scale),
        principles=tuple(_map_principle(principle, change) for principle in framework.principles),
        scope=dataclasses.replace(scope, **{kind: tuple(_map(f"scope.{kind}.{option.id}", option, change)
                                                        for option in getattr(scope, kind))
                                            for kind in ("professions", "settings", "nations")}),
        guidance=tuple(_map(f"guidance.{section.id}", section, change) for section in framework.guidance),
        policies=tuple(_map(f"policy.{policy.id}", policy, change) for policy in framework.policies),
        case_studies=tuple(_map(study.id, study, change) for study in framework.case_studies),
        session=_map("session", framework.session, change) if framework.session is not None else None,
        organisation=(_map("organisation", framework.organisation, change)
                      if framework.organisation is not None else None),
        interface=tuple(dataclasses.replace(message, text=change(f"{UI}{message.key}", message.text))
                        for message in framework.interface),
    )


def text_entries(framework: Framework) -> dict[str, str]:
    """{key: English text} for every non-empty text of the framework, in source order."""
    found: dict[str, str] = {}

    def collect(key: str, text: str) -> str:
        found[key] = text
        return text

    map_texts(framework, collect)
    return found


def translate(framework: Framework, texts: dict[str, str], language: str) -> Framework:
    """The framework in another language: each text whose key `texts` holds replaced by it; the
    others (missing translations) left in English."""
    return dataclasses.replace(map_texts(framework, lambda key, text: texts.get(key, text)), language=language)


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of an English original: a changed original means a new fingerprint."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
