// The page's side of the Python worker (worker.mjs, started by boot.js): every call has a time
// limit, and a worker that failed to start or stopped answering is reported once, plainly, with
// what still works. Nothing from Python reaches the page but plain English messages.
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
  if (!ready) fail(`the form's Python did not start within ${START_LIMIT / 60000} minutes`);
}, START_LIMIT);

// Called once with a plain-English reason when Python cannot start or stops answering.
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
  if (data.fatal) return fail(data.fatal);
  const entry = waiting.get(data.id);
  if (!entry) return undefined;
  waiting.delete(data.id);
  clearTimeout(entry.timer);
  if (data.error !== undefined) entry.reject(new Error(data.error));
  else entry.resolve(data.result);
  return undefined;
};
for (const event of early.splice(0)) worker.onmessage(event);
worker.onerror = (event) => {
  event.preventDefault?.();
  fail(`the form's Python could not start (${event.message || "the worker failed to load"})`);
};
worker.onmessageerror = () => fail("the form's Python sent a message the page could not read");

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
        fail(`the form's Python stopped answering (no reply in ${limit / 1000} seconds)`);
      }, limit);
    };
    waiting.set(id, { resolve, reject, timer: null });
    worker.postMessage({ id, op, args });
    if (ready) arm();
    else started.then(arm, () => {});
  });
}
