"""Page, styles, language and core properties of the Word framework."""
from __future__ import annotations

import datetime
import weakref

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

LANGUAGES = {"en": "en-GB", "cy": "cy-GB"}  # the framework's language: the document's (w:lang, dc:language)
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
HEADING = RGBColor(0x00, 0x30, 0x87)  # dark blue, 11:1 on white
PLACEHOLDER = RGBColor(0x50, 0x5A, 0x5F)  # grey that still meets 4.5:1 on white
HEADER_FILL = "E8EDEE"


def styled(paragraph, name: str):
    """`paragraph`, set in the paragraph style called `name` (one that is not the default). The same
    markup as python-docx's `style=`, which looks through every style for the default one on each
    call: a third of the render."""
    paragraph._p.style = _style_id(paragraph.part, name)
    return paragraph


_STYLE_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document part -> {style name: id}


def _style_id(part, name: str) -> str:
    """The id of the style called `name`, found once per document (python-docx searches the styles'
    XML on every look-up: an eighth of the render)."""
    ids = _STYLE_IDS.setdefault(part, {})
    if name not in ids:
        ids[name] = part.document.styles[name].style_id
    return ids[name]


def heading(document, text: str, level: int):
    """As python-docx's add_heading(text, level), for levels 1 to 9."""
    return styled(document.add_paragraph(text), f"Heading {level}")


def set_up_page(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)


def set_up_styles(document, language: str = "en") -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.font.color.rgb = TEXT
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING
        style.font.bold = True
    placeholder = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.color.rgb = PLACEHOLDER
    follow_up = styles.add_style("Follow-up prompt", WD_STYLE_TYPE.PARAGRAPH)
    follow_up.base_style = normal
    follow_up.font.size = Pt(9.5)
    follow_up.font.italic = True
    _set_default_language(styles, LANGUAGES[language])


def _set_default_language(styles, tag: str) -> None:
    """Document language en-GB (or cy-GB for Welsh), so spelling and screen readers use the right language."""
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia"):
        language.set(qn(attribute), tag)
    language.set(qn("w:bidi"), "ar-SA")


def set_core_properties(document, framework, when: datetime.datetime) -> None:
    """Title, subject and the rest in the framework's language, and that language (dc:language)."""
    ui, edition = framework.ui, framework.edition
    properties = document.core_properties
    properties.title = ui("word.document_title", title=edition.title, edition=edition.id)
    properties.subject = ui("word.document_subject")
    properties.author = ui("word.document_author")
    properties.last_modified_by = properties.author
    properties.keywords = ui("word.document_keywords", edition=edition.id)
    properties.comments = ui("word.document_comments", edition=edition.id)
    properties.language = LANGUAGES[framework.language]
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = when
