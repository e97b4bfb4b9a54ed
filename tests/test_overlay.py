"""An organisation's overlay: its own site, Word file, learning pack and form; forbidden changes refused."""
from __future__ import annotations


import pdfplumber
import pytest
from playwright.sync_api import expect

from conftest import ROOT
from fairframe import cli
from fairframe.build import build_site
from formpage import css_id, new_context, open_form, word_controls

EXAMPLE = ROOT / "examples" / "overlay" / "local.yaml"
NAME = "Northbrook Community Health Trust (a fictional example)"
BASE = "organisation:\n  name: Test Trust\n"

FORBIDDEN = {
    "remove a principle": ("principles:\n  - id: P1\n  - id: P2\n", "the five principles are fixed"),
    "rename a principle": ("principles:\n  - id: P1\n    title: Wellbeing\n", "cannot remove, rename or reorder them"),
    "reorder the principles": ("order: [P2, P1, P3, P4, P5]\n", "cannot be reordered"),
    "remove a national question": ("remove: [P1.Q1]\n", "national questions cannot be removed"),
    "rename a national question": ("rename:\n  P1.Q1: Was the practitioner told?\n", "cannot be renamed"),
    "replace a national question": (
        "questions:\n  - principle: P2\n    id: P2.Q3\n    text: Different?\n    why: w\n    if_not: i\n",
        "P2.Q3 is a national question: an overlay cannot replace or change it"),
    "add a sixth principle": (
        "questions:\n  - principle: P6\n    id: P6.L1\n    text: New?\n    why: w\n    if_not: i\n",
        "unknown principle 'P6'"),
    "a local question not marked local": (
        "questions:\n  - principle: P2\n    id: P2.Q10\n    text: New?\n    why: w\n    if_not: i\n",
        "expected a local question id marked with L, like P2.L1"),
    "change the considerations": ("considerations:\n  - id: P1.C1\n    text: Other\n", "cannot change them"),
    "change the answers": ("answer_scale: [Yes, No]\n", "the answers are fixed"),
    "change the edition": ("edition:\n  id: 2030-01\n", "an overlay cannot change it"),
    "reuse a national policy id": (
        "policies:\n  - id: mhps\n    title: Our MHPS\n    summary: s\n", "'mhps' is a national policy"),
    "an unknown key": ("colour: blue\n", "unknown key 'colour'"),
    "a contact of an unknown kind": (
        "contacts:\n  - kind: chaplain\n    name: Chaplaincy\n    details: d\n", "expected one of occupational-health"),
    "a missing logo": ("", "the logo file 'missing.png' was not found"),
}


@pytest.mark.parametrize("case", sorted(FORBIDDEN))
def test_a_forbidden_change_in_an_overlay_is_refused_with_a_clear_error(case, tmp_path, capsys):
    extra, message = FORBIDDEN[case]
    base = BASE + ("  logo: missing.png\n" if case == "a missing logo" else "")
    overlay = tmp_path / "local.yaml"
    overlay.write_text(base + extra)
    site = tmp_path / "site"
    assert cli.main(["--root", str(ROOT), "build", "--overlay", str(overlay), "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err
    assert "The source has" in err and message in err, err
    assert "local.yaml:" in err  # names the file and the line
    assert not site.exists()


@pytest.fixture(scope="module")
def local_site(tmp_path_factory):
    return build_site(ROOT, tmp_path_factory.mktemp("local") / "site", overlay=EXAMPLE)


def test_the_example_overlay_builds_the_organisations_own_site(local_site, framework):
    home = (local_site / "index.html").read_text()
    assert NAME in home and "assets/organisation/logo.png" in home
    welfare = (local_site / "principles" / "welfare-and-support" / "index.html").read_text()
    assert 'id="P1.L1"' in welfare and "A local question added by" in welfare
    for question in framework.principle("P1").questions:
        assert f'id="{question.id}"' in welfare  # every national question is still there
    guide = (local_site / "how-to-use" / "index.html").read_text()
    assert "Freedom to Speak Up guardian" in guide and "Northbrook policy on managing concerns" in guide


def test_the_organisations_word_file_and_learning_pack(local_site, tmp_path):
    docx_file = next((local_site / "downloads").glob("*.docx"))
    shown = word_controls(docx_file)
    assert "P1.L1.answer" in shown and "P4.L1.notes" in shown and "P1.Q1.answer" in shown
    import docx
    document = docx.Document(str(docx_file))
    text = "\n".join(p.text for p in document.paragraphs)
    assert NAME in text and "Occupational health service" in text
    assert document.inline_shapes and len(document.inline_shapes) == 1
    pdf_file = next((local_site / "downloads").glob("*.pdf"))
    with pdfplumber.open(pdf_file) as pdf:
        assert NAME in (pdf.pages[0].extract_text() or "")
        assert pdf.pages[0].images


def test_the_organisations_form_has_its_local_questions_and_contacts(browser, local_site):
    import functools
    import http.server
    import threading
    from conftest import _QuietHandler
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(local_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = new_context(browser)
        page = open_form(context, f"http://127.0.0.1:{server.server_address[1]}")
        expect(page.locator("#local-support")).to_contain_text("Freedom to Speak Up guardian")
        page.check(css_id("P1.L1-no"))
        expect(page.locator("#ff-follow-ups")).to_contain_text("P1.L1")
        options = page.locator("#case-policy option").all_inner_texts()
        assert any("Northbrook policy" in option for option in options)
        context.close()
    finally:
        server.shutdown()


def test_the_overlay_is_checked_by_validate(capsys):
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(EXAMPLE)]) == 0
    assert "46 questions" in capsys.readouterr().out
