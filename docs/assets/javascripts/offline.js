// Registers the site's service worker (sw.js at the site root; see fairframe.website.offline) on
// every page, the form's included. A reader's first visit precaches the pages and the search
// index only. The form's files are cached when the form page is opened (its script tag has
// data-cache-form) or when a reader presses a [data-offline-form] button (the Downloads page);
// [data-offline-status] elements say how that went. When a new build is waiting, the page says so
// and reloads only when the reader chooses to.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || location.protocol === "file:") return;
  var wantsForm = script.hasAttribute("data-cache-form");

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  function say(text, state) {
    document.querySelectorAll("[data-offline-status]").forEach(function (element) {
      element.textContent = text;
      element.dataset.state = state;
      element.hidden = false;
    });
  }

  function cacheForm() {
    say("Getting the form ready to use offline…", "working");
    return navigator.serviceWorker.ready.then(function (registration) {
      return ask(registration.active, { type: "cache-form" });
    }).then(function (reply) {
      if (reply && reply.ready) say("Ready to use offline: in this browser, the form now opens and works without a connection.", "ready");
      else say("The form could not be made ready to use offline (" + ((reply && reply.error) || "no answer") + "). It still works while you are online.", "error");
    });
  }

  function offerUpdate(waiting) {
    if (document.getElementById("fairframe-update")) return;
    var bar = document.createElement("div");
    bar.id = "fairframe-update";
    bar.className = "fairframe-update";
    bar.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = "A new version of this site is available.";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload to use it";
    button.addEventListener("click", function () {
      var unsaved = typeof window.fairframeUnsaved === "function" && window.fairframeUnsaved();
      if (unsaved && !window.confirm("This case has changes not saved to a file. They are kept in this browser's draft, which the new version opens. Reload now?")) return;
      window.fairframeReloading = true;
      navigator.serviceWorker.addEventListener("controllerchange", function () { location.reload(); });
      waiting.postMessage({ type: "skip-waiting" });
    });
    bar.append(text, button);
    document.body.prepend(bar);
  }

  function watch(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
    registration.addEventListener("updatefound", function () {
      var installing = registration.installing;
      if (!installing) return;
      installing.addEventListener("statechange", function () {
        if (installing.state === "installed" && navigator.serviceWorker.controller) offerUpdate(installing);
      });
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-offline-form]")) cacheForm();
  });

  navigator.serviceWorker.register(new URL("../../sw.js", script.src)).then(function (registration) {
    watch(registration);
    if (wantsForm) return cacheForm();
    if (!document.querySelector("[data-offline-status]")) return undefined;
    return navigator.serviceWorker.ready.then(function (ready) {
      return ask(ready.active, { type: "form-status" });
    }).then(function (reply) {
      if (reply && reply.ready) say("Ready to use offline: in this browser, the form opens and works without a connection.", "ready");
    });
  }).catch(function () {});
})();
