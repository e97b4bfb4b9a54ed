"""Record version 2 in CPython: review points (snapshots), what changed, each question's history,
key dates, version 1 records upgraded without loss, bad files refused, editions, the calendar file,
and the record commands (`fill`, `summary`) on untrusted records."""
from __future__ import annotations

import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from fairframe import cli
from fairframe.core import bridge
from fairframe.core.calendar import fold, next_review_ics
from fairframe.core.docx_fill import fill_docx
from fairframe.core.load import framework_to_json
from fairframe.core.record import (MAX_BYTES, Record, RecordError, Review, parse_record, read_record,
                                   record_to_json)
from fairframe.core.snapshots import (answer_history, case_summary, key_dates, question_texts, record_snapshot,
                                      since_last, timeline)
from fairframe.editions import edition_roots, load_source
from fairframe.word import render_docx

CORPUS = Path(__file__).parent / "bad_records"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text())
NEWER = ("This record was saved with edition 2026-01, which is newer than this form (2025-01). "
         "Open it in the 2026-01 form.")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.fixture(scope="module")
def history(framework):
    return {edition: {q.id: q.text for q in load_source(ROOT, root).questions}
            for edition, root in edition_roots(ROOT).items() if edition != framework.edition.id}


@pytest.fixture(scope="module")
def draft():
    return load_source(ROOT, edition_roots(ROOT)["2026-01"])


def case_over_time(framework) -> Record:
    """Start (3 March), answers change, review (2 April), answers change again: the current state."""
    record = Record(edition=framework.edition.id, case={"reference": "LIFE/7", "nation": "England"},
                    answers={"P1.Q1": "unknown", "P2.Q3": "unknown"}, notes={"P2.Q3": "Waiting for the rota."},
                    key_dates={"concern_raised": "2025-02-28", "next_review": "2025-05-01"})
    record = record_snapshot(record, "start", "2025-03-03", "A. Manager, case manager", "Concern received")
    record = dataclasses.replace(record, answers={"P1.Q1": "yes", "P2.Q3": "unknown", "P3.Q1": "no"},
                                 notes={"P2.Q3": "Rota checked: no cover issue."})
    record = record_snapshot(record, "review", "2025-04-02", "A. Manager", "Account taken")
    return dataclasses.replace(record, answers={"P1.Q1": "yes", "P2.Q3": "yes", "P3.Q1": "no"})


def test_a_review_point_freezes_the_case_as_it_stands(framework):
    record = case_over_time(framework)
    start, review = record.snapshots
    assert (start.point, start.date, start.edition) == ("start", "2025-03-03", "2025-01")
    assert start.answers == {"P1.Q1": "unknown", "P2.Q3": "unknown"}
    assert start.notes == {"P2.Q3": "Waiting for the rota."}
    assert start.notes == {"P2.Q3": "Waiting for the rota."}
    assert review.answers["P3.Q1"] == "no" and review.case["reference"] == "LIFE/7"
    again = parse_record(record_to_json(record), framework)
    assert again.to_data() == record.to_data() and again.snapshots[0].answers == start.answers


@pytest.mark.parametrize("details, field, message", [
    ({"point": "appeal", "date": "2025-05-01"}, "point", "Choose the review point"),
    ({"point": "review", "date": "1 May 2025"}, "date", "as a real date"),
    ({"point": "review", "date": "2025-04-01"}, "date", "on or after the last review point (2 April 2025)"),
    ({"point": "review", "date": "2025-05-01", "summary": "x\u202ey"}, "summary", "text-direction"),
    ({"point": "review", "date": "2025-05-01", "reviewer": "r" * 1001}, "reviewer", "1,000 characters"),
])
def test_a_review_point_with_a_bad_point_or_date_is_refused(framework, details, field, message):
    record = case_over_time(framework)
    with pytest.raises(RecordError) as error:
        record_snapshot(record, details["point"], details["date"], details.get("reviewer", ""),
                        details.get("summary", ""))
    assert error.value.fields[0] == field and message in error.value.problems[0]


def test_the_change_view_the_timeline_and_each_questions_history(framework):
    record = case_over_time(framework)
    texts = question_texts(framework, {})
    changes = since_last(record, framework, texts)
    assert [g["principle"] for g in changes] == ["P2"]
    (item,) = changes[0]["items"]
    assert item == {"id": "P2.Q3", "text": framework.question("P2.Q3").text, "old_answer": "unknown",
                    "new_answer": "yes", "old_note": "Rota checked: no cover issue.",
                    "new_note": "Rota checked: no cover issue."}
    start, review = timeline(record, framework, texts)
    assert [i["id"] for g in start["changes"] for i in g["items"]] == ["P1.Q1", "P2.Q3"]
    assert {i["id"]: (i["old_answer"], i["new_answer"]) for g in review["changes"] for i in g["items"]} == {
        "P1.Q1": ("unknown", "yes"), "P2.Q3": ("unknown", "unknown"), "P3.Q1": ("", "no")}
    assert answer_history(record)["P1.Q1"] == [{"point": "start", "date": "2025-03-03", "answer": "unknown"},
                                               {"point": "review", "date": "2025-04-02", "answer": "yes"}]
    assert answer_history(record)["P3.Q1"][0]["answer"] == ""


def test_key_dates_days_and_overdue(framework):
    record = case_over_time(framework)
    dates = key_dates(record, datetime.date(2025, 5, 2))
    assert dates["days_since_concern"] == 63 and dates["overdue"] is True
    assert dates["gaps"] == [{"from": "2025-03-03", "to": "2025-04-02", "days": 30}]
    assert key_dates(record, datetime.date(2025, 5, 1))["overdue"] is False
    summary = case_summary(record, framework, datetime.date(2025, 4, 3))
    assert summary == {"reference": "LIFE/7", "practitioner_reference": "", "latest_point": "review",
                       "latest_date": "2025-04-02", "answered": 3, "total": len(framework.questions),
                       "next_review": "2025-05-01", "overdue": False}


def test_a_version_1_record_opens_without_loss(framework):
    v1 = {"format": "fairframe-record", "schema_version": 1, "edition": "2025-01",
          "case": {"reference": "OLD/1", "nation": "Wales", "review_point": "Decision", "date": "16 January 2025"},
          "patient_safety_incident": "no", "answers": {"P1.Q1": "no"}, "notes": {"P1.Q1": "Kept."},
          "reviews": [{"point": "start", "date": "2024-11-02", "reviewer": "CM", "summary": "Opened"}],
          "edition_changes": []}
    record, notices = read_record(json.dumps(v1), framework)
    assert record.answers == {"P1.Q1": "no"} and record.notes == {"P1.Q1": "Kept."}
    assert record.reviews == (Review("start", "2024-11-02", "CM", "Opened"), Review("decision", "2025-01-16"))
    assert record.case["nation"] == "Wales" and "review_point" not in record.case and record.snapshots == ()
    assert "version 1" in notices[0]
    saved = json.loads(record_to_json(record))
    assert saved["schema_version"] == 2 and saved["reviews"][1] == {"point": "decision", "date": "2025-01-16",
                                                                    "reviewer": "", "summary": ""}
    assert parse_record(record_to_json(record), framework) == record


def test_a_utf8_byte_order_mark_is_accepted(framework):
    record = case_over_time(framework)
    assert parse_record(b"\xef\xbb\xbf" + record_to_json(record).encode(), framework).to_data() == record.to_data()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_bad_record_in_the_corpus_is_refused_in_words(framework, history, name):
    with pytest.raises(RecordError) as error:
        parse_record((CORPUS / name).read_bytes(), framework, history)
    assert EXPECTED[name] in " ".join(error.value.problems)
    opened = json.loads(_started(framework, history).open_record((CORPUS / name).read_bytes()))
    assert opened["ok"] is False and EXPECTED[name] in " ".join(opened["problems"])


def _started(framework, history):
    bridge.start(framework_to_json(framework), json.dumps(history))
    return bridge


def test_a_record_of_a_newer_edition_is_refused_never_converted(framework, history, draft, tmp_path, capsys):
    record = Record(edition="2026-01", case={"reference": "NEW/1"}, answers={"P1.Q10": "yes", "P3.Q1": "no"})
    text = record_to_json(record)
    assert parse_record(text, draft).to_data() == record.to_data()  # fine in its own edition
    with pytest.raises(RecordError) as error:
        parse_record(text, framework, history)
    assert error.value.problems == (NEWER,)
    path = tmp_path / "new.json"
    path.write_text(text)
    for command in (["summary", str(path)], ["fill", str(path), "-o", str(tmp_path / "out.docx")]):
        assert cli.main(["--root", str(ROOT), *command]) == 1
        captured = capsys.readouterr()
        assert NEWER in captured.err and "earlier" not in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "out.docx").exists()


def test_an_earlier_record_moves_forward_once_and_old_review_points_keep_their_edition(framework, draft):
    history = {"2025-01": {q.id: q.text for q in framework.questions}}
    old = record_snapshot(Record(edition="2025-01", answers={"P3.Q1": "yes", "P3.Q8": "no"}), "start", "2025-03-03")
    record, notices = read_record(record_to_json(old), draft, history)
    assert record.edition == "2026-01" and record.snapshots[0].edition == "2025-01"
    assert record.snapshots[0].answers == {"P3.Q1": "yes", "P3.Q8": "no"}
    assert "earlier edition" in notices[0] and "review the 2 questions that changed" in notices[0]
    listed = [(c.id, c.change) for c in record.edition_changes]
    assert listed == [("P3.Q1", "reworded"), ("P3.Q8", "removed")]
    again = parse_record(record_to_json(record), draft, history)
    assert [(c.id, c.change) for c in again.edition_changes] == listed
    # Opened again as if still of 2025-01 (an older copy with its changes list): not listed twice.
    older = dataclasses.replace(record, edition="2025-01", answers={"P3.Q1": "yes"})
    moved = parse_record(record_to_json(older), draft, history)
    assert [(c.id, c.change) for c in moved.edition_changes].count(("P3.Q1", "reworded")) == 1


def test_a_policy_that_does_not_fit_the_nation_is_a_problem_on_save(framework, history):
    mhps = next(p.title for p in framework.policies if p.id == "mhps")
    record = Record(edition="2025-01", case={"reference": "W/1", "nation": "Wales", "policy": mhps,
                                             "care_setting": "Secondary care", "profession": "Doctor"})
    api = _started(framework, history)
    opened = json.loads(api.open_record(record_to_json(record)))
    assert opened["ok"] and any("does not apply to Wales" in n for n in opened["notices"])
    saved = json.loads(api.save_record(record_to_json(record), "2025-06-01"))
    assert saved["ok"] is False and saved["details"] == [{"field": "case.policy", "text": saved["problems"][0]}]
    assert "does not apply to Wales" in saved["problems"][0]
    snapshot = json.loads(api.record_snapshot(record_to_json(record), '{"point": "start", "date": "2025-06-01"}'))
    assert snapshot["ok"] is False and snapshot["problems"][0]["field"] == "case.policy"
    fitting = dataclasses.replace(record, case=record.case | {"nation": "England"})
    assert json.loads(api.save_record(record_to_json(fitting), "2025-06-01"))["ok"] is True


def test_the_size_limit_is_measured_on_the_saved_file(framework, history):
    notes = {q.id: "\u00e9" * 20_000 for q in framework.questions[:24]}  # 40 KB each as saved
    record = Record(edition="2025-01", notes=notes)
    api = _started(framework, history)
    saved = json.loads(api.save_record(json.dumps(record.to_data(), ensure_ascii=False), "2025-06-01"))
    assert saved["ok"] is True and len(saved["text"].encode()) <= MAX_BYTES
    assert json.loads(api.open_record(saved["text"].encode()))["ok"] is True
    bigger = Record(edition="2025-01", answers={q.id: "unknown" for q in framework.questions})
    for day in range(60):
        bigger = record_snapshot(bigger, "review", (datetime.date(2025, 1, 1) + datetime.timedelta(day)).isoformat())
    compact_size = len(json.dumps(bigger.to_data(), separators=(",", ":")))
    padded = dataclasses.replace(bigger, snapshots=tuple(
        dataclasses.replace(s, summary="y" * ((995_000 - compact_size) // 60)) for s in bigger.snapshots))
    refused = json.loads(api.save_record(json.dumps(padded.to_data(), separators=(",", ":")), "2025-06-01"))
    assert refused["ok"] is False and "at most 1000 KB" in refused["problems"][0]
    compact = json.dumps(padded.to_data(), separators=(",", ":"), ensure_ascii=False).encode()
    assert len(compact) <= MAX_BYTES < len(record_to_json(padded).encode())
    # small as a file, too large as the form would save it: refused when opened, so never stuck
    assert "when saved" in json.loads(api.open_record(compact))["problems"][0]


def test_the_bridge_gives_the_form_everything_about_the_case(framework, history):
    api = _started(framework, history)
    record = case_over_time(framework)
    result = json.loads(api.update(record_to_json(record), "2025-05-02"))
    assert result["since"] == {"point": "review", "date": "2025-04-02"}
    assert [i["id"] for g in result["changes"] for i in g["items"]] == ["P2.Q3"]
    assert len(result["timeline"]) == 2 and result["dates"]["overdue"] is True
    assert result["case_summary"]["latest_point"] == "review" and result["saved_bytes"] > 0
    taken = json.loads(api.record_snapshot(record_to_json(record), json.dumps(
        {"point": "decision", "date": "2025-04-20", "reviewer": "Panel", "summary": "Decided"})))
    assert taken["ok"] and taken["record"]["snapshots"][-1]["answers"]["P2.Q3"] == "yes"
    refused = json.loads(api.record_snapshot(record_to_json(record), '{"point": "decision", "date": "2025-01-01"}'))
    assert refused == {"ok": False, "problems": [{"field": "date", "text": refused["problems"][0]["text"]}]}
    draft = json.loads(api.load_draft(json.dumps(record.to_data() | {"snapshots": []} | {"key_dates": {}})))
    assert draft["ok"] is True
    bad = json.loads(api.update("{broken", "2025-05-02"))
    assert bad["problems"] and bad["changes"] == [] and set(bad["progress"]) == {p.id for p in framework.principles}


def test_the_calendar_file_is_rfc_5545(framework, history):
    api = _started(framework, history)
    record = case_over_time(framework)
    made = json.loads(api.calendar(record_to_json(record), "2025-04-03"))
    assert made["ok"] and made["filename"] == "LIFE-7-next-review.ics"
    text = made["text"]
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART;VALUE=DATE:20250501\r\n" in text and "DTEND;VALUE=DATE:20250502\r\n" in text
    assert "SUMMARY:Review due: case LIFE/7\r\n" in text and "DTSTAMP:20250403T000000Z\r\n" in text
    assert "Manager" not in text and "rota" not in text  # nothing but the reference and the date
    other = dataclasses.replace(record, key_dates={"next_review": "2025-07-01"})
    assert _uid(next_review_ics(other, datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))) == _uid(text)
    odd = dataclasses.replace(record, case={"reference": "A;B,C\\D\n" + "\u00e9" * 80})
    unfolded = next_review_ics(odd, datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)).replace("\r\n ", "")
    assert "SUMMARY:Review due: case A\\;B\\,C\\\\D\\n" in unfolded
    for line in fold("X:" + "\u00e9" * 100).split("\r\n"):
        assert len(line.encode()) <= 75
    refused = json.loads(api.calendar(record_to_json(dataclasses.replace(record, key_dates={}))))
    assert refused["ok"] is False and refused["details"][0]["field"] == "key_dates.next_review"


def _uid(text: str) -> str:
    return re.search(r"UID:(\S+)", text).group(1)


def test_the_word_review_log_comes_from_review_rows_and_points_in_date_order(framework, tmp_path):
    from formpage import word_controls
    record = dataclasses.replace(case_over_time(framework),
                                 reviews=(Review("start", "2025-01-10", "Old CM", "From version 1"),))
    path = tmp_path / "filled.docx"
    path.write_bytes(fill_docx(render_docx(framework), record, framework))
    shown = word_controls(path)
    assert [shown[f"review.{n}.point"] for n in (1, 2, 3)] == ["Start of case", "Start of case", "Review"]
    assert shown["review.1.reviewer"] == "Old CM" and shown["review.3.date"] == "2 April 2025"
    assert shown["case.review_point"] == "Review" and shown["case.date"] == "2 April 2025"
    assert shown["P2.Q3.answer"] == "Yes"  # the answers as they stand


def test_summary_shows_review_points_and_writes_no_control_sequences(framework, tmp_path, capsys):
    record = case_over_time(framework)
    record = dataclasses.replace(record, case=record.case | {"organisation": "Trust"},
                                 notes={"P2.Q3": "fine"})
    path = tmp_path / "life.json"
    path.write_text(record_to_json(record))
    assert cli.main(["--root", str(ROOT), "summary", str(path)]) == 0
    out = capsys.readouterr().out
    for fragment in ("Review points", "3 March 2025: Start of case, by A. Manager, case manager",
                     "2 April 2025: Review", "P1.Q1: Unknown -> Yes", "P3.Q1: not answered -> No",
                     "What changed since the last review point (Review, 2 April 2025)",
                     "P2.Q3: Unknown -> Yes (notes changed)", "Concern raised: 28 February 2025"):
        assert fragment in out, fragment
    # A record cannot carry terminal controls (it is refused, in escaped words), nor can its file name.
    hostile = tmp_path / "evil\x1b]52;c;aGk=\x07.json"
    hostile.write_text(record_to_json(record).replace("Trust", "Trust\\u001b]52;c;aGk=\\u0007\\u202e"))
    assert cli.main(["--root", str(ROOT), "summary", str(hostile)]) == 1
    captured = capsys.readouterr()
    assert "control character (U+001B)" in captured.err
    assert not CONTROL.search(captured.out + captured.err)


@pytest.mark.parametrize("source, message", [
    ("/dev/zero", "a record can be at most 1000 KB"),
    ("/dev/urandom", "a record can be at most 1000 KB"),
    ("surrogate", "broken character (U+D800"),
    ("surrogate-bytes", "not a text file"),
])
def test_hostile_files_on_the_command_line_get_a_clear_error(tmp_path, capsys, source, message):
    path = Path(source)
    if source.startswith("surrogate"):
        path = tmp_path / "s.json"
        note = '"\\ud800"' if source == "surrogate" else '"\xed\xa0\x80"'
        path.write_bytes(('{"format": "fairframe-record", "schema_version": 2, "edition": "2025-01", '
                          '"notes": {"P1.Q1": ' + note + '}}').encode("utf-8", "surrogateescape")
                         if source == "surrogate" else
                         b'{"format": "fairframe-record", "notes": {"P1.Q1": "\xed\xa0\x80"}}')
    assert cli.main(["--root", str(ROOT), "summary", str(path)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert not CONTROL.search(captured.out + captured.err)


@pytest.mark.parametrize("text, expected", [
    ("16 January 2025", "2025-01-16"), ("Thursday 16 January 2025", "2025-01-16"), ("3rd Feb 2025", "2025-02-03"),
    ("16/01/2025", "2025-01-16"), ("2025-01-16", "2025-01-16"), ("next week", None), ("31 February 2025", None),
    ("16 Janvier 2025", None), ("01/16/2025", None), ("\u0661\u0666 January 2025", None),
])
def test_version_1_dates_are_read_only_when_unambiguous(text, expected):
    from fairframe.core.dates import parse_v1_date
    date = parse_v1_date(text)
    assert (date.isoformat() if date else None) == expected


def test_a_version_1_review_point_without_a_date_is_kept_and_reopens(framework):
    v1 = {"format": "fairframe-record", "schema_version": 1, "edition": "2025-01",
          "case": {"reference": "OLD/2", "review_point": "Start of case", "date": ""}}
    record = parse_record(json.dumps(v1), framework)
    assert record.reviews == (Review("start", ""),)
    assert parse_record(record_to_json(record), framework).reviews == record.reviews
    v1["reviews"] = [{"point": "", "date": ""}]  # version 1 review rows stay as strict as before
    with pytest.raises(RecordError, match="unknown review point"):
        parse_record(json.dumps(v1), framework)
