// The form's Python side, in a module worker so that loading Pyodide never blocks the page.
// It loads the wheel of fairframe.core by name through the build's lock file and runs the same
// model code as the build through fairframe.core.bridge. Messages: {id, op, args} in; {id, result} or {id, error} out, and
// {fatal} once if Python cannot start. Errors go out as one plain sentence ({key, values} for the
// worker's own, worded by the page), never a traceback (the traceback is logged to the console,
// for whoever supports the form).
import { loadPyodide } from "../pyodide/pyodide.mjs";

// The package of fairframe.core as the build's lock file names it (fairframe.website.lockfile
// PACKAGE), and the lock file's name in Pyodide's folder (fairframe.website.form LOCK_URI).
const PACKAGE = "fairframe-core";
const LOCK_FILE = "pyodide-lock.json";

// What the worker says to the user is sent as {key, values}: the page words it in its own
// language (messages.js, from templates/interface/form.yaml); a value may be such a message too.
const message = (key, values = {}) => ({ key, values });
class Problem extends Error {
  constructor(said) {
    super(said.key);
    this.said = said;
  }
}

// One plain message from any error: the worker's own ({key, values}), or a Python exception's last
// line without its type ("RecordError: The note is too long." -> "The note is too long."); other
// Python errors are not the user's to read, so they get a general sentence.
function plain(error) {
  if (error?.said) return error.said;
  const text = String(error?.message ?? error ?? "").trim();
  if (error?.constructor?.name !== "PythonError" && !/Traceback \(most recent call last\)/.test(text)) {
    return text.split("\n")[0].slice(0, 300);
  }
  console.error(text);
  const last = text.split("\n").filter(Boolean).pop() || "";
  const found = last.match(/^(?:[\w.]+\.)?(\w+): (.*)$/);
  if (found && /^(RecordError|ValueError)$/.test(found[1])) return found[2].slice(0, 300);
  return message("python_went_wrong");
}

// While Python starts, a file that does not arrive (a 404, a dropped connection) is reported at
// once: Pyodide itself would wait for ever on a missing pyodide.asm.wasm, and only logs a package
// that failed to load. A fetch with an integrity hash (the wheel, checked against the lock file's
// sha256) that fails is asked for again without it, to say which it was.
let starting = true;
let reported = false;
let packageProblem = null;  // a promise of the sentence that says why the wheel did not load
function fatal(reason) {
  if (reported) return;
  reported = true;
  self.postMessage({ fatal: reason });
}
const fetchFile = self.fetch.bind(self);
const notLoaded = (name, why) => message("python_file_not_loaded", { name, reason: why });
const httpStatus = (status) => message("python_http_status", { status });
async function whyNotLoaded(resource, name, error) {
  try {
    const response = await fetchFile(resource, { cache: "no-store" });
    if (!response.ok) return notLoaded(name, httpStatus(response.status));
    return notLoaded(name, message("python_wheel_mismatch"));
  } catch {
    return notLoaded(name, plain(error));
  }
}
self.fetch = async (resource, options) => {
  const name = String(resource?.url ?? resource).split("/").pop().split("?")[0];
  try {
    const response = await fetchFile(resource, options);
    if (!response.ok && starting) fatal(notLoaded(name, httpStatus(response.status)));
    return response;
  } catch (error) {
    if (starting && options?.integrity) {
      packageProblem = whyNotLoaded(resource, name, error);
      packageProblem.then(fatal);
    } else if (starting) {
      fatal(notLoaded(name, plain(error)));
    }
    throw error;
  }
};
self.addEventListener("unhandledrejection", (event) => {
  if (starting) fatal(message("python_could_not_start", { reason: plain(event.reason) }));
});

let startWith;
const settings = new Promise((resolve) => { startWith = resolve; });
let bridge;
let pyodide;

const ready = (async () => {
  const config = await settings;
  const frameworkData = fetch(config.framework);  // in parallel with starting Python
  const historyData = fetch(config.history);
  // The build's lock file is Pyodide's with our wheel added (fairframe.website.lockfile): Pyodide
  // fetches the wheel named there while the interpreter starts, checks it against the lock's
  // sha256 and installs it before loadPyodide() resolves. pyodideOptions: the copy for use without
  // a connection (fairframe.website.portable) passes the Pyodide module it loaded from embedded
  // bytes; the served form passes none.
  pyodide = await loadPyodide({
    indexURL: config.pyodide,
    lockFileURL: config.pyodide + LOCK_FILE,
    packages: [PACKAGE],
    ...config.pyodideOptions,
  });
  // The explicit check: Pyodide only logs a package that failed to load, so say so here.
  if (!pyodide.loadedPackages[PACKAGE]) {
    throw new Problem((await packageProblem) ?? message("python_package_not_installed", { name: PACKAGE }));
  }
  try {
    bridge = pyodide.pyimport("fairframe.core.bridge");
  } catch (error) {
    throw new Problem(message("python_package_not_loaded", { reason: plain(error) }));
  }
  const [response, history] = await Promise.all([frameworkData, historyData]);
  if (!response.ok || !history.ok) throw new Problem(message("python_data_not_loaded", { status: response.status }));
  try {
    bridge.start(await response.text(), await history.text());
  } catch (error) {
    throw new Problem(message("python_data_unreadable", { reason: plain(error) }));
  }
  starting = false;
  return config;
})();
ready.catch((error) => {
  starting = false;
  fatal(plain(error));
});

// The filled Word file, named like the saved record (the core's file-name rule) with .docx.
async function exportDocx(recordJson, today) {
  const config = await ready;
  const response = await fetch(config.docx);
  if (!response.ok) throw new Problem(message("python_word_not_loaded", { status: response.status }));
  const template = new Uint8Array(await response.arrayBuffer());
  let result;
  try {
    result = bridge.export_docx(recordJson, template);
  } catch (error) {
    const said = plain(error);
    throw typeof said === "string" ? new Error(said) : new Problem(said);
  }
  let bytes;
  try {
    bytes = result.toJs();
  } finally {
    result.destroy();
  }
  const saved = JSON.parse(bridge.save_record(recordJson, today));
  const filename = saved.ok ? saved.filename.replace(/\.json$/, ".docx") : `${config.fallbackName}-${today}.docx`;
  return { filename, bytes };
}

const operations = {
  update: (recordJson, today, detail) => JSON.parse(bridge.update(recordJson, today, detail)),
  open: (data) => JSON.parse(bridge.open_record(data)),
  load_draft: (recordJson) => JSON.parse(bridge.load_draft(recordJson)),
  save: (recordJson, today) => JSON.parse(bridge.save_record(recordJson, today)),
  snapshot: (recordJson, snapshotJson) => JSON.parse(bridge.record_snapshot(recordJson, snapshotJson)),
  calendar: (recordJson) => JSON.parse(bridge.calendar(recordJson)),
  check_export: (recordJson) => JSON.parse(bridge.check_export(recordJson)),
  export: exportDocx,
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  if (op === "start") {
    startWith(args[0]);
    ready.then(
      () => self.postMessage({ id, result: true }),
      (error) => self.postMessage({ id, error: plain(error) }),
    );
    return;
  }
  try {
    await ready;
    const result = await operations[op](...args);
    const transfer = result?.bytes instanceof Uint8Array ? [result.bytes.buffer] : [];
    self.postMessage({ id, result }, transfer);
  } catch (error) {
    self.postMessage({ id, error: plain(error) });
  }
};
