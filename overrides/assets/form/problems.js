// The error summary (GOV.UK pattern: it takes focus, each problem links to its field), the live
// region for announcements, and the question asked before unsaved work would be left behind.

const $ = (id) => document.getElementById(id);

export function showProblems(problems) {
  const summary = $("ff-error-summary");
  summary.hidden = false;
  $("ff-error-list").replaceChildren(...problems.map((problem) => {
    const item = document.createElement("li");
    const target = problem.target && $(problem.target);
    const view = target?.closest(".ff-view");
    if (target && (view || !target.closest("[hidden]"))) {
      const link = document.createElement("a");
      link.href = `#${problem.target}`;
      link.textContent = problem.text;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        if (!view) return target.focus();
        // The field's view is shown by the page's router, which then focuses the field.
        if (location.hash === `#${problem.target}`) window.dispatchEvent(new HashChangeEvent("hashchange"));
        else location.hash = problem.target;
        return undefined;
      });
      item.append(link);
    } else {
      item.textContent = problem.text;
    }
    return item;
  }));
  summary.focus();
}

export function clearProblems() {
  $("ff-error-summary").hidden = true;
  for (const field of document.querySelectorAll(".ff-field--error")) field.classList.remove("ff-field--error");
  for (const message of document.querySelectorAll(".ff-error-message")) {
    const input = message.nextElementSibling;
    if (input?.dataset.describedby !== undefined) {
      if (input.dataset.describedby) input.setAttribute("aria-describedby", input.dataset.describedby);
      else input.removeAttribute("aria-describedby");
    }
    message.remove();
  }
}

// Marks one field as wrong, with the message above it; returns the summary's entry for it.
export function fieldError(id, text) {
  const input = $(id);
  const field = input.closest(".ff-field") || input.closest(".ff-question") || input.parentElement;
  field.classList.add("ff-field--error");
  const message = document.createElement("p");
  message.className = "ff-error-message";
  message.id = `${id}-error`;
  message.textContent = text;
  input.before(message);
  input.dataset.describedby = input.getAttribute("aria-describedby") || "";
  input.setAttribute("aria-describedby", `${message.id} ${input.dataset.describedby}`.trim());
  return { text, target: id };
}

// Says something to screen reader users (and shows it) without moving focus.
export function announce(text) {
  const region = $("ff-announce");  // always in the page, so that a change is announced
  region.textContent = "";
  if (text) requestAnimationFrame(() => { region.textContent = text; });
}

// Asks before unsaved work is left: resolves "save", "keep" or "cancel". A modal <dialog> keeps
// focus inside it, and focus returns where it was.
export function askAboutUnsaved(text, keepLabel) {
  const dialog = $("ff-dialog");
  const returnTo = document.activeElement;
  $("ff-dialog-text").textContent = text;
  $("ff-dialog-keep").textContent = keepLabel;
  return new Promise((resolve) => {
    const choose = (choice) => {
      for (const button of dialog.querySelectorAll("button")) button.onclick = null;
      dialog.oncancel = null;
      dialog.close();
      returnTo?.focus?.();
      resolve(choice);
    };
    for (const button of dialog.querySelectorAll("button")) button.onclick = () => choose(button.value);
    dialog.oncancel = (event) => {
      event.preventDefault();
      choose("cancel");
    };
    dialog.showModal();
    $("ff-dialog-save").focus();
  });
}
