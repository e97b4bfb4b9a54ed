"""An organisation's overlay (e.g. local.yaml): its name and logo, local policies, contacts and
support services, and local questions, added to the national framework to build its own version.

An overlay can only add. The five principles and the national questions cannot be removed,
renamed, replaced or reordered: any attempt is refused with a message saying what is allowed.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from .bounded_yaml import OVERLAY_LIMIT
from .core.model import AccessibilityContact, Contact, Framework, Organisation, Policy, Question
from .core.problems import Collector, SourceError
from .core.rules import FIXED_PRINCIPLES
from .core.schema import build
from .core.text_keys import text_entries
from .logo import LogoError, read_logo
from .source import read_yaml
from .translations import LANGUAGES, kept_mismatch

CONTACT_KINDS = ("occupational-health", "staff-wellbeing", "freedom-to-speak-up", "other")
ALLOWED = "an overlay can only add: organisation, policies, contacts and questions (local questions)"
FORBIDDEN = {
    "principles": "the five principles are fixed: an overlay cannot remove, rename or reorder them",
    "considerations": "the considerations under each principle are national: an overlay cannot change them",
    "answer_scale": "the answers are fixed (Yes, No, Unknown): an overlay cannot change them",
    "edition": "the edition comes from the national source: an overlay cannot change it",
    "remove": "national questions cannot be removed by an overlay",
    "rename": "principles and national questions cannot be renamed by an overlay",
    "order": "principles and questions cannot be reordered by an overlay",
}


@dataclass(frozen=True)
class LocalOrganisation:
    name: str
    logo: str | None = None
    accessibility_contact: AccessibilityContact | None = None  # for the site's accessibility statement
    nation: str | None = None  # a scope id: the form's default nation, and what the guidance says of it


@dataclass(frozen=True)
class LocalPolicy:
    """A local policy, offered in the form only for the nations, care settings and professions it
    names (scope ids, like the national policies); all of them when a list is left out."""
    id: str
    title: str
    summary: str
    nations: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalQuestion:
    principle: str
    id: str
    text: str
    why: str
    if_not: str


@dataclass(frozen=True)
class OverlayTranslation:
    """The overlay's own text in another language, keyed by id and field as the edition's
    translations are (P1.L1.text, policy.<id>.title, organisation.name); text left out stays in
    English. `reviewed: true` once a qualified translator has checked it."""
    language: str
    texts: dict[str, str]
    reviewed: bool = False


@dataclass(frozen=True)
class Overlay:
    organisation: LocalOrganisation
    policies: tuple[LocalPolicy, ...] = ()
    contacts: tuple[Contact, ...] = ()
    questions: tuple[LocalQuestion, ...] = ()
    translations: tuple[OverlayTranslation, ...] = ()


@dataclass(frozen=True)
class LoadedOverlay:
    overlay: Overlay
    logo: bytes | None
    logo_type: str | None


def load_overlay(path: Path, framework: Framework) -> LoadedOverlay:
    """Read and check an overlay against the national framework; raise SourceError listing every problem."""
    display = path.name
    data, positions, problems = read_yaml(path, display, OVERLAY_LIMIT)
    if data is None:
        raise SourceError(problems)
    collector = Collector(lambda p: _locate(positions, p, display))
    _forbidden_changes(data, collector)
    overlay = build(Overlay, {k: v for k, v in data.items() if k not in FORBIDDEN}, (), collector)
    _check_ids(data, framework, collector)
    logo, logo_type = _logo(data, path, collector)
    if overlay is not None:
        _check_translations(overlay, framework, collector)
    if collector.problems or problems:
        raise SourceError([*problems, *collector.problems])
    return LoadedOverlay(overlay, logo, logo_type)


def _locate(positions, path, display):
    while path and path not in positions:
        path = path[:-1]
    return positions.get(path, (display, None, None))


def _forbidden_changes(data: dict, problems: Collector) -> None:
    for key, why in FORBIDDEN.items():
        if key in data:
            problems.add((key,), f"{why}; {ALLOWED}")


def _check_ids(data: dict, framework: Framework, problems: Collector) -> None:
    principles = {pid for pid, _title, _long in FIXED_PRINCIPLES}
    national = {q.id for q in framework.questions}
    seen = set()
    for index, question in enumerate(data.get("questions") or []):
        if not isinstance(question, dict):
            continue
        path = ("questions", index)
        principle, qid = question.get("principle"), question.get("id")
        if isinstance(principle, str) and principle not in principles:
            problems.add((*path, "principle"), f"unknown principle {principle!r}: local questions go under one of "
                                               f"the five principles, P1 to P5; an overlay cannot add a principle")
        if not isinstance(qid, str):
            continue
        if qid in national:
            problems.add((*path, "id"), f"{qid} is a national question: an overlay cannot replace or change it; "
                                        f"add a local question with an id like {principle or 'P1'}.L1 instead")
        elif isinstance(principle, str) and not re.fullmatch(rf"{re.escape(principle)}\.L\d+", qid):
            problems.add((*path, "id"), f"expected a local question id marked with L, like {principle}.L1, "
                                        f"got {qid!r}")
        if qid in seen:
            problems.add((*path, "id"), f"duplicate local question id {qid!r}")
        seen.add(qid)
        text = question.get("text")
        if isinstance(text, str) and text.strip() and not text.strip().endswith("?"):
            problems.add((*path, "text"), "expected a question answerable Yes, No or Unknown, ending with \"?\"")
    for index, contact in enumerate(data.get("contacts") or []):
        kind = contact.get("kind") if isinstance(contact, dict) else None
        if isinstance(kind, str) and kind not in CONTACT_KINDS:
            problems.add(("contacts", index, "kind"), f"expected one of {', '.join(CONTACT_KINDS)}, got {kind!r}")
    policy_ids = {p.id for p in framework.policies}
    scope = framework.scope
    known = {"nations": scope.nations, "settings": scope.settings, "professions": scope.professions}
    for index, policy in enumerate(data.get("policies") or []):
        pid = policy.get("id") if isinstance(policy, dict) else None
        if pid in policy_ids:
            problems.add(("policies", index, "id"), f"{pid!r} is a national policy: an overlay adds its own policies "
                                                    f"under new ids")
        for key, options in known.items():
            values = policy.get(key) if isinstance(policy, dict) else None
            for position, value in enumerate(values if isinstance(values, list) else []):
                if isinstance(value, str) and value not in {o.id for o in options}:
                    problems.add(("policies", index, key, position),
                                 f"unknown {key[:-1]} {value!r}: expected one of {', '.join(o.id for o in options)}")
    organisation = data.get("organisation")
    nation = organisation.get("nation") if isinstance(organisation, dict) else None
    if isinstance(nation, str) and nation not in {o.id for o in scope.nations}:
        problems.add(("organisation", "nation"),
                     f"unknown nation {nation!r}: expected one of {', '.join(o.id for o in scope.nations)}")


def own_texts(overlay: Overlay, framework: Framework) -> dict[str, str]:
    """{key: English text} of the text the overlay adds to the national framework."""
    national = text_entries(framework)
    local = text_entries(apply_overlay(framework, LoadedOverlay(overlay, None, None)))
    return {key: text for key, text in local.items() if key not in national}


def _check_translations(overlay: Overlay, framework: Framework, problems: Collector) -> None:
    """Each translation names a language the site publishes, and only the overlay's own text, with
    the links, ids and numbers of its English kept."""
    own = own_texts(overlay, framework)
    national = text_entries(framework)
    seen = set()
    for index, translation in enumerate(overlay.translations):
        path = ("translations", index)
        if translation.language not in LANGUAGES:
            problems.add((*path, "language"), f"no language {translation.language!r}: use one of "
                                              f"{', '.join(LANGUAGES)}")
        elif translation.language in seen:
            problems.add((*path, "language"), f"{translation.language!r} is translated twice: keep one entry "
                                              f"per language")
        seen.add(translation.language)
        for key, text in translation.texts.items():
            where = (*path, "texts", key)
            if key in national:
                problems.add(where, f"{key} is the edition's own text: its translation is kept with the edition "
                                    f"(fairframe translations), not in an overlay")
            elif key not in own:
                problems.add(where, f"this overlay has no text {key!r}: expected one of {', '.join(own)}")
            else:
                mismatch = kept_mismatch(own[key], text)
                if mismatch:
                    problems.add(where, mismatch)


def _logo(data: dict, path: Path, problems: Collector):
    """The logo's bytes and kind ("png" or "jpeg"), checked fully (see logo.py), or (None, None)."""
    organisation = data.get("organisation")
    logo = organisation.get("logo") if isinstance(organisation, dict) else None
    if not isinstance(logo, str):
        return None, None
    try:
        checked = read_logo(path.parent, logo)
    except LogoError as error:
        problems.add(("organisation", "logo"), str(error))
        return None, None
    return checked.content, checked.kind


def logo_uri(loaded: LoadedOverlay) -> str | None:
    return f"assets/organisation/logo.{'png' if loaded.logo_type == 'png' else 'jpg'}" if loaded.logo else None


def apply_overlay(framework: Framework, loaded: LoadedOverlay) -> Framework:
    """The organisation's own framework: national content, then its local additions."""
    overlay = loaded.overlay
    principles = []
    for principle in framework.principles:
        local = tuple(Question(q.id, q.text, q.why, q.if_not, covers=(), local=True)
                      for q in overlay.questions if q.principle == principle.id)
        principles.append(dataclasses.replace(principle, questions=principle.questions + local))
    scope = framework.scope
    every = {"nations": scope.nations, "settings": scope.settings, "professions": scope.professions}
    chosen = {p.id: {key: getattr(p, key) or tuple(o.id for o in options) for key, options in every.items()}
              for p in overlay.policies}
    policies = framework.policies + tuple(
        Policy(p.id, p.title, chosen[p.id]["nations"], chosen[p.id]["settings"], chosen[p.id]["professions"],
               p.summary, local=True) for p in overlay.policies)
    organisation = Organisation(overlay.organisation.name, overlay.contacts, logo_uri(loaded),
                                overlay.organisation.accessibility_contact, overlay.organisation.nation)
    return dataclasses.replace(framework, principles=tuple(principles), policies=policies, organisation=organisation)
