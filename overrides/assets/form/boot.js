// Starts the form's Python worker from the page's head, so that Pyodide loads while the reader
// looks at the page. The worker's own script is fetched at once; the heavy files (the interpreter,
// the standard library, the wheel) are asked for once the document is parsed, so that they never
// compete with the page's own files for a slow line. form.js (a module) takes the worker over.
(function () {
  var config = JSON.parse(document.getElementById("ff-config").textContent);
  var root = new URL((document.documentElement.dataset.base || ".") + "/", location.href);
  var at = function (path) { return new URL(path, root).href; };
  var worker = new Worker(at(config.worker), { type: "module" });
  var early = [];
  worker.onmessage = function (event) { early.push(event); };
  var start = function () {
    worker.postMessage({
      id: 0,
      op: "start",
      args: [{ fallbackName: config.fallbackName, pyodide: at(config.pyodide), wheel: at(config.wheel), framework: at(config.framework), history: at(config.history), docx: at(config.docx) }],
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
  window.fairframeBoot = { worker: worker, early: early, at: at, config: config };
})();
