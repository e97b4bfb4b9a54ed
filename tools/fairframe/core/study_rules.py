"""Rules for the case studies beyond their schema: ids, file names, scope and question references.

Like rules.py, they read the raw data defensively so that every problem is reported in one run.
"""
from __future__ import annotations

import re

from .problems import Collector

STUDY_ID = re.compile(r"^CS-\d{2}$")
HANDLING = ("framework-used", "went-wrong")
LISTS = ("stages", "went_well", "could_improve", "questions", "discussion", "learning_points")


def _str(item, key):
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def _scope_ids(data: dict, kind: str) -> set[str]:
    scope = data.get("scope") if isinstance(data.get("scope"), dict) else {}
    options = scope.get(kind) if isinstance(scope.get(kind), list) else []
    return {o["id"] for o in options if isinstance(o, dict) and isinstance(o.get("id"), str)}


def _question_ids(data: dict) -> set[str]:
    ids = set()
    for principle in data.get("principles") or []:
        for question in (principle.get("questions") or []) if isinstance(principle, dict) else []:
            if isinstance(question, dict) and isinstance(question.get("id"), str):
                ids.add(question["id"])
    return ids


def check_case_studies(data: dict, problems: Collector, ids) -> None:
    studies = data.get("case_studies")
    if not isinstance(studies, list):
        return
    known_questions = _question_ids(data)
    scope = {key: _scope_ids(data, kind) for key, kind in
             (("profession", "professions"), ("setting", "settings"), ("nation", "nations"))}
    for index, study in enumerate(studies):
        if not isinstance(study, dict):
            continue
        path = ("case_studies", index)
        _check_id(study, path, problems, ids)
        handling = _str(study, "handling")
        if handling is not None and handling not in HANDLING:
            problems.add((*path, "handling"), f"expected one of {', '.join(HANDLING)}, got {handling!r}")
        practitioner = study.get("practitioner")
        for key, allowed in scope.items():
            value = _str(practitioner, key)
            if value is not None and allowed and value not in allowed:
                problems.add((*path, "practitioner", key),
                             f"unknown {key} {value!r}: expected one of {', '.join(sorted(allowed))}")
        for key in LISTS:
            if study.get(key) == []:
                problems.add((*path, key), f"expected at least one item in {key}")
        questions = study.get("questions")
        for q_index, qid in enumerate(questions if isinstance(questions, list) else []):
            if isinstance(qid, str) and known_questions and qid not in known_questions:
                problems.add((*path, "questions", q_index),
                             f"unknown framework question {qid!r}: expected an id from framework/principles.yaml "
                             f"such as \"P2.Q4\"")
        discussion = study.get("discussion")
        for d_index, text in enumerate(discussion if isinstance(discussion, list) else []):
            if isinstance(text, str) and text.strip() and not text.strip().endswith("?"):
                problems.add((*path, "discussion", d_index), "expected a discussion question ending with \"?\"")


def _check_id(study, path, problems: Collector, ids) -> None:
    study_id = _str(study, "id")
    if study_id is None:
        return
    if not STUDY_ID.match(study_id):
        problems.add((*path, "id"), f"expected a case study id like \"CS-04\", got {study_id!r}")
        return
    ids.claim(study_id, (*path, "id"))
    file = problems.file_of(path)
    if file.endswith(".yaml") and not file.endswith(f"/{study_id}.yaml"):
        problems.add((*path, "id"), f"the id {study_id!r} must match the file name: rename the file to "
                                    f"{study_id}.yaml or change the id")
