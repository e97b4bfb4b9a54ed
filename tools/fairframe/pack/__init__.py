"""The case-study learning pack: a tagged PDF (PDF/UA-1) rendered with WeasyPrint from templates.

A pure function from the model to bytes. The output is reproducible: no creation time is stamped
unless SOURCE_DATE_EPOCH is set, and WeasyPrint is given the same HTML, fonts and metadata.

Nothing is fetched: the HTML template autoescapes the source's text, and WeasyPrint's only URL
fetcher (`fetcher.BuildResources`) serves the organisation's validated logo at a fixed internal
address and refuses everything else (file:, http(s):, data:, attachments), failing the build.

Every word the pack writes itself is interface text (templates/interface/pack.yaml), in the
framework's language, which is also the document's (<html lang>, so the PDF's /Lang).
"""
from __future__ import annotations

import os
import re

from markupsafe import Markup

from ..core.dates import long_date
from ..core.model import Framework
from ..core.source_text import without_controls
from ..templating import css_text, render

LOGO_URL = "fairframe-build:organisation-logo"  # the only address the pack's URL fetcher serves
LANGUAGES = {"en": "en-GB", "cy": "cy-GB"}  # the framework's language: the document's (<html lang>, /Lang)


def pack_html(framework: Framework, logo: bytes | None = None) -> str:
    def in_full(day) -> str:  # "16 January 2025", "16 Ionawr 2025"
        return long_date(day.isoformat(), framework.language)

    css = render("pack", "pack.css.j2", framework=framework, edition=framework.edition, long_date=in_full,
                 page_numbers=page_numbers(framework.ui("pack.page_of", page="\0", pages="\1")))
    return render("pack", "pack.html.j2", framework=framework, label=framework.scope.label,
                  lang=LANGUAGES[framework.language], long_date=in_full, logo_src=LOGO_URL if logo else None,
                  css=Markup(css), created=os.environ.get("SOURCE_DATE_EPOCH") and in_full(framework.edition.published))


def page_numbers(text: str) -> Markup:
    """ "Page {page} of {pages}" (filled with the markers \\0 and \\1) as a CSS content value:
    "Page " counter(page) " of " counter(pages), the words escaped as CSS strings."""
    counters = {"\0": "counter(page)", "\1": "counter(pages)"}
    return Markup(" ".join(counters.get(part) or f'"{css_text(part)}"' for part in re.split("([\0\1])", text) if part))


def render_pack(framework: Framework, logo: bytes | None = None) -> bytes:
    """The learning pack; `logo` is the organisation's logo image for its own version."""
    framework = without_controls(framework)  # validated text has none; no font can show them
    return html_to_pdf(pack_html(framework, logo), framework, logo)


def html_to_pdf(html: str, framework: Framework, logo: bytes | None = None) -> bytes:
    """The PDF of the pack's `html`, loading nothing but the logo; raises fetcher.ResourceRefused
    naming any other address it asked for (and the fields of `framework` that hold it)."""
    from .weasy import HTML, FatalURLFetchingError  # build time only, and slow to import
    from .fetcher import refuse_if_any, resources

    identifier = f"fairframe-pack-{framework.edition.id}".encode()
    fetcher = resources(logo)
    try:
        pdf = HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
    except FatalURLFetchingError:
        pdf = b""
    refuse_if_any(fetcher, framework)
    return pdf
