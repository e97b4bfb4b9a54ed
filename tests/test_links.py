"""Links in and out (issue 11.7) and one title per principle (11.8), in the built site."""
from __future__ import annotations

import html
import re
from pathlib import Path

from fairframe.website.pages import principle_uri

BEING_FAIR = "https://www.england.nhs.uk/patient-safety/patient-safety-culture/being-fair-tool"
PPA = "https://resolution.nhs.uk/services/practitioner-performance-advice/"
UPSW = "https://www.nhsconfed.org/publications/upholding-professional-standards-wales"
MHPS = ("https://webarchive.nationalarchives.gov.uk/ukgwa/20130123204228/http://www.dh.gov.uk/en/"
        "Publicationsandstatistics/Publications/PublicationsPolicyAndGuidance/DH_4103586")
OFFICIAL = "https://resolution.nhs.uk/services/practitioner-performance-advice/fairness-and-proportionality/"
CONTENT = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
ANCHOR = re.compile(r"<a\s([^>]*)>(.*?)</a>", re.S)


def page(site: Path, uri: str) -> str:
    path = site / uri.removesuffix(".md")
    return ((path / "index.html") if uri != "index.md" else site / "index.html").read_text()


def links(text: str) -> list[tuple[str, str, str]]:
    """(href, attributes, visible text) of every link in the page's content."""
    content = CONTENT.search(text).group(1)
    found = []
    for attributes, inner in ANCHOR.findall(content):
        href = re.search(r'href="([^"]*)"', attributes)
        found.append((html.unescape(href.group(1)) if href else "", attributes,
                      " ".join(re.sub(r"<[^>]+>", " ", inner).split())))
    return found


def test_home_how_to_use_and_every_principle_page_link_the_form(built_site, framework):
    uris = ["index.md", "how-to-use.md", *(principle_uri(p) for p in framework.principles)]
    for uri in uris:
        found = [(href, text) for href, _attributes, text in links(page(built_site, uri))
                 if href.rstrip("/").endswith("complete") or "complete/" in href]
        assert found and all(text.lower() == "complete the framework" for _href, text in found), uri
        depth = uri.count("/") + (0 if uri == "index.md" else 1)
        target = (built_site / uri.removesuffix(".md") if uri != "index.md" else built_site) / found[0][0]
        assert (target.resolve() / "index.html").is_file(), (uri, found[0][0], depth)


def test_the_sources_and_tools_are_plain_links_without_referrer(built_site):
    how_to_use = page(built_site, "how-to-use.md")
    about = page(built_site, "about.md")
    outside = {href: (attributes, text) for href, attributes, text in links(how_to_use) + links(about)
               if href.startswith(("http:", "https:", "//"))}
    assert set(outside) == {BEING_FAIR, PPA, UPSW, MHPS, OFFICIAL}
    assert outside[BEING_FAIR][1] == "Being fair tool" and outside[PPA][1] == "Practitioner Performance Advice"
    assert outside[UPSW][1] == "Upholding Professional Standards in Wales"
    assert outside[MHPS][1] == "Maintaining High Professional Standards in the Modern NHS"
    assert outside[OFFICIAL][1] == "fairness and proportionality page"
    for attributes, _text in outside.values():
        assert "target=" not in attributes and "onclick" not in attributes  # a plain link
    for text in (how_to_use, about):
        assert '<meta name="referrer" content="no-referrer">' in text
    # nothing is fetched from these hosts: they appear only as link targets
    for host in ("england.nhs.uk", "resolution.nhs.uk", "nhsconfed.org", "nationalarchives.gov.uk"):
        for attribute in ("src", "srcset", "data", "poster", "action"):
            assert not re.search(fr'\b{attribute}="[^"]*{re.escape(host)}', how_to_use + about)
        assert not re.search(fr'<link[^>]*{re.escape(host)}', how_to_use + about)


def test_one_title_per_principle_and_summaries_that_say_what_it_asks(built_site, framework):
    home = page(built_site, "index.md")
    for principle in framework.principles:
        text = page(built_site, principle_uri(principle))
        (h1,) = re.findall(r"<h1[^>]*>(.*?)</h1>", text, re.S)
        assert re.sub(r"<[^>]+>|¶", "", html.unescape(h1)).strip() == f"{principle.id}. {principle.title}"
        assert principle.long_title not in text  # never a second name for the same principle
        assert principle.long_title not in home
        assert principle.asks and html.escape(principle.asks, quote=False) in home
        assert principle.title.lower() not in principle.asks.lower()
    assert "question(s)" not in home and "(s)" not in page(built_site, principle_uri(framework.principles[0]))
