// The case's task list: each task's status tag and count from the core's task list (honest
// statuses: "Completed · 3 to follow up"), in the page's words, and the hints of the tasks kept
// over the case's life.
import { longDate } from "./dates.js";
import { counted, ui } from "./messages.js";

const $ = (id) => document.getElementById(id);
const TAG_IDS = { case: "task-case", patient_safety_incident: "task-gate" };
const SEPARATOR = " · ";
// The core's statuses (fairframe.core.progress), kept as data-status, and their words.
const STATUS_KEYS = { "Not started": "status_not_started", "In progress": "status_in_progress", Completed: "status_completed" };
const config = JSON.parse($("ff-config").textContent);

const joined = (...parts) => parts.filter(Boolean).join(SEPARATOR);

// The words of one task of fairframe.core.tasks: its tag (status, then what is left) and its count.
// `gate` is the record's answer to the patient safety question ("yes", "no" or "").
export function taskWords(task, gate = "") {
  const status = STATUS_KEYS[task.status] ? ui(STATUS_KEYS[task.status]) : String(task.status ?? "");
  const later = task.follow_up ? ui("to_follow_up", { count: task.follow_up }) : "";
  if (task.id === "case") {
    return { label: status, count: ui("filled_count", { filled: task.answered, total: task.total }) };
  }
  if (task.id === "patient_safety_incident") {
    const answer = config.answers[gate] || task.answer;
    return {
      label: joined(status, task.answered && gate === "yes" && ui("gate_being_fair_first")),
      count: task.answered ? ui("gate_answered", { answer }) : ui("not_answered"),
    };
  }
  return { label: joined(status, later), count: joined(ui("answered_count", { answered: task.answered, total: task.total }), later) };
}

export function renderTasks(tasks, gate = "") {
  for (const task of tasks || []) {
    const id = TAG_IDS[task.id] || task.id;
    const tag = $(`${id}-status`);
    const count = $(`${id}-count`);
    if (!tag || !count) continue;
    const words = taskWords(task, gate);
    tag.textContent = words.label;
    tag.dataset.status = task.status;
    count.textContent = words.count;
  }
}

export function renderLifeHints({ followUps = [], dates = null, reviews = [] }) {
  const items = followUps.reduce((sum, group) => sum + group.items.length, 0);
  $("task-follow-ups-hint").textContent = items
    ? ui("follow_ups_hint", { questions: counted("questions", items), principles: counted("principles", followUps.length) })
    : ui("follow_ups_none");
  const next = dates?.next_review;
  $("task-dates-hint").textContent = next
    ? ui(dates.overdue ? "next_review_hint_overdue" : "next_review_hint", { date: longDate(next) })
    : ui("dates_hint");
  const latest = reviews[reviews.length - 1];
  $("task-reviews-hint").textContent = reviews.length
    ? ui("reviews_hint", { points: counted("review_points", reviews.length), date: longDate(latest.date) })
    : ui("reviews_none");
}
