// Compiles Pyodide's standard library zip ahead of time, in Pyodide's own CPython (run by Node.js,
// so the bytecode is exactly what the browser's Python reads). Every .py becomes an unchecked
// hash-based .pyc at the same place (its source left out), every other entry is kept as it is, and
// the zip is written with its entries stored, for the web server to compress (stdlib.py explains).
// Its files are in Pyodide's own in-memory file system, in the working folder there.
// Usage: node compile_stdlib.mjs <pyodide folder> <python_stdlib.zip> <output zip>
// Prints one line of JSON: {"compiled": n, "kept": n}. Exits non-zero on any error.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [pyodideDir, source, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: node compile_stdlib.mjs <pyodide folder> <python_stdlib.zip> <output zip>");
  process.exit(2);
}
// Any failure ends with one plain line on stderr (the error's own last line, e.g. Python's
// "SyntaxError: ..."), not Node's stack and version banner, for stdlib.py to report.
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
function fail(error) {
  const lines = String(error?.message ?? error).trim().split("\n");
  console.error(lines[lines.length - 1]);
  process.exit(1);
}
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", stdout: () => {}, stderr: (text) => console.error(text) });
pyodide.FS.writeFile("source.zip", readFileSync(source));
const counts = pyodide.runPython(`
import importlib.util, json, os, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

# Where this Python finds its standard library (/lib/python3XY.zip): the name the browser's Python
# gives each module's file, so tracebacks name the same paths as before.
where = os.path.dirname(os.__file__)
compiled = kept = 0
with zipfile.ZipFile("source.zip") as source, zipfile.ZipFile("output.zip", "w", zipfile.ZIP_STORED) as output:
    for entry in source.infolist():
        data = source.read(entry)
        name = entry.filename
        if name.endswith(".py"):
            code = compile(data, f"{where}/{name}", "exec", dont_inherit=True, optimize=0)
            data = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
            name += "c"
            compiled += 1
        else:
            kept += 1
        copy = zipfile.ZipInfo(name, entry.date_time)
        copy.external_attr = entry.external_attr
        copy.create_system = entry.create_system
        output.writestr(copy, data)
json.dumps({"compiled": compiled, "kept": kept})
`);
writeFileSync(output, pyodide.FS.readFile("output.zip"));
console.log(counts);
