"""The form loads its wheel through the build's pyodide-lock.json: Pyodide's own lock file with the
wheel of fairframe.core added (name, sha256, a file name relative to the lock), byte-identical from
one build to the next; in Chromium the form starts through it, and a wheel that does not match its
hash, served or in the copy for use without a connection, is reported in the page's status."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import posixpath
import re
import zipfile
from importlib.metadata import version

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from formpage import READY, new_context, open_form
from fairframe.website.form import LOCK_URI, PYODIDE_DIR, core_wheel_uri, form_files, pyodide_files
from fairframe.website.lockfile import PACKAGE, LockFileError, lock_with_wheel, wheel_url
from fairframe.website.portable import PAGE_NAME, folder_name, portable_uri
from fairframe.website.wheel import wheel_name

PYODIDE_LOCK = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
WORKER = ROOT / "overrides" / "assets" / "form" / "worker.mjs"


def test_the_lock_is_pyodides_own_with_the_wheel_and_its_sha256(built_site):
    lock = json.loads((built_site / LOCK_URI).read_text())
    wheel = (built_site / core_wheel_uri()).read_bytes()
    ours = lock["packages"].pop(PACKAGE)
    assert ours["sha256"] == hashlib.sha256(wheel).hexdigest()
    assert ours["name"] == PACKAGE and ours["version"] == version("fairframe")
    assert ours["imports"] == ["fairframe"] and ours["depends"] == [] and ours["install_dir"] == "site"
    # Pyodide resolves a relative file_name against the lock file's folder
    assert posixpath.normpath(posixpath.join(PYODIDE_DIR, ours["file_name"])) == core_wheel_uri()
    assert lock == json.loads(PYODIDE_LOCK.read_text())  # everything else exactly as Pyodide's
    assert LOCK_URI not in pyodide_files(ROOT)  # the copy of Pyodide's own would replace ours
    assert f'const PACKAGE = "{PACKAGE}";' in WORKER.read_text()  # the name the worker loads


def test_the_lock_is_reproducible_and_follows_the_wheel(built_site, framework):
    first, second = form_files(framework, {}), form_files(framework, {})
    assert first[LOCK_URI] == second[LOCK_URI] == (built_site / LOCK_URI).read_bytes()
    name = wheel_name(version("fairframe"))
    changed = first[core_wheel_uri()] + b"\0"
    other = json.loads(lock_with_wheel(PYODIDE_LOCK, name, changed, "../form/"))["packages"][PACKAGE]
    before = json.loads(first[LOCK_URI])["packages"][PACKAGE]["sha256"]
    assert other["sha256"] == hashlib.sha256(changed).hexdigest() != before


def test_the_wheels_url_is_relative_to_the_lock_files_folder():
    assert wheel_url("assets/pyodide/pyodide-lock.json", "assets/form/x.whl") == "../form/"
    assert wheel_url("assets/pyodide/pyodide-lock.json", "assets/pyodide/x.whl") == ""
    assert wheel_url("a/pyodide-lock.json", "a/b/c/x.whl") == "b/c/"


def test_a_missing_pyodide_lock_or_a_bad_wheel_is_a_clear_error(tmp_path, framework):
    name = wheel_name(version("fairframe"))
    wheel = form_files(framework, {})[core_wheel_uri()]
    with pytest.raises(LockFileError, match=r"pyodide-lock\.json is missing: run `make setup`"):
        lock_with_wheel(tmp_path / "pyodide-lock.json", name, wheel, "")
    with pytest.raises(LockFileError, match="could not be added"):  # a wheel Pyodide cannot install
        lock_with_wheel(PYODIDE_LOCK, "fairframe_core-0.1.0-cp39-cp39-win_amd64.whl", wheel, "")


def test_the_form_starts_through_the_lock_file(browser, site_url):
    context = new_context(browser)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = open_form(context, site_url)
        expect(page.locator("#ff-status")).to_have_attribute("data-state", "ready")
    finally:
        context.close()
    loaded = [url.removeprefix(site_url).lstrip("/") for url in requests if url.endswith((".json", ".whl"))]
    assert LOCK_URI in loaded and core_wheel_uri() in loaded
    assert loaded.index(LOCK_URI) < loaded.index(core_wheel_uri())  # the wheel found through the lock


def _tampered(wheel: bytes) -> bytes:
    return wheel[:-1] + bytes([wheel[-1] ^ 1])


def test_a_wheel_that_does_not_match_its_hash_is_reported(browser, site_url, built_site):
    context = new_context(browser)
    wheel = (built_site / core_wheel_uri()).read_bytes()
    context.route("**/*.whl", lambda route: route.fulfill(status=200, body=_tampered(wheel),
                                                          content_type="application/octet-stream"))
    try:
        page = open_form(context, site_url, wait=False)
        status = page.locator("#ff-status[data-state=error]")
        expect(status).to_be_visible(timeout=30_000)
        expect(status).to_contain_text(f"{wheel_name(version('fairframe'))} did not load")
        expect(status).to_contain_text("do not match its sha256 in the lock file")
        expect(status).to_contain_text("Reload the page")
    finally:
        context.close()


def test_the_copy_for_use_without_a_connection_checks_the_wheels_hash_too(browser, built_site, framework, tmp_path):
    with zipfile.ZipFile(io.BytesIO((built_site / portable_uri(framework.edition.id)).read_bytes())) as archive:
        archive.extractall(tmp_path)
    page_path = tmp_path / folder_name(framework.edition.id) / PAGE_NAME
    embedded = page_path.parent / "form-files" / "embedded.js"
    script = embedded.read_text(encoding="ascii")
    files = json.loads(re.fullmatch(r"window\.fairframePortable\.files\((\{.*\})\);\n", script, re.S).group(1))
    files[core_wheel_uri()] = base64.b64encode(_tampered(base64.b64decode(files[core_wheel_uri()]))).decode()
    embedded.write_text(f"window.fairframePortable.files({json.dumps(files, sort_keys=True)});\n", encoding="ascii")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(page_path.as_uri())
        status = page.locator("#ff-status[data-state=error]")
        expect(status).to_contain_text("do not match its sha256 in the lock file", timeout=30_000)
        assert page.locator(READY).count() == 0
    finally:
        context.close()
