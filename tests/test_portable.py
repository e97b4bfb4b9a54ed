"""The form for use without a connection: the zip `fairframe build` writes, unzipped and opened from
file:// in Chromium, fills, saves, opens, refuses a bad record, prints and exports Word with no
request to any server; and the zip is reproducible."""
from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from pdf_text import pages as pdf_pages
from formpage import (READY, answer, clear_device, css_id, export_word, open_record, save, screen_state, start_case,
                      word_controls, write_notes)
from fairframe.reproducible import build_time
from fairframe.website.form import PYODIDE_FILES, STDLIB, pyodide_stdlib
from fairframe.website.portable import (FORM_PAGE_BUILT, PAGE_NAME, PORTABLE_CSP, PortableError, build_portable,
                                        folder_name, module_graph, page_config, portable_page,
                                        portable_uri)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).parent / "bad_records"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text())
# Any script or CSP violation is collected, for the test to show.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture(scope="module")
def portable_zip(built_site, framework) -> bytes:
    return (built_site / portable_uri(framework.edition.id)).read_bytes()


@pytest.fixture(scope="module")
def unzipped(portable_zip, framework, tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared drive")  # a space in the path, as on many shared drives
    with zipfile.ZipFile(io.BytesIO(portable_zip)) as archive:
        archive.extractall(folder)
    return folder / folder_name(framework.edition.id) / PAGE_NAME


def test_the_zip_is_reproducible_and_holds_the_page_its_code_and_the_embedded_files(
        built_site, framework, portable_zip):
    when = build_time(framework.edition.published)
    stdlib = pyodide_stdlib(ROOT)
    uri, first = build_portable(built_site, when, stdlib=stdlib)
    assert uri == portable_uri(framework.edition.id)
    assert build_portable(built_site, when, stdlib=stdlib)[1] == first == portable_zip  # the build's own copy too
    folder = folder_name(framework.edition.id)
    with zipfile.ZipFile(io.BytesIO(portable_zip)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{folder}/{name}" for name in (
            PAGE_NAME, "How to use this copy.txt", "form-files/boot.js", "form-files/embedded.js",
            "form-files/form.css"))
        assert {item.date_time for item in archive.infolist()} == {when.timetuple()[:6]}
        script = archive.read(f"{folder}/form-files/embedded.js").decode("ascii")
        page = archive.read(f"{folder}/{PAGE_NAME}").decode("utf-8")
        readme = archive.read(f"{folder}/How to use this copy.txt").decode("utf-8")
        boot = archive.read(f"{folder}/form-files/boot.js").decode("utf-8")
    assert len(portable_zip) < 12 * 1024 * 1024

    found = re.fullmatch(r"window\.fairframePortable\.files\((\{.*\})\);\n", script, re.S)
    embedded = json.loads(found.group(1))
    config = page_config(page)
    expected = [config["pyodide"] + name for name in PYODIDE_FILES]
    expected += [config["wheel"], config["framework"], config["history"], config["docx"]]
    assert sorted(embedded) == sorted(expected)
    stdlib_name = config["pyodide"] + STDLIB
    for name in expected:  # the same bytes the served form loads
        if name != stdlib_name:
            assert base64.b64decode(embedded[name]) == (built_site / name).read_bytes(), name
    # the standard library: the same compiled modules, deflated inside the zip since no server compresses
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(embedded[stdlib_name]))) as inside, \
            zipfile.ZipFile(built_site / stdlib_name) as served_zip:
        assert inside.namelist() == served_zip.namelist()
        assert {entry.compress_type for entry in inside.infolist()} == {zipfile.ZIP_DEFLATED}
        assert all(inside.read(name) == served_zip.read(name) for name in inside.namelist())

    assert f'content="{PORTABLE_CSP}"' in page
    assert 'type="module"' not in page and 'src="../' not in page and 'href="../' not in page
    assert re.search(r'<script src="form-files/boot\.js"></script>', page) and "<link rel=\"modulepreload\"" not in page
    code = json.loads(re.match(r"window\.fairframePortableCode = (\{.*?\});\n", boot, re.S).group(1))
    served = built_site / "assets/form"
    assert {m["name"]: m["text"] for m in code["modules"]} == {
        m["name"]: (served / m["name"]).read_text() for m in module_graph(served)}
    assert code["worker"] == (served / "worker.mjs").read_text()
    assert f"Edition {framework.edition.id}" in readme and PAGE_NAME in readme


def test_the_form_modules_come_after_what_they_import_and_a_dynamic_import_is_refused(tmp_path):
    (tmp_path / "form.js").write_text('import { a } from "./a.js";\nimport { b } from "./b.js";\n')
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport const a = b;\n')
    (tmp_path / "b.js").write_text("export const b = 1;\n")
    assert [m["name"] for m in module_graph(tmp_path)] == ["b.js", "a.js", "form.js"]
    assert module_graph(tmp_path)[1]["imports"] == ["b.js"]
    (tmp_path / "b.js").write_text('export const b = 1;\nconst later = import("./c.js");\n')
    with pytest.raises(PortableError, match=r'b\.js imports "\./c\.js"'):
        module_graph(tmp_path)
    (tmp_path / "b.js").write_text('import { a } from "./a.js";\nexport const b = a;\n')
    with pytest.raises(PortableError, match="cycle"):
        module_graph(tmp_path)


def test_site_links_go_to_the_published_site_or_are_left_as_words(built_site):
    html = (built_site / FORM_PAGE_BUILT).read_text()
    published = portable_page(html, {}, "https://framework.example.org/guide/")
    assert 'href="https://framework.example.org/guide/how-to-use/"' in published
    unpublished = portable_page(html, {}, None)
    assert "how-to-use/" not in unpublished and ">How to use the framework<" in unpublished
    assert 'href="#main"' in unpublished  # in-page links stay


def test_a_changed_form_page_fails_loudly(built_site):
    html = (built_site / FORM_PAGE_BUILT).read_text()
    without = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    with pytest.raises(PortableError, match="0 Content-Security-Policy metas"):
        portable_page(without, {}, None)


def test_the_downloads_page_offers_the_zip(built_site, framework):
    html = (built_site / "downloads/index.html").read_text()
    name = portable_uri(framework.edition.id).split("/")[-1]
    assert re.search(rf'<a download href="{re.escape(name)}">Download the form for use without a connection', html)
    assert (built_site / "downloads" / name).is_file()


def printed_text(pdf_bytes: bytes) -> str:
    return " ".join(" ".join(text.split()) for text in pdf_pages(pdf_bytes))


def test_opened_from_file_the_form_does_everything_with_no_request(browser, unzipped, framework, tmp_path):
    first, second = framework.questions[0].id, framework.questions[1].id
    context = browser.new_context(accept_downloads=True)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    context.add_init_script(WATCH)
    try:
        page = context.new_page()
        page.goto(unzipped.as_uri())
        page.wait_for_selector(READY, timeout=90_000)
        start_case(page, "PORTABLE-1")
        answer(page, first, "no")
        write_notes(page, first, "Written from the copy on the shared drive.")
        answer(page, second, "yes")
        expect(page.locator("#ff-follow-ups")).to_contain_text(first)
        before = screen_state(page)
        filename, record, path = save(page, tmp_path)
        assert filename.startswith("PORTABLE-1-") and record["edition"] == framework.edition.id
        assert record["answers"] == {first: "no", second: "yes"}

        clear_device(page)  # a fresh start: the record comes back from the file alone
        page.reload()
        page.wait_for_selector(READY, timeout=90_000)
        expect(page.locator("#ff-case-rows tr")).to_have_count(0)
        open_record(page, path)
        expect(page.locator("#case-reference")).to_have_value("PORTABLE-1")
        assert screen_state(page) == before

        for name in ("02-truncated.json", "10-answer-not-on-the-scale.json"):  # the page's check, then Python's
            open_record(page, CORPUS / name)
            summary = page.locator("#ff-error-summary")
            expect(summary).to_be_focused()
            expect(summary).to_contain_text(EXPECTED[name])
            expect(summary).to_contain_text("Your answers on screen have not changed.")
            assert screen_state(page) == before

        shown = word_controls(export_word(page, tmp_path))
        assert shown[f"{first}.notes"] == "Written from the copy on the shared drive."
        assert shown[f"{first}.answer"] == "No" and shown[f"{second}.answer"] == "Yes"
        assert word_controls(export_word(page, tmp_path)) == shown  # the Word framework is kept for the next

        printed = printed_text(page.pdf(format="A4"))  # printing fills the print view
        assert "Case reference: PORTABLE-1" in printed and f"edition {framework.edition.id}" in printed
        page.evaluate("document.getElementById('ff-print-view').replaceChildren()")
        page.get_by_role("button", name="Print record").click()
        expect(page.locator("#ff-print-view")).to_contain_text("Case reference: PORTABLE-1")
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()
    assert requests, "no request was seen at all: the listener did not work"
    assert [url for url in requests if not url.startswith(("file:", "blob:", "data:"))] == []
    assert any(url.endswith("/form-files/embedded.js") for url in requests)


def test_a_page_moved_away_from_its_folder_says_so_and_stays_fillable(browser, portable_zip, framework, tmp_path):
    with zipfile.ZipFile(io.BytesIO(portable_zip)) as archive:
        archive.extractall(tmp_path)
    page_path = tmp_path / folder_name(framework.edition.id) / PAGE_NAME
    (page_path.parent / "form-files" / "embedded.js").unlink()
    context = browser.new_context(accept_downloads=True)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        status = page.locator("#ff-status[data-state=error]")
        expect(status).to_contain_text("form-files/embedded.js did not load", timeout=30_000)
        expect(status).to_contain_text('Keep the page and its folder "form-files" together')
        expect(page.locator("#ff-fallback")).to_be_visible()
        start_case(page, "MOVED-1")
        answer(page, framework.questions[0].id, "unknown")
        expect(page.locator(css_id(f"{framework.questions[0].id}-unknown"))).to_be_checked()
    finally:
        context.close()
    assert [url for url in requests if not url.startswith(("file:", "blob:", "data:"))] == []
