// One view of a case at a time (the task list, the case details, the patient safety question,
// each principle, the follow-up list, key dates, review points, check your answers), chosen by
// the address's fragment: links are plain links, and the browser's back and forward move between
// views. Hiding a view never clears it: every answer stays in the one form.
const views = [...document.querySelectorAll(".ff-view")];
const names = new Set(views.map((view) => view.id));
const baseTitle = document.title;
export const HOME = "tasks";

let shown = null;
const listeners = [];

export function currentView() {
  return shown;
}

export function onViewShown(listener) {
  listeners.push(listener);
}

// {view, target} for a fragment: a view's own id, or any element inside a view (a question, a
// field), whose view is shown and which then gets focus. null for anything else.
export function resolve(hash) {
  let id = "";
  try {
    id = decodeURIComponent(String(hash || "").replace(/^#/, ""));
  } catch (error) {
    return null;
  }
  if (names.has(id)) return { view: id, target: null };
  const element = id ? document.getElementById(id) : null;
  const view = element?.closest(".ff-view");
  return view ? { view: view.id, target: element } : null;
}

function focusTarget(target, view) {
  const element = target || view.querySelector("h2");
  if (!element) return;
  if (element.tabIndex < 0 && !element.matches("input, select, textarea, button, a[href]")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block: target ? "center" : "start" });
  if (!target) window.scrollTo(0, Math.max(0, view.getBoundingClientRect().top + window.scrollY - 16));
}

export function showView(name, target = null, { focus = true } = {}) {
  for (const view of views) view.hidden = view.id !== name;
  const view = document.getElementById(name);
  shown = name;
  document.title = `${view.dataset.title} - ${baseTitle}`;
  for (const listener of listeners) listener(name);
  if (focus) focusTarget(target, view);
}

// Moves to a view as a new history entry (or replaces the current one), then shows it.
export function goTo(name, { replace = false } = {}) {
  const url = `${location.pathname}${location.search}#${name}`;
  if (replace) history.replaceState(null, "", url);
  else if (location.hash !== `#${name}`) history.pushState(null, "", url);
  showView(name);
}

// The address without a fragment: the list of cases.
export function leaveViews({ replace = false } = {}) {
  const url = `${location.pathname}${location.search}`;
  if (replace) history.replaceState(null, "", url);
  else if (location.hash) history.pushState(null, "", url);
  shown = null;
  document.title = baseTitle;
}

// A plain click on a link to a view (the task list, "Back", the follow-up list) shows it directly,
// as "Save and continue" does: the browser's own fragment navigation would first lay the page out
// to scroll to a target that is still hidden. A click with a modifier (a new tab) is the browser's.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.("#ff-case-view a[href^='#']");
  const found = link && resolve(link.getAttribute("href"));
  if (!found) return;
  event.preventDefault();
  if (location.hash !== link.hash) history.pushState(null, "", `${location.pathname}${location.search}${link.hash}`);
  showView(found.view, found.target);
});

// "Save and continue" buttons name the next view.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-next]");
  if (button && names.has(button.dataset.next)) goTo(button.dataset.next);
});
