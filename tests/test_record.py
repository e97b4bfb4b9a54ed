"""Records in CPython: reading, writing, progress, follow-ups and filling the Word framework."""
from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import pytest

from fairframe.core import bridge
from fairframe.core.docx_fill import fill_docx
from fairframe.core.progress import COMPLETED, IN_PROGRESS, NOT_STARTED, follow_ups, progress
from fairframe.core.record import Record, RecordError, Review, parse_record, record_to_json
from fairframe.word import render_docx

NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sample_record(framework) -> Record:
    questions = framework.questions
    answers = {q.id: ("yes", "no", "unknown")[i % 3] for i, q in enumerate(questions)}
    notes = {q.id: f"Note for {q.id}: checked <b>&amp</b> \"quoted\"\nsecond line" for q in questions[::4]}
    return Record(edition=framework.edition.id,
                  case={"reference": "CASE/042", "organisation": "A & B Trust", "nation": "England"},
                  patient_safety_incident="no", answers=answers, notes=notes,
                  reviews=tuple(Review(point, f"2026-0{i + 1}-15", "Case manager", f"Review {i + 1}")
                                for i, point in enumerate(["start", "review", "review", "review", "review",
                                                           "review", "decision", "closure"])))


def test_a_record_round_trips_through_json(framework):
    record = sample_record(framework)
    text = record_to_json(record)
    assert parse_record(text, framework).to_data() == record.to_data()
    assert record_to_json(parse_record(text.encode("utf-8"), framework)) == text


@pytest.mark.parametrize("text, message", [
    ("", "The file is empty"),
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a framework record"),
    ('{"format": "fairframe-record", "schema_version": 7}', "schema version 7"),
    ('{"format": "fairframe-record", "schema_version": 1, "edition": "2025-01", "answers": {"P9.Q1": "yes"}}',
     "does not have: P9.Q1"),
    ('{"format": "fairframe-record", "schema_version": 1, "edition": "2025-01", "answers": {"P1.Q1": "maybe"}}',
     "The answer to P1.Q1"),
])
def test_bad_records_give_a_clear_reason(framework, text, message):
    with pytest.raises(RecordError) as error:
        parse_record(text, framework)
    assert message in str(error.value)


def test_an_oversized_file_is_refused_before_it_is_read(framework):
    with pytest.raises(RecordError, match="at most 1000 KB"):
        parse_record(b" " * 1_000_001, framework)


def test_progress_and_follow_ups(framework):
    p1, p2 = framework.principles[0], framework.principles[1]
    answers = {q.id: "yes" for q in p1.questions} | {p2.questions[0].id: "no", p2.questions[2].id: "unknown"}
    assert progress(framework, answers) == {"P1": COMPLETED, "P2": IN_PROGRESS, "P3": NOT_STARTED,
                                            "P4": NOT_STARTED, "P5": NOT_STARTED}
    groups = follow_ups(framework, answers)
    assert [g["id"] for g in groups] == ["P2"]
    assert [(i["id"], i["answer"]) for i in groups[0]["items"]] == [(p2.questions[0].id, "No"),
                                                                   (p2.questions[2].id, "Unknown")]
    assert groups[0]["items"][0]["if_not"] == " ".join(p2.questions[0].if_not.split())


def test_the_filled_word_file_shows_every_answer_note_and_review(framework):
    record = sample_record(framework)
    filled = fill_docx(render_docx(framework), record, framework)
    document = docx.Document(io.BytesIO(filled))
    body = document.element.body
    by_tag = {}
    for control in body.iter(f"{NS}sdt"):
        tag = control.find(f"{NS}sdtPr/{NS}tag").get(f"{NS}val")
        lines = []
        for element in control.find(f"{NS}sdtContent").iter():
            if element.tag == f"{NS}t":
                lines.append(element.text or "")
        by_tag[tag] = "\n".join(lines)
        if tag in {f"{q}.answer" for q in record.answers}:
            assert control.find(f"{NS}sdtPr/{NS}showingPlcHdr") is None
    labels = {"yes": "Yes", "no": "No", "unknown": "Unknown"}
    for qid, answer in record.answers.items():
        assert by_tag[f"{qid}.answer"] == labels[answer]
    for qid, note in record.notes.items():
        assert by_tag[f"{qid}.notes"] == note
    assert by_tag["case.reference"] == "CASE/042" and by_tag["case.organisation"] == "A & B Trust"
    assert by_tag["case.patient_safety_incident"] == "No"
    assert by_tag["review.8.point"] == "Closure" and by_tag["review.7.summary"] == "Review 7"
    ids = [c.find(f"{NS}sdtPr/{NS}id").get(f"{NS}val") for c in body.iter(f"{NS}sdt")]
    assert len(ids) == len(set(ids))


def test_filling_keeps_every_other_part_and_the_namespace_prefixes(framework):
    template = render_docx(framework)
    filled = fill_docx(template, sample_record(framework), framework)
    with zipfile.ZipFile(io.BytesIO(template)) as a, zipfile.ZipFile(io.BytesIO(filled)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name
        head = b.read("word/document.xml")[:2000].decode()
        assert 'mc:Ignorable="w14 wp14"' in head and "xmlns:w=" in head


def test_the_bridge_speaks_json(framework):
    from fairframe.source import read_source_data
    from conftest import ROOT
    data, _locate, _problems = read_source_data(ROOT)
    started = json.loads(bridge.start(json.dumps(data, default=str)))
    assert {k: started[k] for k in ("edition", "questions")} == {"edition": framework.edition.id,
                                                                 "questions": len(framework.questions)}
    assert started["limits"]["max_bytes"] == 1_000_000 and started["review_points"][0]["value"] == "start"
    record = record_to_json(sample_record(framework))
    assert json.loads(bridge.open_record(record))["ok"] is True
    assert json.loads(bridge.open_record("[]"))["problems"]
    saved = json.loads(bridge.save_record(record, "2026-11-22"))
    assert saved["filename"] == "CASE-042-2026-11-22.json"
    update = json.loads(bridge.update(record))
    assert set(update["progress"]) == {p.id for p in framework.principles}
    assert bridge.export_docx(record, render_docx(framework))[:2] == b"PK"
    assert not re.search(r"[^\x00-\x7f]", saved["filename"])
