"""Benchmark of the deployment (issue 12, point 6): the site built with its precompressed copies and
served by Debian's nginx with the shipped configuration (deploy/nginx/), read by Chromium.

Measures, in one run: the build time the precompressed copies add; the bytes of a first visit to a
guidance page without the service worker and with it (its background precache included), and how
many Pyodide files that visit fetched; the bytes until the form is fillable and until Python is
ready; and Python's cold ready time on a throttled network (Chromium's DevTools network emulation,
10 Mbit/s, 40 ms) compressed, uncompressed (`Accept-Encoding: identity`) and for a bare Pyodide page.

What is counted: every response Chromium received from the network, the page's, its workers' and
the service worker's (Playwright reports the service worker's with
PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1): its response headers plus its body as it came
over the wire (compressed when it was). Chromium gives no body size for a worker's own script
(sw.js, worker.mjs); for those the response's Content-Length is counted. Responses the service
worker answered from its cache crossed no network and are not counted. "By then" counts the
responses that had finished arriving at that moment (partly arrived ones are listed, not counted).
nginx's access log for the same visit (bodies only) is printed beside it as a check.
Prints figures beside their targets; it asserts nothing. Stops the nginx and the browser it starts.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "bench_templates"
sys.path.insert(0, str(ROOT / "tests"))

import fairframe.build as build  # noqa: E402
import fairframe.website.assemble as assemble  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from nginx_server import BROTLI_MODULE, nginx  # noqa: E402

RUNS = 3  # builds, and throttled rounds while the time budget lasts
BUDGET_S = 330  # no new throttled round once it would end after this (the whole bench: ~6 minutes)
GUIDANCE = "/how-to-use/"
FORM, READY = "/complete/", "#ff-status[data-state=ready]"
BARE = "/assets/form/deploy-bare.html"  # where nginx gives a page the form's CSP ('wasm-unsafe-eval')
BARE_FILES = ("deploy-bare.html", "deploy-bare.js", "deploy-bare-worker.mjs")
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 1_250_000, "uploadThroughput": 1_250_000}
TIMEOUT_MS = 180_000
PYODIDE = "/assets/pyodide/"
LOG_LINE = re.compile(r'"[A-Z]+ (\S+) HTTP/[\d.]+" (\d{3}) (\d+)')


def build_times(folder: Path) -> tuple[list[float], list[float]]:
    """(whole builds, of which compressing), RUNS builds into `folder`. The build compresses through
    fairframe.website.assemble's compress_site, which is timed here in place."""
    compress, totals, spent = assemble.compress_site, [], []

    def timed(site, **options):
        start = time.perf_counter()
        written = compress(site, **options)
        spent.append(time.perf_counter() - start)
        return written

    assemble.compress_site = timed
    try:
        for _ in range(RUNS):
            start = time.perf_counter()
            build.build_site(ROOT, folder)
            totals.append(time.perf_counter() - start)
    finally:
        assemble.compress_site = compress
    return totals, spent


# ---- counting ----------------------------------------------------------------------------------
def _wire_bytes(request) -> int:
    """Response headers plus body as received; a worker script's body by its Content-Length."""
    sizes, response = request.sizes(), request.response()
    body = sizes["responseBodySize"]
    if not body and response and response.status == 200:
        body = int(response.headers.get("content-length", 0))
    return sizes["responseHeadersSize"] + body


def _network(requests) -> list[dict]:
    """The responses that came from the network (not from the service worker's cache), as
    {url, bytes, end (epoch ms), sw}; read while the context is open."""
    found = []
    for request in requests:
        response = request.response()
        if response is None or response.from_service_worker:
            continue
        timing = request.timing
        found.append({"url": request.url, "bytes": _wire_bytes(request), "sw": request.service_worker is not None,
                      "start": timing["startTime"], "end": timing["startTime"] + max(timing["responseEnd"], 0)})
    return found


def _nginx_since(log: Path, offset: int) -> list[tuple[str, int, int]]:
    """(path, status, body bytes sent) of each request nginx logged after `offset`."""
    with log.open("rb") as file:
        file.seek(offset)
        lines = file.read().decode(errors="replace").splitlines()
    return [(m[1], int(m[2]), int(m[3])) for m in map(LOG_LINE.search, lines) if m]


def _log_size(log: Path) -> int:
    return log.stat().st_size if log.exists() else 0


# ---- the visits --------------------------------------------------------------------------------
def guidance_visit(browser, url: str, log: Path, service_workers: str) -> dict:
    """A first visit to GUIDANCE with an empty cache; with the service worker allowed, until it
    controls the page (its precache is done by then: it activates after installing) and the
    network is idle."""
    context = browser.new_context(service_workers=service_workers)
    offset = _log_size(log)
    try:
        requests = []
        context.on("requestfinished", lambda request: requests.append(request))
        page = context.new_page()
        page.goto(url + GUIDANCE)
        if service_workers == "allow":
            page.evaluate("""(ms) => new Promise((resolve, reject) => {
                if (navigator.serviceWorker.controller) resolve(true);
                navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true));
                setTimeout(() => reject(new Error('no service worker control within ' + ms + ' ms')), ms);
            })""", TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # the last requestfinished events reach us
        responses = _network(requests)
    finally:
        context.close()
    served = _nginx_since(log, offset)
    return {"bytes": sum(r["bytes"] for r in responses), "responses": len(responses),
            "sw": sum(r["sw"] for r in responses), "sw_bytes": sum(r["bytes"] for r in responses if r["sw"]),
            "pyodide": max(sum(PYODIDE in r["url"] for r in responses), sum(PYODIDE in path for path, _, _ in served)),
            "nginx": sum(sent for _, _, sent in served), "nginx_responses": len(served)}


def _throttled_page(browser, identity: bool):
    """A fresh context (no HTTP cache, no service worker) and page on the throttled network."""
    context = browser.new_context(service_workers="block",
                                  extra_http_headers={"Accept-Encoding": "identity"} if identity else None)
    for probe in ("probe.js", "views_probe.js"):  # __ffReady; __ffWhen and the views shown
        context.add_init_script(path=TEMPLATES / probe)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", THROTTLE)  # the page's workers included
    return context, page


def _ready(page) -> float:
    status = page.wait_for_selector(f"{READY}, #ff-status[data-state=error]", state="attached", timeout=TIMEOUT_MS)
    if status.get_attribute("data-state") != "ready":
        raise RuntimeError(f"Python did not start: {status.text_content()}")
    return page.evaluate("window.__ffReady")


def form_run(browser, url: str, identity: bool) -> dict:
    """/complete/, cold and throttled: the case list live, "Start a new case", the task list's P1
    link, P1 shown and answerable (fillable), then Python ready; bytes that had arrived by each."""
    context, page = _throttled_page(browser, identity)
    try:
        requests = []
        context.on("requestfinished", lambda request: requests.append(request))
        page.goto(url + FORM, wait_until="commit")
        page.evaluate("(ms) => window.__ffWhen('cases', 0, ms)", TIMEOUT_MS)
        page.click("#ff-new-case")
        page.evaluate("(ms) => window.__ffWhen('view', 0, ms)", TIMEOUT_MS)
        page.click("#ff-task-list a[href='#P1']")
        p1 = page.evaluate("(ms) => window.__ffWhen('view', 1, ms)", TIMEOUT_MS)
        if p1["view"] != "P1" or not p1["fillable"]:
            raise RuntimeError(f"P1 was not shown fillable: {p1}")
        ready = _ready(page)
        origin = page.evaluate("performance.timeOrigin")
        page.wait_for_timeout(300)  # the last requestfinished events reach us
        responses = _network(requests)
    finally:
        context.close()
    fillable_at, ready_at = origin + p1["painted"], origin + ready
    by_fillable = [r for r in responses if r["end"] <= fillable_at]
    by_ready = [r for r in responses if r["end"] <= ready_at]
    return {"fillable": p1["painted"], "ready": ready,
            "bytes_fillable": sum(r["bytes"] for r in by_fillable),
            "pyodide_fillable": sum(r["bytes"] for r in by_fillable if PYODIDE in r["url"]),
            "bytes_ready": sum(r["bytes"] for r in by_ready),
            "arrived": max(r["end"] for r in by_ready) - origin,
            "arriving": [r["url"].rsplit("/", 1)[-1] for r in responses
                         if r["start"] <= fillable_at < r["end"]]}


def bare_run(browser, url: str) -> float:
    context, page = _throttled_page(browser, False)
    try:
        page.goto(url + BARE, wait_until="commit")
        return _ready(page)
    finally:
        context.close()


def throttled_rounds(browser, url: str, deadline: float) -> dict:
    """Compressed form, uncompressed form, bare page, in turn, RUNS rounds or while time lasts."""
    found = {"packed": [], "plain": [], "bare": []}
    for _ in range(RUNS):
        start = time.monotonic()
        found["packed"].append(form_run(browser, url, False))
        found["plain"].append(form_run(browser, url, True))
        found["bare"].append(bare_run(browser, url))
        if time.monotonic() + (time.monotonic() - start) > deadline:
            break
    return found


# ---- the report --------------------------------------------------------------------------------
def _row(label: str, measured: float, target: str = "", met: bool | None = None, unit: str = ",.0f") -> None:
    print(f"{label:58}{measured:>11{unit}}{target:>10}{'' if met is None else 'yes' if met else 'no':>6}")


def report(visits: dict, rounds: dict) -> None:
    median = statistics.median
    kb = 1e3
    print(f"{'':58}{'measured':>11}{'target':>10}{'met':>6}")
    block, allow = visits["block"], visits["allow"]
    _row("guidance page first visit, no service worker (KB)", block["bytes"] / kb)
    _row("guidance page first visit, with service worker (KB)", allow["bytes"] / kb, "< 1,000",
         allow["bytes"] < 1e6)
    _row("  Pyodide files among its requests", allow["pyodide"], "0", allow["pyodide"] == 0, "d")
    print(f"  {block['responses']} responses without the service worker; with it {allow['responses']}, "
          f"{allow['sw']} of them the service worker's ({allow['sw_bytes'] / kb:,.0f} KB); nginx logged "
          f"{block['nginx_responses']} and {allow['nginx_responses']} responses, bodies "
          f"{block['nginx'] / kb:,.0f} and {allow['nginx'] / kb:,.0f} KB")
    packed, plain, bare = rounds["packed"], rounds["plain"], rounds["bare"]
    runs = len(packed)
    print(f"throttled (10 Mbit/s, 40 ms), cold, service worker blocked; median of {runs} "
          f"(compressed, uncompressed, bare in turn)")
    fillable_bytes = median(r["bytes_fillable"] for r in packed)
    _row("form fillable (P1 shown): bytes arrived by then (KB)", fillable_bytes / kb, "< 400", fillable_bytes < 4e5)
    _row("form Python ready: bytes arrived by then (KB)", median(r["bytes_ready"] for r in packed) / kb)
    _row("  the same, uncompressed (KB)", median(r["bytes_ready"] for r in plain) / kb)
    _row("form fillable (P1 shown, ms)", median(r["fillable"] for r in packed))
    ready_packed, ready_plain = median(r["ready"] for r in packed), median(r["ready"] for r in plain)
    ready_bare = median(bare)
    _row("Python ready, compressed (ms)", ready_packed)
    _row("Python ready, uncompressed (ms)", ready_plain)
    _row("bare loadPyodide page, compressed (ms)", ready_bare)
    _row("uncompressed / compressed", ready_plain / ready_packed, ">= 2", ready_plain / ready_packed >= 2, ".2f")
    _row("form / bare page", ready_packed / ready_bare, "", None, ".2f")
    arrived_packed, arrived_plain = median(r["arrived"] for r in packed), median(r["arrived"] for r in plain)
    _row("form's files all arrived, compressed (ms)", arrived_packed)
    _row("form's files all arrived, uncompressed (ms)", arrived_plain)
    _row("  uncompressed / compressed (the network's part)", arrived_plain / arrived_packed, "", None, ".2f")
    print(f"  each run, ready: compressed {_ms(r['ready'] for r in packed)}; uncompressed "
          f"{_ms(r['ready'] for r in plain)}; bare {_ms(bare)}")
    print(f"  each run, fillable: {_ms(r['fillable'] for r in packed)} ms, "
          f"{_ms(r['bytes_fillable'] / kb for r in packed)} KB, of which Pyodide's files (the worker starts "
          f"while the page is parsed) {_ms(r['pyodide_fillable'] / kb for r in packed)} KB; still arriving "
          f"then (first run): {', '.join(packed[0]['arriving']) or 'nothing'}")
    print("file:// copy ready against the served form: tools/bench_portable.py (printed after this in "
          "`make bench`)")


def _ms(values) -> str:
    return " ".join(f"{value:,.0f}" for value in values)


@contextlib.contextmanager
def _service_worker_events():
    """Playwright reports the service worker's own requests only with this set when it starts."""
    name = "PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"
    before = os.environ.get(name)
    os.environ[name] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name)
        else:
            os.environ[name] = before


def main() -> int:
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started, load_before = time.monotonic(), os.getloadavg()[0]
    print(f"deployment benchmark (nginx with deploy/nginx/, brotli_static {'on' if BROTLI_MODULE.is_file() else 'off'}"
          f", Chromium); KB = 1,000 bytes")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        site = folder / "site"
        totals, spent = build_times(site)
        print(f"build: {statistics.median(totals):.1f} s median of {RUNS}, of which precompressing "
              f"{statistics.median(spent):.1f} s")
        copies = [p for p in site.rglob("*") if p.suffix in (".br", ".gz")]
        print(f"  {len(copies)} copies, {sum(p.stat().st_size for p in copies) / 1e6:.1f} MB")
        wasm = site / "assets/pyodide/pyodide.asm.wasm"
        for path in (wasm, wasm.with_name(wasm.name + ".br"), wasm.with_name(wasm.name + ".gz")):
            print(f"  {path.name}: {path.stat().st_size / 1e6:.2f} MB")
        for name in BARE_FILES:  # the bare page, in this temporary build only
            shutil.copy(TEMPLATES / name, site / "assets" / "form" / name)
        log = folder / "nginx" / "access.log"
        with _service_worker_events(), nginx(site, folder / "nginx") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                visits = {mode: guidance_visit(browser, url, log, mode) for mode in ("block", "allow")}
                rounds = throttled_rounds(browser, url, started + BUDGET_S)
            finally:
                browser.close()
    print(f"  load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} CPUs; "
          f"{time.monotonic() - started:.0f} s in all")
    report(visits, rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
