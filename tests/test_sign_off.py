"""The sign-off (name, role, date): kept in the record, checked when read, filled into the Word
framework and printed by `fairframe summary`, its date always in full ("3 February 2025")."""
from __future__ import annotations

import dataclasses
import json
import re

import docx
import pytest

from conftest import ROOT, libreoffice_convert
from fairframe import cli
from fairframe.core import bridge
from fairframe.core.docx_fill import fill_docx
from fairframe.core.errors import RecordError
from fairframe.core.load import framework_to_json
from fairframe.core.record import LIMITS, Record, parse_record, read_record, record_to_json
from fairframe.word import render_docx
from formpage import word_controls

SIGNED = {"name": "Dr A. Manager", "role": "Case manager, Medical Directorate", "date": "2025-02-03"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ISO_DATE = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")


def v1_data() -> dict:
    return {"format": "fairframe-record", "schema_version": 1, "edition": "2025-01",
            "case": {"reference": "OLD/1", "review_point": "Start of case", "date": "16 January 2025"},
            "answers": {"P1.Q1": "yes"}, "notes": {"P1.Q1": "Met on 16 January."}, "reviews": [],
            "edition_changes": []}


def v2_data(**extra) -> dict:
    """A version 2 record as saved before the sign-off existed (no "sign_off" section)."""
    return {"format": "fairframe-record", "schema_version": 2, "edition": "2025-01",
            "case": {"reference": "SIGN/1", "nation": "England"},
            "key_dates": {"concern_raised": "2025-01-06", "next_review": "2025-03-01"},
            "patient_safety_incident": "no", "answers": {"P1.Q1": "yes", "P2.Q1": "unknown"},
            "notes": {"P2.Q1": "Waiting for the rota."}, "snapshots": [], "reviews": [], "edition_changes": []} | extra


@pytest.fixture(scope="module")
def started(framework):
    bridge.start(framework_to_json(framework), "{}")


@pytest.mark.parametrize("data", [v1_data(), v2_data()], ids=["version-1", "version-2-without-sign-off"])
def test_an_older_record_opens_with_an_empty_sign_off_and_saves_with_it(framework, data):
    record = parse_record(json.dumps(data), framework)
    assert record.sign_off == {"name": "", "role": "", "date": ""}
    saved = json.loads(record_to_json(record))
    assert saved["sign_off"] == {"name": "", "role": "", "date": ""}
    assert list(saved) == ["format", "schema_version", "edition", "case", "key_dates", "sign_off",
                           "patient_safety_incident", "answers", "notes", "snapshots", "reviews", "edition_changes"]
    assert list(saved["sign_off"]) == ["name", "role", "date"] and saved["schema_version"] == 2
    # nothing else lost on the way
    assert saved["answers"] == data["answers"] and saved["notes"] == data["notes"]
    assert saved["case"]["reference"] == data["case"]["reference"]
    assert parse_record(record_to_json(record), framework).to_data() == record.to_data()


def test_a_version_1_record_cannot_carry_a_sign_off(framework):
    with pytest.raises(RecordError, match="unknown section \u201csign_off\u201d"):
        parse_record(json.dumps(v1_data() | {"sign_off": SIGNED}), framework)


def test_a_signed_off_record_round_trips(framework):
    record = parse_record(json.dumps(v2_data(sign_off=SIGNED)), framework)
    assert record.sign_off == SIGNED
    text = record_to_json(record)
    assert json.loads(text)["sign_off"] == SIGNED
    assert record_to_json(parse_record(text.encode("utf-8"), framework)) == text
    partial = parse_record(json.dumps(v2_data(sign_off={"name": "Only a name"})), framework)
    assert partial.sign_off == {"name": "Only a name", "role": "", "date": ""}


@pytest.mark.parametrize("sign_off, field, message", [
    ({"date": "3 February 2025"}, "sign_off.date",
     "The sign-off date is \u201c3 February 2025\u201d, which is not a date (YYYY-MM-DD)."),
    ({"date": "2025-02-30"}, "sign_off.date", "The sign-off date is \u201c2025-02-30\u201d, which is not a date"),
    ({"date": 20250203}, "sign_off.date", "In the sign-off details, \u201cdate\u201d must be text."),
    ({"name": ["A", "B"]}, "sign_off.name", "In the sign-off details, \u201cname\u201d must be text."),
    ({"role": None}, "sign_off.role", "In the sign-off details, \u201crole\u201d must be text."),
    ({"name": "n" * (LIMITS["case"] + 1)}, "sign_off.name",
     "In the sign-off details, \u201cname\u201d is longer than 1,000 characters."),
    ({"role": "Case\x1b[31m manager"}, "sign_off.role", "contains a control character (U+001B)"),
    ({"name": "A.\u202eManager"}, "sign_off.name", "hidden text-direction control (U+202E)"),
    ({"signature": "A. M."}, None, "The sign-off details include an unknown field \u201csignature\u201d."),
    (["A. Manager"], None, "The sign-off details must be a set of named values, not list."),
])
def test_a_bad_sign_off_is_refused_with_a_located_message(framework, started, sign_off, field, message):
    raw = json.dumps(v2_data(sign_off=sign_off))
    with pytest.raises(RecordError) as error:
        parse_record(raw, framework)
    assert [(f, t) for f, t in zip(error.value.fields, error.value.problems) if message in t] == [
        (field, next(t for t in error.value.problems if message in t))]
    opened = json.loads(bridge.open_record(raw))
    assert opened["ok"] is False and {"field": field, "text": opened["problems"][0]} in opened["details"]
    assert message in opened["problems"][0]


def test_the_sign_off_limits_reach_the_form(framework):
    started = json.loads(bridge.start(framework_to_json(framework), "{}"))
    assert started["limits"]["sign_off"] == LIMITS["case"] == 1_000
    longest = {"name": "n" * started["limits"]["sign_off"], "role": "r" * started["limits"]["sign_off"]}
    assert parse_record(json.dumps(v2_data(sign_off=longest)), framework).sign_off["name"] == longest["name"]


def signed_record(framework) -> Record:
    return dataclasses.replace(parse_record(json.dumps(v2_data()), framework), sign_off=dict(SIGNED))


def test_the_word_export_has_the_sign_off_filled(framework, started, tmp_path):
    record = signed_record(framework)
    exported = bridge.export_docx(record_to_json(record), render_docx(framework))
    path = tmp_path / "signed.docx"
    path.write_bytes(exported)
    shown = word_controls(path)
    assert (shown["signoff.name"], shown["signoff.role"], shown["signoff.date"]) == (
        "Dr A. Manager", "Case manager, Medical Directorate", "3 February 2025")
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "Sign-off")
    # in the sign-off table's rows (cell.text leaves out content controls: read their w:t)
    rows = {row.cells[0].text: "".join(t.text or "" for t in row.cells[1]._tc.iter(f"{W}t")) for row in table.rows[1:]}
    assert rows["Name"] == "Dr A. Manager" and rows["Date"] == "3 February 2025"
    assert rows["Role"] == "Case manager, Medical Directorate"
    unsigned = word_controls(_written(tmp_path / "unsigned.docx",
                                      fill_docx(render_docx(framework), parse_record(json.dumps(v2_data()), framework),
                                                framework)))
    assert unsigned["signoff.date"] == "Enter the date"  # still the placeholder


def _written(path, data: bytes):
    path.write_bytes(data)
    return path


def test_libreoffice_reads_the_filled_sign_off(framework, tmp_path):
    record = signed_record(framework)
    source = _written(tmp_path / "signed.docx", fill_docx(render_docx(framework), record, framework))
    text = libreoffice_convert(source, "txt:Text", tmp_path).read_text(encoding="utf-8-sig")
    after = " ".join(text[text.rindex("Sign-off"):].split())
    for fragment in ("Name Dr A. Manager", "Role Case manager, Medical Directorate", "Date 3 February 2025"):
        assert fragment in after, fragment


def test_export_docx_refuses_a_bad_sign_off_in_one_line_of_plain_english(framework, started):
    bad = json.dumps(v2_data(sign_off={"date": "end of\nMarch"}))
    with pytest.raises(RecordError) as error:
        bridge.export_docx(bad, render_docx(framework))
    assert str(error.value) == ("The sign-off date is \u201cend of<U+000A>March\u201d, which is not a date "
                                "(YYYY-MM-DD).")
    assert error.value.fields == ("sign_off.date",) and error.value.__cause__ is None
    checked = json.loads(bridge.check_export(bad))
    assert checked == {"ok": False, "problems": [str(error.value)],
                       "details": [{"field": "sign_off.date", "text": str(error.value)}]}
    assert json.loads(bridge.check_export(json.dumps(v2_data(sign_off=SIGNED)))) == {"ok": True}


def test_export_docx_turns_anything_unexpected_into_a_record_error(framework, started):
    with pytest.raises(RecordError) as error:  # a template that is not a Word file
        bridge.export_docx(json.dumps(v2_data(sign_off=SIGNED)), b"not a zip file")
    assert "\n" not in str(error.value) and "Something unexpected went wrong" in str(error.value)
    assert json.loads(bridge.check_export("{not json"))["ok"] is False


def test_summary_prints_the_sign_off_and_every_date_in_full(framework, tmp_path, capsys):
    from fairframe.core.snapshots import record_snapshot
    record = signed_record(framework)
    record = record_snapshot(record, "start", "2025-01-16", "A. Manager", "Concern received")
    path = _written(tmp_path / "signed.json", record_to_json(record).encode("utf-8"))
    assert cli.main(["--root", str(ROOT), "summary", str(path)]) == 0
    out = capsys.readouterr().out
    sign_off = out[out.index("\nSign-off\n"):]
    assert sign_off.split("\n")[2:5] == ["  Name: Dr A. Manager", "  Role: Case manager, Medical Directorate",
                                         "  Date: 3 February 2025"]
    for fragment in ("Concern raised: 6 January 2025", "Next review due: 1 March 2025",
                     "16 January 2025: Start of case"):
        assert fragment in out, fragment
    assert not ISO_DATE.search(out), ISO_DATE.search(out)


def test_summary_says_when_a_record_is_not_signed_off(framework, tmp_path, capsys):
    v1 = v1_data() | {"reviews": [{"point": "review", "date": "2025-02-03", "reviewer": "CM", "summary": "Seen"}]}
    path = _written(tmp_path / "old.json", json.dumps(v1).encode("utf-8"))
    assert cli.main(["--root", str(ROOT), "summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("Sign-off\n  Not signed off yet.")
    assert "16 January 2025" in out and "3 February 2025" in out and not ISO_DATE.search(out)
    partial = _written(tmp_path / "partial.json", json.dumps(v2_data(sign_off={"name": "A. Manager"})).encode())
    assert cli.main(["--root", str(ROOT), "summary", str(partial)]) == 0
    assert "  Name: A. Manager\n  Role: not given\n  Date: not given" in capsys.readouterr().out


def test_the_sign_off_is_kept_when_a_record_moves_to_a_later_edition(framework):
    from fairframe.editions import edition_roots, load_source
    draft = load_source(ROOT, edition_roots(ROOT)["2026-01"])
    history = {"2025-01": {q.id: q.text for q in framework.questions}}
    record, notices = read_record(json.dumps(v2_data(sign_off=SIGNED)), draft, history)
    assert record.edition == "2026-01" and "earlier edition" in notices[0]
    assert record.sign_off == SIGNED and json.loads(record_to_json(record))["sign_off"] == SIGNED
