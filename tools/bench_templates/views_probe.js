// Injected by tools/bench_views.py before any script of the page (page.add_init_script), next to
// probe.js. Records in the page's own clock (performance.now(), from navigation start):
// - formLive: when the form's controls answer ("ff:form-live": "Start a new case" works);
// - casesShown: when the list of the cases kept on this device is shown ("ff:cases-shown");
// - log: each time another view of the case is shown (the one .ff-view not hidden while the case
//   is open), with what started it (a real click on a link or button, taken at the click event's
//   timeStamp, or history.back() through window.__ffBack), when the page showed it (the
//   MutationObserver callback after the handler that unhid it), and when the frame showing it was
//   painted (the first task after the next animation frame); then where the focus is and whether
//   the view's first radio is enabled and visible (can be answered);
// - firstAnswer: when the first radio was first checked.
// window.__ffWhen("live"), ("cases") and ("view", n) resolve once the form is live, once the list
// is shown and once view n of the log is painted (Playwright's wait_for_function would need eval, which the page's
// Content-Security-Policy forbids).
(() => {
  const found = { formLive: undefined, casesShown: undefined, firstAnswer: undefined, log: [] };
  window.__ffViews = found;
  let cause = null;
  let visible = null;

  const waiting = new Set();
  const valueOf = (what, n) => (what === "live" ? found.formLive : what === "cases" ? found.casesShown
    : found.log[n]?.painted !== undefined && found.log[n]);
  function settle() {
    for (const wait of [...waiting]) {
      const value = valueOf(wait.what, wait.n);
      if (value !== undefined && value !== false) {
        waiting.delete(wait);
        clearTimeout(wait.timer);
        wait.resolve(value);
      }
    }
  }
  window.__ffWhen = (what, n = 0, timeoutMs = 60000) => new Promise((resolve, reject) => {
    const wait = { what, n, resolve };
    wait.timer = setTimeout(() => {
      waiting.delete(wait);
      reject(new Error(`no ${what} ${n} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiting.add(wait);
    settle();
  });

  document.addEventListener("ff:form-live", () => {
    if (found.formLive === undefined) found.formLive = performance.now();
    settle();
  });
  document.addEventListener("ff:cases-shown", () => {
    if (found.casesShown === undefined) found.casesShown = performance.now();
    settle();
  });
  addEventListener("click", (event) => {
    const control = event.isTrusted && event.target.closest?.("a[href], button");
    if (!control) return;
    const how = control.matches("button[data-next]") ? "save-and-continue" : control.localName;
    cause = { how, at: event.timeStamp || performance.now() };
  }, true);
  addEventListener("change", (event) => {
    if (found.firstAnswer === undefined && event.target.matches?.("input[type=radio]")) {
      found.firstAnswer = performance.now();
    }
  }, true);
  window.__ffBack = () => {
    cause = { how: "back", at: performance.now() };
    history.back();
  };

  function shownView() {
    const box = document.getElementById("ff-case-view");
    if (!box || box.hidden) return null;
    return [...document.querySelectorAll(".ff-view")].find((view) => !view.hidden) || null;
  }

  function canAnswer(view) {
    const radio = view.querySelector(".ff-question input[type=radio]");
    if (!radio) return null;
    const box = radio.getBoundingClientRect();
    return !radio.disabled && radio.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
  }

  new MutationObserver(() => {
    const view = shownView();
    if (!view || view.id === visible) {
      if (!view) visible = null;
      return;
    }
    visible = view.id;
    const entry = { view: view.id, how: cause?.how ?? null, start: cause?.at ?? null, shown: performance.now() };
    cause = null;
    found.log.push(entry);
    requestAnimationFrame(() => setTimeout(() => {
      entry.focus = document.activeElement?.id || "";
      entry.heading = view.querySelector("h2")?.id || "";
      entry.fillable = canAnswer(view);
      entry.stillShown = !view.hidden;
      entry.painted = performance.now();
      settle();
    }));
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["hidden"] });
})();
