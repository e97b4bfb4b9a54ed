"""The Word framework: content controls, structure, accessibility, real clients, determinism."""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from lxml import etree

from conftest import libreoffice_convert
from fairframe.core.fields import CASE_FIELDS, SIGN_OFF_FIELDS, answer_tag, notes_tag
from fairframe.word import render_docx

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
GOLDEN = Path(__file__).parent / "golden" / "framework-document.xml"


@pytest.fixture(scope="module")
def docx_bytes(framework) -> bytes:
    return render_docx(framework)


@pytest.fixture(scope="module")
def body(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def part(docx_bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        return package.read(name)


def tags(body) -> list[str]:
    return body.xpath("//w:sdt/w:sdtPr/w:tag/@w:val", namespaces=NS)


def test_one_answer_and_one_notes_control_per_question(body, framework):
    for question in framework.questions:
        answers = body.xpath(f"//w:sdt[w:sdtPr/w:tag/@w:val='{answer_tag(question.id)}']", namespaces=NS)
        notes = body.xpath(f"//w:sdt[w:sdtPr/w:tag/@w:val='{notes_tag(question.id)}']", namespaces=NS)
        assert len(answers) == 1 and len(notes) == 1, question.id
        items = answers[0].xpath("w:sdtPr/w:dropDownList/w:listItem[@w:value!='']/@w:displayText", namespaces=NS)
        assert items == ["Yes", "No", "Unknown"]
        assert notes[0].xpath("w:sdtPr/w:text/@w:multiLine", namespaces=NS) == ["1"]
        assert notes[0].xpath("w:sdtPr/w:showingPlcHdr", namespaces=NS)


def test_tags_are_unique_and_match_the_model(body, framework):
    found = tags(body)
    assert len(found) == len(set(found))
    question_tags = {t for t in found if re.match(r"P\d\.Q\d+\.", t)}
    assert question_tags == {tag(q.id) for q in framework.questions for tag in (answer_tag, notes_tag)}
    for field in (*CASE_FIELDS, *SIGN_OFF_FIELDS):
        assert field.key in found
    assert "review.1.date" in found and "review.1.summary" in found
    ids = body.xpath("//w:sdt/w:sdtPr/w:id/@w:val", namespaces=NS)
    assert len(ids) == len(set(ids)) == len(found)


def test_case_details_are_plain_text_controls_with_placeholders(body):
    for field in CASE_FIELDS:
        (control,) = body.xpath(f"//w:sdt[w:sdtPr/w:tag/@w:val='{field.key}']", namespaces=NS)
        assert control.xpath("w:sdtPr/w:text", namespaces=NS)
        assert "".join(control.xpath("w:sdtContent//w:t/text()", namespaces=NS)) == field.hint


def heading_texts(body, level: int) -> list[str]:
    paragraphs = body.xpath(f"//w:p[w:pPr/w:pStyle/@w:val='Heading{level}']", namespaces=NS)
    return ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in paragraphs]


def test_one_heading_per_principle_with_real_heading_styles(body, framework):
    level_one = heading_texts(body, 1)
    for principle in framework.principles:
        assert sum(t.startswith(f"{principle.id}. ") for t in level_one) == 1
    assert {"Case details", "Review log", "Sign-off"} <= set(level_one)
    assert heading_texts(body, 2).count("Questions") == len(framework.principles)


def test_every_table_repeats_its_header_row_and_has_a_caption(body, framework):
    tables = body.xpath("//w:tbl", namespaces=NS)
    assert len(tables) == len(framework.principles) + 3
    for table in tables:
        first_row = table.xpath("w:tr", namespaces=NS)[0]
        assert first_row.xpath("w:trPr/w:tblHeader", namespaces=NS)
        assert table.xpath("w:tblPr/w:tblCaption/@w:val", namespaces=NS)
        assert table.xpath("w:tblPr/w:tblDescription/@w:val", namespaces=NS)
        assert len(table.xpath("w:tr[w:trPr/w:tblHeader]", namespaces=NS)) == 1


def test_language_properties_and_footer(docx_bytes, framework):
    styles = etree.fromstring(part(docx_bytes, "word/styles.xml"))
    assert styles.xpath("//w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS) == ["en-GB"]
    document = docx.Document(io.BytesIO(docx_bytes))
    properties = document.core_properties
    assert framework.edition.id in properties.title and properties.subject
    assert properties.language == "en-GB"
    footer = etree.fromstring(document.sections[0].footer._element.xml.encode())
    instructions = [i.strip() for i in footer.xpath("//w:fldSimple/@w:instr", namespaces=NS)]
    assert instructions == ["PAGE", "NUMPAGES"]
    footer_text = "".join(footer.xpath("//w:t/text()", namespaces=NS))
    assert f"edition {framework.edition.id}" in footer_text and "16 January 2025" in footer_text


def test_the_document_is_not_protected(docx_bytes):
    settings = etree.fromstring(part(docx_bytes, "word/settings.xml"))
    assert not settings.xpath("//w:documentProtection", namespaces=NS)


def test_python_docx_reopens_it_with_every_question(docx_bytes, framework):
    document = docx.Document(io.BytesIO(docx_bytes))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for question in framework.questions:
        assert question.text in text


def test_libreoffice_opens_it_and_the_pdf_has_every_question(docx_bytes, framework, tmp_path):
    source = tmp_path / "framework.docx"
    source.write_bytes(docx_bytes)
    pdf = libreoffice_convert(source, "pdf", tmp_path)
    with pdfplumber.open(pdf) as document:
        text = " ".join((page.extract_text() or "") for page in document.pages)
        cells = [cell or "" for page in document.pages for table in page.extract_tables()
                 for row in table for cell in row]
        pages = len(document.pages)
    in_cells = " | ".join(" ".join(cell.split()) for cell in cells)  # columns read cell by cell
    for question in framework.questions:
        assert f"{question.id} {' '.join(question.text.split())}" in in_cells, question.id
    assert f"Page 1 of {pages}" in " ".join(text.split())


def test_the_same_model_gives_byte_identical_files(framework, docx_bytes, monkeypatch):
    import time
    time.sleep(2.1)  # zip times have a two-second resolution: a wall-clock stamp would now differ
    assert render_docx(framework) == docx_bytes
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 1, 16, 9, 0, 0)}
    created = docx.Document(io.BytesIO(docx_bytes)).core_properties.created
    assert created.replace(tzinfo=None) == datetime.datetime(2025, 1, 16, 9, 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    with zipfile.ZipFile(io.BytesIO(render_docx(framework))) as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def normalised_document_xml(docx_bytes) -> str:
    root = etree.fromstring(part(docx_bytes, "word/document.xml"))
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def test_document_xml_matches_the_reviewed_golden_file(docx_bytes, update_golden):
    current = normalised_document_xml(docx_bytes)
    if update_golden or not GOLDEN.exists():
        GOLDEN.write_text(current)
        pytest.skip("golden file written: review the diff and commit it")
    assert current == GOLDEN.read_text(), "run pytest --update-golden, review the diff, then commit"


def test_the_site_publishes_the_docx_and_links_it_from_every_principle_page(built_site, framework):
    downloads = list((built_site / "downloads").glob("*.docx"))
    assert [d.name for d in downloads] == [f"fairness-and-proportionality-framework-{framework.edition.id}.docx"]
    assert downloads[0].read_bytes() == render_docx(framework)
    for principle in framework.principles:
        html = (built_site / "principles" / principle.slug / "index.html").read_text()
        assert f'href="../../downloads/{downloads[0].name}"' in html
    assert f'href="{downloads[0].name}"' in (built_site / "downloads" / "index.html").read_text()
