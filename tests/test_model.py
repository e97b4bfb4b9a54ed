"""The source loads into the model, with stable unique ids and the five fixed principles."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

from fairframe.core import rules

CORE = Path(__file__).resolve().parent.parent / "tools" / "fairframe" / "core"


def test_the_source_loads_with_its_edition(framework):
    assert framework.edition.id == "2025-01"
    assert framework.edition.published.isoformat() == "2025-01-16"
    assert "not the official" in framework.edition.status


def test_the_five_principles_are_fixed_and_in_order(framework):
    found = tuple((p.id, p.title, p.long_title) for p in framework.principles)
    assert found == rules.FIXED_PRINCIPLES


def test_every_principle_has_five_to_nine_questions(framework):
    for principle in framework.principles:
        assert 5 <= len(principle.questions) <= 9, principle.id


def test_ids_are_unique_and_belong_to_their_principle(framework):
    ids = [p.id for p in framework.principles]
    for principle in framework.principles:
        for number, question in enumerate(principle.questions, start=1):
            assert question.id == f"{principle.id}.Q{number}"
            ids.append(question.id)
        for number, consideration in enumerate(principle.considerations, start=1):
            assert consideration.id == f"{principle.id}.C{number}"
            ids.append(consideration.id)
    assert len(ids) == len(set(ids))


def test_every_consideration_is_covered_by_a_question(framework):
    for principle in framework.principles:
        covered = {cid for q in principle.questions for cid in q.covers}
        assert covered == {c.id for c in principle.considerations}, principle.id


def test_the_context_considerations_of_understanding_the_issue_stand_alone(framework):
    context = [c.text.lower() for c in framework.principle("P2").considerations if c.group == "Context"]
    for topic in ("training", "place of qualification", "patient population", "local policy",
                  "scope of practice", "protected characteristics"):
        assert sum(topic in text for text in context) == 1, topic


def test_the_answer_scale_is_yes_no_unknown(framework):
    assert [(a.label, a.follow_up) for a in framework.answer_scale] == [("Yes", False), ("No", True),
                                                                         ("Unknown", True)]


def test_the_model_is_immutable(framework):
    import dataclasses
    import pytest
    with pytest.raises(dataclasses.FrozenInstanceError):
        framework.principles[0].title = "Something else"


def test_policies_are_offered_by_nation_setting_and_profession(framework):
    titles = {p.title for p in framework.policies_for("wales", "secondary", "doctor")}
    assert "Upholding Professional Standards in Wales" in titles
    assert not any("Modern NHS" in t for t in titles)


def test_the_core_package_imports_only_the_standard_library():
    """fairframe.core must run unchanged in Pyodide: no third-party imports."""
    for module in CORE.glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, f"{module.name} imports {name}"


def test_the_model_loads_the_same_from_json(framework):
    """The browser reads the same data as JSON, with no YAML and no positions."""
    import json

    from conftest import ROOT
    from fairframe.core.load import framework_from_data
    from fairframe.source import read_source_data

    data, _locate, problems = read_source_data(ROOT)
    assert problems == []
    assert framework_from_data(json.loads(json.dumps(data, default=str))) == framework


def test_the_model_round_trips_through_the_json_the_browser_reads(framework):
    import json

    from fairframe.core.load import framework_from_data, framework_to_json
    assert framework_from_data(json.loads(framework_to_json(framework))) == framework
