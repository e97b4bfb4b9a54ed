// The record's length limits on every text box, with the GOV.UK character count: a count appears
// as a box nears its limit and says plainly how far over it is. Nothing typed is cut off; saving
// refuses a text that is too long and says which.
import { ui } from "./messages.js";

const config = JSON.parse(document.getElementById("ff-config").textContent);
// Made when a count is first shown: a number format costs tens of milliseconds to set up on a
// slow machine, and the page must be fillable before that.
let number = null;
const THRESHOLD = 0.8;

function limitOf(element) {
  const name = element.name || "";
  if (name.endsWith(".notes")) return config.limits.note;
  if (element.id === "review-summary") return config.limits.summary;
  if (element.id === "review-reviewer") return config.limits.reviewer;
  if (name.startsWith("case.") || name.startsWith("sign_off.")) return config.limits.case;
  return null;
}

export function describeCount(length, limit) {
  const left = limit - length;
  number ??= new Intl.NumberFormat("en-GB");
  const words = (key, n) => ui(`${key}_${n === 1 ? "one" : "other"}`, { count: number.format(n) });
  return left >= 0 ? words("characters_remaining", left) : words("characters_too_many", -left);
}

function update(element) {
  const count = document.getElementById(`${element.id}-count`);
  const limit = Number(element.dataset.limit);
  const length = [...element.value].length;  // characters, as the record counts them
  const near = length >= limit * THRESHOLD;
  count.hidden = !near;
  count.textContent = near ? describeCount(length, limit) : "";
  count.classList.toggle("ff-count--over", length > limit);
  element.classList.toggle("ff-input--over", length > limit);
}

export function setUpCounts(root) {
  for (const element of root.querySelectorAll("textarea, input[type=text]")) {
    const limit = limitOf(element);
    if (!limit || element.dataset.limit || element.dataset.date !== undefined) continue;
    element.dataset.limit = limit;
    const count = document.createElement("p");
    count.className = "ff-count";
    count.id = `${element.id}-count`;
    count.hidden = true;
    element.after(count);
    const described = element.getAttribute("aria-describedby");
    element.setAttribute("aria-describedby", described ? `${described} ${count.id}` : count.id);
    element.addEventListener("input", () => update(element));
  }
}

export function refreshCounts(root) {
  for (const element of root.querySelectorAll("[data-limit]")) update(element);
}
