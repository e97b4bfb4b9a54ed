// The page's status line and what it says of Python: "You can start now…", an action pressed early
// ("Saving as soon as the form is ready…"), "Ready", or a failure with what still works (saving
// the draft as a file and printing, which need no Python). Errors are shown in plain words.
import { ui } from "./messages.js";
import { showProblems } from "./problems.js";
import { failed, onFailure, started } from "./python.js";

const $ = (id) => document.getElementById(id);
let pythonReady = false;

export function showStatus(state, text) {
  $("ff-status").dataset.state = state;
  $("ff-status-box").dataset.state = state;
  $("ff-status").textContent = text;
}

export function currentState() {
  return $("ff-status").dataset.state;
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

onFailure((reason) => {
  showStatus("error", ui("status_failed", { reason: capital(reason) }));
  $("ff-fallback").hidden = false;
});

// Once Python is ready: says so, then runs `then` (the page refreshes what it shows).
export function whenReady(then) {
  started.then(() => {
    pythonReady = true;
    showStatus("ready", ui("status_ready"));
    then();
  }, () => {});  // a failure is reported by onFailure
}

function pythonMissing(what) {
  showProblems([{ text: ui("python_missing", { what, reason: failed() || ui("python_not_started") }) }]);
}

// Runs `action` once Python is ready. Pressed before then, it says so ("Saving as soon as the form
// is ready…") and runs when it is. Any error is shown in the error summary, in plain words.
export async function withPython(action, { waiting = ui("waiting_default"), what = ui("what_default") } = {}) {
  if (failed()) return pythonMissing(what);
  if (!pythonReady) showStatus("queued", ui("status_queued", { waiting }));
  try {
    await started;
  } catch (error) {
    return pythonMissing(what);
  }
  try {
    return await action();
  } catch (error) {
    if (failed()) return pythonMissing(what);
    showProblems([{ text: ui("action_failed", { what, error: error.message }) }]);
    return undefined;
  }
}
