"""The problems of a record in the framework's language: the Welsh form shows a bad record's problems
(and its notices, and the refusals of a review point) in Welsh, through the interface text of the area
`record` (core/record_messages.py, translations/cy/interface-record.yaml); the English form and the
command line show the English, word for word as before, with or without interface text."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from fairframe.core import bridge
from fairframe.core.load import framework_to_json
from fairframe.core.record import RecordError, read_record
from fairframe.core.record_messages import AREA, MESSAGES, say
from fairframe.interface import FOLDER, english_interface
from fairframe.project import load_project
from fairframe.website.languages import in_language

CORPUS = Path(__file__).parent / "bad_records"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text())
BAD = sorted(path.name for path in CORPUS.iterdir() if path.name != "expected.yaml")
# A bad record and part of the Welsh the Welsh form must show for it.
WELSH = {
    "01-empty.json": "Mae'r ffeil yn wag. Dewiswch y ffeil .json a gadwodd y ffurflen.",
    "04-a-list.json": "Nid cofnod fframwaith yw'r ffeil hon. Dewiswch y ffeil .json a gadwyd gyda "
                      "\u201cCadw'r cofnod\u201d.",
    "12-case-not-a-mapping.json": "Manylion yr achos: rhaid iddynt fod yn set o werthoedd ag enwau, nid str.",
    "13-unknown-case-field.json": "Manylion yr achos: maen nhw'n cynnwys maes anhysbys \u201cpatient_name\u201d.",
    "19-gate-not-yes-or-no.json": "Rhaid i'r ateb am ddigwyddiad diogelwch cleifion fod yn",
    "23-snapshots-out-of-order.json": "mae pwynt adolygu 2 wedi'i ddyddio 3 Mawrth 2025, cyn pwynt adolygu 1 "
                                      "(2 Ebrill 2025)",
    "26-nation-not-on-the-list.json": "Manylion yr achos: y wlad a roddir yw \u201cScotland\u201d, nad yw ar restr y "
                                      "ffurflen (Lloegr, Cymru",
    "29-lone-surrogate-in-note.json": "Y nodiadau: mae \u201cP1.Q1\u201d yn cynnwys nod wedi torri (U+D800",
    "30-duplicate-keys.json": "Mae'r ffeil yn rhoi \u201cP1.Q1\u201d ddwywaith yn yr un adran",
    "31-deep-nesting.json": "i fwy na 16 lefel o ddyfnder",
    "35-newer-edition.json": "Cadwyd y cofnod hwn gydag argraffiad 2026-01, sy'n fwy newydd na'r ffurflen hon "
                             "(2025-01). Agorwch ef yn ffurflen argraffiad 2026-01.",
}
EMPTY_RECORD = json.dumps({"format": "fairframe-record", "schema_version": 2, "edition": "2025-01"})


@pytest.fixture(scope="module")
def english():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def welsh(english):
    project = in_language(english, "cy")
    assert project.framework.language == "cy"
    return project


@pytest.fixture
def started():
    """Start the bridge as the form does: start(project) starts it with that project's framework and
    history. The bridge's state before the test is put back after it."""
    before = dict(bridge._state)

    def start(project):
        bridge.start(framework_to_json(project.framework), json.dumps(project.history))

    yield start
    bridge._state.clear()
    bridge._state.update(before)


def opened(name: str) -> dict:
    return json.loads(bridge.open_record((CORPUS / name).read_bytes()))


def problems(project, name: str) -> list[str]:
    try:
        read_record((CORPUS / name).read_bytes(), project.framework, project.history)
    except RecordError as error:
        return list(error.problems)
    raise AssertionError(f"{name} opened")


@pytest.mark.parametrize("name", sorted(WELSH))
def test_the_welsh_form_shows_a_bad_records_problems_in_welsh(name, welsh, started):
    started(welsh)
    result = opened(name)
    shown = " ".join(result["problems"])
    assert result["ok"] is False and WELSH[name] in shown
    assert EXPECTED[name] not in shown
    assert [detail["text"] for detail in result["details"]] == result["problems"]


@pytest.mark.parametrize("name", BAD)
def test_no_problem_of_a_bad_record_is_english_in_welsh(name, english, welsh):
    """Every problem the English framework gives for a bad record comes out differently in Welsh."""
    in_english, in_welsh = problems(english, name), problems(welsh, name)
    assert EXPECTED[name] in " ".join(in_english)
    assert EXPECTED[name] not in " ".join(in_welsh)
    assert not set(in_english) & set(in_welsh), name


@pytest.mark.parametrize("name", BAD)
def test_the_english_is_the_same_with_or_without_interface_text(name, english):
    """The English lives once, in core: a framework built without interface text (in memory, or from
    older data) gives word for word what the English interface text gives."""
    bare = dataclasses.replace(english, framework=dataclasses.replace(english.framework, interface=()))
    assert problems(bare, name) == problems(english, name)


def test_the_english_problems_are_word_for_word_as_before(english, started):
    started(english)
    assert opened("26-nation-not-on-the-list.json")["problems"] == [
        "The case details give the nation \u201cScotland\u201d, which is not on the form's list (England, Wales, "
        "Northern Ireland, Crown Dependencies)."]
    assert opened("23-snapshots-out-of-order.json")["problems"] == [
        "The review points are not in date order: review point 2 is dated 3 March 2025, before review point 1 "
        "(2 April 2025), which comes first."]
    assert opened("29-lone-surrogate-in-note.json")["details"] == [
        {"field": "P1.Q1", "text": "In the notes, \u201cP1.Q1\u201d contains a broken character (U+D800, half of a "
                                   "character pair)."}]
    many = json.loads(EMPTY_RECORD) | {"case": {f"extra{n}": "x" for n in range(21)}}
    result = json.loads(bridge.open_record(json.dumps(many)))
    assert result["problems"][-1] == "\u2026 and 1 more problem."
    assert result["problems"][0] == "The case details include an unknown field \u201cextra0\u201d."
    refused = json.loads(bridge.record_snapshot(EMPTY_RECORD, json.dumps({"point": "appeal", "date": "1 May 2025"})))
    assert refused["problems"] == [{"field": "point", "text": "Choose the review point"},
                                   {"field": "date", "text": "Enter the date of the review point as a real date"}]


def test_many_problems_review_points_and_reminders_in_welsh(welsh, started):
    started(welsh)
    many = json.loads(EMPTY_RECORD) | {"case": {f"extra{n}": "x" for n in range(30)}}
    result = json.loads(bridge.open_record(json.dumps(many)))
    assert result["problems"][-1] == "\u2026 ac mae 10 problem arall."
    refused = json.loads(bridge.record_snapshot(EMPTY_RECORD, json.dumps({"point": "appeal", "date": "1 May 2025",
                                                                          "reviewer": "A\u202eB"})))
    assert refused["problems"] == [
        {"field": "point", "text": "Dewiswch y pwynt adolygu"},
        {"field": "date", "text": "Rhowch ddyddiad y pwynt adolygu fel dyddiad go iawn"},
        {"field": "reviewer", "text": "Mae'r adolygydd yn cynnwys rheolydd cyfeiriad testun cudd (U+202E), a all "
                                      "wneud i'r testun ddarllen yn wahanol i'r hyn sydd wedi'i gadw"}]
    recorded = json.loads(bridge.record_snapshot(EMPTY_RECORD, json.dumps({"point": "start", "date": "2025-02-03"})))
    earlier = json.loads(bridge.record_snapshot(json.dumps(recorded["record"]),
                                                json.dumps({"point": "review", "date": "2025-01-03"})))
    assert earlier["problems"] == [{"field": "date", "text": "Rhaid i'r dyddiad fod ar ddyddiad y pwynt adolygu "
                                                             "diwethaf (3 Chwefror 2025) neu ar ei ôl"}]
    assert json.loads(bridge.calendar(EMPTY_RECORD))["problems"] == ["Rhowch ddyddiad yr adolygiad nesaf yn gyntaf."]
    with pytest.raises(RecordError, match="Aeth rhywbeth annisgwyl o'i le"):
        bridge.export_docx(EMPTY_RECORD, b"not a Word file")


def test_a_policy_that_does_not_fit_the_case_is_refused_in_welsh(welsh, started):
    framework = welsh.framework
    policy, nation = next((policy, nation) for policy in framework.policies for nation in framework.scope.nations
                          if nation.id not in policy.nations)
    started(welsh)
    record = json.loads(EMPTY_RECORD) | {"case": {"policy": policy.title, "nation": nation.label}}
    result = json.loads(bridge.check_export(json.dumps(record)))
    text = (f"Nid yw'r polisi perthnasol \u201c{policy.title}\u201d yn berthnasol i'r achos hwn ({nation.label}). "
            f"Dewiswch bolisi sy'n berthnasol i'r achos, neu gadewch y maes yn wag.")
    assert result["details"] == [{"field": "case.policy", "text": text}]


def test_a_record_of_an_earlier_edition_opens_with_its_notice_in_welsh():
    project = in_language(load_project(ROOT, ROOT / "editions/2026-01"), "cy")
    record = json.loads(EMPTY_RECORD) | {"schema_version": 1, "edition": "2025-01"}
    _record, notices = read_record(json.dumps(record), project.framework, project.history)
    assert notices == [say(project.framework, "version_1"),
                       say(project.framework, "earlier_edition", edition="2025-01", current="2026-01")]
    assert notices[0].startswith("Cadwyd y cofnod hwn yn y fformat cofnod cynharach (fersiwn 1).")
    assert "Mae'r atebion yn cael eu trosglwyddo yn ôl id y cwestiwn." in notices[1]


def test_the_record_messages_are_interface_text_of_their_own_area(english, welsh):
    """core/record_messages.py holds the English, once: the interface has it as record.<key>, in its
    order, with no record.yaml beside it; the Welsh framework has a Welsh text for every key."""
    assert not (FOLDER / f"{AREA}.yaml").exists()
    ours = [(key, text) for key, text in english_interface() if key.startswith(f"{AREA}.")]
    assert ours == [(f"{AREA}.{key}", text) for key, text in MESSAGES.items()]
    for key in MESSAGES:
        assert english.framework.ui(f"{AREA}.{key}") == MESSAGES[key]
        assert welsh.framework.ui(f"{AREA}.{key}") != MESSAGES[key], key


def test_say_falls_back_to_the_english_without_the_area():
    assert say(None, "unknown_section", key="\u201cx\u201d") == "The record has an unknown section \u201cx\u201d."
    framework = load_project(ROOT).framework
    without = dataclasses.replace(framework, interface=tuple(m for m in framework.interface
                                                             if not m.key.startswith(f"{AREA}.")))
    assert without.interface and say(without, "empty") == MESSAGES["empty"]
    with pytest.raises(KeyError):
        say(framework, "no_such_message")
