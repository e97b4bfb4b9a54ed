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
        assert_placeholder_control(notes[0], "Notes, evidence and actions")


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


def assert_placeholder_control(control, placeholder: str) -> None:
    """A rich-text control (no w:text: LibreOffice shows a plain-text one as an input field, its placeholder
    in black as if filled in) showing its placeholder in Word's Placeholder Text style."""
    assert not control.xpath("w:sdtPr/w:text | w:sdtPr/w:dropDownList", namespaces=NS)
    assert control.xpath("w:sdtPr/w:showingPlcHdr", namespaces=NS)
    runs = control.xpath("w:sdtContent/w:r", namespaces=NS)
    assert runs and all(run.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["PlaceholderText"] for run in runs)
    assert "".join(control.xpath("w:sdtContent//w:t/text()", namespaces=NS)) == placeholder


def test_case_details_are_text_controls_with_placeholders(body):
    for field in (*CASE_FIELDS, *SIGN_OFF_FIELDS):
        (control,) = body.xpath(f"//w:sdt[w:sdtPr/w:tag/@w:val='{field.key}']", namespaces=NS)
        assert_placeholder_control(control, field.hint)


def test_the_placeholder_style_is_grey_and_not_the_text_colour(docx_bytes):
    styles = etree.fromstring(part(docx_bytes, "word/styles.xml"))
    (style,) = styles.xpath("//w:style[@w:styleId='PlaceholderText']", namespaces=NS)
    assert style.get(f"{{{NS['w']}}}type") == "character"
    (colour,) = style.xpath("w:rPr/w:color/@w:val", namespaces=NS)
    (text,) = styles.xpath("//w:style[@w:styleId='Normal']/w:rPr/w:color/@w:val", namespaces=NS)
    assert colour.upper() == "505A5F" and colour.upper() != text.upper()


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
    (numbers,) = footer.xpath("//w:p[w:fldSimple]", namespaces=NS)  # page numbers: a paragraph of their own
    assert "".join(numbers.xpath(".//w:t/text()", namespaces=NS)) == "Page\u00a01\u00a0of\u00a01"
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


def page_lines(page) -> list[str]:
    return [" ".join(line.replace("\u00a0", " ").split()) for line in (page.extract_text() or "").splitlines()]


GREY = tuple(round(c / 255, 2) for c in (0x50, 0x5A, 0x5F))  # styles.PLACEHOLDER


def coloured_words(document) -> list[tuple[str, tuple]]:
    return [(word["text"], tuple(round(c, 2) for c in word["non_stroking_color"])) for page in document.pages
            for word in page.extract_words(extra_attrs=["non_stroking_color"])]


def test_libreoffice_shows_page_x_of_y_on_one_line_and_grey_placeholders(docx_bytes, framework, tmp_path):
    source = tmp_path / "framework.docx"
    source.write_bytes(docx_bytes)
    pdf = libreoffice_convert(source, "pdf", tmp_path)
    with pdfplumber.open(pdf) as document:
        total = len(document.pages)
        assert total > 2
        for number, page in enumerate(document.pages, start=1):
            assert page_lines(page)[-1] == f"Page {number} of {total}", number  # whole, on the last line
        words = coloured_words(document)
    grey = [text for text, colour in words if colour == GREY]
    not_grey = [text for text, colour in words if colour != GREY]
    # every notes box shows "Notes, evidence and actions" greyed (nothing else on the page is grey)
    assert grey.count("evidence") == len(framework.questions)
    # every case detail and sign-off box that says "Enter ..." shows it greyed, never in the text colour
    hints = [field.hint for field in (*CASE_FIELDS, *SIGN_OFF_FIELDS)]
    assert grey.count("Enter") == sum(hint.startswith("Enter") for hint in hints) > 0
    assert "Enter" not in not_grey
    assert grey.count("Choose") == len(framework.questions) + 1  # the answers and the patient safety question


def test_a_filled_multi_line_note_keeps_its_lines_in_libreoffice(framework, tmp_path):
    from fairframe.core.docx_fill import fill_docx
    from fairframe.core.record import read_record
    import json
    first = framework.questions[0].id
    data = {"format": "fairframe-record", "schema_version": 2, "edition": framework.edition.id,
            "case": {"reference": "CASE/7"}, "answers": {first: "no"},
            "notes": {first: "Met on 3 February.\nAgreed a plan.\n\nReview in March."}}
    record, _notices = read_record(json.dumps(data), framework, {})
    source = tmp_path / "filled.docx"
    source.write_bytes(fill_docx(render_docx(framework), record, framework))
    pdf = libreoffice_convert(source, "pdf", tmp_path)
    with pdfplumber.open(pdf) as document:
        lines = [line for page in document.pages for line in page_lines(page)]
        words = coloured_words(document)
    for line in ("Met on 3 February.", "Agreed a plan.", "Review in March."):
        assert any(found.endswith(line) for found in lines), line  # each on a line of its own (the cell's end)
    assert not any("February. Agreed" in found or "plan. Review" in found for found in lines)
    assert [colour for text, colour in words if text == "Met"] == [(0.04, 0.05, 0.05)]  # the text colour, not grey


def test_the_same_model_gives_byte_identical_files(framework, docx_bytes, monkeypatch):
    import time
    time.sleep(1.1)  # a wall-clock stamp in the XML (to the second) would now differ; the zip's own
    assert render_docx(framework) == docx_bytes  # times (to two seconds) are checked exactly below
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
