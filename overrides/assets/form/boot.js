// Starts the form's Python worker while the page is still being parsed, so that Pyodide loads
// while the browser lays out the form. form.js (a module, run after parsing) takes it over.
(function () {
  var config = JSON.parse(document.getElementById("ff-config").textContent);
  var root = new URL((document.documentElement.dataset.base || ".") + "/", location.href);
  var at = function (path) { return new URL(path, root).href; };
  var worker = new Worker(at(config.worker), { type: "module" });
  var early = [];
  worker.onmessage = function (event) { early.push(event); };
  worker.postMessage({
    id: 0,
    op: "start",
    args: [{ fallbackName: config.fallbackName, pyodide: at(config.pyodide), wheel: at(config.wheel), framework: at(config.framework), history: at(config.history), docx: at(config.docx) }],
  });
  window.fairframeBoot = { worker: worker, early: early, at: at, config: config };
})();
