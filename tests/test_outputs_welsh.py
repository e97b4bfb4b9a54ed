"""The Word framework, the learning pack and `fairframe summary` in Welsh: their own text (headings,
labels, footers, status words) in Welsh, through the interface text, and the documents' language set
to cy-GB, where Word, LibreOffice, PDF readers and screen readers look for it. The English outputs are
the control: they keep their English words and en-GB."""
from __future__ import annotations

import dataclasses
import datetime
import io
import re
import zipfile

import pdfplumber
import pikepdf
import pytest
from lxml import etree

import pdf_text
from conftest import ROOT, libreoffice_convert
from fairframe.core.docx_fill import fill_docx
from fairframe.core.fields import CASE_FIELDS, GATE, REVIEW_LOG_COLUMNS, REVIEW_POINTS, SIGN_OFF_FIELDS, ui_name
from fairframe.core.record import Record, Review
from fairframe.core.snapshots import record_snapshot
from fairframe.interface import english_interface
from fairframe.pack import pack_html, render_pack
from fairframe.project import load_project
from fairframe.record_commands import summary_text
from fairframe.translations import load_entries, translated_framework
from fairframe.word import render_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "dc": "http://purl.org/dc/elements/1.1/",
      "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
      "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"}


@pytest.fixture(scope="module")
def welsh():
    loaded = load_project(ROOT)
    framework = translated_framework(loaded.framework, load_entries(loaded.source, "cy", loaded.framework, ROOT), "cy")
    assert framework.language == "cy"
    return framework


@pytest.fixture(scope="module")
def welsh_docx(welsh) -> bytes:
    return render_docx(welsh)


@pytest.fixture(scope="module")
def welsh_pack(welsh) -> bytes:
    return render_pack(welsh)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def parts(docx: bytes, *names: str) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return [etree.fromstring(package.read(name)) for name in names]


def test_the_fields_interface_text_is_the_english_of_core_fields():
    """core/fields.py keeps its English for the form; fields.yaml must say the same, so the two never drift."""
    english = dict(english_interface())
    for field in (*CASE_FIELDS, GATE, *REVIEW_LOG_COLUMNS, *SIGN_OFF_FIELDS):
        assert english[f"fields.{ui_name(field)}.label"] == field.label
        assert english[f"fields.{ui_name(field)}.hint"] == field.hint
    for value, text in REVIEW_POINTS:
        assert english[f"fields.review_point.{value}"] == text


@pytest.mark.parametrize("edition", [None, "editions/2026-01"])
def test_the_editions_status_lines_in_english_are_the_models(edition):
    """The outputs print an edition's status (official or a draft) from interface text so that it can be
    translated; in English it is word for word the model's own (Edition.not_official, .draft_notice)."""
    framework = load_project(ROOT, ROOT / edition if edition else None).framework
    edition = framework.edition
    year = edition.id[:4]
    assert framework.ui("cli.not_official_draft" if edition.draft else "cli.not_official", edition=edition.id,
                        year=year) == edition.not_official
    for area in ("word", "pack"):
        assert framework.ui(f"{area}.draft_notice", year=year) == f"DRAFT. {edition.draft_notice}"


def test_the_welsh_word_framework_opens_in_libreoffice_in_welsh(welsh, welsh_docx, tmp_path):
    source = tmp_path / "fframwaith.docx"
    source.write_bytes(welsh_docx)
    pdf = libreoffice_convert(source, "pdf", tmp_path)
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
        cells = " | ".join(flat(cell or "") for page in document.pages for table in page.extract_tables()
                           for row in table for cell in row)  # columns read cell by cell
    text = flat("\n".join(pages))
    for question in welsh.questions:
        assert f"{question.id} {flat(question.text)}" in cells, question.id
    for heading in (welsh.ui("word.how_to_use"), welsh.ui("word.case_details"), welsh.ui("word.review_log"),
                    welsh.ui("word.what_to_consider"), welsh.ui("word.draft_translation"),
                    f"P1. {welsh.principles[0].title}", "Cyfeirnod yr achos", "Llofnod"):
        assert flat(heading) in text, heading
    assert "Dewiswch ateb" in cells and "Os Na neu Anhysbys:" in cells  # the answer box, the follow-up prompt
    assert "Ionawr 2025" in text and "January" not in text  # dates in full, in Welsh
    assert f"Tudalen 2 o {len(pages)}" in flat(pages[1])
    for english in ("How to use this framework", "Case details", "Review log", "Choose an answer", "Page 2 of"):
        assert english not in text, english
    # LibreOffice reads the document's language as Welsh (United Kingdom): its own format says so.
    document = libreoffice_convert(source, "odt", tmp_path)
    with zipfile.ZipFile(document) as package:
        styles = etree.fromstring(package.read("styles.xml"))
    default = styles.xpath("//style:default-style[@style:family='paragraph']/style:text-properties", namespaces=NS)
    assert [(p.get(f"{{{NS['fo']}}}language"), p.get(f"{{{NS['fo']}}}country")) for p in default] == [("cy", "GB")]


@pytest.mark.parametrize("language, tag", [("cy", "cy-GB"), ("en", "en-GB")])
def test_the_word_files_language_is_set(language, tag, welsh, welsh_docx, framework):
    docx = welsh_docx if language == "cy" else render_docx(framework)
    styles, core = parts(docx, "word/styles.xml", "docProps/core.xml")
    assert styles.xpath("//w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS) == [tag]
    assert core.xpath("//dc:language/text()", namespaces=NS) == [tag]
    title = core.xpath("//dc:title/text()", namespaces=NS)[0]
    assert title == f"{(welsh if language == 'cy' else framework).edition.title}: " + (
        "argraffiad" if language == "cy" else "edition") + f" {framework.edition.id}"


def test_the_welsh_word_file_is_filled_as_the_english_one(welsh, welsh_docx, framework):
    record = Record(edition=welsh.edition.id, case={"reference": "ACHOS/7"}, patient_safety_incident="no",
                    answers={"P1.Q1": "yes", "P2.Q3": "unknown"}, notes={"P2.Q3": "Llinell un\nLlinell dau"},
                    sign_off={"name": "A. Rheolwr", "role": "Rheolwr achos", "date": "2025-02-03"},
                    reviews=tuple(Review(point, f"2025-0{n}-1{n}", "A. Rheolwr", f"Adolygiad {n}")
                                  for n, point in enumerate(["start", *["review"] * 6, "closure"], start=1)))
    filled = {}
    for name, source, model in (("cy", welsh_docx, welsh), ("en", render_docx(framework), framework)):
        (body,) = parts(fill_docx(source, record, model), "word/document.xml")
        filled[name] = {control.xpath("w:sdtPr/w:tag/@w:val", namespaces=NS)[0]: (
            "\n".join(control.xpath("w:sdtContent//w:t/text()", namespaces=NS)),
            control.xpath("w:sdtPr/w:alias/@w:val", namespaces=NS)[0]) for control in body.iter(f"{{{W}}}sdt")}
    welsh_values, english_values = filled["cy"], filled["en"]
    assert welsh_values.keys() == english_values.keys()  # the same controls, found by the same tags
    assert welsh_values["P1.Q1.answer"][0] == "Ie" and english_values["P1.Q1.answer"][0] == "Yes"
    assert welsh_values["P2.Q3.answer"][0] == "Anhysbys" and welsh_values["P2.Q3.notes"][0] == "Llinell un\nLlinell dau"
    assert welsh_values["case.patient_safety_incident"][0] == "Na"
    assert welsh_values["signoff.date"][0] == "3 Chwefror 2025"
    assert english_values["signoff.date"][0] == "3 February 2025"
    assert welsh_values["review.1.point"][0] == "Dechrau'r achos" and welsh_values["review.8.point"][0] == "Cau'r achos"
    assert welsh_values["case.review_point"][0] == "Cau'r achos" and welsh_values["case.date"][0] == "18 Awst 2025"
    # The rows added beyond the template's six are numbered in their own language too.
    assert welsh_values["review.8.date"] == ("18 Awst 2025", "Adolygiad 8 dyddiad")
    assert english_values["review.8.date"] == ("18 August 2025", "Review 8 date")


def test_the_welsh_learning_pack_is_a_welsh_pdf(welsh, welsh_pack):
    with pikepdf.open(io.BytesIO(welsh_pack)) as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
        assert str(pdf.docinfo.Title) == welsh.ui("pack.title", edition=welsh.edition.id)
        assert str(pdf.docinfo.Title).startswith("Astudiaethau achos")
    pages = pdf_text.pages(welsh_pack)
    text = flat("\n".join(pages))
    for heading in ("PECYN DYSGU", "Cynnwys", "Sut i gynnal sesiwn", "Y pum egwyddor yn gryno",
                    "Yr astudiaethau achos", "Nodiadau i hwyluswyr", "Cwestiynau i'w trafod",
                    welsh.ui("pack.draft_translation"), welsh.principles[0].title, welsh.case_studies[0].title):
        assert flat(heading) in text, heading
    assert "16 Ionawr 2025" in flat(pages[0])
    for number, page in enumerate(pages[1:], start=2):  # the running header and footer, in Welsh
        assert f"Tudalen {number} o {len(pages)}" in page and f"Argraffiad {welsh.edition.id}" in page
    for english in ("LEARNING PACK", "How to run a session", "Notes for facilitators", "Page 2 of", "January"):
        assert english not in text, english


def test_the_pack_html_says_its_language(welsh, framework):
    assert '<html lang="cy-GB">' in pack_html(welsh)
    english = pack_html(framework)
    assert '<html lang="en-GB">' in english and "Fairness and proportionality case studies: learning pack" in english


def a_case(framework) -> Record:
    record = Record(edition=framework.edition.id, case={"reference": "ACHOS/7"}, patient_safety_incident="yes",
                    answers={"P1.Q1": "unknown"}, key_dates={"concern_raised": "2025-02-28"},
                    sign_off={"name": "A. Rheolwr", "date": "2025-05-02"})
    record = record_snapshot(record, "start", "2025-03-03", "A. Rheolwr", "")
    return dataclasses.replace(record, answers={"P1.Q1": "yes", "P2.Q1": "no"})


def test_summary_prints_welsh_labels_with_the_welsh_framework(welsh, framework):
    today = datetime.date(2025, 3, 10)
    text = summary_text(a_case(welsh), welsh, {}, today)
    for fragment in ("Achos ACHOS/7, argraffiad", "Dyddiadau allweddol", "Codwyd y pryder: 28 Chwefror 2025 "
                     "(10 diwrnod yn ôl)", "Cynnydd", "Manylion yr achos", "Digwyddiad diogelwch cleifion",
                     f"P1. {welsh.principles[0].title}", "Heb ddechrau",
                     f"1 o {len(welsh.principles[0].questions)} wedi'u hateb",
                     "Camau dilynol (atebion Na neu Anhysbys)", "[Na]", "Nesaf: ", "Pwyntiau adolygu",
                     "3 Mawrth 2025: Dechrau'r achos, gan A. Rheolwr", "P1.Q1: Anhysbys -> Ie",
                     "P2.Q1: heb ei ateb -> Na", "Llofnodi", "Enw: A. Rheolwr", "Rôl: heb ei roi",
                     "Dyddiad: 2 Mai 2025", "Mae'r pryder yn deillio o ddigwyddiad diogelwch cleifion"):
        assert fragment in text, fragment
    assert not re.search(r"\b(Progress|Key dates|Sign-off|Not started|answered|January|March)\b", text)
    english = summary_text(a_case(framework), framework, {}, today)
    for fragment in ("Case ACHOS/7, edition", "Concern raised: 28 February 2025 (10 days ago)", "Progress",
                     "Not started", "P1.Q1: Unknown -> Yes", "Sign-off", "Role: not given", "Date: 2 May 2025"):
        assert fragment in english, fragment
