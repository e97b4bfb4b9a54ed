// The form's own words, in the page's language: the form.* interface text that the build puts in
// the page's configuration (fairframe.website.form form_config "messages", from
// templates/interface/form.yaml and its translations). No module of the form writes a word of its
// own: each asks for its text here by key, with {placeholders} filled from `values`.
const config = JSON.parse(document.getElementById("ff-config").textContent);
const messages = config.messages || {};

export const language = config.lang || "en";

// The text of `key` with each {name} replaced by values[name]. A key the page does not have is an
// error in the form's code: it shows as the key itself, so that it is seen and fixed.
export function ui(key, values = {}) {
  const text = messages[key];
  if (text === undefined) {
    console.error(`The form has no text "${key}"`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (found, name) => (name in values ? String(values[name]) : found));
}

// A count in words: `${key}_one` for 1, `${key}_other` for any other number ("1 question",
// "2 questions"); {count} is the number.
export function counted(key, count, values = {}) {
  return ui(`${key}_${count === 1 ? "one" : "other"}`, { count, ...values });
}

// A message from the form's Python worker: plain text (the core's own words) or {key, values},
// whose values may themselves be such messages.
export function said(message) {
  if (message && typeof message === "object" && typeof message.key === "string") {
    const values = Object.fromEntries(Object.entries(message.values || {}).map(([name, value]) => [name, said(value)]));
    return ui(message.key, values);
  }
  return String(message ?? "");
}

// The months' names, January first.
export const months = Array.from({ length: 12 }, (_, index) => ui(`month_${index + 1}`));
