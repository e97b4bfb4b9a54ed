"""An organisation's overlay: its own site, Word file, learning pack and form; forbidden changes refused."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pdfplumber
import pytest
from playwright.sync_api import expect

import images
from conftest import ROOT, serving
from fairframe import cli
from fairframe.build import build_site
from formpage import css_id, new_context, open_case_form, show_view, word_controls

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
    "a policy for an unknown nation": (
        "policies:\n  - id: ours\n    title: Ours\n    summary: s\n    nations: [scotland]\n",
        "unknown nation 'scotland': expected one of england"),
    "a policy for an unknown profession": (
        "policies:\n  - id: ours\n    title: Ours\n    summary: s\n    professions: [nurse]\n",
        "unknown profession 'nurse'"),
    "an organisation in an unknown nation": ("  nation: scotland\n", "unknown nation 'scotland'"),
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


def test_the_accessibility_statement_gives_the_organisations_own_contact(local_site):
    statement = (local_site / "accessibility" / "index.html").read_text()
    assert f"Accessibility statement for Fairness and proportionality framework: {NAME}" in statement
    assert "Digital communications team" in statement
    assert 'href="mailto:accessibility@northbrook.example"' in statement
    assert "does not name a contact" not in statement and "NHS Resolution or NHS England" not in statement


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


WELSH = {"P1.L1": "A yw'r ymarferydd wedi cael manylion hyb llesiant yr ymddiriedolaeth",
         "name": "Ymddiriedolaeth Iechyd Cymunedol Northbrook (enghraifft ffuglennol)",
         "contact": "Gwarcheidwad Rhyddid i Siarad"}


def test_the_welsh_site_and_downloads_carry_the_overlays_own_welsh(local_site):
    import html
    import json

    import docx
    welsh = local_site / "cy"
    welfare = html.unescape((welsh / "principles" / "welfare-and-support" / "index.html").read_text())
    assert WELSH["P1.L1"] in welfare and WELSH["name"] in welfare
    assert "Has the practitioner been given the details of the trust" not in welfare
    guide = html.unescape((welsh / "how-to-use" / "index.html").read_text())
    assert WELSH["contact"] in guide and "Freedom to Speak Up guardian" not in guide
    document = docx.Document(str(next((welsh / "downloads").glob("*.docx"))))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert WELSH["P1.L1"] in text and WELSH["name"] in text and WELSH["contact"] in text
    form_data = json.loads((welsh / "assets" / "form" / "framework.json").read_text())
    shown = json.dumps(form_data, ensure_ascii=False)
    assert WELSH["P1.L1"] in shown and "Has the practitioner been given the details" not in shown
    with pdfplumber.open(next((welsh / "downloads").glob("*.pdf"))) as pdf:
        assert "Ymddiriedolaeth Iechyd Cymunedol Northbrook" in (pdf.pages[0].extract_text() or "")


WELSH_PROBLEMS = {
    "a language the site does not publish": ("  - language: fr\n    texts:\n      organisation.name: Fiducie\n",
                                             "no language 'fr': use one of cy"),
    "the edition's own text": ("  - language: cy\n    texts:\n      P1.Q1.text: Testun?\n",
                               "P1.Q1.text is the edition's own text"),
    "a text the overlay does not have": ("  - language: cy\n    texts:\n      P2.L7.text: Testun?\n",
                                         "this overlay has no text 'P2.L7.text'"),
    "a changed number": ("  - language: cy\n    texts:\n      P1.L1.text: Ymhen 6 diwrnod?\n",
                         "must keep the links, ids and numbers of the English: it lost 5 and added 6"),
    "an empty text": ("  - language: cy\n    texts:\n      organisation.name: ''\n", "expected text, got an empty"),
    "a language twice": ("  - language: cy\n    texts: {}\n  - language: cy\n    texts: {}\n",
                         "'cy' is translated twice"),
}


@pytest.mark.parametrize("case", sorted(WELSH_PROBLEMS))
def test_an_overlays_welsh_text_is_checked_with_located_errors(case, tmp_path, capsys):
    extra, message = WELSH_PROBLEMS[case]
    overlay = tmp_path / "local.yaml"
    overlay.write_text(BASE + "questions:\n  - principle: P1\n    id: P1.L1\n    text: Logged within 5 days?\n"
                              "    why: w\n    if_not: i\ntranslations:\n" + extra)
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(overlay)]) == 1
    err = capsys.readouterr().err
    assert message in err and "local.yaml:" in err, err


def test_an_overlay_without_its_welsh_fails_a_build_that_requires_complete_welsh(tmp_path, capsys):
    overlay = tmp_path / "local.yaml"
    overlay.write_text(BASE)
    site = tmp_path / "site"
    assert cli.main(["--root", str(ROOT), "translations", "status", "--lang", "cy", "--overlay", str(overlay)]) == 0
    counts = capsys.readouterr().out.splitlines()[-1].split()  # cy Welsh translated, needs review, missing, ...
    assert counts[:2] == ["cy", "Welsh"] and int(counts[4]) == 1  # organisation.name is missing
    assert cli.main(["--root", str(ROOT), "build", "--overlay", str(overlay), "--site-dir", str(site),
                     "--require-complete", "cy"]) == 1
    err = capsys.readouterr().err
    assert "organisation.name" in err and not site.exists()


def test_the_organisations_form_has_its_local_questions_and_contacts(browser, local_site):
    with serving(local_site) as url:
        _local_questions_and_contacts(browser, url)


def _local_questions_and_contacts(browser, url):
    context = new_context(browser)
    try:
        page = open_case_form(context, url)
        show_view(page, "P1")
        expect(page.locator("#local-support")).to_contain_text("Freedom to Speak Up guardian")
        page.check(css_id("P1.L1-no"))
        expect(page.locator("#ff-follow-ups")).to_contain_text("P1.L1")
        options = page.locator("#case-policy option").all_inner_texts()
        assert any("Northbrook policy" in option for option in options)
        # A new case starts with the organisation and its nation; local policies only where they apply.
        show_view(page, "case")
        expect(page.locator("#case-organisation")).to_have_value(NAME)
        expect(page.locator("#case-nation")).to_have_value("England")
        page.select_option("#case-profession", "Pharmacist")
        offered = page.locator("#case-policy option:not([hidden])").all_inner_texts()
        assert any("employed pharmacists" in option for option in offered)
        assert not any("doctors and dentists" in option for option in offered)
        page.select_option("#case-profession", "Doctor")
        offered = page.locator("#case-policy option:not([hidden])").all_inner_texts()
        assert any("doctors and dentists" in option for option in offered)
        assert not any("employed pharmacists" in option for option in offered)
    finally:
        context.close()


def test_the_overlay_is_checked_by_validate(capsys):
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(EXAMPLE)]) == 0
    assert "46 questions" in capsys.readouterr().out


# The logo: a PNG or JPEG inside the overlay's folder, at most 1 MB and 2000 x 2000 pixels, checked
# fully by validate (see tools/fairframe/logo.py); the images are written by tests/images.py.

def _overlay_with_logo(folder, logo_reference: str):
    folder.mkdir(parents=True, exist_ok=True)
    overlay = folder / "local.yaml"
    overlay.write_text(f"{BASE}  logo: {logo_reference}\n")
    return overlay


VALID_LOGOS = {
    "an RGB PNG": (lambda: images.png(240, 80), "png", (240, 80)),
    "an interlaced 16-bit PNG with alpha": (lambda: images.png(33, 17, colour=6, depth=16, interlace=1), "png",
                                            (33, 17)),
    "a palette PNG": (lambda: images.png(20, 20, colour=3, depth=4), "png", (20, 20)),
    "a grey JPEG": (lambda: images.jpeg(120, 40), "jpeg", (120, 40)),
    "the largest allowed": (lambda: images.jpeg(2000, 2000), "jpeg", (2000, 2000)),
}


@pytest.mark.parametrize("case", sorted(VALID_LOGOS))
def test_a_valid_logo_is_accepted_and_placed_in_the_word_file(case, tmp_path, framework):
    import io

    import docx
    from PIL import Image

    from fairframe.overlay import apply_overlay, load_overlay
    from fairframe.word import render_docx

    make, kind, size = VALID_LOGOS[case]
    content = make()
    assert Image.open(io.BytesIO(content)).size == size  # a real image, as another decoder reads it
    overlay = _overlay_with_logo(tmp_path, "logo.img")
    (tmp_path / "logo.img").write_bytes(content)
    loaded = load_overlay(overlay, framework)
    assert (loaded.logo, loaded.logo_type) == (content, kind)
    document = docx.Document(io.BytesIO(render_docx(apply_overlay(framework, loaded), loaded.logo)))
    shape = document.inline_shapes[0]
    assert abs(shape.width / shape.height - size[0] / size[1]) < 0.01


def _png_cut_short():
    data = zlib.compress(images.png_rows(100, 100))
    return images.png(100, 100, data=data[: len(data) // 2])


def _png_bad_checksum():
    content = bytearray(images.png(50, 50))
    content[content.index(b"IDAT") + 6] ^= 0xFF
    return bytes(content)


BAD_LOGOS = {
    "only the PNG magic bytes": (lambda: b"\x89PNG\r\n\x1a\n", "the PNG logo is cut short"),
    "only the JPEG magic bytes": (lambda: b"\xff\xd8\xff", "the JPEG logo is cut short"),
    "a PNG whose image data is cut short": (_png_cut_short, "the PNG logo's image data is cut short"),
    "a PNG with a damaged chunk": (_png_bad_checksum, "its IDAT chunk fails its checksum"),
    "a PNG with a palette but none given": (
        lambda: images.png(8, 8, colour=3).replace(images.chunk(b"PLTE", bytes(range(48))), b""),
        "uses a palette but has none"),
    "a JPEG cut short": (lambda: images.jpeg(64, 64)[:-2], "the JPEG logo is cut short"),
    "a JPEG without a JFIF header": (lambda: images.jpeg(64, 64).replace(b"JFIF", b"XXXX"),
                                     "the Word file's writer (python-docx) cannot read"),
    "a PNG of zero dots per inch": (
        lambda: images.png(10, 10, extra=images.chunk(b"pHYs", struct.pack(">IIB", 1, 1, 1))),
        "the Word file's writer (python-docx) cannot read"),
    "a PNG too wide": (lambda: images.png(2001, 1), "the logo is 2001 × 1 pixels: at most 2000 × 2000"),
    "a JPEG too tall": (lambda: images.jpeg(16, 3000), "the logo is 16 × 3000 pixels: at most 2000 × 2000"),
    "a GIF": (lambda: b"GIF89a" + bytes(100), "is not a PNG or JPEG image"),
}


@pytest.mark.parametrize("case", sorted(BAD_LOGOS))
def test_a_bad_logo_is_refused_by_validate(case, tmp_path, capsys):
    make, message = BAD_LOGOS[case]
    overlay = _overlay_with_logo(tmp_path, "logo.png")
    (tmp_path / "logo.png").write_bytes(make())
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(overlay)]) == 1
    err = capsys.readouterr().err
    assert "local.yaml:3:" in err and "organisation.logo: " in err and message in err, err


def test_a_logo_outside_the_overlays_folder_is_refused(tmp_path, capsys):
    outside = tmp_path / "outside.png"
    outside.write_bytes(images.png(10, 10))
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "inside.png").write_bytes(images.png(10, 10))
    (folder / "link.png").symlink_to(outside)
    (folder / "sub").symlink_to(tmp_path)
    cases = {
        str(outside): "is an absolute path: give a path relative to the overlay's folder",
        str(folder / "inside.png"): "is an absolute path",
        "../outside.png": "leaves the overlay's folder ('..')",
        "./x/../../outside.png": "leaves the overlay's folder ('..')",
        "link.png": "is a link to a file outside the overlay's folder",
        "sub/outside.png": "is a link to a file outside the overlay's folder",
        "x" * 300 + ".png": "cannot be read (File name too long)",
    }
    for reference, message in cases.items():
        overlay = _overlay_with_logo(folder, reference)
        assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(overlay)]) == 1, reference
        err = capsys.readouterr().err
        assert "local.yaml:3:" in err and message in err, err
    overlay = _overlay_with_logo(folder, "./inside.png")
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(overlay)]) == 0


def _bytes_read() -> int:
    return int(next(line for line in Path("/proc/self/io").read_text().splitlines()
                    if line.startswith("rchar:")).split()[1])


def test_a_20_mb_logo_is_refused_from_its_size_without_being_read(tmp_path, capsys):
    logo = tmp_path / "logo.png"
    with logo.open("wb") as file:
        file.write(images.png(100, 100))
        file.truncate(20 * 1024 * 1024)  # sparse: cheap to make, 20 MB to read
    overlay = _overlay_with_logo(tmp_path, "logo.png")
    before = _bytes_read()
    assert cli.main(["--root", str(ROOT), "validate", "--overlay", str(overlay)]) == 1
    read = _bytes_read() - before
    assert read < 1024 * 1024  # the source files, and not even the 1 MB allowed
    err = capsys.readouterr().err
    assert "local.yaml:3:" in err and "the logo is larger than 1 MB (1,048,576 bytes)" in err
    assert "(it is 20,971,520 bytes)" in err


def _overlay_framework(tmp_path, framework, text: str):
    from fairframe.overlay import apply_overlay, load_overlay
    path = tmp_path / "local.yaml"
    path.write_text(text)
    return apply_overlay(framework, load_overlay(path, framework))


def test_a_local_policy_is_offered_only_where_it_applies(tmp_path, framework):
    own = _overlay_framework(tmp_path, framework, BASE + (
        "policies:\n"
        "  - {id: doctors, title: Our doctors policy, summary: s, professions: [doctor, dentist], nations: [wales]}\n"
        "  - {id: everyone, title: Our general policy, summary: s}\n"))
    policies = {p.id: p for p in own.policies if p.local}
    assert policies["doctors"].applies_to("wales", "secondary", "doctor")
    assert not policies["doctors"].applies_to("wales", "secondary", "pharmacist")
    assert not policies["doctors"].applies_to("england", "secondary", "doctor")
    for nation in framework.scope.nations:  # no list: every nation, setting and profession
        for profession in framework.scope.professions:
            assert policies["everyone"].applies_to(nation.id, framework.scope.settings[0].id, profession.id)


def test_an_organisation_outside_england_is_told_the_being_fair_tool_is_for_england(tmp_path, framework):
    from fairframe.website.form import case_defaults
    from fairframe.templating import render
    own = _overlay_framework(tmp_path, framework, BASE + "  nation: wales\n")
    assert case_defaults(own) == {"organisation": "Test Trust", "nation": "Wales"}
    guide = render("website", "guidance.md.j2", framework=own)
    assert "**In Wales:** the Being fair tool is NHS England's" in guide
    assert "Test Trust's own policy" in guide
    english = render("website", "guidance.md.j2", framework=framework)
    assert "the Being fair tool is NHS England's,\nfor England. Follow" not in english
