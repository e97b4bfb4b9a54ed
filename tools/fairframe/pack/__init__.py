"""The case-study learning pack: a tagged PDF (PDF/UA-1) rendered with WeasyPrint from templates.

A pure function from the model to bytes. The output is reproducible: no creation time is stamped
unless SOURCE_DATE_EPOCH is set, and WeasyPrint is given the same HTML, fonts and metadata.
"""
from __future__ import annotations

import os

from ..core.model import Framework
from ..templating import long_date, render


def pack_html(framework: Framework) -> str:
    return render("pack", "pack.html.j2", framework=framework, label=framework.scope.label,
                  css=render("pack", "pack.css.j2", edition=framework.edition),
                  created=os.environ.get("SOURCE_DATE_EPOCH") and long_date(framework.edition.published))


def render_pack(framework: Framework) -> bytes:
    from weasyprint import HTML  # build time only, and slow to import

    identifier = f"fairframe-pack-{framework.edition.id}".encode()
    return HTML(string=pack_html(framework)).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
