// The "Complete the framework" page: a thin shell over the Python worker (worker.mjs).
// The form is plain HTML, fillable before Python is ready; this script keeps the draft on this
// device, asks the worker for progress and follow-ups, and saves, opens, prints and exports.
// User text only ever reaches the page through .value and .textContent, never as markup.
import { renderEditionChanges, renderFollowUps, renderSummary, renderReviews } from "./render.js";

// Yield once, so that setting up runs in its own task rather than lengthening the parser's last one
// (the page is fillable from its HTML alone; nothing typed meanwhile is lost).
await new Promise((resolve) => setTimeout(resolve, 0));

const { worker, early, at, config } = window.fairframeBoot;  // started by boot.js
const $ = (id) => document.getElementById(id);
const form = $("ff-form");
const DRAFT_KEY = `fairframe.draft.${config.edition}`;

const questions = [...form.querySelectorAll(".ff-question fieldset")].map((fieldset) =>
  fieldset.querySelector("input[type=radio]").name);
let reviews = [];
let editionChanges = [];  // questions an edition change reworded or removed (from an opened record)
let dirty = false;

// ---- the worker -------------------------------------------------------------------------------
const waiting = new Map();
let nextId = 1;
const started = new Promise((resolve, reject) => waiting.set(0, { resolve, reject }));  // boot.js sent id 0
worker.onmessage = ({ data }) => {
  const entry = waiting.get(data.id);
  waiting.delete(data.id);
  if (data.error !== undefined) entry.reject(new Error(data.error));
  else entry.resolve(data.result);
};
for (const event of early.splice(0)) worker.onmessage(event);
worker.onerror = (event) => showStatus("error", `The form could not start Python (${event.message || "worker error"}). Reload the page; if that does not help, use the Word framework from the Downloads page.`);
function call(op, ...args) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

function showStatus(state, text) {
  const status = $("ff-status");
  status.dataset.state = state;
  status.textContent = text;
}

started.then(() => {
  showStatus("ready", "Ready. You can save, open, print and download the record.");
  refresh();
}, (error) => {
  showStatus("error", `The form could not start: ${error.message}. Reload the page; if that does not help, use the Word framework from the Downloads page.`);
});

// ---- reading and writing the form -------------------------------------------------------------
function collect() {
  const data = new FormData(form);
  const record = {
    format: "fairframe-record", schema_version: config.schemaVersion, edition: config.edition,
    case: {}, patient_safety_incident: data.get("case.patient_safety_incident") || "",
    answers: {}, notes: {}, reviews: reviews.map((review) => ({ ...review })),
    edition_changes: editionChanges.map((change) => ({ ...change })),
  };
  for (const element of form.querySelectorAll("[name^='case.']:not([type=radio])")) {
    record.case[element.name.slice(5)] = element.value;
  }
  for (const id of questions) {
    const answer = data.get(id);
    if (answer) record.answers[id] = answer;
    const notes = data.get(`${id}.notes`);
    if (notes) record.notes[id] = notes;
  }
  return record;
}

function apply(record) {
  form.reset();
  for (const [key, value] of Object.entries(record.case || {})) {
    const element = form.elements.namedItem(`case.${key}`);
    if (element) element.value = value;
  }
  setRadio("case.patient_safety_incident", record.patient_safety_incident);
  for (const [id, answer] of Object.entries(record.answers || {})) setRadio(id, answer);
  for (const [id, notes] of Object.entries(record.notes || {})) {
    const element = form.elements.namedItem(`${id}.notes`);
    if (element) element.value = notes;
  }
  reviews = (record.reviews || []).map((review) => ({ ...review }));
  editionChanges = (record.edition_changes || []).map((change) => ({ ...change }));
  renderEditionChanges($("ff-edition-changes"), $("ff-edition-changes-list"), editionChanges);
  afterChange(false);
}

function setRadio(name, value) {
  for (const radio of form.querySelectorAll(`input[type=radio][name="${CSS.escape(name)}"]`)) {
    radio.checked = radio.value === value;
  }
}

// ---- reacting to changes ----------------------------------------------------------------------
let latest = 0;
function refresh() {
  const record = collect();
  const ticket = ++latest;
  return call("update", JSON.stringify(record)).then((result) => {
    if (ticket !== latest) return;
    for (const [principle, status] of Object.entries(result.progress)) {
      const tag = $(`${principle}-status`);
      tag.textContent = status;
      tag.dataset.status = status;
    }
    renderFollowUps($("ff-follow-ups"), result.follow_ups);
    document.dispatchEvent(new CustomEvent("ff:updated"));
  }).catch(() => {});
}

function afterChange(markDirty = true) {
  if (markDirty) dirty = true;
  const record = collect();
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(record));
  } catch (error) {
    showStatus("error", "This browser would not keep a draft (storage is full or blocked). Save the record to keep your answers.");
  }
  for (const id of questions) {
    const answer = record.answers[id];
    $(`${id}-if-not`).hidden = !(answer === "no" || answer === "unknown");
  }
  $("gate-being-fair").hidden = record.patient_safety_incident !== "yes";
  filterPolicies();
  renderReviews($("ff-review-rows"), $("ff-review-empty"), reviews);
  if (!$("ff-summary").hidden) renderSummary($("ff-summary"), record, true);
  refresh();
}

function filterPolicies() {
  const chosen = (name) => form.elements.namedItem(name).selectedOptions[0]?.dataset.id;
  const nation = chosen("case.nation");
  const setting = chosen("case.care_setting");
  const profession = chosen("case.profession");
  for (const option of form.elements.namedItem("case.policy").options) {
    if (!option.value) continue;
    const fits = (list, value) => !value || option.dataset[list].split(" ").includes(value);
    option.hidden = !(fits("nations", nation) && fits("settings", setting) && fits("professions", profession));
  }
}

form.addEventListener("input", () => afterChange());
form.addEventListener("change", () => afterChange());
window.addEventListener("beforeunload", (event) => {
  if (dirty) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// ---- errors -----------------------------------------------------------------------------------
function showProblems(problems) {
  const summary = $("ff-error-summary");
  const list = $("ff-error-list");
  list.replaceChildren(...problems.map((problem) => {
    const item = document.createElement("li");
    if (problem.target) {
      const link = document.createElement("a");
      link.href = `#${problem.target}`;
      link.textContent = problem.text;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        $(problem.target).focus();
      });
      item.append(link);
    } else {
      item.textContent = problem.text;
    }
    return item;
  }));
  summary.hidden = false;
  summary.focus();
}

function clearProblems() {
  $("ff-error-summary").hidden = true;
  for (const field of form.querySelectorAll(".ff-field--error")) field.classList.remove("ff-field--error");
  for (const message of form.querySelectorAll(".ff-error-message")) message.remove();
}

function fieldError(id, text) {
  const field = $(id).closest(".ff-field");
  field.classList.add("ff-field--error");
  const message = document.createElement("p");
  message.className = "ff-error-message";
  message.id = `${id}-error`;
  message.textContent = text;
  $(id).before(message);
  $(id).setAttribute("aria-describedby", message.id);
  return { text, target: id };
}

async function withPython(action) {
  try {
    await started;
  } catch (error) {
    showProblems([{ text: "This needs the form's Python, which did not start. Reload the page to try again." }]);
    return;
  }
  return action();
}

// ---- save, open, print, Word ------------------------------------------------------------------
const today = () => new Date().toISOString().slice(0, 10);

function download(filename, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

$("ff-save").addEventListener("click", () => withPython(async () => {
  clearProblems();
  const result = await call("save", JSON.stringify(collect()), today());
  if (!result.ok) return showProblems(result.problems.map((text) => ({ text })));
  download(result.filename, "application/json", result.text);
  dirty = false;
  showStatus("ready", `Saved ${result.filename}. Keep it in the case file.`);
}));

$("ff-open").addEventListener("click", () => $("ff-open-file").click());
$("ff-open-file").addEventListener("change", (event) => withPython(async () => {
  const file = event.target.files[0];
  event.target.value = "";
  if (!file) return;
  clearProblems();
  if (file.size > config.maxBytes) {
    return showProblems([{ text: `${file.name} is ${Math.round(file.size / 1000)} KB: a record can be at most ${config.maxBytes / 1000} KB. Choose the .json file the form saved. Your answers on screen have not changed.` }]);
  }
  const result = await call("open", new Uint8Array(await file.arrayBuffer()));
  if (!result.ok) {
    return showProblems([
      ...result.problems.map((text) => ({ text: `${file.name}: ${text}` })),
      { text: "Your answers on screen have not changed." },
    ]);
  }
  apply(result.record);
  dirty = false;
  const changed = result.record.edition_changes.length;
  showStatus("ready", changed
    ? `Opened ${file.name}. ${changed} question(s) changed in this edition: review them below.`
    : `Opened ${file.name}.`);
  if (changed) $("ff-edition-changes").scrollIntoView();
}));

// The case reference and edition at the top of every printed page, as an @page margin box
// (a CSSOM rule, which the Content-Security-Policy allows; the text is escaped as a CSS string).
const pageHeader = new CSSStyleSheet();
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageHeader];
function setPageHeader(text) {
  const quoted = text.replace(/[\\"]/g, "\\$&").replace(/[\u0000-\u001f\u007f]/g, " ");
  pageHeader.replaceSync(`@page { @top-left { content: "${quoted}"; font-family: sans-serif; font-size: 9pt; } }`);
}

function printView() {
  const view = $("ff-print-view");
  const record = collect();
  renderSummary(view, record, false, config.edition);
  setPageHeader(`Case reference: ${record.case.reference || "not given"} · Framework edition ${config.edition}`);
  return view;
}
window.addEventListener("beforeprint", printView);
$("ff-print").addEventListener("click", () => {
  printView();
  window.print();
});

$("ff-word").addEventListener("click", () => withPython(async () => {
  clearProblems();
  const record = collect();
  try {
    const bytes = await call("export", JSON.stringify(record));
    const reference = (record.case.reference || "framework-record").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
    download(`${reference || "framework-record"}-${today()}.docx`,
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes);
    showStatus("ready", "The Word document has been downloaded.");
  } catch (error) {
    showProblems([{ text: `The Word document could not be made: ${error.message}` }]);
  }
}));

// ---- review points, check your answers, clearing ---------------------------------------------
$("ff-add-review").addEventListener("click", () => {
  clearProblems();
  const point = $("review-point").value;
  const date = $("review-date").value;
  const problems = [];
  if (!point) problems.push(fieldError("review-point", "Choose the review point"));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.push(fieldError("review-date", "Enter the date of the review"));
  if (problems.length) return showProblems(problems);
  reviews.push({ point, date, reviewer: $("review-reviewer").value, summary: $("review-summary").value });
  for (const id of ["review-point", "review-date", "review-reviewer", "review-summary"]) $(id).value = "";
  afterChange();
});

$("ff-check").addEventListener("click", () => {
  const summary = $("ff-summary");
  renderSummary(summary, collect(), true);
  summary.hidden = false;
  summary.querySelector("h3")?.focus();
});

$("ff-clear").addEventListener("click", () => {
  if (!window.confirm("Clear this device? The draft kept in this browser will be deleted and the form emptied. Save the record first if you need it.")) return;
  localStorage.removeItem(DRAFT_KEY);
  clearProblems();
  apply({ case: {}, answers: {}, notes: {}, reviews: [] });
  localStorage.removeItem(DRAFT_KEY);
  dirty = false;
  $("ff-summary").hidden = true;
  showStatus($("ff-status").dataset.state, "This device has been cleared.");
});

// ---- start ------------------------------------------------------------------------------------
setPageHeader(`Fairness and proportionality framework · edition ${config.edition}`);
try {
  const draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null");
  if (draft) apply(draft);
  else afterChange(false);
} catch (error) {
  localStorage.removeItem(DRAFT_KEY);
}
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(at(config.serviceWorker)).catch(() => {});
}
