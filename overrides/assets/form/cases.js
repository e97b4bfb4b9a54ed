// "Cases on this device": the table of cases kept in this browser, and the drafts kept aside.
// Text goes in through textContent only.
import { longDate, today } from "./dates.js";

export { longDate, today };

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const STAMP = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });

function stamp(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : STAMP.format(date);
}

// What the list shows of one case: from the stored summary, or from the record itself.
export function caseFacts(entry) {
  const summary = entry.summary && typeof entry.summary === "object" ? entry.summary : {};
  const caseData = entry.record?.case && typeof entry.record.case === "object" ? entry.record.case : {};
  const text = (value) => (typeof value === "string" ? value : "");
  const nextReview = text(summary.next_review) || text(entry.record?.key_dates?.next_review);
  return {
    reference: text(summary.reference) || text(caseData.reference),
    practitioner: text(summary.practitioner_reference) || text(caseData.practitioner_reference),
    point: text(summary.latest_point),
    date: text(summary.latest_date),
    answered: Number.isInteger(summary.answered) ? summary.answered : null,
    total: Number.isInteger(summary.total) ? summary.total : null,
    nextReview,
    overdue: Boolean(nextReview) && nextReview < today(),
  };
}

export function caseName(entry) {
  const reference = caseFacts(entry).reference;
  return reference || `without a reference, last changed ${stamp(entry.updated)}`;
}

export function renderCases(tbody, empty, entries, { edition, pointLabel, onContinue, onDelete }) {
  const sorted = [...entries].sort((a, b) => String(b.updated).localeCompare(String(a.updated)));
  tbody.replaceChildren(...sorted.map((entry) => {
    const facts = caseFacts(entry);
    const row = element("tr");
    row.dataset.caseId = entry.id;
    if (facts.overdue) row.classList.add("ff-case--overdue");
    const reference = element("th", "ff-pre", facts.reference || "No reference yet");
    reference.scope = "row";
    if (entry.edition && entry.edition !== edition) {
      reference.append(element("span", "ff-case__note",
        ` Made with edition ${entry.edition}: continuing brings it into edition ${edition}.`));
    }
    if (entry.unsaved) reference.append(element("span", "ff-case__note", " Not saved to a file since the last change."));
    row.append(reference);
    row.append(element("td", "ff-pre", facts.practitioner || "Not given"));
    row.append(element("td", null, facts.point ? pointLabel(facts.point) : "None yet"));
    row.append(element("td", null, longDate(facts.date) || "None yet"));
    row.append(element("td", null, facts.total ? `${facts.answered} of ${facts.total} questions answered` : "Not known yet"));
    row.append(element("td", null, stamp(entry.updated)));
    const next = element("td", null, facts.nextReview ? longDate(facts.nextReview) : "Not set");
    if (facts.overdue) next.append(" ", element("strong", "ff-tag ff-tag--overdue", "Overdue"));
    row.append(next);
    const actions = element("td", "ff-case__actions");
    const name = caseName(entry);
    const go = element("button", "ff-button ff-button--secondary ff-button--small", `Continue case ${name}`);
    go.type = "button";
    go.addEventListener("click", () => onContinue(entry.id));
    const remove = element("button", "ff-button ff-button--warning ff-button--small", `Delete case ${name} from this device`);
    remove.type = "button";
    remove.addEventListener("click", () => onDelete(entry.id, name));
    actions.append(go, remove);
    row.append(actions);
    return row;
  }));
  tbody.closest("table").hidden = entries.length === 0;
  empty.hidden = entries.length > 0;
}

export function renderAside(section, list, items, onDownload) {
  section.hidden = items.length === 0;
  list.replaceChildren(...items.map((item, index) => {
    const entry = element("li", "ff-aside__item");
    const reasons = Array.isArray(item.reasons) ? item.reasons.map(String).join(" ") : "";
    entry.append(element("p", "ff-pre", `Kept aside on ${stamp(item.kept)}. ${reasons}`));
    const button = element("button", "ff-button ff-button--secondary ff-button--small", `Download unreadable draft ${index + 1}`);
    button.type = "button";
    button.addEventListener("click", () => onDownload(item, index + 1));
    entry.append(button);
    return entry;
  }));
}

export function describeStorage(state) {
  const size = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1000))} KB`);
  const used = state.usage === null ? "This browser does not say how much space the site uses."
    : `The site uses ${size(state.usage)} of this device's storage${state.quota ? ` (the browser allows up to ${size(state.quota)})` : ""}.`;
  const kept = state.persisted === true ? " The browser has agreed to keep it until you clear it."
    : state.persisted === false ? " The browser may clear it if the device runs short of space, so save each record to a file."
      : "";
  return used + kept;
}
