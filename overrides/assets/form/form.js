// The "Complete the framework" page: a thin shell over the Python worker (python.js, worker.mjs).
// It opens on "Cases on this device" (cases.js, kept in IndexedDB by store.js); one case at a
// time is edited in a tab (locks.js), one view at a time (views.js: the task list, then a view per
// task). The form is plain HTML, fillable before Python is ready; the rules (progress, follow-ups,
// review points, changes, saving) are fairframe.core's.
// User text only ever reaches the page through .value and .textContent, never as markup.
import { renderAside, renderCases, describeStorage, caseFacts } from "./cases.js";
import { questionCount, renderChanges } from "./changes.js";
import { refreshCounts, setUpCounts } from "./counts.js";
import { download } from "./files.js";
import { dateValue, longDate, parseDate, today } from "./dates.js";
import { apply, collect, emptyRecord, filterPolicies, form, frozen, isEmpty, newCaseRecord, questions, setReadOnly, setSnapshots } from "./editor.js";
import { renderLifeHints, renderTasks } from "./hub.js";
import { acquire, broadcast, holding, onBroadcast, releaseHeld, takeOver } from "./locks.js";
import { ui } from "./messages.js";
import { announce, askAboutUnsaved, clearProblems, fieldError, showProblems } from "./problems.js";
import { setUpPrinting } from "./print.js";
import { call, failed } from "./python.js";
import { renderDates, renderEditionChanges, renderFollowUps, renderHistory, renderReviews, renderSummary, reviewPointLabel } from "./render.js";
import { currentState, showStatus, whenReady, withPython } from "./status.js";
import * as store from "./store.js";
import { HOME, currentView, goTo, leaveViews, onViewShown, resolve, showView } from "./views.js";

const { config } = window.fairframeBoot;  // started by boot.js
const $ = (id) => document.getElementById(id);
setUpCounts(form);

// ---- the case being edited --------------------------------------------------------------------
let current = null;     // {id, summary} of the case on screen
let readOnly = false;   // another tab edits it
let dirty = false;      // changed since it was last saved to or opened from a file
let updated = {};       // the core's latest view of it (update())
let writing = Promise.resolve();

// record: the form as collect() reads it, when the caller has just read it.
function persist(record = collect()) {
  if (!current || readOnly) return writing;
  const entry = { id: current.id, edition: config.edition, record, updated: new Date().toISOString(),
    summary: current.summary, unsaved: dirty };
  const id = current.id;
  // Begun now, not after the previous write: the database applies writes to one store in the order
  // they began, and a write begun before a reload is committed, where a chained one had not begun.
  const write = store.putCase(entry).then(() => broadcast({ type: "saved", id }), () => {
    showStatus("error", ui("storage_refused"));
  });
  writing = Promise.all([writing, write]);
  return writing;
}

let latest = 0;
const drawn = {};  // the JSON of each part last drawn
let timelineOf = "";  // the case and number of review points the kept timeline belongs to
function refresh(record = collect()) {
  const ticket = ++latest;
  // The timeline changes only with the review points: ask for it then, not on every keystroke.
  const key = `${current?.id}:${record.snapshots.length}:${record.reviews.length}`;
  const full = key !== timelineOf || !updated.timeline;
  return call("update", JSON.stringify(record), today(), full ? "full" : "light").then((result) => {
    if (ticket !== latest) return;
    if (full) timelineOf = key;
    updated = full ? result : { ...result, timeline: updated.timeline, saved_bytes: updated.saved_bytes };
    renderTasks(result.tasks, record.patient_safety_incident);
    const shown = (part, value) => {  // redraw only the parts whose content changed
      const text = JSON.stringify(value ?? null);
      if (drawn[part] === text) return false;
      drawn[part] = text;
      return true;
    };
    if (shown("follow_ups", result.follow_ups)) renderFollowUps($("ff-follow-ups"), result.follow_ups);
    if (shown("changes", [result.changes, result.since])) {
      renderChanges($("ff-changes"), $("ff-changes-since"), result.changes || [], result.since || null, "h4");
    }
    if (shown("history", result.history)) renderHistory(result.history || {});
    if (shown("dates", result.dates)) renderDates($("ff-dates"), result.dates);
    renderLifeHints({ followUps: result.follow_ups, dates: result.dates, reviews: allReviews() });
    if (result.case_summary && current && JSON.stringify(result.case_summary) !== JSON.stringify(current.summary)) {
      current.summary = result.case_summary;
      persist();
    }
    if (currentView() === "check") renderSummary($("ff-summary"), collect(), true, config.edition, updated);
    document.dispatchEvent(new CustomEvent("ff:updated"));
  }).catch(() => {});  // a failure is reported once, by onFailure
}

function allReviews() {
  const rows = [...frozen().reviews, ...frozen().snapshots].filter((row) => row.date);
  return rows.sort((a, b) => String(a.date).localeCompare(String(b.date)));
}

function afterChange(markDirty = true) {
  if (markDirty && !readOnly) dirty = true;
  const record = collect();
  for (const id of questions) {
    $(`${id}-if-not`).hidden = !config.followUpAnswers.includes(record.answers[id]);
  }
  $("gate-being-fair").hidden = record.patient_safety_incident !== "yes";
  filterPolicies(false);
  renderReviews($("ff-review-rows"), $("ff-review-empty"), frozen().snapshots, frozen().reviews);
  if (currentView() === "check") renderSummary($("ff-summary"), record, true, config.edition, updated);
  if (markDirty) persist(record);
  refresh(record);
}

function showCase(record, visible = true) {
  apply(record);
  renderEditionChanges($("ff-edition-changes"), $("ff-edition-changes-list"), frozen().editionChanges);
  refreshCounts(form);
  $("ff-cases").hidden = visible;
  $("ff-case-view").hidden = !visible;
  afterChange(false);
}

const SCOPE = new Set(["case.nation", "case.care_setting", "case.profession"]);
form.addEventListener("input", (event) => { if (!event.target.closest(".ff-add-review")) afterChange(); });
// A date is shown in full once typed ("3/2/2025" becomes "3 February 2025"); one that is not a
// date stays as typed, with a message, and saving says so too.
function checkDate(input) {
  $(`${input.id}-error`)?.remove();
  input.closest(".ff-field")?.classList.remove("ff-field--error");
  const value = input.value.trim();
  if (!value) return;
  const date = parseDate(value);
  if (date) input.value = longDate(date);
  else fieldError(input.id, ui("date_error"));
}
document.addEventListener("change", (event) => {
  if (event.target.matches?.("input[data-date]")) checkDate(event.target);
}, true);

form.addEventListener("change", (event) => {
  if (event.target.closest(".ff-add-review")) return;
  if (SCOPE.has(event.target.name)) {
    const cleared = filterPolicies(true);
    if (cleared) announce(ui("policy_cleared", { policy: cleared }));
  }
  afterChange();
});
// Asked by offline.js before it reloads the page into a new version of the site.
window.fairframeUnsaved = () => Boolean(current && dirty && !readOnly);
window.addEventListener("beforeunload", (event) => {
  if (dirty && !readOnly && !window.fairframeReloading) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// ---- tabs ---------------------------------------------------------------------------------------
function showLock(text, offerTakeOver) {
  $("ff-lock").classList.toggle("ff-lock--shown", Boolean(text));  // the live region itself stays in the page
  $("ff-lock-text").textContent = text;
  $("ff-take-over").hidden = !offerTakeOver;
}

function enterReadOnly(text) {
  readOnly = true;
  setReadOnly(true);
  showLock(text, true);
}

onBroadcast(async (message) => {
  if (message.type === "take-over" && current?.id === message.id && holding(message.id)) {
    await persist();
    enterReadOnly(ui("lock_taken"));
    await releaseHeld();
  } else if (message.type === "saved" && current?.id === message.id && readOnly) {
    const entry = await store.getCase(message.id);
    if (entry && store.looksLikeCase(entry)) showCase(entry.record);
  } else if (message.type === "cleared" || (message.type === "deleted" && current?.id === message.id)) {
    await leaveCase(false);
  }
  if (!$("ff-cases").hidden) showList();
});

$("ff-take-over").addEventListener("click", async () => {
  const id = current.id;
  showLock(ui("lock_taking_over"), false);
  await takeOver(id);
  const entry = await store.getCase(id);
  readOnly = false;
  setReadOnly(false);
  if (entry && store.looksLikeCase(entry)) showCase(entry.record);
  showLock("", false);
  announce(ui("lock_took_over"));
});

// ---- the list of cases ----------------------------------------------------------------------------
async function showList(focus = false) {
  let kept = { cases: [], aside: [] };
  try {
    kept = await store.listAll();
  } catch (error) {
    showStatus("error", ui("storage_unavailable", { reason: error.message }));
  }
  const damaged = kept.cases.filter((item) => !store.looksLikeCase(item));
  for (const entry of damaged) {
    await store.setAside(entry, [ui("draft_damaged")]);
  }
  if (damaged.length) {
    kept.aside = await store.listAside().catch(() => kept.aside);
    announceAside();
  }
  renderCases($("ff-case-rows"), $("ff-cases-empty"), kept.cases.filter(store.looksLikeCase), {
    edition: config.edition, pointLabel: reviewPointLabel, onContinue: continueCase, onDelete: deleteCase,
  });
  renderAside($("ff-aside"), $("ff-aside-list"), kept.aside, downloadAside);
  if (!current) {  // on the first listing, "Start a new case" may have opened a case meanwhile: keep it
    $("ff-case-view").hidden = true;
    $("ff-cases").hidden = false;
    if (focus) $("ff-cases-title").focus();
  }
  document.dispatchEvent(new CustomEvent("ff:cases-shown"));
  store.storageState(false).then((state) => { $("ff-storage").textContent = describeStorage(state); });
}

function announceAside() {
  showProblems([{ text: ui("aside_announce") }]);
}

function downloadAside(item, number) {
  download(ui("file_unreadable", { number }), "application/json", JSON.stringify(item.draft, null, 2));
}

async function leaveCase(ask = true) {
  if (current && ask && dirty && !readOnly) {
    const choice = await askAboutUnsaved(ui("unsaved_leave"), ui("leave_unsaved"));
    if (choice === "cancel") return false;
    if (choice === "save" && !(await saveRecord())) return false;
  }
  if (current) {
    await writing;
    const record = collect();
    if (!readOnly && isEmpty(record)) await store.deleteCase(current.id).catch(() => {});
  }
  current = null;
  readOnly = false;
  dirty = false;
  updated = {};
  setReadOnly(false);
  showLock("", false);
  leaveViews();
  await releaseHeld();
  setTimeout(() => { if (!current) showCase(emptyRecord(), false); });  // blank, for printing from the list
  return true;
}

async function openCase(id, record, { notices = [], unsaved = false } = {}) {
  current = { id, summary: null };
  dirty = unsaved;
  const mine = await acquire(id);
  showCase(record);
  if (!mine) {
    enterReadOnly(ui("lock_elsewhere"));
  } else {
    persist();
  }
  if (notices.length) showStatus("ready", notices.join(" "));
  goTo(HOME);
  document.dispatchEvent(new CustomEvent("ff:case-shown"));
}

$("ff-new-case").addEventListener("click", async () => {
  clearProblems();
  if (!(await leaveCase())) return;
  const id = store.newId();
  await openCase(id, newCaseRecord());
  store.storageState(true).then((state) => { $("ff-storage").textContent = describeStorage(state); });
});

async function continueCase(id) {
  clearProblems();
  if (current?.id !== id && !(await leaveCase())) return;
  const entry = await store.getCase(id);
  if (!store.looksLikeCase(entry)) {
    await store.setAside(entry, [ui("draft_damaged_short")]);
    await showList();
    return announceAside();
  }
  await withPython(async () => {
    const result = await call("load_draft", JSON.stringify(entry.record));
    if (!result.ok) {
      await store.setAside(entry, result.problems);
      await showList();
      return showProblems([{ text: ui("draft_unreadable", { reference: caseFacts(entry).reference || ui("without_reference"),
        problems: result.problems.join(" ") }) }]);
    }
    const notices = [...(result.notices || [])];
    if (entry.edition && entry.edition !== config.edition) {
      notices.unshift(ui("case_brought_into", { old: entry.edition, edition: config.edition }));
    }
    await openCase(id, result.record, { notices, unsaved: Boolean(entry.unsaved) });
  }, { waiting: ui("waiting_opening_case"), what: ui("what_opening_case") });
}

async function deleteCase(id, name) {
  clearProblems();
  if (!(await acquire(id))) {
    return showProblems([{ text: ui("delete_elsewhere", { name }) }]);
  }
  const ok = window.confirm(ui("delete_confirm", { name }));
  await releaseHeld();
  if (!ok) return;
  await store.deleteCase(id);
  broadcast({ type: "deleted", id });
  announce(ui("deleted", { name }));
  await showList();
}

$("ff-back").addEventListener("click", async () => {
  clearProblems();
  if (await leaveCase()) await showList(true);
});

$("ff-clear").addEventListener("click", async () => {
  if (!window.confirm(ui("clear_confirm"))) return;
  await leaveCase(false);
  await store.clearEverything();
  broadcast({ type: "cleared" });
  clearProblems();
  await showList();
  showStatus(currentState(), ui("cleared"));
});

// ---- save, open, print, Word, calendar -----------------------------------------------------------
function problemsOf(result) {
  const details = result.details || (result.problems || []).map((text) => (typeof text === "string" ? { text } : text));
  return details.map((detail) => {
    const target = detail.field ? detail.field.replace(".", "-") : null;
    return target && $(target) ? fieldError(target, detail.text) : { text: detail.text };
  });
}

async function saveRecord() {
  if (failed()) return saveDraftFile();
  return withPython(async () => {
    clearProblems();
    const result = await call("save", JSON.stringify(collect()), today());
    if (!result.ok) {
      showProblems(problemsOf(result));
      return false;
    }
    download(result.filename, "application/json", result.text);
    dirty = false;
    persist();
    showStatus("ready", ui("saved", { filename: result.filename }));
    return true;
  }, { waiting: ui("waiting_saving"), what: ui("what_saving") });
}
$("ff-save").addEventListener("click", saveRecord);

// Without Python: the answers on screen, as a record file the form opens later (it is checked then).
function saveDraftFile() {
  const record = collect();
  const stem = (record.case.reference || "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  const filename = ui("file_draft", { name: stem || config.fallbackName, date: today() });
  download(filename, "application/json", `${JSON.stringify(record, null, 2)}\n`);
  dirty = false;
  persist();
  showStatus("error", ui("saved_draft", { filename }));
  return true;
}
$("ff-save-draft").addEventListener("click", saveDraftFile);

for (const id of ["ff-open", "ff-open-case"]) $(id).addEventListener("click", () => $("ff-open-file").click());
$("ff-open-file").addEventListener("change", (event) => withPython(async () => {
  const file = event.target.files[0];
  event.target.value = "";
  if (!file) return;
  clearProblems();
  const unchanged = current ? ui("unchanged_case") : ui("unchanged_device");
  if (file.size > config.maxBytes) {
    return showProblems([{ text: ui("file_too_big", { name: file.name, size: Math.round(file.size / 1000), max: config.maxBytes / 1000, unchanged }) }]);
  }
  const result = await call("open", new Uint8Array(await file.arrayBuffer()));
  if (!result.ok) {
    return showProblems([...result.problems.map((text) => ({ text: ui("file_problem", { name: file.name, problem: text }) })), { text: unchanged }]);
  }
  if (current && dirty && !readOnly) {
    const choice = await askAboutUnsaved(ui("open_unsaved", { name: file.name }), ui("keep_both"));
    if (choice === "cancel") return undefined;
    if (choice === "save" && !(await saveRecord())) return undefined;
  }
  if (!(await leaveCase(false))) return undefined;
  await openCase(store.newId(), result.record);
  const changed = (result.record.edition_changes || []).length;
  showStatus("ready", [changed ? ui("opened_changed", { name: file.name, questions: questionCount(changed) }) : ui("opened", { name: file.name }),
    ...(result.notices || []).filter((notice) => !changed || !/edition/i.test(notice))].join(" "));
  return undefined;
}, { waiting: ui("waiting_opening_record"), what: ui("what_opening_record") }));

setUpPrinting(collect, () => updated, [$("ff-print"), $("ff-print-draft")]);

$("ff-word").addEventListener("click", () => withPython(async () => {
  clearProblems();
  const checked = await call("check_export", JSON.stringify(collect()));
  if (!checked.ok) return showProblems(problemsOf(checked));  // the same located problems as saving
  const { filename, bytes } = await call("export", JSON.stringify(collect()), today());
  download(filename, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes);
  showStatus("ready", ui("word_downloaded"));
  return undefined;
}, { waiting: ui("waiting_word"), what: ui("what_word") }));

$("ff-calendar").addEventListener("click", () => withPython(async () => {
  clearProblems();
  const result = await call("calendar", JSON.stringify(collect()));
  if (!result.ok) {
    const problems = result.problems.map((text) => (typeof text === "string" ? text : text.text));
    return showProblems(problems.map((text) => fieldError("key_dates-next_review", text)).slice(0, 1).concat(problems.slice(1).map((text) => ({ text }))));
  }
  download(result.filename, "text/calendar", result.text);
  showStatus("ready", ui("calendar_downloaded", { filename: result.filename }));
  return undefined;
}, { waiting: ui("waiting_calendar"), what: ui("what_calendar") }));

// ---- review points, check your answers ---------------------------------------------------------
$("ff-add-review").addEventListener("click", () => withPython(async () => {
  clearProblems();
  const snapshot = { point: $("review-point").value, date: dateValue($("review-date").value),
    reviewer: $("review-reviewer").value, summary: $("review-summary").value };
  const result = await call("snapshot", JSON.stringify(collect()), JSON.stringify(snapshot));
  if (!result.ok) {
    return showProblems(result.problems.map((problem) => {
      const text = typeof problem === "string" ? problem : problem.text;
      const field = typeof problem === "string" ? null : problem.field;
      const target = field && (["point", "date", "reviewer", "summary"].includes(field) ? `review-${field}` : field.replace(".", "-"));
      return target && $(target) ? fieldError(target, text) : { text };
    }));
  }
  setSnapshots(result.record.snapshots);
  for (const id of ["review-point", "review-date", "review-reviewer", "review-summary"]) $(id).value = "";
  afterChange();
  document.dispatchEvent(new CustomEvent("ff:review-recorded"));
  announce(ui("review_recorded", { point: reviewPointLabel(snapshot.point).toLowerCase() }));
  return undefined;
}, { waiting: ui("waiting_review"), what: ui("what_review") }));

onViewShown((name) => {
  if (name === "check") renderSummary($("ff-summary"), collect(), true, config.edition, updated);
});

// The fragment names the view: links, "Save and continue", back and forward all come here.
async function route() {
  const found = resolve(location.hash);
  if (!current) {
    if (location.hash) leaveViews({ replace: true });
    return;
  }
  if (found) {
    showView(found.view, found.target);
  } else if (!location.hash) {
    clearProblems();
    if (await leaveCase()) await showList(true);
    else goTo(currentView() || HOME);
  } else {
    goTo(HOME, { replace: true });
  }
}
window.addEventListener("hashchange", route);

// ---- start ------------------------------------------------------------------------------------
whenReady(() => { if (current) refresh(); });
// Every control answers from here: "Start a new case" does not wait for the database to list the
// cases kept on this device (tens to hundreds of milliseconds on a first visit).
document.dispatchEvent(new CustomEvent("ff:form-live"));
try {
  await store.importLegacyDrafts();
} catch (error) {
  // Storage blocked: showList says so.
}
await showList();
