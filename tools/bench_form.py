"""Benchmark of the "Complete the framework" form page in Debian's Chromium, on localhost.

The form runs Python (Pyodide) in a module worker, so its costs are easy to miss in the build
benchmark: how soon the form can be filled, how soon Python is ready (cold and warm) against a bare
`loadPyodide()` on the same site, main-thread long tasks while Python loads, how quickly the
follow-up list follows an answer, how long a Word export takes, and the cases on this device:
opening the case list with 50 cases stored, switching between two cases, recording a review point
on a record with 10 snapshots, and the change view following an answer; then the form's views
(bench_views.py): the time to the first principle view being fillable, going the way a user does,
cold and warm, against Python's ready time in the same runs, and the time to switch between views.
Prints figures beside their targets; it asserts nothing. The bare page and the in-page probes are in
tools/bench_templates/.
"""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench_views

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the tests' browser)
from conftest import serving as serve  # noqa: E402  (the built site on 127.0.0.1, also for bench_portable.py)
TEMPLATES = Path(__file__).resolve().parent / "bench_templates"
PROBE = TEMPLATES / "probe.js"
COLD_RUNS = 3
WARM_RUNS = 3
ANSWER_CHANGES = 60
EXPORTS = 5
STORED_CASES = 50
SNAPSHOTS = 10
CASE_RUNS = 10
PAUSE_MS = 300
READY_TIMEOUT_MS = 60_000


# ---- the site ----------------------------------------------------------------------------------
def _build(folder: Path) -> Path:
    """The real site, built by the same code as `fairframe build`, plus the bare Pyodide page."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from fairframe.build import build_site
    site = build_site(ROOT, folder / "site")
    (site / "bench").mkdir()
    for name in ("bare.html", "bare-worker.mjs"):
        shutil.copy(TEMPLATES / name, site / "bench" / name)
    return site


# ---- one page load -----------------------------------------------------------------------------
def _load(context, url: str):
    """Opens url in a new page of context and waits until Python is ready there."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#ff-status[data-state=ready]", state="attached", timeout=READY_TIMEOUT_MS)
    page.wait_for_load_state("load")
    return page


def _ready_ms(page) -> float:
    return page.evaluate("window.__ffReady")


def _fillable_ms(page) -> float:
    """The form is plain HTML: fillable once parsed (domInteractive) and painted (FCP)."""
    navigation = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
    paints = page.evaluate("performance.getEntriesByName('first-contentful-paint').map((e) => e.startTime)")
    enabled = page.evaluate("!document.querySelector('.ff-question input[type=radio]').disabled")
    return max([navigation["domInteractive"], *paints]) if enabled else float("nan")


def _long_tasks(page, until_ms: float) -> list[tuple[float, float]]:
    """(start, duration) of each main-thread task over 50 ms from navigation until until_ms."""
    tasks = page.evaluate("window.__ffLongTasks")
    return [(task["start"], task["duration"]) for task in tasks if task["start"] <= until_ms]


# ---- the measurements --------------------------------------------------------------------------
def _cold(browser, url: str) -> dict:
    """Form and bare Pyodide, each in a fresh context (no cache), COLD_RUNS times, interleaved."""
    found = {"form": [], "bare": [], "fillable": [], "long_tasks": []}
    for _ in range(COLD_RUNS):
        context = _new_context(browser)
        page = _load(context, f"{url}/complete/")
        found["form"].append(_ready_ms(page))
        found["fillable"].append(_fillable_ms(page))
        found["long_tasks"].append(_long_tasks(page, found["form"][-1]))
        context.close()
        context = _new_context(browser)
        found["bare"].append(_ready_ms(_load(context, f"{url}/bench/bare.html")))
        context.close()
    return found


def _new_context(browser):
    context = browser.new_context(service_workers="block", accept_downloads=True)
    context.add_init_script(path=PROBE)
    return context


def _warm(playwright, url: str, profile: Path) -> dict:
    """Form and bare Pyodide in a persistent context, after one visit each (HTTP and wasm caches)."""
    context = playwright.chromium.launch_persistent_context(
        user_data_dir=profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        service_workers="block")
    context.add_init_script(path=PROBE)
    found = {"form": [], "bare": [], "long_tasks": []}
    for path in ("/complete/", "/bench/bare.html"):
        _load(context, url + path).close()  # the visit that fills the caches
    for _ in range(WARM_RUNS):
        page = _load(context, f"{url}/complete/")
        found["form"].append(_ready_ms(page))
        found["long_tasks"].append(_long_tasks(page, found["form"][-1]))
        page.close()
        page = _load(context, f"{url}/bench/bare.html")
        found["bare"].append(_ready_ms(page))
        page.close()
    context.close()
    return found


def _answer_changes(page) -> list[float]:
    """ANSWER_CHANGES answer changes, No then Yes on each question in turn, each timed in the page."""
    ids = page.evaluate("[...document.querySelectorAll('.ff-question input[type=radio][value=no]')].map((e) => e.id)")
    changes = []
    for i in range(ANSWER_CHANGES):
        question = ids[i % len(ids)]
        changes.append(question if (i // len(ids)) % 2 == 0 else question.removesuffix("-no") + "-yes")
    return page.evaluate("(ids) => window.__ffTimeUpdates(ids)", changes)


def _exports(page) -> tuple[list[float], list[float]]:
    """EXPORTS Word exports: click to download event (Playwright), and click to download (in page)."""
    outside = []
    for _ in range(EXPORTS):
        start = time.perf_counter()
        with page.expect_download() as download:
            page.click("#ff-word")
        download.value  # noqa: B018 (waits for the download to start)
        outside.append((time.perf_counter() - start) * 1000)
    clicks = page.evaluate("window.__ffClicks")
    words = [c["at"] for c in clicks if c["what"] == "word"]
    downloads = [c["at"] for c in clicks if c["what"] == "download"]
    return outside, [done - start for start, done in zip(words, downloads)]


def _interactions(browser, url: str) -> dict:
    context = _new_context(browser)
    page = _load(context, f"{url}/complete/")
    page.click("#ff-new-case")
    page.wait_for_selector("#ff-case-view:not([hidden])")
    updates = _answer_changes(page)
    outside, inside = _exports(page)
    context.close()
    return {"updates": updates, "export_outside": outside, "export_inside": inside}


# ---- cases on this device -----------------------------------------------------------------------
PUT_CASES = """(entries) => new Promise((resolve, reject) => {
    const open = indexedDB.open('fairframe');
    open.onsuccess = () => {
        const transaction = open.result.transaction('cases', 'readwrite');
        for (const entry of entries) transaction.objectStore('cases').put(entry);
        transaction.oncomplete = () => { open.result.close(); resolve(true); };
        transaction.onerror = () => reject(transaction.error);
    };
})"""


def _case_entries(site: Path) -> list[dict]:
    """STORED_CASES cases as the form keeps them, made by fairframe.core's bridge (the code the form
    runs): varied answers and notes; the first has SNAPSHOTS review points."""
    import datetime
    import json
    import random
    from fairframe.core import bridge
    assets = site / "assets" / "form"
    bridge.start((assets / "framework.json").read_text(), (assets / "history.json").read_text())
    questions = [q["id"] for p in json.loads((assets / "framework.json").read_text())["principles"]
                 for q in p["questions"]]
    rng = random.Random(10)
    entries = []
    for number in range(STORED_CASES):
        record = {"format": "fairframe-record", "schema_version": 2, "edition": json.loads(
                      (assets / "framework.json").read_text())["edition"]["id"],
                  "case": {"reference": f"BENCH-{number:02d}", "practitioner_reference": f"PR-{number}"},
                  "key_dates": {"concern_raised": "2025-01-06", "next_review": ""}, "patient_safety_incident": "no",
                  "answers": {}, "notes": {}, "snapshots": [], "reviews": [], "edition_changes": []}
        for step in range(SNAPSHOTS if number == 0 else 0):
            for question in rng.sample(questions, 12):
                record["answers"][question] = rng.choice(("yes", "no", "unknown"))
                record["notes"][question] = f"Note at step {step} on {question}. " * rng.randint(1, 4)
            date = (datetime.date(2025, 1, 6) + datetime.timedelta(days=14 * step)).isoformat()
            point = "start" if step == 0 else "review"
            result = json.loads(bridge.record_snapshot(json.dumps(record), json.dumps(
                {"point": point, "date": date, "reviewer": "Case manager", "summary": f"Step {step}."})))
            record = result["record"]
        for question in rng.sample(questions, rng.randint(5, len(questions))):
            record["answers"][question] = rng.choice(("yes", "no", "unknown"))
            if rng.random() < 0.4:
                record["notes"][question] = "A note of a typical length, with what was checked and when. " * 3
        summary = json.loads(bridge.update(json.dumps(record), "2025-06-01"))["case_summary"]
        entries.append({"id": f"bench-{number:02d}", "edition": record["edition"], "record": record,
                        "updated": f"2025-06-01T10:{number:02d}:00Z", "summary": summary, "unsaved": False})
    return entries


def _cases(browser, url: str, site: Path) -> dict:
    """In one page: the case list with STORED_CASES cases, switching cases, review points, changes."""
    context = _new_context(browser)
    page = _load(context, f"{url}/complete/")
    page.evaluate(PUT_CASES, _case_entries(site))
    page.reload()
    page.wait_for_selector("#ff-status[data-state=ready]", state="attached", timeout=READY_TIMEOUT_MS)
    page.wait_for_selector("#ff-case-rows tr >> nth=49", state="attached")
    found = {"list": [], "switch": [], "review": [], "changes": []}
    for run in range(CASE_RUNS):  # at a person's pace: each step once the one before has settled
        name = f"Continue case BENCH-{1 + run % 2:02d}"  # two cases in turn
        found["switch"].append(page.evaluate("([t, e]) => window.__ffTimeButton(t, e)", [name, "ff:case-shown"]))
        page.wait_for_timeout(PAUSE_MS)
        found["list"].append(page.evaluate("([i, e]) => window.__ffTimeEvent(i, e)", ["ff-back", "ff:cases-shown"]))
        page.wait_for_timeout(PAUSE_MS)
    page.evaluate("([t, e]) => window.__ffTimeButton(t, e)", ["Continue case BENCH-00", "ff:case-shown"])
    page.wait_for_selector(f"#ff-review-rows tr >> nth={SNAPSHOTS - 1}", state="attached")
    page.click("a[href='#reviews']")  # the review points have a view of their own
    page.wait_for_selector("#review-point", state="visible")
    # Radios not checked now, a different question each time (a checked one would change nothing).
    unchecked = """(n) => [...document.querySelectorAll('.ff-question fieldset')].slice(n * 3, n * 3 + 3).map((set) =>
        [...set.querySelectorAll('input[type=radio]')].find((radio) => !radio.checked).id)"""
    for run in range(CASE_RUNS):
        page.select_option("#review-point", "review")
        page.fill("#review-date", f"2025-07-{run + 1:02d}")
        page.fill("#review-summary", f"Bench review {run}.")
        found["review"].append(page.evaluate("([i, e]) => window.__ffTimeEvent(i, e)",
                                             ["ff-add-review", "ff:review-recorded"]))
        page.wait_for_timeout(PAUSE_MS)
        found["changes"] += page.evaluate("(ids) => window.__ffTimeUpdates(ids)", page.evaluate(unchecked, run))
    found["changed_items"] = page.locator("#ff-changes .ff-change").count()
    found["snapshots_at_end"] = page.locator("#ff-review-rows tr").count()
    context.close()
    return found


# ---- the report --------------------------------------------------------------------------------
def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def _row(label: str, measured: float, target: float | None = None, unit: str = ".0f") -> None:
    """One figure; with a target (at most), the ratio to it and whether it is met."""
    target_text = "" if target is None else f"{target:g}"
    ratio = "" if not target else f"{measured / target:.2f}"
    met = "" if target is None else ("yes" if measured <= target else "no")
    print(f"{label:48}{measured:>10{unit}}{target_text:>10}{ratio:>9}{met:>6}")


def _report(cold: dict, warm: dict, used: dict, cases: dict, views: dict, load: tuple[float, float]) -> None:
    median = statistics.median
    print(f"form benchmark (Chromium, localhost){'measured':>22}{'target':>10}{'ratio':>9}{'met':>6}")
    print(f"  medians of {COLD_RUNS} cold and {WARM_RUNS} warm loads, {ANSWER_CHANGES} answer changes, "
          f"{EXPORTS} Word exports; load average {load[0]:.1f} before, {load[1]:.1f} after, "
          f"{os.cpu_count()} CPUs")
    _row("form fillable (ms)", median(cold["fillable"]), 300)
    for kind, runs in (("cold", cold), ("warm", warm)):
        _row(f"Python ready, {kind} (ms)", median(runs["form"]))
        _row(f"bare loadPyodide, {kind} (ms)", median(runs["bare"]))
        _row(f"ready / bare, {kind}", median(runs["form"]) / median(runs["bare"]), 1.15, ".2f")
    loads = cold["long_tasks"] + warm["long_tasks"]
    _row("long tasks > 50 ms until ready (most in a load)", max(len(tasks) for tasks in loads), 0, "d")
    _row("longest long task until ready (ms)", max((d for tasks in loads for _, d in tasks), default=0))
    _row("answer -> follow-up list, median (ms)", median(used["updates"]), 50, ".1f")
    _row("answer -> follow-up list, p95 (ms)", _p95(used["updates"]), 50, ".1f")
    _row("Word export, click -> download in page (ms)", median(used["export_inside"]), 300)
    _row("Word export, click -> download event (ms)", median(used["export_outside"]), 300)
    _row(f"case list shown, {STORED_CASES} cases stored (ms)", median(cases["list"]), 100, ".1f")
    _row("switch case: continue -> case shown (ms)", median(cases["switch"]), 100, ".1f")
    _row(f"record a review point, {SNAPSHOTS}+ snapshots (ms)", median(cases["review"]), 100, ".1f")
    _row("answer -> change view updated, median (ms)", median(cases["changes"]), 100, ".1f")
    _row("answer -> change view updated, p95 (ms)", _p95(cases["changes"]), 100, ".1f")
    print(f"  each run, cold ready: {_ms(cold['form'])}; bare: {_ms(cold['bare'])}")
    print(f"  each run, warm ready: {_ms(warm['form'])}; bare: {_ms(warm['bare'])}")
    print(f"  Word exports in page: {_ms(used['export_inside'])}")
    print(f"  case list: {_ms(cases['list'])}; switches: {_ms(cases['switch'])}; review points: {_ms(cases['review'])} "
          f"({cases['snapshots_at_end']} snapshots at the end, {cases['changed_items']} questions in the change view)")
    found = [f"{duration:.0f} ms at {start:.0f} ms" for tasks in loads for start, duration in tasks]
    print(f"  long tasks until ready: {', '.join(found) or 'none'}")
    bench_views.report(views, _row)


def _ms(values: list[float]) -> str:
    return " ".join(f"{value:.0f}" for value in values)


def main() -> int:
    from playwright.sync_api import sync_playwright
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        temp = Path(temp)
        site = _build(temp)
        with serve(site) as url:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            cold = _cold(browser, url)
            used = _interactions(browser, url)
            cases = _cases(browser, url, site)
            launch = {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS, "service_workers": "block"}
            try:
                views = bench_views.measure(playwright, browser, url, temp, _new_context, launch, PROBE)
            finally:
                browser.close()
            warm = _warm(playwright, url, temp / "profile")
    _report(cold, warm, used, cases, views, (load_before, os.getloadavg()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
