// The form's Python side, in a module worker so that loading Pyodide never blocks the page.
// It installs the wheel of fairframe.core and runs the same model code as the build through
// fairframe.core.bridge. Messages: {id, op, args} in; {id, result} or {id, error} out.
import { loadPyodide } from "../pyodide/pyodide.mjs";

let startWith;
const settings = new Promise((resolve) => { startWith = resolve; });
let bridge;
let pyodide;

const ready = (async () => {
  const config = await settings;
  const frameworkData = fetch(config.framework);  // in parallel with starting Python
  const historyData = fetch(config.history);
  const wheelData = fetch(config.wheel).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status} for the wheel`);
    return response.arrayBuffer();
  });
  wheelData.catch(() => {});  // reported below, once Python has started
  pyodide = await loadPyodide({ indexURL: config.pyodide });
  try {
    // The wheel downloads while the interpreter starts, then is unpacked straight into
    // site-packages (pure Python, no dependencies: nothing for loadPackage to resolve).
    const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
    pyodide.unpackArchive(await wheelData, "wheel", { extractDir: sitePackages });
    bridge = pyodide.pyimport("fairframe.core.bridge");
  } catch (error) {
    throw new Error(`the form's Python package did not load (${error.message})`);
  }
  const [response, history] = await Promise.all([frameworkData, historyData]);
  if (!response.ok || !history.ok) throw new Error(`the framework data did not load (HTTP ${response.status})`);
  bridge.start(await response.text(), await history.text());
  return config;
})();

// The filled Word file, named like the saved record (the core's file-name rule) with .docx.
async function exportDocx(recordJson, today) {
  const config = await ready;
  const response = await fetch(config.docx);
  if (!response.ok) throw new Error(`the Word framework did not load (HTTP ${response.status})`);
  const template = new Uint8Array(await response.arrayBuffer());
  let result;
  try {
    result = bridge.export_docx(recordJson, template);
  } catch (error) {
    // A RecordError's message is plain English; keep only its last line, never a traceback.
    const lines = String(error.message || error).trim().split("\n");
    throw new Error(lines[lines.length - 1].replace(/^[\w.]*Error: /, ""));
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
  export: exportDocx,
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  if (op === "start") {
    startWith(args[0]);
    ready.then(
      () => self.postMessage({ id, result: true }),
      (error) => self.postMessage({ id, error: String(error.message || error) }),
    );
    return;
  }
  try {
    await ready;
    const result = await operations[op](...args);
    const transfer = result?.bytes instanceof Uint8Array ? [result.bytes.buffer] : [];
    self.postMessage({ id, result }, transfer);
  } catch (error) {
    self.postMessage({ id, error: String(error.message || error) });
  }
};
