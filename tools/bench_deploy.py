"""Benchmark of the deployment: the build time the precompressed copies add, and the bytes Chromium
receives through nginx with the shipped configuration (deploy/nginx/), compressed and not.

Run: .venv/bin/python tools/bench_deploy.py (needs `make test-deps` for nginx and Chromium).
"Not compressed" is the same Chromium asking for `Accept-Encoding: identity`. The service worker is
blocked, so the figures are what the page itself needs. Prints figures; it asserts nothing.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fairframe.build as build  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from nginx_server import nginx  # noqa: E402

RUNS = 3
GUIDANCE = "/how-to-use/"
FORM, READY = "/complete/", "#ff-status[data-state=ready]"


def build_times(folder: Path) -> tuple[list[float], list[float]]:
    """(whole builds, of which compressing), RUNS builds into `folder`."""
    compress, totals, spent = build.compress_site, [], []

    def timed(site):
        start = time.perf_counter()
        written = compress(site)
        spent.append(time.perf_counter() - start)
        return written

    build.compress_site = timed
    try:
        for _ in range(RUNS):
            start = time.perf_counter()
            build.build_site(ROOT, folder)
            totals.append(time.perf_counter() - start)
    finally:
        build.compress_site = compress
    return totals, spent


def transferred(browser, url: str, identity: bool, wait_for: str | None = None) -> tuple[int, int]:
    """(bytes of response bodies on the wire, number of responses) for one first visit of `url` with
    an empty cache, the form's worker included (Playwright reports its requests on the page)."""
    context = browser.new_context(service_workers="block",
                                  extra_http_headers={"Accept-Encoding": "identity"} if identity else None)
    try:
        page = context.new_page()
        sizes = []
        page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
        page.goto(url)
        if wait_for:
            page.wait_for_selector(wait_for, timeout=180_000)
        page.wait_for_load_state("networkidle")
        return sum(sizes), len(sizes)
    finally:
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        totals, spent = build_times(folder / "site")
        print(f"build: {statistics.median(totals):.1f} s median of {RUNS}, of which precompressing "
              f"{statistics.median(spent):.1f} s")
        site = folder / "site"
        copies = [p for p in site.rglob("*") if p.suffix in (".br", ".gz")]
        print(f"  {len(copies)} copies, {sum(p.stat().st_size for p in copies) / 1e6:.1f} MB")
        wasm = site / "assets/pyodide/pyodide.asm.wasm"
        for path in (wasm, wasm.with_name(wasm.name + ".br"), wasm.with_name(wasm.name + ".gz")):
            print(f"  {path.name}: {path.stat().st_size / 1e6:.2f} MB")
        with nginx(site, folder / "nginx") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for name, path, wait_for in (("guidance page, first visit", GUIDANCE, None),
                                             ("form until Python is ready", FORM, READY)):
                    packed, count = transferred(browser, url + path, False, wait_for)
                    plain, _ = transferred(browser, url + path, True, wait_for)
                    print(f"{name}: {packed / 1e3:,.0f} KB compressed against {plain / 1e3:,.0f} KB not "
                          f"({plain / max(packed, 1):.1f}x less), {count} responses")
            finally:
                browser.close()


if __name__ == "__main__":
    main()
