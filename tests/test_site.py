"""The built site: every page is there, generated pages come from the model, ids appear once."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from conftest import ROOT
from fairframe.outputs import outputs_for
from fairframe.website.pages import generated_pages


def site_pages(site: Path) -> list[str]:
    """The URL path of every page in the built site (directory URLs), plus the 404 page."""
    paths = ["/" + p.parent.relative_to(site).as_posix() + "/" for p in sorted(site.rglob("index.html"))]
    return [p.replace("/./", "/") for p in paths] + ["/404.html"]


def page_html(site: Path, url_path: str) -> str:
    path = site / url_path.lstrip("/")
    return (path if path.suffix == ".html" else path / "index.html").read_text()


def test_every_page_is_built(engine_site, framework):
    built_site = engine_site  # as each engine builds it
    expected = {"/", "/how-to-use/", "/about/", "/principles/"} | {
        f"/principles/{p.slug}/" for p in framework.principles}
    for path in expected:
        assert (built_site / path.lstrip("/") / "index.html").is_file(), path
    assert (built_site / "404.html").is_file()


def test_every_question_id_appears_exactly_once_across_the_principle_pages(engine_site, framework):
    built_site = engine_site
    counts = Counter()
    for principle in framework.principles:
        html = page_html(built_site, f"/principles/{principle.slug}/")
        counts.update(re.findall(r'id="(P\d\.Q\d+)"', html))
        for question in principle.questions:
            assert question.text.replace("'", "&rsquo;").split(" ")[0] in html
    assert counts == Counter({q.id: 1 for q in framework.questions})


def test_principle_pages_show_considerations_questions_and_follow_ups(built_site, framework):
    import html as html_lib
    for principle in framework.principles:
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", page_html(built_site, f"/principles/{principle.slug}/")))
        text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
        for consideration in principle.considerations:
            assert consideration.text in text
        for question in principle.questions:
            for part in (question.text, question.why, question.if_not):
                assert " ".join(part.split()) in " ".join(text.split()), part[:60]


def test_the_edition_is_stated_on_every_page(built_site, framework):
    for path in site_pages(built_site):
        html = page_html(built_site, path)
        if path.startswith("/cy/"):  # the Welsh site says it in Welsh (tests/test_site_welsh.py)
            assert framework.edition.id in html, path
            continue
        assert f"Edition {framework.edition.id}" in html, path
        assert "not the official text" in html, path


def test_the_about_page_gives_status_date_and_source(built_site, framework):
    html = page_html(built_site, "/about/")
    assert "16 January 2025" in html
    assert "not the official publication text" in html
    assert "Source" in html


def test_nothing_generated_is_committed_to_docs(framework):
    downloads = {row.uri(framework): b"" for row in outputs_for(framework)}  # where each output goes
    for uri in {**generated_pages(framework, downloads), **downloads}:
        assert not (ROOT / "docs" / uri).exists(), uri


def test_no_page_loads_anything_from_another_origin(engine_site):
    built_site = engine_site
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        tags = re.findall(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", html)
        for url in (u for tag in tags for u in re.findall(r'(?:src|href|data)="((?:https?:)?//[^"]+)"', tag)):
            assert url.startswith("http://127.0.0.1"), f"{page}: {url}"
