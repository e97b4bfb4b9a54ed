// The copy of the form for use without a connection, opened from file:// (a double click). The
// browser gives such a page an opaque origin: ES modules, fetch() of sibling files and service
// workers do not work, and a module worker cannot start from a blob: URL. Classic scripts and
// data: URL workers do. So this classic script, the only code of its own in the copy:
// - starts the Python worker from a data: URL (the bootstrap below). It is sent the Pyodide core,
//   the lock file, the wheel, the framework data and the Word framework as base64 by embedded.js (a
//   classic script beside the page, loaded async) and the text of worker.mjs; it serves those names
//   to fetch() inside the worker (and nothing else: no request leaves it; a request with an
//   integrity hash, as Pyodide makes for the wheel, is checked against it), loads Pyodide's modules
//   from blob: URLs it makes, then runs the served form's own worker.mjs;
// - loads the form's own modules (form.js and what it imports, kept as text before this code)
//   from blob: URLs, each module's "./x.js" imports pointed at the blob: URL of x.js.
// It sets window.fairframeBoot the way boot.js does for the served form.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("ff-config").textContent);
  var code = window.fairframePortableCode;  // written before this code by fairframe.website.portable
  var root = new URL("./", location.href);
  var at = function (path) { return new URL(path, root).href; };
  var asScript = function (text) { return URL.createObjectURL(new Blob([text], { type: "text/javascript" })); };

  // Runs in the worker (as the source of a data: URL, so it must not use anything from here).
  function bootstrap() {
    var queued = [];
    self.onmessage = function (event) {
      if (event.data && event.data.portable) start(event.data.portable);
      else if (event.data && event.data.portableMissing) self.postMessage({ fatal: event.data.portableMissing });
      else queued.push(event);
    };
    var TYPES = { wasm: "application/wasm", json: "application/json", mjs: "text/javascript", zip: "application/zip" };
    async function checkIntegrity(name, bytes, integrity) {
      var wanted = /^sha256-([A-Za-z0-9+/=]+)$/.exec(integrity.trim());
      if (!wanted) throw new TypeError(name + ": unsupported integrity " + integrity);
      var digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toBase64();
      if (digest !== wanted[1]) throw new TypeError(name + " does not match its sha256 in the lock file");
    }
    async function start(portable) {
      try {
        if (typeof Uint8Array.fromBase64 !== "function") {
          var tooOld = new Error("this browser is too old");
          tooOld.said = { key: "portable_browser_too_old", values: {} };
          throw tooOld;
        }
        var files = new Map();
        for (var name in portable.files) files.set(name, Uint8Array.fromBase64(portable.files[name]));
        portable.files = null;  // the base64 text is no longer needed
        var prefix = portable.prefix;
        self.fetch = async function (resource, options) {
          var url = String((resource && resource.url) || resource);
          var name = url.startsWith(prefix) ? url.slice(prefix.length).split("?")[0] : null;
          if (name === null) throw new TypeError("this copy of the form makes no requests (" + url + ")");
          var bytes = files.get(name);
          if (!bytes) return new Response(null, { status: 404, statusText: "Not in this copy" });
          // As the browser's fetch() does: Pyodide asks for the wheel with the lock file's sha256.
          if (options && options.integrity) await checkIntegrity(name, bytes, String(options.integrity));
          if (portable.keep.indexOf(name) < 0) files.delete(name);  // read once (Pyodide's core): free it
          var type = TYPES[name.split(".").pop()] || "application/octet-stream";
          return new Response(bytes, { status: 200, headers: { "Content-Type": type } });
        };
        var module = function (bytes) { return URL.createObjectURL(new Blob([bytes], { type: "text/javascript" })); };
        var core = import(module(files.get(portable.core)));
        var pyodide = module(files.get(portable.loader));
        var worker = portable.worker.split(JSON.stringify(portable.loaderImport)).join(JSON.stringify(pyodide));
        var createPyodideModule = (await core).default;
        await import(module(worker));  // the form's worker.mjs: sets self.onmessage
        for (var event of queued.splice(0)) {
          var data = event.data;
          if (data && data.op === "start") data.args[0].pyodideOptions = { createPyodideModule: createPyodideModule };
          self.onmessage(event);
        }
      } catch (error) {
        // What the user reads is worded by the page, in its language (the form's messages.js).
        var reason = (error && error.said) || String((error && error.message) || error);
        self.postMessage({ fatal: { key: "python_could_not_start", values: { reason: reason } } });
      }
    }
  }

  var worker = new Worker("data:text/javascript," + encodeURIComponent("(" + bootstrap.toString() + ")();"), { type: "module" });
  var early = [];
  worker.onmessage = function (event) { early.push(event); };
  var embedded = function (path) { return code.prefix + path; };
  worker.postMessage({
    id: 0,
    op: "start",
    args: [{ fallbackName: config.fallbackName, pyodide: embedded(config.pyodide), wheel: embedded(config.wheel),
      framework: embedded(config.framework), history: embedded(config.history), docx: embedded(config.docx) }],
  });

  // The embedded files' script (async, so the form is fillable first) hands them over; the worker
  // waits for them. If it cannot load (the page was moved out of its folder), the form says so.
  window.fairframePortable = {
    files: function (files) {
      worker.postMessage({ portable: { files: files, prefix: code.prefix, worker: code.worker,
        loaderImport: code.loaderImport, core: config.pyodide + "pyodide.asm.mjs", loader: config.pyodide + "pyodide.mjs",
        keep: [config.docx] } });  // the Word framework is read at every export
    },
  };
  var embeddedName = code.filesFolder + "/" + code.embedded;
  var embeddedScript = document.createElement("script");
  embeddedScript.src = embeddedName;
  embeddedScript.async = true;
  embeddedScript.onerror = function () {
    worker.postMessage({ portableMissing: { key: "portable_files_missing", values: { name: embeddedName, folder: code.filesFolder } } });
  };
  document.head.appendChild(embeddedScript);
  window.fairframeBoot = { worker: worker, early: early, at: at, config: config };

  // The page's modules, once the page is parsed (a module script would be deferred until then too).
  function loadModules() {
    var urls = {};
    code.modules.forEach(function (entry) {
      var text = entry.text;
      entry.imports.forEach(function (name) {
        text = text.split("from " + JSON.stringify("./" + name)).join("from " + JSON.stringify(urls[name]));
      });
      urls[entry.name] = asScript(text);
    });
    var script = document.createElement("script");
    script.type = "module";
    script.src = urls[code.main];
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", loadModules);
  else loadModules();
})();
