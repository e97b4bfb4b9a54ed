"""Text stays text, and nothing is fetched at build time.

Two layers, each tested on its own:
- `validate` refuses markup, unsafe links and control characters in every text field, overlays
  included, with a located error (the broken-source corpus, 70-79, covers the source files);
- the renderers show whatever a model carries as text: a model built from the real one with
  dataclasses.replace (so it skips validation) and the payloads in its text fields gives pages,
  a site, a .docx and a PDF with none of them live, and no request to a listener on 127.0.0.1.
"""
from __future__ import annotations

import dataclasses
import html.parser
import io
import json
import re
import socket
import threading
import zipfile

import markdown
import pikepdf
import pytest
import yaml

from conftest import ROOT, copy_project
from fairframe import cli
from fairframe.core import source_text
from fairframe.core.model import AccessibilityContact, Contact, Organisation
from fairframe.core.text_keys import text_entries
from fairframe.pack import html_to_pdf, pack_html, render_pack
from fairframe.pack.fetcher import ResourceRefused
from fairframe.templating import environment
from fairframe.website.pages import docx_uri, generated_pages, pack_uri
from fairframe.word import render_docx


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


def payloads(port: int) -> list[str]:
    return [
        "<script>alert('script')</script>",
        "<img src=x onerror=alert('onerror')>",
        f'<img src="http://127.0.0.1:{port}/img.png"><link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">',
        '<a rel="attachment" href="file:///etc/hostname">attached</a>',
        '<link rel="attachment" href="file:///etc/passwd">',
        "[click me](javascript:alert('link'))",
        f"![picture](http://127.0.0.1:{port}/md.png)",
        "*emphasis*{: onclick=\"alert('attr')\" .injected-class }",
        "{ #injected-id onmouseover=alert('attr2') }",
        '"><svg onload=alert(\'quote\')>',
        "[ref]: javascript:alert('ref')",
        "\x1b[31mred\x1b[0m \u202eevil",
    ]


def carrying(framework, port: int):
    """The real model with every payload in its text fields (validation bypassed on purpose)."""
    bad = " ".join(payloads(port))
    line = "Line one\n\n" + "\n\n".join(payloads(port))
    principles = list(framework.principles)
    first = principles[0]
    question = dataclasses.replace(first.questions[0], text=bad, why=line, if_not=bad)
    consideration = dataclasses.replace(first.considerations[0], text=bad)
    principles[0] = dataclasses.replace(first, purpose=line, questions=(question, *first.questions[1:]),
                                        considerations=(consideration, *first.considerations[1:]))
    studies = list(framework.case_studies)
    study = studies[0]
    stage = dataclasses.replace(study.stages[0], title=bad, what_happened=line)
    studies[0] = dataclasses.replace(study, title=f'{bad}"\ntemplate: main.html\nx: "', summary=line,
                                     stages=(stage, *study.stages[1:]), went_well=(bad,), discussion=(bad,),
                                     practitioner=dataclasses.replace(study.practitioner, role=bad))
    guidance = (dataclasses.replace(framework.guidance[0], title=bad, body=line), *framework.guidance[1:])
    policies = (dataclasses.replace(framework.policies[0], title=bad, summary=line), *framework.policies[1:])
    session = dataclasses.replace(framework.session, introduction=line)
    contacts = (Contact("other", bad, f"[call us](javascript:alert('contact')) {bad}"),)
    return dataclasses.replace(
        framework, principles=tuple(principles), case_studies=tuple(studies), guidance=guidance,
        policies=policies, session=session,
        organisation=Organisation(bad, contacts, accessibility_contact=AccessibilityContact(bad, line)),
        edition=dataclasses.replace(framework.edition, status=line, publisher=bad))


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.data_islands: list[str] = []
        self._in_script = False
        self._in_island = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        # A JSON data island (the form's configuration) is never run; its text is checked as data:
        # it must parse as JSON, which a payload that broke out of it would not.
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/json"
        if tag == "script" and dict(attrs).get("type") == "application/json":
            self.data_islands.append("")
            self._in_island = True

    def handle_endtag(self, tag):
        self._in_script = self._in_island = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        elif self._in_island:
            self.data_islands[-1] += data


URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "style", "xlink:href"}


def live_markup(page: str) -> list[str]:
    """Everything in `page` (HTML) that a payload could have made live."""
    parser = _Elements()
    parser.feed(page)
    found = [f"script {s[:40]!r}" for s in parser.scripts if "alert(" in s]
    for island in parser.data_islands:
        try:
            json.loads(island)
        except ValueError:
            found.append(f"a JSON data island that is not JSON: {island[:40]!r}")
    for tag, attrs in parser.elements:
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in ("href", "src") and re.match(r"\s*(javascript|data|file|vbscript):", value, re.I):
                found.append(f"<{tag} {name}={value[:40]!r}>")
            if name in URL_ATTRIBUTES and "127.0.0.1" in value:
                found.append(f"<{tag} {name}={value[:40]!r}>")
            if name in ("id", "class", "rel") and {"injected-id", "injected-class", "attachment"} & set(value.split()):
                found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag == "svg" and "onload" in attrs:
            found.append("<svg onload>")
    return found


@pytest.fixture(scope="module")
def bad_framework(framework, listener):
    return carrying(framework, listener.port)


# -- validation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", payloads(8799))
def test_the_text_policy_refuses_every_payload(payload):
    assert source_text.problems(payload), payload


@pytest.mark.parametrize("text", [
    "Plain text, with a < b & c > d and 3 > 2.",
    "Paragraph one.\n\n- a list item\n- *emphasis* and **strong**",
    "See [the guidance](../how-to-use.md#answers), [NHS](https://www.nhs.uk/) or [us](mailto:x@example.org).",
])
def test_the_text_policy_allows_the_markdown_subset(text):
    assert source_text.problems(text) == []


def test_the_quick_test_for_a_suspect_character_misses_nothing(framework):
    """`problems` skips the checks for a text with none of the characters they look for: on random
    texts made of those characters, the payloads and every text of the real source it answers as
    every check would, so a check added without its character fails here."""
    import random
    parts = [*"<>&#;{}[]()!:/\\\"'` \n\t", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u202e",
             "\u2066", "\ud800", "\ufffe", "a", "Z", "9", "x", "javascript", "data", "file", "https", "mailto",
             "tel", "//", "amp", "#x6a", "](", "- "]
    rng = random.Random(14)
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 12))) for _ in range(20_000)]
    texts += payloads(8799) + list(text_entries(framework).values())
    flagged = 0
    for text in texts:
        for placeholders in (False, True):
            expected = source_text.every_problem(text, placeholders)
            assert source_text.problems(text, placeholders) == expected, (text, placeholders)
            flagged += bool(expected)
    assert flagged > 10_000  # the random texts reach the checks, and most break one


OVERLAY_CASES = {
    "organisation name with a script": (
        "organisation:\n  name: \"Trust <script>alert(1)</script>\"\n", 2, "organisation.name",
        "raw HTML is not allowed"),
    "organisation name with an attachment link": (
        "organisation:\n  name: 'Trust <a rel=\"attachment\" href=\"file:///etc/hostname\">x</a>'\n", 2,
        "organisation.name", "raw HTML is not allowed"),
    "contact with a javascript link": (
        "organisation:\n  name: Test Trust\ncontacts:\n  - kind: other\n    name: Helpline\n"
        "    details: \"[Call us](javascript:alert(1))\"\n", 6, "contacts[0].details",
        "link target 'javascript:alert(1)' is not allowed"),
    "contact that is a javascript address": (
        "organisation:\n  name: Test Trust\ncontacts:\n  - kind: other\n    name: Helpline\n"
        "    details: javascript:alert(1)\n", 6, "contacts[0].details", "the address 'javascript:alert(1)'"),
    "local question with an attribute list": (
        "organisation:\n  name: Test Trust\nquestions:\n  - principle: P1\n    id: P1.L1\n"
        "    text: \"Was it done? { #x onclick=alert(1) }\"\n    why: w\n    if_not: i\n", 6,
        "questions[0].text", "curly braces are not allowed"),
    "accessibility contact with a javascript link": (
        "organisation:\n  name: Test Trust\n  accessibility_contact:\n    name: Web team\n"
        "    details: \"[Tell us](javascript:alert(1))\"\n", 5, "organisation.accessibility_contact.details",
        "link target 'javascript:alert(1)' is not allowed"),
    "local policy with a control character": (
        "organisation:\n  name: Test Trust\npolicies:\n  - id: local-one\n    title: \"Local \\e[2J policy\"\n"
        "    summary: s\n", 5, "policies[0].title", "control character U+001B"),
}


@pytest.mark.parametrize("case", sorted(OVERLAY_CASES))
def test_an_overlay_with_markup_is_refused_with_a_located_error(case, tmp_path, capsys):
    text, line, path, message = OVERLAY_CASES[case]
    overlay = tmp_path / "local.yaml"
    overlay.write_text(text)
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(overlay)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^local\.yaml:{line}:\d+: {re.escape(path)}: .*{re.escape(message)}", err, re.M), err
    assert "text fields hold plain text" in err  # says what is allowed


def test_validate_prints_no_control_characters(tmp_path, capsys):
    project = copy_project(tmp_path)
    principles = project / "framework" / "principles.yaml"
    text = principles.read_text()
    hostile = "        text: \"Compassionate \\e]52;c;SGVsbG8=\\a \\u202e communication\"\n"  # OSC 52, bidi
    principles.write_text(text.replace("        text: Compassionate communication\n", hostile, 1))
    assert cli.main(["--root", str(project), "validate"]) == 1
    err = capsys.readouterr().err
    assert "control character U+001B" in err
    assert not source_text.CONTROL.search(err), repr(err)


# -- the renderers, given a model that carries markup ---------------------------------------------

def site_markdown() -> markdown.Markdown:
    """A Markdown converter with the site's own extensions and settings, from mkdocs.yml."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    extensions, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        extensions.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=extensions, extension_configs=settings)


def test_generated_pages_show_the_payloads_as_text(bad_framework):
    downloads = {docx_uri(bad_framework): b"0" * 2048, pack_uri(bad_framework): b"0" * 2048}
    pages = generated_pages(bad_framework, downloads)
    guidance = environment("website").get_template("guidance.md.j2").render(framework=bad_framework)
    converter = site_markdown()
    for uri, page in {**pages, "how-to-use.md (guidance)": guidance}.items():
        front, _, body = page.partition("\n---\n") if page.startswith("---\n") else ("", "", page)
        if front:
            meta = yaml.safe_load(front[4:])
            assert set(meta) <= {"title"}, (uri, meta)
            assert meta.get("template") in (None, "form.html"), uri
        converted = converter.reset().convert(body)
        assert live_markup(converted) == [], uri
        assert not re.search(r"<(script|img|svg|link)\b", converted), uri
    principle = site_markdown().convert(pages["principles/welfare-and-support.md"].split("\n---\n", 1)[1])
    assert "&lt;script&gt;alert" in principle  # shown, as text
    assert 'href="javascript' not in principle and "injected" not in re.sub(r">[^<]*<", "><", principle)


def test_the_learning_pack_embeds_nothing_and_fetches_nothing(payload_site, bad_framework):
    """The pack the payload site's build rendered (in its render process, while payload_site checked
    that nothing reached the listener) from the payload model."""
    site, _ = payload_site
    with pikepdf.open(site / pack_uri(bad_framework)) as document:
        assert "/EmbeddedFiles" not in document.Root.get("/Names", {})
        assert len(document.pages) > 10
        for page in document.pages:
            for annotation in page.get("/Annots", []):
                assert annotation.get("/Subtype") != "/FileAttachment"
    assert "&lt;script&gt;" in pack_html(bad_framework)


@pytest.mark.parametrize("markup", [
    '<p><a rel="attachment" href="file:///etc/hostname">hostname</a></p>',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="http://127.0.0.1:{port}/logo.png">',
    '<style>@import url("http://127.0.0.1:{port}/x.css");</style><p>x</p>',
    '<p style="background: url(https://127.0.0.1:{port}/b.png)">x</p>',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
])
def test_the_pack_fetcher_refuses_anything_but_the_logo(markup, framework, listener):
    before = listener.connections
    with pytest.raises(ResourceRefused, match="may only embed the organisation's logo; refused"):
        html_to_pdf(markup.format(port=listener.port), framework)
    assert listener.connections == before


def test_the_pack_still_embeds_the_validated_logo(framework):
    logo = (ROOT / "examples" / "overlay" / "logo.png").read_bytes()
    pdf = render_pack(dataclasses.replace(framework, organisation=Organisation("Test Trust"),
                                          case_studies=framework.case_studies[:1]), logo)  # a shorter pack
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.pages[0].get_images()


def test_the_word_file_shows_the_payloads_as_text(bad_framework, listener):
    before = listener.connections
    docx = render_docx(bad_framework)
    assert listener.connections == before
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml").decode()
        relationships = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".rels"))
    assert "&lt;script&gt;alert('script')&lt;/script&gt;" in xml
    assert "<script" not in xml and "TargetMode=\"External\"" not in relationships
    assert not source_text.CONTROL.search(re.sub(r"<[^>]+>", "", xml))


def test_every_template_that_builds_html_or_xml_autoescapes(framework):
    from fairframe.project import from_framework
    from fairframe.website.form_page import form_page

    templates = ROOT / "tools" / "fairframe" / "templates"
    built = sorted(p for p in templates.rglob("*.j2") if p.name.endswith((".html.j2", ".xml.j2")))
    assert all(environment(p.parent.name).autoescape(p.name) for p in built)
    marked = dataclasses.replace(framework, organisation=Organisation("<b>Trust</b>"))
    item = {"label": "<b>", "value": "<b>"}
    word = {"ns": "", "tag": "<b>", "alias": "<b>", "id": 1, "placeholder": "<b>", "multiline": False,
            "items": [item], "instruction": "<b>", "shown": "<b>"}
    rendered = {
        "copyright.html.j2": environment("website").get_template("copyright.html.j2").render(framework=marked),
        "pack.html.j2": pack_html(marked),
        "form-page.html.j2": form_page(from_framework(ROOT, marked)),
        **{p.name: environment("word").get_template(p.name).render(**word) for p in built if p.parent.name == "word"},
    }
    assert sorted(rendered) == sorted(p.name for p in built), "a new HTML/XML template: add it here"
    for name, text in rendered.items():
        assert "&lt;b&gt;" in text and "<b>" not in text, name


# -- the whole site, built from a model that carries markup, in Chromium ---------------------------

LEGITIMATE = "Is a < b & c > d, and is 3 > 2, shown as typed?"


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory, bad_framework, listener):
    """The site built by `fairframe build`'s own code from a project holding the payload model
    (and one question holding HTML-like but allowed text), then served on 127.0.0.1."""
    from conftest import serving

    from fairframe.build import build_project
    from fairframe.project import from_framework

    principles = list(bad_framework.principles)
    second = dataclasses.replace(principles[1].questions[0], text=LEGITIMATE)
    principles[1] = dataclasses.replace(principles[1], questions=(second, *principles[1].questions[1:]))
    model = dataclasses.replace(bad_framework, principles=tuple(principles))
    before = listener.connections
    site = build_project(from_framework(ROOT, model), tmp_path_factory.mktemp("payload") / "site")
    assert listener.connections == before, "the build made a request to the listener"
    with serving(site) as url:
        yield site, url


def test_no_payload_is_live_in_any_built_page(payload_site):
    site, _ = payload_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 20
    found = {str(p.relative_to(site)): live_markup(p.read_text()) for p in pages}
    assert {page: items for page, items in found.items() if items} == {}
    hidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
    assert [str(p) for p in pages if hidden.search(p.read_text())] == []
    principle = (site / "principles" / "welfare-and-support" / "index.html").read_text()
    assert "&lt;script&gt;alert(&#39;script&#39;)&lt;/script&gt;" in principle or \
        "&lt;script&gt;alert('script')&lt;/script&gt;" in principle


def test_no_page_of_a_site_built_from_markup_opens_a_dialog_or_reaches_the_listener(browser, payload_site, listener):
    site, url = payload_site
    paths = ["/" + str(p.relative_to(site)).removesuffix("index.html") for p in sorted(site.rglob("index.html"))]
    before = listener.connections
    context = browser.new_context()
    dialogs, requests = [], []
    try:
        for path in paths:
            page = context.new_page()
            page.on("dialog", lambda dialog, path=path: (dialogs.append((path, dialog.message)), dialog.dismiss()))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url + path, wait_until="load")
            for link in page.locator("a[href]").all():
                href = link.get_attribute("href") or ""
                assert not re.match(r"\s*(javascript|data|vbscript|file):", href, re.I), (path, href)
            page.close()
        page = context.new_page()
        page.goto(url + "/principles/understanding-the-issue/", wait_until="load")
        assert LEGITIMATE in page.locator("main").inner_text()
        page.close()
    finally:
        context.close()
    assert dialogs == []
    assert [u for u in requests if f":{listener.port}" in u] == []
    assert listener.connections == before
