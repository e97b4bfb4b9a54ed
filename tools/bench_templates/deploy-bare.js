// The reference page of tools/bench_deploy.py: starts Pyodide's core in a module worker while the
// page is parsed, as the form's boot.js does, and says "ready" in #ff-status when it has started.
(function () {
  "use strict";
  var worker = new Worker(new URL("deploy-bare-worker.mjs", document.currentScript.src), { type: "module" });
  worker.onmessage = function () {
    document.getElementById("ff-status").dataset.state = "ready";
  };
})();
