// "What changed since the last review point" and, for the print view, what changed at each review
// point: the core works out the changes (fairframe.core), this only lays them out, grouped by
// principle, as headings and description lists that a screen reader reads in order.
import { element, longDate } from "./cases.js";

export const questionCount = (n) => `${n} ${n === 1 ? "question" : "questions"}`;

const config = JSON.parse(document.getElementById("ff-config").textContent);
const answerLabel = (value) => (value ? config.answers[value] || value : "Not answered");
const pointLabel = (value) => config.reviewPoints.find((point) => point.value === value)?.label || String(value ?? "");

function pair(list, term, value, empty) {
  const row = element("div", "ff-summary-list__row");
  const definition = element("dd", "ff-summary-list__value ff-pre", value || empty);
  if (!value) definition.classList.add("ff-summary-list__value--empty");
  row.append(element("dt", "ff-summary-list__key", term), definition);
  list.append(row);
}

export function changeGroups(groups, then, tag) {
  const parts = [];
  const itemTag = `h${Math.min(6, Number(tag.slice(1)) + 1)}`;
  for (const group of groups) {
    parts.push(element(tag, "ff-change__principle", group.title));
    for (const item of group.items) {
      const block = element("div", "ff-change");
      block.append(element(itemTag, "ff-change__question", `${item.id} ${item.text}`));
      const list = element("dl", "ff-summary-list ff-change__list");
      pair(list, `Answer ${then}`, answerLabel(item.old_answer));
      pair(list, "Answer now", answerLabel(item.new_answer));
      if (item.old_note !== item.new_note) {
        pair(list, `Note ${then}`, item.old_note, "No note");
        pair(list, "Note now", item.new_note, "No note");
      } else if (item.new_note) {
        pair(list, "Note", item.new_note);
      }
      block.append(list);
      parts.push(block);
    }
  }
  return parts;
}

// The current answers against the latest review point (`since`); `intro` gets the sentence.
export function renderChanges(container, intro, groups, since, tag = "h3") {
  const then = since ? `at the ${pointLabel(since.point).toLowerCase()} (${longDate(since.date)})` : "";
  const sentence = !since ? "No review point recorded yet: record one to compare the answers with it later."
    : groups.length ? `Compared with the ${pointLabel(since.point).toLowerCase()} on ${longDate(since.date)}: ${questionCount(groups.reduce((n, g) => n + g.items.length, 0))} changed.`
      : `Nothing has changed since the ${pointLabel(since.point).toLowerCase()} on ${longDate(since.date)}.`;
  if (intro) intro.textContent = sentence;
  const parts = changeGroups(groups, then, tag);
  if (!intro) parts.unshift(element("p", null, sentence));
  container.replaceChildren(...parts);
}

// Every review point in turn, with what changed since the one before it.
export function renderTimeline(timeline, tag = "h3") {
  const section = element("div", "ff-timeline");
  let previous = null;
  for (const step of timeline) {
    section.append(element(tag, "ff-timeline__point", `${pointLabel(step.point)}, ${longDate(step.date)}`));
    const facts = [step.reviewer && `Reviewer: ${step.reviewer}.`, step.summary && `Summary: ${step.summary}`,
      step.edition && step.edition !== config.edition && `Recorded with edition ${step.edition}.`].filter(Boolean);
    if (facts.length) section.append(element("p", "ff-pre", facts.join(" ")));
    const count = (step.changes || []).reduce((n, g) => n + g.items.length, 0);
    section.append(element("p", null, previous ? `${questionCount(count)} changed since the ${pointLabel(previous.point).toLowerCase()} on ${longDate(previous.date)}.`
      : `${questionCount(count)} answered or noted at this first review point.`));
    const then = previous ? `at the ${pointLabel(previous.point).toLowerCase()}` : "before";
    const itemTag = `h${Math.min(6, Number(tag.slice(1)) + 1)}`;
    section.append(...changeGroups(step.changes || [], then, itemTag));
    previous = step;
  }
  return section;
}
