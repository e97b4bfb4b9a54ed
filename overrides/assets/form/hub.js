// The case's task list: each task's status tag and count from the core's task list (honest
// statuses: "Completed · 3 to follow up"), and the hints of the tasks kept over the case's life.
import { longDate } from "./dates.js";

const $ = (id) => document.getElementById(id);
const TAG_IDS = { case: "task-case", patient_safety_incident: "task-gate" };
const counted = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function renderTasks(tasks) {
  for (const task of tasks || []) {
    const id = TAG_IDS[task.id] || task.id;
    const tag = $(`${id}-status`);
    const count = $(`${id}-count`);
    if (!tag || !count) continue;
    tag.textContent = task.label;
    tag.dataset.status = task.status;
    count.textContent = task.count;
  }
}

export function renderLifeHints({ followUps = [], dates = null, reviews = [] }) {
  const items = followUps.reduce((sum, group) => sum + group.items.length, 0);
  $("task-follow-ups-hint").textContent = items
    ? `${counted(items, "question")} to follow up, in ${counted(followUps.length, "principle")}`
    : "Nothing to follow up yet";
  const next = dates?.next_review;
  $("task-dates-hint").textContent = next
    ? `Next review due ${longDate(next)}${dates.overdue ? " (overdue)" : ""}`
    : "When the concern was raised and when the next review is due";
  const latest = reviews[reviews.length - 1];
  $("task-reviews-hint").textContent = reviews.length
    ? `${counted(reviews.length, "review point")} recorded, the latest on ${longDate(latest.date)}`
    : "No review points recorded yet";
}
