"""Word content controls (w:sdt), fields and table flags that python-docx has no API for.

The XML comes from the templates in templates/word/, filled with escaped values.
"""
from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from markupsafe import Markup

from ..templating import render_xml

_NS = Markup(nsdecls("w"))


class ControlIds:
    """Sequential w:id values, so the same model always gives the same document."""

    def __init__(self, start: int = 1000):
        self._next = start

    def take(self) -> int:
        self._next += 1
        return self._next


def add_dropdown(paragraph, ids: ControlIds, tag: str, alias: str, placeholder: str, items) -> None:
    """A dropdown list content control allowing exactly one of `items` (each with value, label)."""
    xml = render_xml("word", "dropdown.xml.j2", ns=_NS, tag=tag, alias=alias, id=ids.take(),
                     placeholder=placeholder, items=items)
    paragraph._p.append(parse_xml(xml))


def add_text(paragraph, ids: ControlIds, tag: str, alias: str, placeholder: str) -> None:
    """A text content control showing `placeholder`, greyed in the Placeholder Text style, until filled in.

    It is a rich-text control, not a plain-text one (w:text): LibreOffice (7.4) turns a plain-text
    control into an input field, which shows its placeholder as ordinary black text, as if it had been
    filled in, and drops the line breaks of a filled note."""
    xml = render_xml("word", "text.xml.j2", ns=_NS, tag=tag, alias=alias, id=ids.take(), placeholder=placeholder)
    paragraph._p.append(parse_xml(xml))


def add_field(paragraph, instruction: str, shown: str = "1", points: float | None = None) -> None:
    """A simple field such as PAGE or NUMPAGES, updated by Word and LibreOffice when shown."""
    paragraph._p.append(parse_xml(render_xml("word", "field.xml.j2", ns=_NS, instruction=instruction,
                                             shown=shown, half_points=round(points * 2) if points else None)))


def repeat_header_row(row) -> None:
    """Mark a table row to repeat at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def describe_table(table, caption: str, description: str) -> None:
    """Table caption and alt text (w:tblCaption, w:tblDescription) for assistive technology."""
    tbl_pr = table._tbl.tblPr
    for name, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        tbl_pr.append(element)


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)
