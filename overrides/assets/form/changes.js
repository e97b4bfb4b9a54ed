// "What changed since the last review point" and, for the print view, what changed at each review
// point: the core works out the changes (fairframe.core), this only lays them out, grouped by
// principle, as headings and description lists that a screen reader reads in order.
import { element, longDate } from "./cases.js";
import { counted, ui } from "./messages.js";

export const questionCount = (n) => counted("questions", n);

const config = JSON.parse(document.getElementById("ff-config").textContent);
const answerLabel = (value) => (value ? config.answers[value] || value : ui("not_answered"));
const pointLabel = (value) => config.reviewPoints.find((point) => point.value === value)?.label || String(value ?? "");
// A review point inside a sentence ("the start of case"): its label, lower case.
const pointName = (value) => pointLabel(value).toLowerCase();

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
      pair(list, ui("answer_then", { then }), answerLabel(item.old_answer));
      pair(list, ui("answer_now"), answerLabel(item.new_answer));
      if (item.old_note !== item.new_note) {
        pair(list, ui("note_then", { then }), item.old_note, ui("no_note"));
        pair(list, ui("note_now"), item.new_note, ui("no_note"));
      } else if (item.new_note) {
        pair(list, ui("note"), item.new_note);
      }
      block.append(list);
      parts.push(block);
    }
  }
  return parts;
}

// The current answers against the latest review point (`since`); `intro` gets the sentence.
export function renderChanges(container, intro, groups, since, tag = "h3") {
  const then = since ? ui("then_at", { point: pointName(since.point), date: longDate(since.date) }) : "";
  const sentence = !since ? ui("changes_none")
    : groups.length ? ui("changes_since", { point: pointName(since.point), date: longDate(since.date),
      questions: questionCount(groups.reduce((n, g) => n + g.items.length, 0)) })
      : ui("changes_nothing", { point: pointName(since.point), date: longDate(since.date) });
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
    section.append(element(tag, "ff-timeline__point", ui("timeline_point", { point: pointLabel(step.point), date: longDate(step.date) })));
    const facts = [step.reviewer && ui("timeline_reviewer", { reviewer: step.reviewer }),
      step.summary && ui("timeline_summary", { summary: step.summary }),
      step.edition && step.edition !== config.edition && ui("timeline_edition", { edition: step.edition })].filter(Boolean);
    if (facts.length) section.append(element("p", "ff-pre", facts.join(" ")));
    const count = (step.changes || []).reduce((n, g) => n + g.items.length, 0);
    section.append(element("p", null, previous
      ? ui("timeline_changed", { questions: questionCount(count), point: pointName(previous.point), date: longDate(previous.date) })
      : ui("timeline_first", { questions: questionCount(count) })));
    const then = previous ? ui("then_at_point", { point: pointName(previous.point) }) : ui("then_before");
    const itemTag = `h${Math.min(6, Number(tag.slice(1)) + 1)}`;
    section.append(...changeGroups(step.changes || [], then, itemTag));
    previous = step;
  }
  return section;
}
