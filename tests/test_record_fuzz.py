"""Fuzzing the record reader: 600 mutated records through fairframe.core in CPython.

Reading must only ever refuse with a RecordError (never another exception), the bridge must never
raise, and every record that is accepted must save and reopen equal.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import ROOT
from fairframe.core import bridge
from fairframe.core.record import MAX_BYTES, RecordError, parse_record, record_to_json
from fairframe.editions import edition_roots, load_source
from record_fuzz import mutated_records

SEED, COUNT = 20250116, 600


@pytest.fixture(scope="module")
def history(framework):
    return {edition: {q.id: q.text for q in load_source(ROOT, root).questions}
            for edition, root in edition_roots(ROOT).items() if edition != framework.edition.id}


@pytest.fixture(scope="module")
def started(framework, history):
    from fairframe.core.load import framework_to_json
    bridge.start(framework_to_json(framework), json.dumps(history))


def test_the_generator_is_deterministic_and_varied():
    first, again = mutated_records(SEED, COUNT), mutated_records(SEED, COUNT)
    assert first == again and len(first) == COUNT
    assert mutated_records(SEED + 1, 20) != first[:20]
    kinds = Counter(kind for name, _raw in first for kind in name.split("-", 3)[3][:-5].split("+"))
    for kind in ("delete", "wrong-type", "odd-text", "odd-key", "duplicate-snapshot", "snapshots-reversed", "edition",
                 "many-snapshots", "truncated", "deep", "huge-number", "duplicate-json-key", "flipped-bytes", "bom",
                 "invalid-utf8"):
        assert kinds[kind] >= 5, kind


def test_mutated_records_are_refused_in_words_or_reopen_equal(framework, history, started):
    outcomes = Counter()
    for name, raw in mutated_records(SEED, COUNT):
        accepted = False
        try:
            record = parse_record(raw, framework, history)
        except RecordError as error:
            assert error.problems and all(isinstance(p, str) and p for p in error.problems), name
            assert not any("Traceback" in p or "File \"" in p for p in error.problems), name
            outcomes["refused"] += 1
        else:
            text = record_to_json(record)
            assert len(text.encode("utf-8")) <= MAX_BYTES, name
            assert parse_record(text, framework, history).to_data() == record.to_data(), name
            outcomes["accepted"] += 1
            accepted = True
        opened = json.loads(bridge.open_record(raw))
        assert opened["ok"] is accepted, name
        if opened["ok"]:
            saved = json.loads(bridge.save_record(json.dumps(opened["record"]), "2025-06-01"))
            if saved["ok"]:
                assert json.loads(bridge.open_record(saved["text"]))["record"] == opened["record"], name
            else:
                assert saved["details"][0]["field"] == "case.policy", name
        else:
            assert opened["problems"] and len(opened["problems"]) == len(opened["details"]), name
    assert outcomes["refused"] >= 100 and outcomes["accepted"] >= 20, outcomes


def test_the_bridge_never_raises_on_mutated_records(started):
    text_calls = (lambda t: bridge.update(t, "2025-06-01"), bridge.load_draft, lambda t: bridge.save_record(t, "x"),
                  lambda t: bridge.record_snapshot(t, '{"point": "review", "date": "2030-01-01"}'),
                  lambda t: bridge.record_snapshot(t, t), bridge.calendar)
    for name, raw in mutated_records(SEED + 7, 150):
        text = raw.decode("utf-8", "replace")
        for call in text_calls:
            result = json.loads(call(text))
            assert isinstance(result, dict), name
            assert "Traceback" not in json.dumps(result), name
