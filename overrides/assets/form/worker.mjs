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
  pyodide = await loadPyodide({ indexURL: config.pyodide });
  const problems = [];
  await pyodide.loadPackage(config.wheel, {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  try {
    bridge = pyodide.pyimport("fairframe.core.bridge");
  } catch (error) {
    // loadPackage only logs its failures: surface them with the import error.
    throw new Error(`the form's Python package did not load (${[...problems, error.message].join("; ")})`);
  }
  const [response, history] = await Promise.all([frameworkData, historyData]);
  if (!response.ok || !history.ok) throw new Error(`the framework data did not load (HTTP ${response.status})`);
  bridge.start(await response.text(), await history.text());
  return config;
})();

async function exportDocx(recordJson) {
  const config = await ready;
  const response = await fetch(config.docx);
  if (!response.ok) throw new Error(`the Word framework did not load (HTTP ${response.status})`);
  const template = new Uint8Array(await response.arrayBuffer());
  const result = bridge.export_docx(recordJson, template);
  try {
    return result.toJs();
  } finally {
    result.destroy();
  }
}

const operations = {
  update: (recordJson) => JSON.parse(bridge.update(recordJson)),
  open: (data) => JSON.parse(bridge.open_record(data)),
  save: (recordJson, today) => JSON.parse(bridge.save_record(recordJson, today)),
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
    const transfer = result instanceof Uint8Array ? [result.buffer] : [];
    self.postMessage({ id, result }, transfer);
  } catch (error) {
    self.postMessage({ id, error: String(error.message || error) });
  }
};
