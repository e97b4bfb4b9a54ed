"""Case studies: coverage, their pages, the learning pack PDF, and counts that agree across formats."""
from __future__ import annotations

import io
import re
from collections import Counter

import pikepdf
import pytest

import pdf_text
from conftest import ROOT
from fairframe.core.dates import long_date
from fairframe.editions import EDITIONS_DIR, load_source

STUDY_FILES = sorted((ROOT / "case_studies").glob("CS-*.yaml"))
# The project's own edition and every edition folder under editions/, each with the studies it uses.
EDITION_ROOTS = [ROOT, *sorted(p for p in (ROOT / EDITIONS_DIR).glob("*/") if (p / "framework").is_dir())]


@pytest.fixture(scope="module")
def pack_bytes(built_site, framework) -> bytes:
    """The pack the site offers (test_pipeline shows it is the same bytes as a render in this process)."""
    name = f"fairness-and-proportionality-case-studies-{framework.edition.id}.pdf"
    return (built_site / "downloads" / name).read_bytes()


@pytest.fixture(scope="module")
def pack_pages(pack_bytes) -> list[str]:
    return pdf_text.pages(pack_bytes)


def flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


@pytest.mark.parametrize("root", EDITION_ROOTS, ids=lambda root: "project" if root == ROOT else root.name)
def test_the_studies_cover_every_principle_profession_setting_and_nation(root):
    framework = load_source(ROOT, root)
    studies = framework.case_studies
    assert len(studies) >= 8
    for principle in framework.principles:
        assert len(framework.studies_for(principle.id)) >= 3, principle.id
    professions = Counter(s.practitioner.profession for s in studies)
    assert set(professions) == {"doctor", "dentist", "pharmacist"}
    assert {"primary", "secondary"} <= {s.practitioner.setting for s in studies}
    assert {"england", "wales", "northern-ireland"} <= {s.practitioner.nation for s in studies}
    handling = Counter(s.handling for s in studies)
    assert handling["framework-used"] >= 2 and handling["went-wrong"] >= 2
    assert any(s.resolved_informally and s.handling == "framework-used" for s in studies)


@pytest.mark.parametrize("root", EDITION_ROOTS, ids=lambda root: "project" if root == ROOT else root.name)
def test_every_question_of_every_edition_is_illustrated_by_a_study(root):
    framework = load_source(ROOT, root)
    illustrated = {qid for study in framework.case_studies for qid in study.questions}
    missing = [q.id for q in framework.questions if q.id not in illustrated]
    assert not missing, f"edition {framework.edition.id}: no case study lists {', '.join(missing)} in its questions"


def test_every_study_page_is_built_linked_and_links_its_questions(built_site, framework):
    index = (built_site / "case-studies" / "index.html").read_text()
    for study in framework.case_studies:
        page = built_site / "case-studies" / study.slug / "index.html"
        assert page.is_file(), study.id
        assert f'href="{study.slug}/"' in index
        html = page.read_text()
        for qid in study.questions:
            principle = framework.principle(qid.split(".")[0])
            assert f'href="../../principles/{principle.slug}/#{qid}"' in html, (study.id, qid)
        for item in study.discussion:
            assert flat(item) in flat(re.sub(r"<[^>]+>", "", html).replace("&rsquo;", "'").replace("&#39;", "'"))


def test_each_principle_page_lists_the_studies_that_illustrate_it(built_site, framework):
    for principle in framework.principles:
        html = (built_site / "principles" / principle.slug / "index.html").read_text()
        content = html[html.index("<article"):html.index("</article>")]  # not the site navigation
        listed = set(re.findall(r'href="../../case-studies/(cs-\d+)/"', content))
        assert listed == {s.slug for s in framework.studies_for(principle.id)}, principle.id


def test_the_pack_has_every_title_and_discussion_question(pack_pages, framework):
    text = flat(" ".join(pack_pages))
    for study in framework.case_studies:
        assert flat(f"{study.id}: {study.title}") in text
        for item in study.discussion:
            assert flat(item) in text, item[:50]
        for item in study.learning_points:
            assert flat(item) in text, item[:50]
    assert 2 * len(framework.case_studies) + 4 <= len(pack_pages) <= 6 * len(framework.case_studies) + 10


def test_each_study_starts_on_a_new_page(pack_pages, framework):
    """The study's heading comes straight after the running header at the top of a page (on that
    page, the header is the study's heading too, beside the edition)."""
    edition = framework.ui("pack.running_edition", edition=framework.edition.id,
                           date=long_date(framework.edition.published.isoformat(), framework.language))
    starts = [flat(page.replace(edition + "\n", "", 1)) for page in pack_pages]
    for study in framework.case_studies:
        heading = flat(f"{study.id}: {study.title}")
        assert any(start.startswith(f"{heading} {heading} ") for start in starts), study.id


def test_the_pack_shows_edition_date_page_numbers_and_running_headers(pack_pages, framework):
    edition = framework.edition
    assert f"Edition {edition.id}" in pack_pages[0]
    assert "16 January 2025" in pack_pages[0] and "not the official publication text" in flat(pack_pages[0])
    total = len(pack_pages)
    for number, page in enumerate(pack_pages[1:], start=2):
        assert f"Page {number} of {total}" in page
        assert f"Edition {edition.id}" in page
    assert any(page.startswith("How to run a session") for page in pack_pages)


def test_the_pack_is_a_tagged_pdf_ua_document(pack_bytes, framework):
    with pikepdf.open(io.BytesIO(pack_bytes)) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en-GB"
        assert framework.edition.id in str(pdf.docinfo.Title)
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as meta:
            assert "pdfuaid:part" in str(meta) or meta.get("pdfuaid:part") == "1"
        kinds = Counter()

        def walk(node, depth=0):
            if depth > 60 or not isinstance(node, pikepdf.Dictionary):
                return
            if "/S" in node:
                kinds[str(node.S)] += 1
            children = node.get("/K")
            if isinstance(children, pikepdf.Array):
                for child in children:
                    walk(child, depth + 1)
            elif isinstance(children, pikepdf.Dictionary):
                walk(children, depth + 1)

        walk(root.StructTreeRoot)
    assert kinds["/H1"] == 1
    assert kinds["/H2"] >= len(framework.case_studies) + 5
    assert kinds["/Table"] >= len(framework.case_studies) + 2
    assert kinds["/TH"] > 0 and kinds["/TD"] > 0 and kinds["/L"] > 0


def test_counts_agree_across_yaml_pages_and_pdf(built_site, framework, pack_bytes):
    pages = sorted(p.name for p in (built_site / "case-studies").iterdir() if p.is_dir())
    with pikepdf.open(io.BytesIO(pack_bytes)) as pdf, pdf.open_outline() as outline:
        top = list(outline.root)
        sections = [child.title for item in top for child in item.children if re.match(r"CS-\d\d: ", child.title)]
    assert len(STUDY_FILES) == len(framework.case_studies) == len(pages) == len(sections)
    assert [f.stem for f in STUDY_FILES] == [s.id for s in framework.case_studies] == [t[:5] for t in sections]
