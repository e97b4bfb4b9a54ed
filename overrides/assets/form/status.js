// The page's status line and what it says of Python: "You can start now…", an action pressed early
// ("Saving as soon as the form is ready…"), "Ready", or a failure with what still works (saving
// the draft as a file and printing, which need no Python). Errors are shown in plain English.
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
  showStatus("error", `${capital(reason)}. Your answers are kept on screen and in this browser. You can still print `
    + "the answers and save the draft as a file. Reload the page to try again; if that does not help, use the Word "
    + "framework from the Downloads page.");
  $("ff-fallback").hidden = false;
});

// Once Python is ready: says so, then runs `then` (the page refreshes what it shows).
export function whenReady(then) {
  started.then(() => {
    pythonReady = true;
    showStatus("ready", "Ready. You can save, open, print and download the record.");
    then();
  }, () => {});  // a failure is reported by onFailure
}

function pythonMissing(what) {
  showProblems([{ text: `${what} needs the form's Python, which is not working (${failed() || "it did not start"}). `
    + "Your answers are kept: use “Save the draft as a file” or “Print the answers”, then reload the page." }]);
}

// Runs `action` once Python is ready. Pressed before then, it says so ("Saving as soon as the form
// is ready…") and runs when it is. Any error is shown in the error summary, in plain English.
export async function withPython(action, { waiting = "Working", what = "This" } = {}) {
  if (failed()) return pythonMissing(what);
  if (!pythonReady) showStatus("queued", `${waiting} as soon as the form is ready…`);
  try {
    await started;
  } catch (error) {
    return pythonMissing(what);
  }
  try {
    return await action();
  } catch (error) {
    if (failed()) return pythonMissing(what);
    showProblems([{ text: `${what} did not work: ${error.message}` }]);
    return undefined;
  }
}
