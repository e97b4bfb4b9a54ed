"""The site's own text in Welsh: the generated pages (their headings, labels and notices come from the
interface text, site.*), the Welsh hand-written pages (translations/cy/docs/) and the theme's notices
(assets/javascripts/offline.js). The English pages are the control: they keep their English words.
"""
from __future__ import annotations

import dataclasses
import json
import re
import shutil

import pytest
import yaml

from conftest import ROOT, serving
from fairframe.core.text_keys import fingerprint
from fairframe.interface import english_interface
from fairframe.outputs import outputs_for
from fairframe.project import load_project
from fairframe.templating import render
from fairframe.translations import load_entries, translated_framework
from fairframe.website import accessibility
from fairframe.website.pages import generated_pages
from fairframe.website.stage import hand_written_pages

WELSH_STORE = ROOT / "translations" / "cy" / "interface-site.yaml"
WELSH_DOCS = ROOT / "translations" / "cy" / "docs"
EDITIONS = {"2025-01": None, "2026-01": ROOT / "editions" / "2026-01"}
KEPT_IN_ENGLISH = {"a11y_ecni"}  # a body's name with no standard Welsh form (see the translators' glossary)
ATTRIBUTES = re.compile(r"\s*\{ #[^}]*\}\s*$")


def english_site() -> dict[str, str]:
    return {key.removeprefix("site."): text for key, text in english_interface() if key.startswith("site.")}


def welsh_site() -> dict[str, str]:
    data = yaml.safe_load(WELSH_STORE.read_text(encoding="utf-8"))
    return {key.removeprefix("ui.site."): entry["cy"] for key, entry in data.items()}


def pages_of(project) -> dict[str, str]:
    framework = project.framework
    downloads = {row.uri(framework): b"0" * 2048 for row in outputs_for(framework) if row.download}
    return generated_pages(framework, downloads, project.previous, "9.9.9")


@pytest.fixture(scope="module", params=sorted(EDITIONS))
def edition(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def english_pages(edition) -> dict[str, str]:
    return pages_of(load_project(ROOT, EDITIONS[edition]))


@pytest.fixture(scope="module")
def welsh_project(edition):
    project = load_project(ROOT, EDITIONS[edition])
    framework = translated_framework(project.framework, load_entries(project.source, "cy", project.framework, ROOT),
                                     "cy")
    return dataclasses.replace(project, framework=framework)


@pytest.fixture(scope="module")
def welsh_pages(welsh_project) -> dict[str, str]:
    return pages_of(welsh_project)


def headings(page: str) -> list[str]:
    """The text of every Markdown heading (without the attribute list) and of the front matter title."""
    found = [ATTRIBUTES.sub("", line.lstrip("#").strip()) for line in page.splitlines() if line.startswith("#")]
    title = re.match(r"---\ntitle: (.*)\n", page)
    return found + ([yaml.safe_load(title.group(1))] if title else [])


# ---- the interface text itself ------------------------------------------------------------------------
def test_every_site_text_has_a_current_welsh_translation():
    english, welsh = english_site(), yaml.safe_load(WELSH_STORE.read_text(encoding="utf-8"))
    assert list(welsh) == [f"ui.site.{key}" for key in english], "one entry per English text, in its order"
    for key, text in english.items():
        entry = welsh[f"ui.site.{key}"]
        assert entry["en"] == fingerprint(text), f"site.{key}: the Welsh translates an older English text"
        assert entry["cy"].strip() and (entry["cy"] != text or key in KEPT_IN_ENGLISH), f"site.{key}: no Welsh"
        assert set(re.findall(r"\{\w+\}", entry["cy"])) == set(re.findall(r"\{\w+\}", text)), key


def test_the_statements_facts_in_words_are_the_facts_the_tests_check():
    """The accessibility statement says the tested facts through site.a11y_*: the English words must
    be exactly fairframe.website.accessibility's, which the tests use."""
    site = english_site()

    def listed(prefix: str) -> tuple[str, ...]:
        return tuple(site[key] for key in sorted((k for k in site if k.startswith(prefix)),
                                                 key=lambda k: int(k.rsplit("_", 1)[1])))

    assert listed("a11y_form_state_") == accessibility.FORM_STATES
    assert listed("a11y_word_check_") == accessibility.WORD_CHECKS
    assert listed("a11y_pdf_check_") == accessibility.PDF_CHECKS
    assert listed("a11y_limitation_") == accessibility.KNOWN_LIMITATIONS
    assert site["a11y_standard"] == accessibility.STANDARD and site["a11y_browser"] == accessibility.BROWSER
    assert all(f"a11y_scheme_{scheme}" in site for scheme in accessibility.COLOUR_SCHEMES)


# ---- the generated pages -------------------------------------------------------------------------------
def test_the_english_pages_keep_their_english_headings(english_pages, edition):
    principle = english_pages["principles/welfare-and-support.md"]
    assert "## Key considerations\n" in principle and "## Framework questions\n" in principle
    assert "**Why it matters.**" in principle and "**If the answer is No or Unknown.**" in principle
    assert "[Complete the framework](../complete.md) for a case in this browser, or\n" in principle
    assert english_pages["principles/index.md"].startswith(
        '---\ntitle: "The five principles"\n---\n# The five principles\n')
    study = english_pages["case-studies/cs-01.md"]
    assert "## What went well\n" in study and "| Care setting |" in study and "A fictional case study." in study
    assert "## By principle\n" in english_pages["case-studies/index.md"]
    downloads = english_pages["downloads.md"]
    assert "# Downloads\n" in downloads and ">Make the form available offline</button>" in downloads
    assert "(for example `P1.Q1.answer` and `P1.Q1.notes`)" in downloads
    statement = english_pages[accessibility.PAGE]
    assert "## How we tested this site\n" in statement and "## How accessible this site is\n" in statement
    assert "(`make test`)" in statement and "{ #how" not in statement
    changed = english_pages["what-changed.md"]
    if edition == "2026-01":
        assert "It is compared here with edition 2025-01 (16 January 2025)," in changed
        assert "\n## Added (" in changed and "\n### Question P1.Q10 " in changed
    else:
        assert "It is the first edition of this source" in changed and "16 January 2025" in changed


def test_the_english_pages_have_no_welsh(english_pages):
    english = english_site()
    welsh = {text for key, text in welsh_site().items() if len(text) > 12 and text != english[key]}
    for uri, page in english_pages.items():
        found = [text for text in welsh if text in page]
        assert not found, (uri, found[:3])


def test_the_welsh_pages_say_their_own_words_in_welsh(welsh_pages, welsh_project, edition):
    cy = welsh_site()
    principle = welsh_pages["principles/welfare-and-support.md"]
    for key in ("key_considerations", "framework_questions"):
        assert f"\n## {cy[key]}\n" in principle, key
    assert f"**{cy['why_it_matters']}**" in principle and f"**{cy['if_no_or_unknown']}**" in principle
    assert f"[{cy['complete_the_framework']}](../complete.md)" in principle
    assert welsh_pages["principles/index.md"].startswith(
        f"---\ntitle: {json.dumps(cy['the_five_principles'])}\n---\n# {cy['the_five_principles']}\n")
    study = welsh_pages["case-studies/cs-01.md"]
    assert f"\n## {cy['what_went_well']}\n" in study and f"| {cy['care_setting']} |" in study
    assert f"\n## {cy['by_principle']}\n" in welsh_pages["case-studies/index.md"]
    downloads = welsh_pages["downloads.md"]
    assert f"# {cy['downloads']}\n" in downloads and f">{cy['downloads_offline_button']}</button>" in downloads
    assert "`P1.Q1.answer`" in downloads and "`P1.Q1.notes`" in downloads  # the code stays code
    statement = welsh_pages[accessibility.PAGE]
    assert f"\n## {cy['a11y_how_tested']} {{ #how-we-tested-this-site }}\n" in statement  # the links still land
    assert f"\n## {cy['a11y_how_accessible']} {{ #how-accessible-this-site-is }}\n" in statement
    assert "(`make test`)" in statement and cy["a11y_standard"] in statement
    changed = welsh_pages["what-changed.md"]
    if edition == "2026-01":
        assert "(16 Ionawr 2025)" in changed and f"\n## {cy['change_added']} (" in changed
        assert f"\n### {cy['change_kind_question']} P1.Q10 " in changed
    footer = render("website", "copyright.html.j2", framework=welsh_project.framework)
    assert cy["copyright_next_review"].split("{")[0] in footer
    assert re.search(r"\d+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) "
                     r"\d{4}\.$", footer.strip())


def test_no_welsh_page_keeps_an_english_heading_of_the_interface(welsh_pages):
    welsh = welsh_site()
    english = {text for key, text in english_site().items() if text != welsh[key]}
    for uri, page in welsh_pages.items():
        left = [heading for heading in headings(page) if heading in english]
        assert not left, (uri, left)
        assert not re.search(r"\b(January|February|March|April|June|July|August|September|October|November|"
                             r"December) 20\d\d\b", page), uri


def test_the_theme_s_colour_scheme_toggle_is_named_in_the_page_s_language(welsh_project, tmp_path):
    from fairframe.website.stage import engine_config

    def names(project) -> list[str]:
        return [palette["toggle"]["name"] for palette in engine_config(project, tmp_path)["theme"]["palette"]]

    welsh = welsh_site()
    assert names(welsh_project) == [welsh["palette_to_dark"], welsh["palette_to_light"]]
    assert names(load_project(ROOT)) == ["Switch to dark mode", "Switch to light mode"]  # as mkdocs.yml says
    assert "Switch" not in " ".join(names(welsh_project))
    toc = next(extension["toc"] for extension in engine_config(welsh_project, tmp_path)["markdown_extensions"]
               if isinstance(extension, dict) and "toc" in extension)
    assert toc["permalink_title"] == welsh["permalink_title"] != "Link to this section"


# ---- the hand-written pages in Welsh ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["index.md", "how-to-use.md", "about.md"])
def test_each_welsh_page_translates_its_english_page_and_says_it_is_a_draft(name):
    english = (ROOT / "docs" / name).read_text(encoding="utf-8")
    welsh = (WELSH_DOCS / name).read_text(encoding="utf-8")
    comment = re.match(r"\{#-?(.*?)-?#\}\n", welsh, re.S)
    assert comment and f"docs/{name}" in comment.group(1) and "DRAFT translation" in comment.group(1)
    body = welsh[comment.end():]

    def front_keys(text: str) -> list[str]:
        return list(yaml.safe_load(re.match(r"---\n(.*?)\n---\n", text, re.S).group(1)))

    assert front_keys(body) == front_keys(english)

    def expressions(text: str) -> list[str]:
        return [" ".join(e.split()) for e in re.findall(r"\{\{.*?\}\}|\{%-?.*?-?%\}", text, re.S)]

    assert expressions(body) == expressions(english), "the same Jinja, in the same order"


def test_the_welsh_pages_render_with_the_welsh_framework(welsh_project):
    pages = hand_written_pages(welsh_project, WELSH_DOCS)
    framework = welsh_project.framework
    cy = welsh_site()
    for name in ("index.md", "how-to-use.md", "about.md"):
        page = pages[name]
        assert page.startswith("---\ntitle: "), name  # the comment leaves nothing before the front matter
        assert "{#" not in page and "{{" not in page, name
    index = pages["index.md"]
    assert "# Fframwaith tegwch a chymesuredd" in index
    assert all(f"[{principle.title}]" in index for principle in framework.principles)
    how_to = pages["how-to-use.md"]
    assert f"## {cy['policies_heading']} {{ #policies }}" in how_to  # the guidance, rendered in Welsh
    assert all(section.title in how_to for section in framework.guidance)
    about = pages["about.md"]
    assert "# Ynglŷn â'r argraffiad hwn" in about and f"| Argraffiad | {framework.edition.id} |" in about
    assert ("| Statws | Drafft: heb ei gyhoeddi |" in about) == framework.edition.draft
    english = hand_written_pages(load_project(ROOT, EDITIONS[framework.edition.id]))
    assert english["index.md"].startswith("---\ntitle: Home\n")  # without the folder, docs/ as before


# ---- the theme's notices -----------------------------------------------------------------------------------
SERVICE_WORKER = """
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "cache-form") event.ports[0].postMessage({ ready: false, error: "E-42" });
});
"""


def offline_page(texts: dict | None) -> str:
    carried = (f'<script type="application/json" id="ff-offline-text">{json.dumps(texts)}</script>'
               if texts is not None else "")
    return (f'<!doctype html><html lang="cy"><head><meta charset="utf-8"><title>t</title>{carried}</head><body>'
            '<button type="button" data-offline-form>Go</button><p data-offline-status role="status" hidden></p>'
            '<script src="assets/javascripts/offline.js"></script></body></html>')


@pytest.mark.parametrize("language", ["cy", "en"])
def test_the_offline_notices_come_in_the_pages_language(browser, tmp_path, language):
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "assets" / "javascripts" / "offline.js", site / "assets" / "javascripts")
    (site / "sw.js").write_text(SERVICE_WORKER, encoding="utf-8")
    cy = welsh_site()
    texts = {key: cy[key] for key in cy if key.startswith("offline_")} if language == "cy" else None
    (site / "index.html").write_text(offline_page(texts), encoding="utf-8")
    expected = welsh_site() if language == "cy" else english_site()
    with serving(site) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url + "/index.html")
            page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
            page.get_by_role("button").click()
            status = page.locator("[data-offline-status][data-state=error]")
            status.wait_for(timeout=20_000)
            assert status.inner_text() == expected["offline_failed"].replace("{error}", "E-42")
        finally:
            context.close()
