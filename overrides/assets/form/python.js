// The page's side of the Python worker (worker.mjs, started by boot.js): every call has a time
// limit, and a worker that failed to start or stopped answering is reported once, plainly, with
// what still works. Nothing from Python reaches the page but plain messages: the worker's own in
// the page's words (messages.js), the core's as it words them.
import { said, ui } from "./messages.js";

const { worker, early } = window.fairframeBoot;

const TIME_LIMITS = { update: 8000, export: 45000 };  // ms; others get DEFAULT_LIMIT
const DEFAULT_LIMIT = 15000;
const waiting = new Map();
let nextId = 1;
let failure = null;  // why Python cannot be used, once that is known
const listeners = [];

export const started = new Promise((resolve, reject) => waiting.set(0, { resolve, reject }));  // boot.js sent id 0
let ready = false;
started.then(() => { ready = true; }, (error) => fail(error.message));
// A start that neither finishes nor fails (a missing file is reported at once by the worker).
const START_LIMIT = 180000;
setTimeout(() => {
  if (!ready) fail(ui("python_start_timeout", { minutes: START_LIMIT / 60000 }));
}, START_LIMIT);

// Called once with a plain reason, in the page's words, when Python cannot start or stops answering.
export function onFailure(listener) {
  listeners.push(listener);
  if (failure) listener(failure);
}

export function failed() {
  return failure;
}

function fail(reason) {
  if (failure) return;
  failure = reason;
  for (const [, entry] of waiting) entry.reject(new Error(reason));
  waiting.clear();
  for (const listener of listeners) listener(reason);
}

worker.onmessage = ({ data }) => {
  if (data.fatal) return fail(said(data.fatal));
  const entry = waiting.get(data.id);
  if (!entry) return undefined;
  waiting.delete(data.id);
  clearTimeout(entry.timer);
  if (data.error !== undefined) entry.reject(new Error(said(data.error)));
  else entry.resolve(data.result);
  return undefined;
};
for (const event of early.splice(0)) worker.onmessage(event);
worker.onerror = (event) => {
  event.preventDefault?.();
  fail(ui("python_could_not_start", { reason: event.message || ui("python_worker_failed") }));
};
worker.onmessageerror = () => fail(ui("python_unreadable_message"));

// A call's time limit counts from when Python is ready: a call made while it is still starting
// (a user can begin at once) waits for it, however slow the network.
export function call(op, ...args) {
  if (failure) return Promise.reject(new Error(failure));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const limit = TIME_LIMITS[op] || DEFAULT_LIMIT;
    const arm = () => {
      const entry = waiting.get(id);
      if (!entry) return;
      entry.timer = setTimeout(() => {
        if (!waiting.has(id)) return;
        waiting.delete(id);
        reject(new Error("no answer"));
        worker.terminate();
        fail(ui("python_stopped", { seconds: limit / 1000 }));
      }, limit);
    };
    waiting.set(id, { resolve, reject, timer: null });
    worker.postMessage({ id, op, args });
    if (ready) arm();
    else started.then(arm, () => {});
  });
}
