// "Cases on this device": the table of cases kept in this browser, and the drafts kept aside.
// Text goes in through textContent only.
import { longDate, today } from "./dates.js";
import { ui } from "./messages.js";

export { longDate, today };

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A moment in the page's words: "3 February 2025 at 14:05" (local time).
function stamp(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  const two = (n) => String(n).padStart(2, "0");
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return ui("date_and_time", { date: longDate(day), time: `${two(date.getHours())}:${two(date.getMinutes())}` });
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
  return reference || ui("case_without_reference", { stamp: stamp(entry.updated) });
}

export function renderCases(tbody, empty, entries, { edition, pointLabel, onContinue, onDelete }) {
  const sorted = [...entries].sort((a, b) => String(b.updated).localeCompare(String(a.updated)));
  tbody.replaceChildren(...sorted.map((entry) => {
    const facts = caseFacts(entry);
    const row = element("tr");
    row.dataset.caseId = entry.id;
    if (facts.overdue) row.classList.add("ff-case--overdue");
    const reference = element("th", "ff-pre", facts.reference || ui("no_reference_yet"));
    reference.scope = "row";
    if (entry.edition && entry.edition !== edition) {
      reference.append(element("span", "ff-case__note",
        ` ${ui("made_with_edition", { old: entry.edition, edition })}`));
    }
    if (entry.unsaved) reference.append(element("span", "ff-case__note", ` ${ui("not_saved_note")}`));
    row.append(reference);
    row.append(element("td", "ff-pre", facts.practitioner || ui("not_given")));
    row.append(element("td", null, facts.point ? pointLabel(facts.point) : ui("none_yet")));
    row.append(element("td", null, longDate(facts.date) || ui("none_yet")));
    row.append(element("td", null, facts.total ? ui("case_progress", { answered: facts.answered, total: facts.total }) : ui("not_known_yet")));
    row.append(element("td", null, stamp(entry.updated)));
    const next = element("td", null, facts.nextReview ? longDate(facts.nextReview) : ui("not_set"));
    if (facts.overdue) next.append(" ", element("strong", "ff-tag ff-tag--overdue", ui("overdue")));
    row.append(next);
    const actions = element("td", "ff-case__actions");
    const name = caseName(entry);
    const go = element("button", "ff-button ff-button--secondary ff-button--small", ui("continue_case", { name }));
    go.type = "button";
    go.addEventListener("click", () => onContinue(entry.id));
    const remove = element("button", "ff-button ff-button--warning ff-button--small", ui("delete_case", { name }));
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
    entry.append(element("p", "ff-pre", ui("kept_aside_on", { stamp: stamp(item.kept), reasons })));
    const button = element("button", "ff-button ff-button--secondary ff-button--small", ui("download_unreadable", { number: index + 1 }));
    button.type = "button";
    button.addEventListener("click", () => onDownload(item, index + 1));
    entry.append(button);
    return entry;
  }));
}

export function describeStorage(state) {
  const size = (bytes) => (bytes >= 1e6 ? ui("size_mb", { size: (bytes / 1e6).toFixed(1) })
    : ui("size_kb", { size: Math.max(1, Math.round(bytes / 1000)) }));
  const used = state.usage === null ? ui("storage_unknown")
    : state.quota ? ui("storage_used_quota", { used: size(state.usage), quota: size(state.quota) })
      : ui("storage_used", { used: size(state.usage) });
  const kept = state.persisted === true ? ui("storage_persisted")
    : state.persisted === false ? ui("storage_not_persisted") : "";
  return kept ? `${used} ${kept}` : used;
}
