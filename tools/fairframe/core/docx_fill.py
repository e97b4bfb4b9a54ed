"""Fills the Word framework's content controls from a record, with the standard library only.

It runs in the browser too (Pyodide has no lxml). It edits the XML text control by control rather
than re-serialising the part, so everything else, namespace prefixes included, stays exactly as
it was and the file still opens in Word and LibreOffice. What it writes besides the record's own
text (answer labels, review point names, dates in full) is in the framework's language.
"""
from __future__ import annotations

import io
import re
import zipfile

from .dates import long_date
from .fields import REVIEW_LOG_ROWS, SIGN_OFF_FIELDS, answer_tag, notes_tag, review_point_label, review_tag
from .model import Framework
from .record_model import REVIEW_KEYS, Record

DOCUMENT = "word/document.xml"
_CONTROL = re.compile(r"<w:sdt(?:\s[^>]*)?>.*?</w:sdt>", re.S)
_TAG = re.compile(r'<w:tag w:val="([^"]*)"\s*/>')
_CONTENT = re.compile(r"<w:sdtContent>.*?</w:sdtContent>", re.S)
_ID = re.compile(r'<w:id w:val="(-?\d+)"\s*/>')
_PLAIN_TEXT = re.compile(r"<w:text(?:\s[^>]*)?/?>")
_MULTILINE = re.compile(r'w:multiLine="(?:1|true|on)"')
_ALIAS_NUMBER = re.compile(rf'(<w:alias w:val="[^"]*?)\b{REVIEW_LOG_ROWS}\b')  # the row's number, any language
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def review_log(record: Record) -> list:
    """The rows of the Word review log: version 1 review rows and review points (snapshots), in date
    order (rows without a date first, as they came)."""
    rows = [*record.reviews, *record.snapshots]
    return sorted(rows, key=lambda row: row.date)


def record_values(record: Record, framework: Framework) -> dict[str, tuple[str, str]]:
    """{tag: (text to show, dropdown value or "")} for every filled field of the record."""
    labels = {a.value: a.label for a in framework.answer_scale}
    language = framework.language
    values = {f"case.{key}": (text, "") for key, text in record.case.items() if text.strip()}
    log = review_log(record)
    if log:  # the case details' review point and date: those of the latest review point
        latest = log[-1]
        if latest.point:
            values["case.review_point"] = (review_point_label(framework, latest.point), "")
        if latest.date:
            values["case.date"] = (long_date(latest.date, language), "")
    if record.patient_safety_incident:
        values["case.patient_safety_incident"] = (labels[record.patient_safety_incident],
                                                  record.patient_safety_incident)
    for qid, answer in record.answers.items():
        values[answer_tag(qid)] = (labels[answer], answer)
    for qid, text in record.notes.items():
        if text.strip():
            values[notes_tag(qid)] = (text, "")
    for field in SIGN_OFF_FIELDS:  # signoff.name, signoff.role, signoff.date
        key = field.key.split(".", 1)[1]
        text = record.sign_off.get(key, "")
        if text.strip():
            values[field.key] = (long_date(text, language) if key == "date" else text, "")
    for number, review in enumerate(log, start=1):
        for key in REVIEW_KEYS:
            text = getattr(review, key)
            if key == "point":
                text = review_point_label(framework, text)
            elif key == "date":
                text = long_date(text, language)
            if text.strip():
                values[review_tag(number, key)] = (text, "")
    return values


def fill_docx(template: bytes, record: Record, framework: Framework) -> bytes:
    """A copy of the Word framework `template` with every answer, note and detail of `record`."""
    values = record_values(record, framework)
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        xml = source.read(DOCUMENT).decode("utf-8")
        xml = _add_review_rows(xml, len(review_log(record)))
        xml = _CONTROL.sub(lambda match: _fill_control(match.group(0), values), xml)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = xml.encode("utf-8") if item.filename == DOCUMENT else source.read(item.filename)
                target.writestr(item, data)
    return output.getvalue()


def _fill_control(control: str, values: dict) -> str:
    tag = _TAG.search(control)
    if tag is None or tag.group(1) not in values:
        return control
    text, value = values[tag.group(1)]
    control = control.replace("<w:showingPlcHdr/>", "")
    if value:
        control = re.sub(r"<w:dropDownList(?: w:lastValue=\"[^\"]*\")?",
                         f'<w:dropDownList w:lastValue="{_xml(value)}"', control, count=1)
    lines = _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    if _single_line(control):
        lines = [" ".join(line.strip() for line in lines if line.strip())]
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{_xml(line)}</w:t>' for line in lines)
    return _CONTENT.sub(lambda _match: f"<w:sdtContent><w:r>{runs}</w:r></w:sdtContent>", control, count=1)


def _single_line(control: str) -> bool:
    """A plain-text control (w:text) without w:multiLine holds one line: Word refuses a line break in it.
    Rich-text controls (the site's text boxes) and multi-line plain-text ones keep each line, with w:br."""
    plain = _PLAIN_TEXT.search(control)
    return bool(plain) and _MULTILINE.search(plain.group(0)) is None


def _xml(text: str) -> str:
    # Not xml.sax.saxutils.escape: it imports urllib and http.client, 0.3 s to compile in Pyodide.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _add_review_rows(xml: str, reviews: int) -> str:
    """Copy the review log's last row until it has a row for every review in the record."""
    if reviews <= REVIEW_LOG_ROWS:
        return xml
    marker = xml.find(f'w:val="{review_tag(REVIEW_LOG_ROWS, "date")}"')
    if marker < 0:
        return xml
    start = max(xml.rfind("<w:tr>", 0, marker), xml.rfind("<w:tr ", 0, marker))
    end = xml.find("</w:tr>", marker) + len("</w:tr>")
    row = xml[start:end]
    next_id = max(int(i) for i in _ID.findall(xml)) + 1
    copies = []
    for number in range(REVIEW_LOG_ROWS + 1, reviews + 1):
        copy = row.replace(f'"review.{REVIEW_LOG_ROWS}.', f'"review.{number}.')
        copy = _ALIAS_NUMBER.sub(lambda match, number=number: f"{match.group(1)}{number}", copy)  # "Review 7 date"

        def fresh(_match):
            nonlocal next_id
            next_id += 1
            return f'<w:id w:val="{next_id}"/>'

        copies.append(_ID.sub(fresh, copy))
    return xml[:end] + "".join(copies) + xml[end:]
