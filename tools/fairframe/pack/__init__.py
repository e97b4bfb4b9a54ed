"""The case-study learning pack: a tagged PDF (PDF/UA-1) rendered with WeasyPrint from templates.

A pure function from the model to bytes. The output is reproducible: no creation time is stamped
unless SOURCE_DATE_EPOCH is set, and WeasyPrint is given the same HTML, fonts and metadata.
"""
from __future__ import annotations

import base64
import os

from ..core.model import Framework
from ..templating import long_date, render


def pack_html(framework: Framework, logo: bytes | None = None) -> str:
    logo_src = f"data:image/png;base64,{base64.b64encode(logo).decode()}" if logo else None
    return render("pack", "pack.html.j2", framework=framework, label=framework.scope.label, logo_src=logo_src,
                  css=render("pack", "pack.css.j2", edition=framework.edition),
                  created=os.environ.get("SOURCE_DATE_EPOCH") and long_date(framework.edition.published))


def render_pack(framework: Framework, logo: bytes | None = None) -> bytes:
    """The learning pack; `logo` is the organisation's logo image for its own version."""
    from weasyprint import HTML  # build time only, and slow to import

    identifier = f"fairframe-pack-{framework.edition.id}".encode()
    return HTML(string=pack_html(framework, logo)).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
