// Builds the follow-up list, the review history, and the read-only summary used both for
// "Check your answers" and for printing. Text goes in through textContent only.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function renderFollowUps(container, groups) {
  if (!groups.length) {
    container.replaceChildren(element("p", "ff-empty", "Nothing to follow up yet."));
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
      entry.append(link, element("span", "ff-follow-up__answer", ` Answer: ${item.answer}.`));
      entry.append(element("p", "ff-follow-up__prompt", item.if_not));
      list.append(entry);
    }
    section.append(list);
    return section;
  }));
}

const POINTS = { start: "Start of case", review: "Review", decision: "Decision", closure: "Closure" };

export function reviewPointLabel(value) {
  return POINTS[value] || value;
}

export function renderReviews(tbody, empty, reviews) {
  tbody.replaceChildren(...reviews.map((review) => {
    const row = element("tr");
    for (const text of [review.date, reviewPointLabel(review.point), review.reviewer, review.summary]) {
      row.append(element("td", "ff-pre", text));
    }
    return row;
  }));
  empty.hidden = reviews.length > 0;
}

function labelFor(id) {
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  return label ? label.textContent.trim() : id;
}

function row(list, term, value, changeTarget, empty = "Not given") {
  const item = element("div", "ff-summary-list__row");
  item.append(element("dt", "ff-summary-list__key", term));
  const definition = element("dd", "ff-summary-list__value ff-pre", value || empty);
  if (!value) definition.classList.add("ff-summary-list__value--empty");
  item.append(definition);
  if (changeTarget) {
    const actions = element("dd", "ff-summary-list__actions");
    const link = element("a", null, "Change");
    link.href = `#${changeTarget}`;
    link.append(element("span", "ff-visually-hidden", ` ${term}`));
    actions.append(link);
    item.append(actions);
  }
  list.append(item);
}

// The whole record as text: case details, gate, every answer and note in full, the follow-up
// list and the review history. With `changeLinks` it is "Check your answers"; without, the print view.
export function renderSummary(container, record, changeLinks, edition) {
  const parts = [];
  if (!changeLinks) {
    const running = element("div", "ff-print__running",
      `Case reference: ${record.case.reference || "not given"} · Framework edition ${edition}`);
    parts.push(running, element("h1", null, "Fairness and proportionality framework: case record"));
  }
  const heading = (text) => {
    const node = element(changeLinks ? "h3" : "h2", null, text);
    node.tabIndex = -1;
    return node;
  };
  parts.push(heading("Case details"));
  const details = element("dl", "ff-summary-list");
  for (const [key, value] of Object.entries(record.case)) {
    row(details, labelFor(`case-${key}`), value, changeLinks && `case-${key}`);
  }
  const gate = { yes: "Yes", no: "No" }[record.patient_safety_incident];
  row(details, document.querySelector("#gate legend").textContent.trim(), gate, changeLinks && "gate-yes");
  parts.push(details);

  for (const section of document.querySelectorAll("section.ff-principle")) {
    parts.push(heading(section.querySelector("h2").textContent));
    const list = element("dl", "ff-summary-list");
    for (const fieldset of section.querySelectorAll(".ff-question fieldset")) {
      const id = fieldset.querySelector("input[type=radio]").name;
      const answer = record.answers[id];
      const label = answer ? labelFor(`${id}-${answer}`) : "";
      const question = `${id} ${fieldset.querySelector("legend").textContent.trim()}`;
      row(list, question, label ? `Answer: ${label}` : "", changeLinks && `${id}-yes`, "Not answered");
      const notes = record.notes[id];
      if (notes) row(list, `Notes for ${id}`, notes, changeLinks && `${id}-notes`);
    }
    parts.push(list);
  }

  if (record.edition_changes.length) {
    parts.push(heading("Questions to review after a new edition"));
    const changes = document.getElementById("ff-edition-changes-list").cloneNode(true);
    changes.removeAttribute("id");
    for (const link of changes.querySelectorAll("a")) link.replaceWith(element("strong", null, link.textContent));
    parts.push(changes);
  }

  parts.push(heading("Follow-up list"));
  const followUps = document.getElementById("ff-follow-ups").cloneNode(true);
  followUps.removeAttribute("id");
  followUps.removeAttribute("aria-live");
  for (const link of followUps.querySelectorAll("a")) link.replaceWith(element("strong", null, link.textContent));
  parts.push(followUps);

  parts.push(heading("Review history"));
  if (record.reviews.length) {
    const table = element("table", "ff-table");
    const head = element("tr");
    for (const text of ["Date", "Review point", "Reviewer", "Summary of changes"]) {
      const cell = element("th", null, text);
      cell.scope = "col";
      head.append(cell);
    }
    const thead = element("thead");
    thead.append(head);
    const tbody = element("tbody");
    renderReviews(tbody, element("p"), record.reviews);
    table.append(thead, tbody);
    parts.push(table);
  } else {
    parts.push(element("p", "ff-empty", "No review points added yet."));
  }
  container.replaceChildren(...parts);
}

// Questions an edition change reworded or removed, with the answer and notes they had.
export function renderEditionChanges(section, list, changes) {
  section.hidden = changes.length === 0;
  list.replaceChildren(...changes.map((change) => {
    const item = element("li", "ff-edition-change");
    if (change.change === "removed") {
      item.append(element("strong", null, `${change.id} was removed. `),
        element("span", null, `It read: “${change.old_text}”. `));
    } else {
      const link = element("a", null, `${change.id} was reworded.`);
      link.href = `#${change.id}-block`;
      item.append(link, element("span", null, ` It read: “${change.old_text}”. It now reads: “${change.new_text}”. `));
    }
    item.append(element("span", null, `Answer then: ${change.answer ? change.answer : "none"}.`));
    if (change.notes) item.append(element("p", "ff-pre", `Notes then: ${change.notes}`));
    return item;
  }));
}
