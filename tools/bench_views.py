"""The form's views, as a user waits for them (part of bench_form.py, printed in its report).

Each run is a fresh browser context, cold (no cache, like bench_form's cold loads) or warm (a
browser started on a copy of a profile that has visited the form twice: the HTTP cache and the
compiled-code caches of a returning user), alternating. A run goes the way a user does: open
/complete/, "Start a new case" once the form is live (its controls answer), then the task list's "P1. ..." link,
then check P1's first radio, all with real clicks, without waiting for Python. The page-side time
to a fillable P1 adds up what the user waits for: navigation start to the form being live, then
each click to the frame that shows the next view painted (the bench's own time between clicks is
left out, and shown apart). Python's ready time in the same run is shown beside it. Then, with
Python ready, answering each principle as it goes, the switches between views: "Save and
continue" P1 -> P2 -> ... -> P5 -> check, browser back from check to P1, and the task list's links,
each from the click to the frame that shows the view. The in-page probe is
bench_templates/views_probe.js.
"""
from __future__ import annotations

import shutil
import statistics
from pathlib import Path

VIEW_PROBE = Path(__file__).resolve().parent / "bench_templates" / "views_probe.js"
RUNS = 7
FILLABLE_TARGET_MS = 300
SWITCH_TARGET_MS = 100
PRINCIPLES = [f"P{n}" for n in range(1, 6)]
PAUSE_MS = 300
READY_TIMEOUT_MS = 60_000

ANSWER = """(view) => {  // No and Yes in turn, as a user answers: each click is a real change
    const sets = [...document.querySelectorAll(`#${view} .ff-question fieldset`)];
    sets.forEach((set, i) => set.querySelector(`input[value=${i % 2 ? 'yes' : 'no'}]`).click());
    return sets.length;
}"""


# ---- one run -----------------------------------------------------------------------------------
def _switch(page, action) -> dict:
    """Does action (a click, or history.back()) and returns the probe's entry for the view it shows."""
    count = page.evaluate("window.__ffViews.log.length")
    action()
    return page.evaluate("(n) => window.__ffWhen('view', n)", count)


def _first_view(page, url: str) -> dict:
    """Navigation -> form live -> "Start a new case" -> task list -> "P1. ..." -> first radio checked."""
    page.goto(f"{url}/complete/", wait_until="commit")
    page.evaluate("(ms) => window.__ffWhen('live', 0, ms)", READY_TIMEOUT_MS)
    hub = _switch(page, lambda: page.click("#ff-new-case"))
    p1 = _switch(page, lambda: page.click("#ff-task-list a[href='#P1']"))
    page.locator("#P1 .ff-question input[type=radio]").first.check()
    status = page.wait_for_selector("#ff-status[data-state=ready], #ff-status[data-state=error]", state="attached",
                                    timeout=READY_TIMEOUT_MS)
    found = page.evaluate("({...window.__ffViews, ready: window.__ffReady ?? null})")
    own = found["formLive"] + (hub["painted"] - hub["start"]) + (p1["painted"] - p1["start"])
    listed = page.evaluate("(ms) => window.__ffWhen('cases', 0, ms)", READY_TIMEOUT_MS)
    return {"own": own, "clicked": p1["painted"], "answered": found["firstAnswer"],
            "live": found["formLive"], "list": listed,
            "hub": hub["painted"] - hub["start"], "p1": p1["painted"] - p1["start"],
            "views": (hub["view"], p1["view"]), "fillable": p1["fillable"],
            "ready": found["ready"], "failed": None if found["ready"] is not None else status.text_content(),
            "before_ready": found["ready"] is None or found["firstAnswer"] < found["ready"]}


def _switches(page) -> list[dict]:
    """Once Python is ready (or has failed), from P1: answer each principle and "Save and continue" to
    check, back to P1, then the task list's links."""
    entries = []
    for name in PRINCIPLES:
        page.evaluate(ANSWER, name)
        page.wait_for_timeout(PAUSE_MS)  # the follow-up list and the task list settle, as for a user
        entries.append(_switch(page, lambda name=name: page.click(f"#{name} button[data-next]")))
    for _ in PRINCIPLES:  # check -> P5 -> ... -> P1
        entries.append(_switch(page, lambda: page.evaluate("window.__ffBack()")))
    for name in [*PRINCIPLES[1:], "check"]:  # back to the task list, then the next task's link
        here = entries[-1]["view"]
        entries.append(_switch(page, lambda here=here: page.click(f"#{here} a.ff-back-link")))
        page.wait_for_timeout(PAUSE_MS)
        entries.append(_switch(page, lambda name=name: page.click(f"#ff-task-list a[href='#{name}']")))
    return entries


def _run(context, url: str) -> tuple[dict, list[dict]]:
    context.add_init_script(path=VIEW_PROBE)
    page = context.new_page()
    try:
        first = _first_view(page, url)
        return first, _switches(page)
    finally:
        context.close()


# ---- the runs ----------------------------------------------------------------------------------
def _warm_profile(playwright, url: str, profile: Path, launch: dict, probe: Path) -> None:
    """A profile that has opened the form twice, until Python was ready: a returning user's caches."""
    context = playwright.chromium.launch_persistent_context(user_data_dir=profile, **launch)
    try:
        context.add_init_script(path=probe)
        for _ in range(2):
            page = context.new_page()
            page.goto(f"{url}/complete/")
            page.wait_for_selector("#ff-status[data-state=ready]", state="attached", timeout=READY_TIMEOUT_MS)
            page.wait_for_timeout(1000)  # let the caches be written
            page.close()
    finally:
        context.close()


def measure(playwright, browser, url: str, temp: Path, new_context, launch: dict, probe: Path) -> dict:
    """RUNS cold runs (new_context(browser): no cache) and RUNS warm runs (a browser started on a copy of
    a warmed profile), alternating. launch: launch_persistent_context's arguments; probe: probe.js."""
    profile = temp / "views-profile"
    _warm_profile(playwright, url, profile, launch, probe)
    found = {"cold": [], "warm": [], "switches": []}
    for number in range(RUNS):
        first, switches = _run(new_context(browser), url)
        found["cold"].append(first)
        found["switches"] += switches
        copy = shutil.copytree(profile, temp / f"views-profile-{number}", symlinks=True)
        context = playwright.chromium.launch_persistent_context(user_data_dir=copy, **launch)
        context.add_init_script(path=probe)
        first, switches = _run(context, url)
        found["warm"].append(first)
        found["switches"] += switches
        shutil.rmtree(copy, ignore_errors=True)
    return found


# ---- the report --------------------------------------------------------------------------------
def report(found: dict, row) -> None:
    """Rows through bench_form's row(label, measured, target, unit), then the figures of each run."""
    median = statistics.median
    print(f"  first principle view fillable: {RUNS} cold and {RUNS} warm runs, each a fresh browser context")
    for kind in ("cold", "warm"):
        runs = found[kind]
        own = [run["own"] for run in runs]
        row(f"P1 fillable, page's own time, {kind}, median (ms)", median(own), FILLABLE_TARGET_MS)
        row(f"P1 fillable, page's own time, {kind}, max (ms)", max(own), FILLABLE_TARGET_MS)
        row("  nav -> form live, Start a new case works (ms)", median(run["live"] for run in runs))
        row("  (nav -> list of saved cases shown, not waited for) (ms)", median(run["list"] for run in runs))
        row("  Start a new case -> task list painted (ms)", median(run["hub"] for run in runs))
        row("  P1 link -> P1 painted, radio enabled (ms)", median(run["p1"] for run in runs))
        row("  nav -> P1 fillable as the bench clicked (ms)", median(run["clicked"] for run in runs))
        row("  nav -> first radio checked by the bench (ms)", median(run["answered"] for run in runs))
        ready = [run["ready"] for run in runs if run["ready"] is not None]
        row(f"Python ready in the same runs, {kind} (ms)", median(ready) if ready else float("nan"))
        failed = [run["failed"] for run in runs if run["failed"]]
        if failed:
            print(f"  Python failed in {len(failed)} of {len(runs)} {kind} runs: {failed[0].split('. ')[0]}")
    runs = found["cold"] + found["warm"]
    fillable = sum(1 for run in runs if run["fillable"] and run["views"] == ("tasks", "P1"))
    before = sum(1 for run in runs if run["before_ready"])
    print(f"  P1 shown with its first radio enabled and visible in {fillable} of {len(runs)} runs; "
          f"answered before Python was ready in {before} of {len(runs)}")
    switches = found["switches"]
    print(f"  switching views, Python settled: {len(switches)} switches in {len(runs)} runs, click -> view painted")
    for how, label in (("save-and-continue", "Save and continue P1 -> .. -> check"),
                       ("back", "browser back, check -> .. -> P1"), ("a", "task list links and back links")):
        times = [entry["painted"] - entry["start"] for entry in switches if entry["how"] == how]
        row(f"{label}, median (ms)", median(times), SWITCH_TARGET_MS, ".1f")
        row(f"{label}, max (ms)", max(times), SWITCH_TARGET_MS, ".1f")
    times = [entry["painted"] - entry["start"] for entry in switches]
    row("every switch, median (ms)", median(times), SWITCH_TARGET_MS, ".1f")
    row("every switch, max (ms)", max(times), SWITCH_TARGET_MS, ".1f")
    focused = sum(1 for entry in switches if entry["focus"] == entry["heading"])
    print(f"  focus on the view's heading after {focused} of {len(switches)} switches; "
          f"views in order: {' '.join(entry['view'] for entry in switches[:len(switches) // len(runs)])}")
    for kind in ("cold", "warm"):
        print(f"  each run, {kind}: P1 fillable (page's own) {_ms(run['own'] for run in found[kind])}; "
              f"Python ready {_ms(run['ready'] for run in found[kind])}")


def _ms(values) -> str:
    return " ".join("failed" if value is None else f"{value:.0f}" for value in values)
