// Starts the form's Python worker as soon as the page is parsed (a deferred script, so the parser
// never waits for it; it runs just before form.js). The heavy files (the interpreter, the standard
// library, the wheel) are asked for from then on, so that they never compete with the page's own
// files for a slow line. form.js (a module) takes the worker over.
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
