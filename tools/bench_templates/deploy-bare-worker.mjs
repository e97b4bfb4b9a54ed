// Pyodide's core and nothing else, for tools/bench_deploy.py (it sits in assets/form/, beside the
// form's own worker, so that nginx gives it the same Content-Security-Policy).
import { loadPyodide } from "../pyodide/pyodide.mjs";

await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href });
postMessage("ready");
