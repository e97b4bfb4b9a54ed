"""Benchmark of the form for use without a connection: time until it is ready from file://.

Builds the site (the same code as `fairframe build`), serves it on localhost, unzips the copy the
build wrote into downloads/, then opens, in a fresh Chromium context each time and interleaved, the
served form and the unzipped page from file://, and takes the time from navigation start until the
status says Python is ready. Prints the medians side by side and their ratio against the target
(issue 12: the file:// copy ready within 1.5 times the served form). Asserts nothing; stops the
server and the browser it starts.
"""
from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

from bench_form import CHROMIUM, CHROMIUM_ARGS, serve  # the same browser and server as the form bench

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
TARGET_RATIO = 1.5
READY_TIMEOUT_MS = 90_000
# Notes the time (ms since navigation start) at which the status first says "ready".
PROBE = """
new MutationObserver((changes, observer) => {
  const status = document.getElementById('ff-status');
  if (status && status.dataset.state === 'ready') {
    window.__readyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
"""


def _ready_ms(browser, url: str) -> float:
    context = browser.new_context(service_workers="block")
    try:
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("#ff-status[data-state=ready]", state="attached", timeout=READY_TIMEOUT_MS)
        return page.evaluate("window.__readyAt")
    finally:
        context.close()


def main() -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from playwright.sync_api import sync_playwright

    from fairframe.build import build_site
    from fairframe.website.portable import PAGE_NAME, folder_name, page_config, portable_uri

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        site = build_site(ROOT, temp / "site")
        edition = page_config((site / "complete/index.html").read_text(encoding="utf-8"))["edition"]
        archive = (site / portable_uri(edition)).read_bytes()
        with zipfile.ZipFile(io.BytesIO(archive)) as unzipped:
            unzipped.extractall(temp / "copy")
        page = temp / "copy" / folder_name(edition) / PAGE_NAME
        sizes = {"zip": len(archive), "page": page.stat().st_size,
                 "embedded.js": (page.parent / "form-files" / "embedded.js").stat().st_size}
        served, portable = [], []
        with serve(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for _ in range(RUNS):
                    served.append(_ready_ms(browser, f"{url}/complete/"))
                    portable.append(_ready_ms(browser, page.as_uri()))
            finally:
                browser.close()
    median_served, median_portable = statistics.median(served), statistics.median(portable)
    ratio = median_portable / median_served
    print(f"the form for use without a connection (Chromium, {RUNS} fresh contexts each, interleaved)")
    print(f"  load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} CPUs")
    print(f"  sizes: zip {sizes['zip'] / 2**20:.1f} MB, page {sizes['page'] / 1024:.0f} KB, "
          f"embedded files script {sizes['embedded.js'] / 2**20:.1f} MB")
    print(f"{'Python ready (ms, median)':34}{'served':>10}{'file://':>10}{'ratio':>8}{'target':>8}{'met':>6}")
    print(f"{'':34}{median_served:>10.0f}{median_portable:>10.0f}{ratio:>8.2f}{TARGET_RATIO:>8g}"
          f"{'yes' if ratio <= TARGET_RATIO else 'no':>6}")
    print(f"  each run, served: {' '.join(f'{v:.0f}' for v in served)}")
    print(f"  each run, file:// {' '.join(f'{v:.0f}' for v in portable)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
