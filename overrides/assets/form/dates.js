// Dates as a person writes and reads them: "3 February 2025" (in Welsh "3 Chwefror 2025") or
// 3/2/2025 in, the date in full in the page's language out, and ISO dates (2025-02-03) in the
// record. Works before Python is ready.
import { months, ui } from "./messages.js";

// Month names the parser knows: English, and the page's own (Welsh on the Welsh form).
const ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december"];
const MONTHS = [...ENGLISH_MONTHS.map((name, index) => [name, index]),
  ...months.map((name, index) => [name.toLowerCase(), index])];

// "2025-03-03" -> "3 March 2025"; anything else is shown as it is.
export function longDate(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value || "")) return value || "";
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return ui("date_long", { day: date.getUTCDate(), month: months[date.getUTCMonth()], year: date.getUTCFullYear() });
}

export const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
};

function iso(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2999 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

// The ISO date a person meant, or null: "3 February 2025", "3 Feb 2025", "3 Chwefror 2025",
// "3/2/2025" (day first), "03-02-2025", "3.2.2025" and "2025-02-03". Never guesses a two-digit year.
export function parseDate(text) {
  const value = String(text ?? "").trim().replace(/\s+/g, " ");
  let found = value.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (found) return iso(Number(found[1]), Number(found[2]), Number(found[3]));
  found = value.match(/^(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})$/);
  if (found) return iso(Number(found[3]), Number(found[2]), Number(found[1]));
  found = value.match(/^(?:[a-z]+,? )?(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})$/i);
  if (found) {
    const name = found[2].toLowerCase();
    const known = MONTHS.find(([full]) => full === name) || MONTHS.find(([full]) => name.length >= 3 && full.startsWith(name));
    if (known) return iso(Number(found[3]), known[1] + 1, Number(found[1]));
  }
  return null;
}

// What a date field holds in the record: its ISO date, "" when empty, or the text as typed when it
// is not a date (so that nothing typed is lost; saving then says what is wrong).
export function dateValue(text) {
  const value = String(text ?? "").trim();
  return value === "" ? "" : parseDate(value) || value;
}

// What a date field shows for a record's value.
export function shownDate(value) {
  return parseDate(value) ? longDate(parseDate(value)) : String(value ?? "");
}
