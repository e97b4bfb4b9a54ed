"""Rules the schema alone cannot express: fixed principles, id shapes, uniqueness, references.

They run on the raw data, defensively, so that they report alongside type errors in one pass.
"""
from __future__ import annotations

import re

from .model import FIXED_PRINCIPLES  # noqa: F401 - the five fixed principles, checked here (and re-exported)
from .problems import Collector
from .study_rules import check_case_studies

ANSWER_SCALE = (("yes", "Yes", False), ("no", "No", True), ("unknown", "Unknown", True))
# Guidance the outputs rely on by id (the Word file and the form point to the Being fair tool).
REQUIRED_GUIDANCE = ("patient-safety-incidents",)
EDITION_ID = re.compile(r"^\d{4}-\d{2}$")
SLUG_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HTTPS_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:/[A-Za-z0-9._~%/?=&+:@!,;*-]*)?$")


def _items(value):
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _str(item, key):
    value = item.get(key)
    return value if isinstance(value, str) else None


class IdRegistry:
    """Remembers where each id was first used, to report duplicates with both places."""

    def __init__(self, problems: Collector):
        self.problems = problems
        self.first: dict[str, tuple] = {}

    def claim(self, id_: str, path: tuple) -> None:
        if id_ in self.first:
            where = self.problems.position(self.first[id_])
            self.problems.add(path, f"duplicate id {id_!r}: already used at {where}")
        else:
            self.first[id_] = path


def check_framework(data: dict, problems: Collector) -> None:
    edition = data.get("edition")
    if isinstance(edition, dict):
        edition_id = _str(edition, "id")
        if edition_id is not None and not EDITION_ID.match(edition_id):
            problems.add(("edition", "id"), f"expected an edition id like \"2025-01\", got {edition_id!r}")
        published, review = edition.get("published"), edition.get("next_review")
        if hasattr(published, "isoformat") and hasattr(review, "isoformat") and type(published) is type(review):
            if review <= published:
                problems.add(("edition", "next_review"), "expected a review date after the published date")
    # The fixed wording is English: a translation (language other than "en") was checked in English
    # before it was translated, and keeps the same values and ids.
    english = data.get("language", "en") == "en"
    _check_answer_scale(data.get("answer_scale"), problems, english)
    ids = IdRegistry(problems)
    _check_principles(data.get("principles"), problems, ids, english)
    _check_scope_and_policies(data, problems, ids)
    check_case_studies(data, problems, ids)


def _check_answer_scale(scale, problems, english: bool = True):
    if not isinstance(scale, list):
        return
    labels = [label for _value, label, _follow_up in ANSWER_SCALE]  # a translation has its own labels
    found = tuple((_str(a, "value"), _str(a, "label") if english or index >= len(labels) else labels[index],
                   a.get("follow_up")) for index, a in _items(scale))
    if found != ANSWER_SCALE:
        expected = ", ".join(f"{label} (follow-up: {str(f).lower()})" for _, label, f in ANSWER_SCALE)
        problems.add(("answer_scale",), f"the answer scale is fixed: expected exactly {expected}, in that order")


def _check_principles(principles, problems, ids, english: bool = True):
    if not isinstance(principles, list):
        return
    expected_ids = [fixed[0] for fixed in FIXED_PRINCIPLES]
    found_ids = [_str(p, "id") for _, p in _items(principles)]
    for pid, title, _long_title in FIXED_PRINCIPLES:
        if pid not in found_ids:
            problems.add(("principles",), f"principle {pid} \"{title}\" is missing: the five principles are "
                                          f"fixed (P1 to P5, in order) and cannot be removed")
    for index, principle in _items(principles):
        path = ("principles", index)
        pid = _str(principle, "id")
        if index >= len(FIXED_PRINCIPLES):
            problems.add(path, f"a principle beyond the fifth ({pid or 'no id'}) is not allowed: the five "
                               f"principles are fixed; add local questions under an existing principle instead")
            continue
        expected_id, title, long_title = FIXED_PRINCIPLES[index]
        if pid is not None and pid != expected_id:
            hint = " (principles cannot be moved)" if pid in expected_ids else ""
            problems.add((*path, "id"), f"expected {expected_id} \"{title}\" at position {index + 1}, "
                                        f"got {pid!r}{hint}")
            continue
        for key, wanted in (("title", title), ("long_title", long_title)) if english else ():
            got = _str(principle, key)
            if got is not None and got.strip() != wanted:
                problems.add((*path, key), f"expected {wanted!r}, got {got!r}: the wording of the five "
                                           f"principles is fixed and cannot be renamed")
        if pid is not None:
            ids.claim(pid, (*path, "id"))
        _check_principle_parts(principle, expected_id, path, problems, ids)


def _check_principle_parts(principle, pid, path, problems, ids):
    considerations = principle.get("considerations")
    consideration_ids = []
    for index, item in _items(considerations):
        cid = _str(item, "id")
        if cid is None:
            continue
        if not re.fullmatch(rf"{pid}\.C\d+", cid):
            problems.add((*path, "considerations", index, "id"),
                         f"expected an id of this principle like \"{pid}.C{index + 1}\", got {cid!r}")
        ids.claim(cid, (*path, "considerations", index, "id"))
        consideration_ids.append(cid)
    questions = principle.get("questions")
    if questions is None or questions == []:
        problems.add((*path, "questions"), f"principle {pid} has no questions: expected at least one")
        return
    covered = set()
    for index, item in _items(questions):
        qpath = (*path, "questions", index)
        qid = _str(item, "id")
        if qid is not None:
            kind = "L" if item.get("local") is True else "Q"  # local questions come from an overlay
            if not re.fullmatch(rf"{pid}\.{kind}\d+", qid):
                problems.add((*qpath, "id"), f"expected an id of this principle like \"{pid}.{kind}{index + 1}\", "
                                             f"got {qid!r}")
            ids.claim(qid, (*qpath, "id"))
        text = _str(item, "text")
        if text is not None and text.strip() and not text.strip().endswith("?"):
            problems.add((*qpath, "text"), "expected a question answerable Yes, No or Unknown, ending with \"?\"")
        covers = item.get("covers")
        for cover_index, cid in enumerate(covers if isinstance(covers, list) else []):
            if isinstance(cid, str) and cid not in consideration_ids:
                problems.add((*qpath, "covers", cover_index),
                             f"unknown consideration {cid!r}: expected one of {', '.join(consideration_ids)}")
            covered.add(cid)
    if isinstance(questions, list):
        for index, item in _items(considerations):
            cid = _str(item, "id")
            if cid is not None and cid not in covered:
                problems.add((*path, "considerations", index),
                             f"consideration {cid} is not covered by any question: list it under a "
                             f"question's covers")


def _check_scope_and_policies(data, problems, ids):
    scope = data.get("scope") if isinstance(data.get("scope"), dict) else {}
    known = {}
    for kind in ("professions", "settings", "nations"):
        known[kind] = set()
        for index, option in _items(scope.get(kind)):
            oid = _str(option, "id")
            if oid is None:
                continue
            if not SLUG_ID.match(oid):
                problems.add(("scope", kind, index, "id"),
                             f"expected a lowercase id like \"primary-care\", got {oid!r}")
            ids.claim(oid, ("scope", kind, index, "id"))
            known[kind].add(oid)
    section_ids = set()
    for index, section in _items(data.get("guidance")):
        sid = _str(section, "id")
        if sid is not None:
            ids.claim(sid, ("guidance", index, "id"))
            section_ids.add(sid)
    if isinstance(data.get("guidance"), list):
        for required in REQUIRED_GUIDANCE:
            if required not in section_ids:
                problems.add(("guidance",), f"missing the guidance section with id {required!r}: the Word "
                                            f"framework and the form point to it")
    for index, policy in _items(data.get("policies")):
        pid = _str(policy, "id")
        if pid is not None:
            ids.claim(pid, ("policies", index, "id"))
        url = policy.get("url")
        if isinstance(url, str) and not HTTPS_URL.match(url):
            problems.add(("policies", index, "url"), f"expected an address starting with https:// and without "
                                                     f"spaces or quotes, got {url[:60]!r}")
        for kind in ("nations", "settings", "professions"):
            values = policy.get(kind)
            for value_index, value in enumerate(values if isinstance(values, list) else []):
                if isinstance(value, str) and known[kind] and value not in known[kind]:
                    problems.add(("policies", index, kind, value_index),
                                 f"unknown {kind[:-1]} {value!r}: expected one of {', '.join(sorted(known[kind]))}")
