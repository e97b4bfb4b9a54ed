// The reference for tools/bench_form.py: Pyodide's core started in a module worker, nothing else.
import { loadPyodide } from "../assets/pyodide/pyodide.mjs";

await loadPyodide({ indexURL: new URL("../assets/pyodide/", import.meta.url).href });
postMessage("ready");
