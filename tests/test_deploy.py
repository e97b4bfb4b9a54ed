"""The site served by Debian's nginx with the shipped configuration (deploy/nginx/), at the root of a
host and under a sub-path: headers, compressed transfer, the form under the header CSP, no CSP
violations, no axe violations."""
from __future__ import annotations

import contextlib

import gzip
import re
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from axe import axe_violations
from conftest import ROOT
from formpage import FORM, READY, answer, export_word, new_context, start_case
from nginx_server import nginx

SITE_CSP = ("default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'")
FORM_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; "
            "form-action 'none'; frame-ancestors 'none'")
IMMUTABLE = "public, max-age=31536000, immutable"
SUBPATH = "/framework"
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"
# Collects every Content-Security-Policy violation and uncaught error of the page, from its first script on.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
    window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def fetch(url: str, encoding: str = "identity") -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body as sent) without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def decoded(headers: dict[str, str], body: bytes) -> bytes:
    encoding = headers.get("content-encoding", "identity")
    return {"br": brotli.decompress, "gzip": gzip.decompress, "identity": bytes}[encoding](body)


def pages(site: Path) -> list[str]:
    """Every page of the site, as the address a reader uses (folder/, not folder/index.html)."""
    addresses = []
    for path in site.rglob("*.html"):
        folder = path.relative_to(site).parent.as_posix()
        if path.name != "index.html":
            addresses.append("/" + path.relative_to(site).as_posix())
        else:
            addresses.append("/" if folder == "." else f"/{folder}/")
    return sorted(addresses)


def hashed(site: Path, pattern: str) -> str:
    [path] = site.glob(pattern)
    return "/" + path.relative_to(site).as_posix()


@pytest.fixture(scope="module")
def served(built_site, tmp_path_factory):
    """The session's built site through nginx at the root of a host."""
    with nginx(built_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> Path:
    """The site built by the command line for https://www.example.nhs.uk/framework/, in www/framework."""
    from fairframe.cli import main
    www = tmp_path_factory.mktemp("www")
    assert main(["--root", str(ROOT), "build", "--site-dir", str(www / "framework"),
                 "--site-url", f"https://www.example.nhs.uk{SUBPATH}/"]) == 0
    (www / "index.html").write_text("<!doctype html><title>The host's own site</title>")
    return www / "framework"


@pytest.fixture(scope="module")
def served_subpath(subpath_site, tmp_path_factory):
    with nginx(subpath_site.parent, tmp_path_factory.mktemp("nginx"), "fairframe-subpath") as url:
        yield url + SUBPATH


def test_the_theme_scripts_moved_to_files_are_the_themes_own():
    """The theme's inline scripts live in overrides/assets/javascripts/theme/ so that pages need no
    'unsafe-inline': after a theme upgrade this fails until the files are copied again."""
    import material
    partials = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    ours = ROOT / "overrides" / "assets" / "javascripts" / "theme"
    inline = {name: re.findall(r"<script>(.*?)</script>", (partials / f"{name}.html").read_text(), re.S)
              for name in ("base", "palette", "content")}
    base = inline["base"][0].replace('new URL("{{ config.extra.scope | d(base_url) }}",location)',
                                     'new URL("../../..",document.currentScript.src)')
    assert base != inline["base"][0]
    assert base in (ours / "base.js").read_text()
    assert inline["palette"][0] in (ours / "palette.js").read_text()
    assert inline["content"][0] in (ours / "tabs-link.js").read_text()
    assert inline["content"][1] in (ours / "content.js").read_text()


def test_no_page_has_an_inline_script(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        inline = [body for attributes, body in scripts if "src=" not in attributes
                  and 'type="application/json"' not in attributes and body.strip()]
        assert not inline, f"{path.relative_to(built_site)}: {inline[0][:80]}"
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert "<style" not in html and " style=" not in html, path


def test_every_page_sends_the_security_headers_and_is_revalidated(served, built_site):
    for page in pages(built_site):
        if page == "/404.html":
            continue
        status, headers, _ = fetch(served + page)
        assert status == 200, page
        assert headers["content-security-policy"] == (FORM_CSP if page.endswith(FORM) else SITE_CSP), page
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "camera=()" in headers["permissions-policy"] and "geolocation=()" in headers["permissions-policy"]
        assert headers["cache-control"] == "no-cache", page
        assert headers["content-type"] == "text/html; charset=utf-8"


def test_assets_named_by_content_are_kept_a_year_and_the_rest_revalidated(served, built_site):
    for path in (hashed(built_site, "assets/javascripts/bundle.*.min.js"),
                 hashed(built_site, "assets/stylesheets/main.*.min.css"),
                 hashed(built_site, "assets/javascripts/workers/search.*.min.js")):
        status, headers, _ = fetch(served + path)
        assert (status, headers["cache-control"]) == (200, IMMUTABLE), path
        assert headers["content-security-policy"] == SITE_CSP
    for path in ("/sw.js", "/assets/form/framework.json", "/assets/pyodide/pyodide.asm.wasm",
                 "/assets/javascripts/theme/base.js", "/search/search_index.json"):
        status, headers, _ = fetch(served + path)
        assert (status, headers["cache-control"]) == (200, "no-cache"), path
        assert headers["x-content-type-options"] == "nosniff"
    # a worker takes its policy from its own script: the form's worker may compile WebAssembly
    assert fetch(served + "/assets/form/worker.mjs")[1]["content-security-policy"] == FORM_CSP
    assert fetch(served + "/sw.js")[1]["content-security-policy"] == SITE_CSP


def test_types_of_webassembly_and_modules(served):
    assert fetch(served + "/assets/pyodide/pyodide.asm.wasm")[1]["content-type"] == "application/wasm"
    for path in ("/assets/pyodide/pyodide.asm.mjs", "/assets/form/worker.mjs"):
        assert fetch(served + path)[1]["content-type"].startswith("text/javascript"), path


def test_folder_addresses_with_and_without_the_slash_and_index_html(served):
    status, headers, _ = fetch(served + "/how-to-use")
    assert (status, headers["location"]) == (301, "/how-to-use/")
    one, two = fetch(served + "/how-to-use/"), fetch(served + "/how-to-use/index.html")
    assert one[0] == two[0] == 200 and one[2] == two[2]
    status, headers, _ = fetch(served + "/complete")
    assert (status, headers["location"]) == (301, "/complete/")
    assert fetch(served + "/complete/index.html")[1]["content-security-policy"] == FORM_CSP


def test_missing_files_get_the_sites_404_page_and_the_build_marker_is_not_published(served, built_site):
    for path in ("/no-such-page/", "/.fairframe-site"):
        status, headers, body = fetch(served + path)
        assert status == 404, path
        assert body == (built_site / "404.html").read_bytes()
        assert headers["content-security-policy"] == SITE_CSP


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_precompressed_copies_are_sent_as_they_are(served, built_site, encoding):
    for path in ("/assets/pyodide/pyodide.asm.wasm", "/assets/pyodide/pyodide.asm.mjs", "/",
                 hashed(built_site, "assets/javascripts/bundle.*.min.js"), "/assets/form/framework.json",
                 "/assets/pyodide/python_stdlib.zip"):
        status, headers, body = fetch(served + path, f"{encoding}, identity")
        file = built_site / (path.lstrip("/") or "index.html")
        assert status == 200 and headers["content-encoding"] == encoding, path
        assert "Accept-Encoding" in headers["vary"]
        suffix = ".br" if encoding == "br" else ".gz"
        assert body == file.with_name(file.name + suffix).read_bytes(), path
        assert decoded(headers, body) == file.read_bytes(), path
    status, headers, body = fetch(served + "/assets/pyodide/pyodide.asm.wasm")
    assert "content-encoding" not in headers and body == (built_site / "assets/pyodide/pyodide.asm.wasm").read_bytes()


@contextlib.contextmanager
def _watched_context(browser, **options):
    context = new_context(browser, **options)
    context.add_init_script(WATCH)
    try:
        yield context
    finally:
        context.close()


def _visit(context, url: str, origin: str) -> tuple[list[str], list[str], list[str]]:
    """Open `url`; return (CSP violations, uncaught errors and console errors, requests to other
    origins or that failed)."""
    page = context.new_page()
    errors, bad_requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith((origin, "data:")) else bad_requests.append(r.url))
    page.on("response", lambda r: bad_requests.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations")
    page.close()
    return violations, errors, bad_requests


def test_no_page_reports_a_csp_violation_or_an_error(browser, served, built_site):
    with _watched_context(browser, service_workers="allow") as context:
        for page in pages(built_site):
            if page == "/404.html":
                continue
            violations, errors, bad_requests = _visit(context, served + page, served)
            assert (violations, errors, bad_requests) == ([], [], []), page
        violations, errors, bad_requests = _visit(context, served + "/no-such-page/", served)
        assert (violations, errors, bad_requests) == ([], [NOT_FOUND], [f"404 {served}/no-such-page/"])


def test_the_theme_scripts_run_from_files(browser, served):
    """The moved head script sets the theme's storage scope to the site's root, as the inline one did."""
    with _watched_context(browser) as context:
        page = context.new_page()
        page.goto(served + "/principles/welfare-and-support/")
        assert page.evaluate("__md_scope.href") == served + "/"
        page.evaluate("""__md_set('__palette', {color: {media: '(prefers-color-scheme: dark)', scheme: 'slate',
                                                       primary: 'indigo', accent: 'indigo'}})""")
        page.reload()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"  # palette.js read it back
        # and the header policy is enforced and watched: an inline script is blocked and reported
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.__ran = true'; document.head.append(s); }""")
        assert page.evaluate("window.__ran") is None
        [violation] = page.evaluate("window.__violations")
        assert violation.startswith("script-src-elem blocked inline")


def test_search_works_under_the_csp(browser, served):
    """The theme's search runs in a worker, which takes the site's policy from its own script."""
    with _watched_context(browser) as context:
        page = context.new_page()
        page.goto(served + "/how-to-use/")
        page.wait_for_load_state("networkidle")  # the theme's script has attached its handlers
        search = page.get_by_role("textbox", name="Search").first
        search.click()
        search.press_sequentially("proportionate")
        page.wait_for_selector(".md-search-result__item", timeout=60_000)
        assert page.evaluate("window.__violations") == []


def test_the_wasm_is_transferred_compressed_to_chromium(browser, served, built_site):
    with _watched_context(browser) as context:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        responses, finished = {}, {}
        cdp.on("Network.responseReceived", lambda e: responses.__setitem__(e["requestId"], e["response"]))
        cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(served + "/how-to-use/")
        page.evaluate("fetch('../assets/pyodide/pyodide.asm.wasm').then((r) => r.arrayBuffer())")
        page.wait_for_load_state("networkidle")
        [request_id] = [i for i, r in responses.items() if r["url"].endswith("/pyodide.asm.wasm")]
        headers = {k.lower(): v for k, v in responses[request_id]["headers"].items()}
        size = (built_site / "assets/pyodide/pyodide.asm.wasm").stat().st_size
        assert headers["content-encoding"] in ("br", "gzip")
        assert finished[request_id] < size * 0.4  # 9.6 MB sent as about 3.2 MB (br) or 3.5 MB (gzip)
        page_id = next(i for i, r in responses.items() if r["url"] == served + "/how-to-use/")
        assert {k.lower(): v for k, v in responses[page_id]["headers"].items()}["content-encoding"] in ("br", "gzip")


def test_the_form_works_under_the_header_csp(browser, served, framework, tmp_path):
    with _watched_context(browser) as context:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(served + FORM)
        page.wait_for_selector(READY, timeout=90_000)
        start_case(page, "CSP-1")
        answer(page, framework.questions[0].id, "no")
        word = export_word(page, tmp_path)  # the Python worker fills the Word file
        assert word.stat().st_size > 10_000
        assert page.evaluate("window.__violations") == [] and errors == []
        assert axe_violations(page) == []


def test_no_axe_violations_through_nginx(browser, served):
    with _watched_context(browser) as context:
        page = context.new_page()
        for path in ("/", "/how-to-use/", "/principles/understanding-the-issue/", "/downloads/", "/no-such-page/"):
            page.goto(served + path)
            assert axe_violations(page) == [], path
            assert page.evaluate("window.__violations") == [], path


def test_under_a_sub_path_the_headers_and_addresses_hold(served_subpath, subpath_site):
    host = served_subpath.removesuffix(SUBPATH)
    assert fetch(host + "/")[2].startswith(b"<!doctype html><title>The host's own site")
    assert fetch(host + SUBPATH)[:2][0] == 301 and fetch(host + SUBPATH)[1]["location"] == f"{SUBPATH}/"
    status, headers, _ = fetch(served_subpath + "/how-to-use")
    assert (status, headers["location"]) == (301, f"{SUBPATH}/how-to-use/")
    status, headers, body = fetch(served_subpath + "/", "br")
    assert (status, headers["content-encoding"], headers["content-security-policy"]) == (200, "br", SITE_CSP)
    assert decoded(headers, body) == (subpath_site / "index.html").read_bytes()
    assert fetch(served_subpath + "/complete/")[1]["content-security-policy"] == FORM_CSP
    status, headers, body = fetch(served_subpath + "/nowhere")
    assert status == 404 and body == (subpath_site / "404.html").read_bytes()
    assert f'src="{SUBPATH}/assets/javascripts/theme/base.js"' in body.decode()


def test_under_a_sub_path_pages_and_the_form_work_with_no_violations(browser, served_subpath, subpath_site):
    origin = served_subpath.removesuffix(SUBPATH)
    with _watched_context(browser, service_workers="allow") as context:
        for page in ("/", "/how-to-use/", "/principles/", "/case-studies/cs-01/", "/downloads/"):
            assert _visit(context, served_subpath + page, origin) == ([], [], []), page
        violations, errors, bad_requests = _visit(context, served_subpath + "/nowhere/", origin)
        assert (violations, errors, bad_requests) == ([], [NOT_FOUND], [f"404 {served_subpath}/nowhere/"])
        page = context.new_page()
        page.goto(served_subpath + "/")
        assert page.evaluate("__md_scope.href") == served_subpath + "/"
        assert axe_violations(page) == []
        page.goto(served_subpath + FORM)
        page.wait_for_selector(READY, timeout=90_000)
        assert page.evaluate("window.__violations") == []
        assert axe_violations(page) == []


def test_a_site_url_that_is_not_a_web_address_is_refused(tmp_path, capsys):
    from fairframe.cli import main
    assert main(["--root", str(ROOT), "build", "--site-dir", str(tmp_path / "site"), "--site-url", "/framework/"]) == 1
    assert "--site-url '/framework/' is not a web address" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_under_a_sub_path_the_service_worker_keeps_the_site_and_the_form_offline(browser, served_subpath, tmp_path):
    """Through nginx under /framework/: the service worker's scope is the sub-path, the form's files
    are cached when it is opened, and offline the form works and every form of a page address holds."""
    context = new_context(browser, service_workers="allow")
    try:
        page = context.new_page()
        page.goto(served_subpath + FORM)
        page.wait_for_selector(READY, timeout=90_000)
        ready = page.locator("[data-offline-status][data-state=ready]")
        ready.wait_for(timeout=90_000)
        scope = page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.scope)")
        assert scope == served_subpath + "/"
        context.set_offline(True)
        for address, final in (("/how-to-use", "/how-to-use/"), ("/how-to-use/index.html", "/how-to-use/index.html"),
                               ("/principles/", "/principles/")):
            page.goto(served_subpath + address)
            assert page.url == served_subpath + final
            assert page.locator("h1").first.is_visible()
        page.goto(served_subpath + FORM)
        page.wait_for_selector(READY, timeout=90_000)
        start_case(page, "SUBPATH-OFFLINE")
        answer(page, "P1.Q1", "no")
        assert export_word(page, tmp_path).stat().st_size > 10_000
    finally:
        context.close()
