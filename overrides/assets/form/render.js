// Builds the follow-up list, the review points, and the read-only summary used both for
// "Check your answers" and for printing. Text goes in through textContent only.
import { element } from "./cases.js";
import { longDate, shownDate } from "./dates.js";
import { renderChanges, renderTimeline } from "./changes.js";
import { ui } from "./messages.js";

const config = JSON.parse(document.getElementById("ff-config").textContent);

export function renderFollowUps(container, groups) {
  if (!groups.length) {
    container.replaceChildren(element("p", "ff-empty", ui("follow_ups_empty")));
    return;
  }
  container.replaceChildren(...groups.map((group) => {
    const section = element("div", "ff-follow-up-group");
    section.append(element("h3", "ff-follow-up-group__title", group.title));
    const list = element("ul", "ff-follow-up-list");
    for (const item of group.items) {
      const entry = element("li", "ff-follow-up");
      const link = element("a", null, `${item.id} ${item.question}`);
      link.href = `#${item.id}-block`;
      entry.append(link, element("span", "ff-follow-up__answer", ` ${ui("follow_up_answer", { answer: item.answer })}`));
      entry.append(element("p", "ff-follow-up__prompt", item.if_not));
      list.append(entry);
    }
    section.append(list);
    return section;
  }));
}

const POINTS = Object.fromEntries(config.reviewPoints.map((point) => [point.value, point]));

export function reviewPointLabel(value) {
  return POINTS[value]?.label || String(value ?? "");
}

export function reviewPointPhrase(value) {
  return POINTS[value]?.phrase || ui("review_point_other_phrase", { point: String(value ?? "") });
}

// Review points with their answers (snapshots) and older rows without answers (from version 1
// records), in date order. Each row is text only; nothing here can be edited.
export function reviewRows(snapshots, reviews) {
  const rows = [...reviews.map((review) => ({ ...review, kept: false })),
    ...snapshots.map((snapshot) => ({ ...snapshot, kept: true }))];
  return rows.sort((a, b) => String(a.date).localeCompare(String(b.date)));
}

export function renderReviews(tbody, empty, snapshots, reviews) {
  const rows = reviewRows(snapshots, reviews);
  tbody.replaceChildren(...rows.map((review) => {
    const row = element("tr");
    for (const text of [longDate(review.date), reviewPointLabel(review.point), review.reviewer, review.summary,
      review.kept ? ui("answers_kept", { edition: review.edition || config.edition }) : ui("answers_not_kept")]) {
      row.append(element("td", "ff-pre", text));
    }
    return row;
  }));
  empty.hidden = rows.length > 0;
}

// "Unknown at the start of case on 3 March 2025; Yes at the review on 2 April 2025"
export function historyText(entries) {
  return entries.map((entry) => ui("history_entry", { answer: config.answers[entry.answer] || ui("not_answered"),
    phrase: reviewPointPhrase(entry.point), date: longDate(entry.date) })).join("; ");
}

export function renderHistory(history) {
  for (const block of document.querySelectorAll(".ff-history")) {
    const entries = history[block.id.slice(0, -"-history".length)] || [];
    block.hidden = entries.length === 0;
    block.textContent = entries.length ? ui("history_line", { history: historyText(entries) }) : "";
  }
}

// Key dates worked out by the core: days since the concern, gaps between review points, next review.
export function renderDates(list, dates) {
  const rows = [];
  const add = (term, value) => {
    const row = element("div", "ff-summary-list__row");
    row.append(element("dt", "ff-summary-list__key", term), element("dd", "ff-summary-list__value", value));
    rows.push(row);
  };
  if (dates?.concern_raised) {
    add(ui("concern_raised"), Number.isInteger(dates.days_since_concern)
      ? ui("days_ago", { date: longDate(dates.concern_raised), days: dates.days_since_concern }) : longDate(dates.concern_raised));
  }
  for (const gap of dates?.gaps || []) {
    add(ui("date_gap", { from: longDate(gap.from), to: longDate(gap.to) }), ui("gap_days", { days: gap.days }));
  }
  if (dates?.next_review) {
    add(ui("date_next_review"), dates.overdue ? ui("date_overdue", { date: longDate(dates.next_review) }) : longDate(dates.next_review));
  }
  list.replaceChildren(...rows);
  list.hidden = rows.length === 0;
}

function labelFor(id) {
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  return label ? label.textContent.trim() : id;
}

function row(list, term, value, changeTarget, empty = ui("not_given")) {
  const item = element("div", "ff-summary-list__row");
  item.append(element("dt", "ff-summary-list__key", term));
  const definition = element("dd", "ff-summary-list__value ff-pre", value || empty);
  if (!value) definition.classList.add("ff-summary-list__value--empty");
  item.append(definition);
  if (changeTarget) {
    const actions = element("dd", "ff-summary-list__actions");
    const link = element("a", null, ui("change"));
    link.href = `#${changeTarget}`;
    link.append(element("span", "ff-visually-hidden", ` ${term}`));
    actions.append(link);
    item.append(actions);
  }
  list.append(item);
}

// The whole record as text: case details, gate, every answer and note in full, the follow-up
// list and the review history. With `changeLinks` it is "Check your answers"; without, the print view.
export function renderSummary(container, record, changeLinks, edition, updated = {}) {
  const parts = [];
  if (!changeLinks) {
    const running = element("div", "ff-print__running",
      ui("print_running", { reference: record.case.reference || ui("print_not_given"), edition }));
    parts.push(running, element("h1", null, ui("print_title")));
  }
  const history = updated.history || {};
  const heading = (text) => {
    const node = element(changeLinks ? "h3" : "h2", null, text);
    node.tabIndex = -1;
    return node;
  };
  parts.push(heading(ui("case_details")));
  const details = element("dl", "ff-summary-list");
  for (const [key, value] of Object.entries(record.case)) {
    row(details, labelFor(`case-${key}`), value, changeLinks && `case-${key}`);
  }
  const gate = ["yes", "no"].includes(record.patient_safety_incident) ? config.answers[record.patient_safety_incident] : undefined;
  row(details, document.querySelector("#gate legend").textContent.trim(), gate, changeLinks && "gate-yes");
  for (const [key, value] of Object.entries(record.key_dates || {})) {
    row(details, labelFor(`key_dates-${key}`), longDate(value), changeLinks && `key_dates-${key}`);
  }
  parts.push(details);

  for (const section of document.querySelectorAll("section.ff-principle")) {
    parts.push(heading(section.querySelector("h2").textContent));
    const list = element("dl", "ff-summary-list");
    for (const fieldset of section.querySelectorAll(".ff-question fieldset")) {
      const id = fieldset.querySelector("input[type=radio]").name;
      const answer = record.answers[id];
      const label = answer ? labelFor(`${id}-${answer}`) : "";
      const question = `${id} ${fieldset.querySelector("legend").textContent.trim()}`;
      row(list, question, label ? ui("answer_label", { answer: label }) : "", changeLinks && `${id}-yes`, ui("not_answered"));
      const notes = record.notes[id];
      if (notes) row(list, ui("notes_for_question", { id }), notes, changeLinks && `${id}-notes`);
      if (history[id]?.length) row(list, ui("history_of", { id }), historyText(history[id]), false);
    }
    parts.push(list);
  }

  if (record.edition_changes.length) {
    parts.push(heading(ui("edition_changes_title")));
    const changes = document.getElementById("ff-edition-changes-list").cloneNode(true);
    changes.removeAttribute("id");
    for (const link of changes.querySelectorAll("a")) link.replaceWith(element("strong", null, link.textContent));
    parts.push(changes);
  }

  parts.push(heading(ui("follow_up_list")));
  const followUps = document.getElementById("ff-follow-ups").cloneNode(true);
  followUps.removeAttribute("id");
  followUps.removeAttribute("aria-live");
  for (const link of followUps.querySelectorAll("a")) link.replaceWith(element("strong", null, link.textContent));
  parts.push(followUps);

  parts.push(heading(ui("review_points")));
  if (record.reviews.length || record.snapshots.length) {
    const table = element("table", "ff-table");
    const head = element("tr");
    for (const text of config.reviewLogColumns) {
      const cell = element("th", null, text);
      cell.scope = "col";
      head.append(cell);
    }
    const thead = element("thead");
    thead.append(head);
    const tbody = element("tbody");
    renderReviews(tbody, element("p"), record.snapshots, record.reviews);
    table.append(thead, tbody);
    parts.push(table);
  } else {
    parts.push(element("p", "ff-empty", ui("reviews_empty")));
  }
  if (!changeLinks && updated.timeline?.length) {
    parts.push(heading(ui("timeline_title")));
    parts.push(renderTimeline(updated.timeline, changeLinks ? "h4" : "h3"));
  }
  if (updated.since) {
    parts.push(heading(ui("changes_title")));
    const changes = element("div");
    renderChanges(changes, null, updated.changes || [], updated.since, changeLinks ? "h4" : "h3");
    parts.push(changes);
  }
  if (!changeLinks) {  // "Check your answers" has the sign-off's own fields below it
    parts.push(heading(ui("sign_off")));
    const signOff = element("dl", "ff-summary-list ff-sign-off-list");
    const signed = record.sign_off || {};
    row(signOff, config.signOff.name, signed.name, false, ui("not_signed_off"));
    row(signOff, config.signOff.role, signed.role, false);
    row(signOff, config.signOff.date, shownDate(signed.date || ""), false);
    row(signOff, ui("sign_off_signature"), "", false, " ");
    parts.push(signOff);
  }

  container.replaceChildren(...parts);
}

// Questions an edition change reworded or removed, with the answer and notes they had.
export function renderEditionChanges(section, list, changes) {
  section.hidden = changes.length === 0;
  list.replaceChildren(...changes.map((change) => {
    const item = element("li", "ff-edition-change");
    if (change.change === "removed") {
      item.append(element("strong", null, `${ui("edition_change_removed", { id: change.id })} `),
        element("span", null, `${ui("edition_change_read", { old: change.old_text })} `));
    } else {
      const link = element("a", null, ui("edition_change_reworded", { id: change.id }));
      link.href = `#${change.id}-block`;
      item.append(link, element("span", null, ` ${ui("edition_change_reads", { old: change.old_text, new: change.new_text })} `));
    }
    const answer = change.answer ? config.answers[change.answer] || change.answer : ui("edition_change_no_answer");
    item.append(element("span", null, ui("edition_change_answer", { answer })));
    if (change.notes) item.append(element("p", "ff-pre", ui("edition_change_notes", { notes: change.notes })));
    return item;
  }));
}
