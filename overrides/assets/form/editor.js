// Reading the form into a record (version 2) and putting a record back on screen. The frozen
// parts (review points, older review rows, edition changes) are kept here as they came, since
// the form never edits them. Dates are typed as people write them and kept as ISO dates.
import { dateValue, shownDate } from "./dates.js";
import { ui } from "./messages.js";

const $ = (id) => document.getElementById(id);
const config = JSON.parse($("ff-config").textContent);
export const form = $("ff-form");
export const questions = [...form.querySelectorAll(".ff-question fieldset")].map((fieldset) =>
  fieldset.querySelector("input[type=radio]").name);

const kept = { snapshots: [], reviews: [], editionChanges: [], extra: {} };

export function frozen() {
  return kept;
}

export function setSnapshots(snapshots) {
  kept.snapshots = Array.isArray(snapshots) ? snapshots : [];
}

export function emptyRecord() {
  return { format: "fairframe-record", schema_version: config.schemaVersion, edition: config.edition, case: {},
    key_dates: { concern_raised: "", next_review: "" }, sign_off: { name: "", role: "", date: "" },
    patient_safety_incident: "", answers: {}, notes: {},
    snapshots: [], reviews: [], edition_changes: [] };
}

export function collect() {
  const data = new FormData(form);
  const record = {
    ...kept.extra,
    format: "fairframe-record", schema_version: config.schemaVersion, edition: config.edition,
    case: {}, key_dates: {}, sign_off: {}, patient_safety_incident: data.get("case.patient_safety_incident") || "",
    answers: {}, notes: {},
    snapshots: kept.snapshots, reviews: kept.reviews, edition_changes: kept.editionChanges,
  };
  for (const element of form.querySelectorAll("[name^='case.']:not([type=radio])")) {
    record.case[element.name.slice(5)] = element.value;
  }
  for (const element of form.querySelectorAll("[name^='key_dates.']")) {
    record.key_dates[element.name.slice(10)] = dateValue(element.value);
  }
  for (const element of form.querySelectorAll("[name^='sign_off.']")) {
    const key = element.name.slice(9);
    record.sign_off[key] = element.dataset.date === undefined ? element.value : dateValue(element.value);
  }
  for (const id of questions) {
    const answer = data.get(id);
    if (answer) record.answers[id] = answer;
    const notes = data.get(`${id}.notes`);
    if (notes) record.notes[id] = notes;
  }
  return record;
}

// Case values the form cannot show (kept by the core, e.g. a value only an organisation's own
// version has) stay in the record: a <select> without that option gets it added, marked as such.
function setValue(element, value) {
  if (element.tagName === "SELECT" && value && ![...element.options].some((option) => option.value === value)) {
    const option = new Option(ui("as_saved", { value }), value);
    option.dataset.fromRecord = "";
    element.add(option);
  }
  element.value = value;
}

export function apply(record) {
  form.reset();
  for (const option of form.querySelectorAll("option[data-from-record]")) option.remove();
  const text = (value) => (typeof value === "string" ? value : "");
  for (const [key, value] of Object.entries(record.case || {})) {
    const element = form.elements.namedItem(`case.${key}`);
    if (element && !(element instanceof RadioNodeList)) setValue(element, text(value));
  }
  for (const [key, value] of Object.entries(record.key_dates || {})) {
    const element = form.elements.namedItem(`key_dates.${key}`);
    if (element) element.value = shownDate(text(value));
  }
  for (const [key, value] of Object.entries(record.sign_off || {})) {
    const element = form.elements.namedItem(`sign_off.${key}`);
    if (element) element.value = element.dataset.date === undefined ? text(value) : shownDate(text(value));
  }
  setRadio("case.patient_safety_incident", record.patient_safety_incident);
  for (const [id, answer] of Object.entries(record.answers || {})) setRadio(id, answer);
  for (const [id, notes] of Object.entries(record.notes || {})) {
    const element = form.elements.namedItem(`${id}.notes`);
    if (element) element.value = text(notes);
  }
  const known = new Set(["format", "schema_version", "edition", "case", "key_dates", "sign_off", "patient_safety_incident",
    "answers", "notes", "snapshots", "reviews", "edition_changes"]);
  kept.extra = Object.fromEntries(Object.entries(record).filter(([key]) => !known.has(key)));
  kept.snapshots = Array.isArray(record.snapshots) ? record.snapshots : [];
  kept.reviews = Array.isArray(record.reviews) ? record.reviews : [];
  kept.editionChanges = Array.isArray(record.edition_changes) ? record.edition_changes : [];
}

function setRadio(name, value) {
  for (const radio of form.querySelectorAll(`input[type=radio][name="${CSS.escape(name)}"]`)) {
    radio.checked = radio.value === value;
  }
}

// Shows only the policies that apply to the nation, setting and profession chosen. Returns the
// title of a chosen policy that no longer applies after clearing it (when `clear`), else "".
export function filterPolicies(clear) {
  const chosen = (name) => form.elements.namedItem(name).selectedOptions[0]?.dataset.id;
  const nation = chosen("case.nation");
  const setting = chosen("case.care_setting");
  const profession = chosen("case.profession");
  const policy = form.elements.namedItem("case.policy");
  for (const option of policy.options) {
    if (!option.value || option.dataset.nations === undefined) continue;
    const fits = (list, value) => !value || option.dataset[list].split(" ").includes(value);
    option.hidden = !(fits("nations", nation) && fits("settings", setting) && fits("professions", profession));
  }
  const selected = policy.selectedOptions[0];
  if (clear && selected?.value && selected.hidden) {
    policy.value = "";
    return selected.value;
  }
  return "";
}

// A new case: empty, but for the organisation's own defaults (its name, its nation).
export function newCaseRecord() {
  const record = emptyRecord();
  record.case = { ...(config.defaults || {}) };
  return record;
}

export function isEmpty(record) {
  const defaults = config.defaults || {};
  return !Object.entries(record.case).some(([key, value]) => value && value !== defaults[key]) && !Object.values(record.key_dates).some(Boolean)
    && !Object.values(record.sign_off || {}).some(Boolean)
    && !record.patient_safety_incident && !Object.keys(record.answers).length && !Object.keys(record.notes).length
    && !record.snapshots.length && !record.reviews.length;
}

// Read-only while another tab edits this case: every control of the form is disabled.
export function setReadOnly(readOnly) {
  for (const element of form.elements) element.disabled = readOnly;
  form.classList.toggle("ff-form--read-only", readOnly);
  for (const id of ["ff-save", "ff-word", "ff-print"]) $(id).disabled = false;
}
