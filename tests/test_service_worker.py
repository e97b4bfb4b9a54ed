"""The service worker in Chromium (issue 12.1): readers precache no Pyodide, the form caches its own
files, x/index.html, x and x/ are one page online and offline, and a new build waits until the
reader chooses to reload, so that a page never mixes two builds."""
from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

import conftest
from formpage import READY, answer, export_word, new_context, open_form, save, start_case, word_controls

CONTROLLED = """() => new Promise((resolve) => {
    if (navigator.serviceWorker.controller) return resolve(true);
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true));
})"""
CACHED_URLS = """async () => {
    const urls = [];
    for (const key of await caches.keys()) {
        for (const request of await (await caches.open(key)).keys()) urls.push(request.url);
    }
    return urls;
}"""
READY_OFFLINE = "[data-offline-status][data-state=ready]"


@contextlib.contextmanager
def serving(folder: dict):
    """An HTTP server on 127.0.0.1 whose folder can be switched (folder["path"]) between requests,
    as a deployment replaces a site. Stopped on exit."""
    with conftest.serving(lambda: folder["path"], handler=_ByContent) as url:
        yield url


class _ByContent(conftest._QuietHandler):
    """Answers every request in full, never 304 by date. Python's server answers 304 when a file is
    not newer than the browser's copy, and the draft site a test deploys may have been built before
    the site it replaces (the session builds them in either order), which a real deployment's is not."""
    def send_head(self):
        del self.headers["If-Modified-Since"]
        return super().send_head()


@pytest.fixture
def context(browser):
    context = new_context(browser, service_workers="allow")
    yield context
    context.close()


def test_a_reader_precaches_the_pages_and_nothing_of_pyodide(context, built_site):
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    with serving({"path": built_site}) as url:
        page = context.new_page()
        page.goto(url + "/how-to-use/")
        assert page.evaluate(CONTROLLED) is True  # installed (everything precached), then activated
        cached = page.evaluate(CACHED_URLS)
        assert url + "/search/search_index.json" in cached and url + "/principles/" in cached
        assert url + "/complete/" in cached
        for seen in (cached, requests):
            assert not [u for u in seen if "/assets/pyodide/" in u or u.endswith(".whl")], "no Pyodide for readers"
            assert not [u for u in seen if "/lunr/" in u], "English search only"
        assert not [u for u in cached if "/downloads/" in u and not u.endswith("/downloads/")]

        context.set_offline(True)
        for path, shown in (("/how-to-use/index.html", "/how-to-use/index.html"), ("/how-to-use", "/how-to-use/"),
                            ("/how-to-use/", "/how-to-use/"), ("/complete/index.html", "/complete/index.html"),
                            ("/complete", "/complete/"), ("/complete/", "/complete/"), ("/", "/")):
            page.goto(url + path)
            expect(page.locator("h1").first).to_be_visible()
            assert page.url == url + shown, path
            assert page.locator("link[rel=stylesheet]").count() > 0
            # the page's own relative links resolve as online: its stylesheet applied
            assert page.evaluate("() => getComputedStyle(document.body).margin") in ("0px", "0px 0px 0px 0px")
        context.set_offline(False)


def test_the_downloads_page_makes_the_form_available_offline(context, built_site, framework, tmp_path):
    with serving({"path": built_site}) as url:
        page = context.new_page()
        page.goto(url + "/downloads/")
        assert page.evaluate(CONTROLLED) is True
        page.get_by_role("button", name="Make the form available offline").click()
        expect(page.locator(READY_OFFLINE)).to_contain_text("Ready to use offline", timeout=90_000)
        cached = page.evaluate(CACHED_URLS)
        assert url + "/assets/pyodide/pyodide.asm.wasm" in cached
        page.reload()  # the page remembers, by asking the service worker
        expect(page.locator(READY_OFFLINE)).to_contain_text("Ready to use offline", timeout=30_000)

        context.set_offline(True)
        form = open_form(context, url)
        start_case(form, "AWAY-1")
        answer(form, framework.questions[0].id, "unknown")
        _, record, _ = save(form, tmp_path)
        assert record["answers"] == {framework.questions[0].id: "unknown"}
        context.set_offline(False)


def test_a_new_build_waits_until_the_reader_reloads(context, built_site, draft_site, framework, tmp_path):
    newer = draft_site  # the next edition, built at the same origin
    folder = {"path": built_site}
    with serving(folder) as url:
        form = open_form(context, url)
        expect(form.locator(READY_OFFLINE)).to_contain_text("Ready to use offline", timeout=90_000)
        start_case(form, "DEPLOY-1")
        answer(form, framework.questions[0].id, "no")  # unsaved work

        folder["path"] = newer  # the deployment
        form.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
        banner = form.locator("#fairframe-update")
        expect(banner).to_contain_text("A new version of this site is available.", timeout=60_000)

        # Until the reader reloads, this build's files: the page, its data and its Word framework.
        other = context.new_page()
        other.goto(url + "/about/")
        expect(other.locator("article")).to_contain_text(framework.edition.id)
        expect(other.locator("#fairframe-update")).to_be_visible()
        assert form.evaluate("() => JSON.parse(document.getElementById('ff-config').textContent).edition") \
            == framework.edition.id
        shown = word_controls(export_word(form, tmp_path))
        assert f"{framework.questions[0].id}.answer" in shown and "P1.Q10.answer" not in shown  # 2026-01 adds P1.Q10

        # Unsaved work: the form reloads only when the reader says so.
        form.once("dialog", lambda dialog: dialog.dismiss())
        banner.get_by_role("button", name="Reload to use it").click()
        form.wait_for_timeout(1000)
        assert form.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => Boolean(r.waiting))")
        form.once("dialog", lambda dialog: dialog.accept())
        with form.expect_navigation():
            banner.get_by_role("button", name="Reload to use it").click()
        form.wait_for_selector(READY, timeout=90_000)
        edition = form.evaluate("() => JSON.parse(document.getElementById('ff-config').textContent).edition")
        assert edition == "2026-01" != framework.edition.id
        other.reload()
        expect(other.locator("article")).to_contain_text("2026-01")


def test_the_service_worker_is_registered_from_the_site_root(built_site):
    script = (built_site / "assets" / "javascripts" / "offline.js").read_text()
    assert 'new URL("../../sw.js", script.src)' in script
    page = (built_site / "complete" / "index.html").read_text()
    assert "offline.js" in page and "data-cache-form" in page
    assert Path(built_site / "sw.js").is_file()
