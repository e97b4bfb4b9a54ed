"""A draft edition (the 2026-01 proposal) says so everywhere and claims no publication; the published
edition shows no DRAFT banner; every output carries "not the official text" and the source."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pdfplumber
import pytest

import pdf_text
from conftest import ROOT, libreoffice_convert, serving
from fairframe import cli
from fairframe.core.dates import long_date
from fairframe.source import load_framework

DRAFT_SOURCE = ROOT / "editions" / "2026-01"


@pytest.fixture(scope="module")
def draft():
    edition = load_framework(DRAFT_SOURCE, ROOT).edition
    assert edition.draft, "the 2026-01 edition is this project's draft"
    return edition


class _Banners(HTMLParser):
    """The text of each element marked data-draft-banner, and of the page's <main>/<article>."""

    def __init__(self):
        super().__init__()
        self.banners: list[str] = []
        self.text: list[str] = []
        self._depth = 0  # open elements inside the current banner
        self._void = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}
        self._script = False  # a script's text (e.g. the page's JSON of interface text) is not the page's

    def handle_starttag(self, tag, attrs):
        self._script = tag in ("script", "style")
        if tag in self._void:
            return
        if self._depth:
            self._depth += 1
        elif "data-draft-banner" in dict(attrs):
            self._depth = 1
            self.banners.append("")

    def handle_endtag(self, tag):
        self._script = False
        if self._depth and tag not in self._void:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.banners[-1] += data
        if not self._script:
            self.text.append(data)


def parsed(path: Path) -> _Banners:
    parser = _Banners()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def flat(text: str) -> str:
    return " ".join(text.split())


def claims_publication(text: str, edition) -> list[str]:
    """What in `text` would say that NHS Resolution published this edition, or when."""
    text = flat(text)
    found = [claim for claim in (long_date(edition.published.isoformat()), "Framework published",
                                 "framework published on", "Originally published by")
             if claim.lower() in text.lower()]
    return found + re.findall(r"(?i)(?<!not )\bpublished by NHS Resolution\b|\bNHS Resolution published\b", text)


def test_every_page_of_the_draft_site_has_the_draft_banner(draft_site, draft):
    pages = sorted(draft_site.rglob("*.html"))
    assert len(pages) > 20 and draft_site / "complete" / "index.html" in pages
    for page in pages:
        banners = [flat(text) for text in parsed(page).banners]
        assert len(banners) == 1, page
        if page.relative_to(draft_site).parts[0] == "cy":  # in Welsh, and a draft translation too
            assert banners[0].startswith("DRAFFT.") and draft.id in banners[0], page
            assert "Cyfieithiad drafft" in banners[0] or "cyfieithiad drafft" in banners[0], page
            continue
        assert banners[0].startswith("DRAFT.") and "NHS Resolution has not published it" in banners[0], page
        assert f"Edition {draft.id}" in banners[0] and "not the official text" in banners[0], page


def test_the_published_site_shows_no_draft_banner(built_site, framework):
    assert not framework.edition.draft
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if page.relative_to(built_site).parts[0] == "cy":  # only the draft translation's banner
            assert [flat(text) for text in parsed(page).banners] == [flat(
                "DRAFFT. Cyfieithiad drafft yw'r fersiwn Gymraeg hon. Rhaid i gyfieithydd Cymraeg cymwys ei "
                "adolygu cyn ei ddefnyddio.")], page
            continue
        assert not parsed(page).banners and 'class="md-banner' not in html and "ff-draft-banner" not in html, page


def test_the_draft_home_and_about_pages_claim_no_publication(draft_site, draft):
    for name in ("index.html", "about/index.html", "downloads/index.html", "what-changed/index.html"):
        text = " ".join(parsed(draft_site / name).text)
        assert claims_publication(text, draft) == [], name
    home = flat(" ".join(parsed(draft_site / "index.html").text))
    assert f"Edition {draft.id} is a draft" in home and "NHS Resolution has not published it" in home
    about = flat(" ".join(parsed(draft_site / "about" / "index.html").text))
    assert "Status Draft: not published" in about and flat(draft.source) in about


def test_the_published_home_and_about_pages_give_the_date_and_publisher(built_site, framework):
    edition = framework.edition
    home = flat(" ".join(parsed(built_site / "index.html").text))
    assert f"framework published on {long_date(edition.published.isoformat())}" in home
    about = flat(" ".join(parsed(built_site / "about" / "index.html").text))
    assert "Originally published by" in about and "draft" not in about.lower()


def _download(site: Path, kind: str, edition_id: str) -> Path:
    suffix = "docx" if kind == "framework" else "pdf"
    return site / "downloads" / f"fairness-and-proportionality-{kind}-{edition_id}.{suffix}"


def _headers(document) -> list[str]:
    texts = []
    for section in document.sections:
        parts = [section.header]
        if section.different_first_page_header_footer:
            parts.append(section.first_page_header)
        if document.settings.odd_and_even_pages_header_footer:
            parts.append(section.even_page_header)
        texts += [flat(" ".join(p.text for p in part.paragraphs)) for part in parts]
    return texts


def test_the_draft_word_file_says_draft_in_every_header_and_claims_no_publication(draft_site, draft, tmp_path):
    path = _download(draft_site, "framework", draft.id)
    document = docx.Document(path)
    headers = _headers(document)
    assert headers and all(text.startswith(f"DRAFT edition {draft.id}: not published by NHS Resolution")
                           for text in headers), headers
    body = " ".join(p.text for p in document.paragraphs)
    footers = " ".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert claims_publication(body + " " + footers, draft) == []
    assert "DRAFT, not published" in footers and "Not the official text" in footers
    pdf = libreoffice_convert(path, "pdf", tmp_path)
    pages = [flat(text) for text in pdf_text.pages(pdf)]
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"DRAFT edition {draft.id}: not published by NHS Resolution" in text, number


def test_the_published_word_file_has_no_draft_header(built_site, framework):
    document = docx.Document(_download(built_site, "framework", framework.edition.id))
    headers = _headers(document)
    assert headers and not any("DRAFT" in text for text in headers)
    assert "DRAFT" not in " ".join(p.text for p in document.paragraphs[:8])


def test_every_page_of_the_draft_learning_pack_says_draft(draft_site, draft):
    pages = [flat(text) for text in pdf_text.pages(_download(draft_site, "case-studies", draft.id))]
    assert len(pages) > 10
    for number, text in enumerate(pages, start=1):
        assert "DRAFT: not published by NHS Resolution. Not the official text." in text, number
    assert claims_publication(pages[0], draft) == []
    assert "Status Draft: not published" in pages[0] and flat(f"DRAFT. {draft.draft_notice}") in pages[0]


def test_the_published_learning_pack_has_no_draft_mark(built_site, framework):
    pages = pdf_text.pages(_download(built_site, "case-studies", framework.edition.id))
    assert not [number for number, text in enumerate(pages, start=1) if "DRAFT" in text]
    assert long_date(framework.edition.published.isoformat()) in flat(pages[0])  # "Framework published"


@pytest.mark.parametrize("source", [None, "2026-01"])
def test_summary_states_the_edition_its_date_its_source_and_not_official(source, tmp_path, capsys):
    framework = load_framework(DRAFT_SOURCE, ROOT) if source else load_framework(ROOT)
    edition = framework.edition
    path = tmp_path / "record.json"
    path.write_text(json.dumps({"format": "fairframe-record", "schema_version": 2, "edition": edition.id,
                                "answers": {}, "notes": {}, "case": {"reference": "SUM-1"}}))
    assert cli.main(["--root", str(ROOT), "summary", *(["--source", source] if source else []), str(path)]) == 0
    out = flat(capsys.readouterr().out)
    assert flat(edition.not_official) in out and "not the official text" in out
    assert f"Source: {flat(edition.source)}" in out
    if edition.draft:
        assert f"Edition {edition.id}: DRAFT, not published" in out and claims_publication(out, edition) == []
    else:
        assert f"Edition {edition.id}: published {long_date(edition.published.isoformat())}" in out


def test_every_printed_page_of_a_draft_record_says_draft_not_official_and_its_source(
        browser, draft_site, draft, tmp_path):
    from formpage import new_context, open_case_form

    with serving(draft_site) as url:
        context = new_context(browser)
        try:
            page = open_case_form(context, url, "DRAFT-7")
            banner = page.locator("[data-draft-banner]")
            assert banner.is_visible() and "NHS Resolution has not published it" in banner.inner_text()
            (tmp_path / "print.pdf").write_bytes(page.pdf(format="A4"))  # printing fills the print view
        finally:
            context.close()
    with pdfplumber.open(tmp_path / "print.pdf") as pdf:
        pages = [flat(re.sub(r"Page \d+ of \d+", " ", page.extract_text() or "")) for page in pdf.pages]
    assert len(pages) > 2
    assert flat(f"DRAFT. Edition {draft.id}. {draft.draft_notice}") in pages[0]  # the banner
    assert f"Source: {flat(draft.source)}" in pages[0]  # in full above the record
    for number, text in enumerate(pages, start=1):
        assert f"DRAFT · Case reference: DRAFT-7 · Framework edition {draft.id}" in text, number
        assert flat(draft.not_official) in text and "not the official text" in text, number
        assert f"Source: {draft.short_source()}" in text, number
