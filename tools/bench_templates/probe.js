// Injected by tools/bench_form.py before any script of the page (page.add_init_script).
// Records when #ff-status first says data-state="ready", the main thread's long tasks, and the
// clicks that start a Word export (#ff-word) and its download (a[download]).
window.__ffLongTasks = [];
window.__ffClicks = [];
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) window.__ffLongTasks.push({ start: task.startTime, duration: task.duration });
}).observe({ type: "longtask", buffered: true });

new MutationObserver(() => {
  if (window.__ffReady === undefined && document.getElementById("ff-status")?.dataset.state === "ready") {
    window.__ffReady = performance.now();
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });

document.addEventListener("click", (event) => {
  const target = event.target;
  if (target.id === "ff-word" || target.matches?.("a[download]")) {
    window.__ffClicks.push({ what: target.id === "ff-word" ? "word" : "download", at: performance.now() });
  }
}, true);

// Changes each answer in turn (radio ids like "P1.Q1-no") and times it until the page's next
// "ff:updated" event, which form.js dispatches once the follow-up list is rendered.
window.__ffTimeUpdates = async (ids) => {
  const times = [];
  for (const id of ids) {
    const updated = new Promise((resolve) => document.addEventListener("ff:updated", resolve, { once: true }));
    const start = performance.now();
    document.getElementById(id).click();
    await updated;
    times.push(performance.now() - start);
  }
  return times;
};

// Clicks the element with this id and times it until the page dispatches `eventName` (form.js
// dispatches ff:cases-shown, ff:case-shown, ff:review-recorded and ff:updated when it has rendered).
window.__ffTimeEvent = async (id, eventName) => {
  const done = new Promise((resolve) => document.addEventListener(eventName, resolve, { once: true }));
  const start = performance.now();
  document.getElementById(id).click();
  await done;
  return performance.now() - start;
};

// Clicks the first button whose text is exactly `text` (e.g. "Continue case BENCH-01") and times it
// until `eventName`.
window.__ffTimeButton = async (text, eventName) => {
  const button = [...document.querySelectorAll("button")].find((b) => b.textContent === text);
  const done = new Promise((resolve) => document.addEventListener(eventName, resolve, { once: true }));
  const start = performance.now();
  button.click();
  await done;
  return performance.now() - start;
};
