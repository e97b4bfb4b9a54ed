// Registers the site's service worker (sw.js at the site root; see fairframe.website.offline) on
// every page, the form's included. A reader's first visit precaches the pages and the search
// index only. The form's files are cached when the form page is opened (its script tag has
// data-cache-form) or when a reader presses a [data-offline-form] button (the Downloads page);
// [data-offline-status] elements say how that went. When a new build is waiting, the page says so
// and reloads only when the reader chooses to. What it says comes in the page's language from a
// <script type="application/json" id="ff-offline-text"> element (the site's offline_* interface
// texts, see overrides/main.html); a page without one gets the English below.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || location.protocol === "file:") return;
  var wantsForm = script.hasAttribute("data-cache-form");
  var texts = {
    offline_getting_ready: "Getting the form ready to use offline\u2026",
    offline_ready_now: "Ready to use offline: in this browser, the form now opens and works without a connection.",
    offline_ready: "Ready to use offline: in this browser, the form opens and works without a connection.",
    offline_failed: "The form could not be made ready to use offline ({error}). It still works while you are online.",
    offline_no_answer: "no answer",
    offline_update_available: "A new version of this site is available.",
    offline_reload: "Reload to use it",
    offline_unsaved_confirm: "This case has changes not saved to a file. They are kept in this browser's draft, which the new version opens. Reload now?"
  };
  var carried = document.getElementById("ff-offline-text");
  if (carried) {
    try {
      var given = JSON.parse(carried.textContent);
      Object.keys(texts).forEach(function (key) {
        if (given && typeof given[key] === "string" && given[key]) texts[key] = given[key];
      });
    } catch (error) { /* a broken element: keep the English */ }
  }

  function t(key, values) {
    return texts[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

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
    say(t("offline_getting_ready"), "working");
    return navigator.serviceWorker.ready.then(function (registration) {
      return ask(registration.active, { type: "cache-form" });
    }).then(function (reply) {
      if (reply && reply.ready) say(t("offline_ready_now"), "ready");
      else say(t("offline_failed", { error: (reply && reply.error) || t("offline_no_answer") }), "error");
    });
  }

  function offerUpdate(waiting) {
    if (document.getElementById("fairframe-update")) return;
    var bar = document.createElement("div");
    bar.id = "fairframe-update";
    bar.className = "fairframe-update";
    bar.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = t("offline_update_available");
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = t("offline_reload");
    button.addEventListener("click", function () {
      var unsaved = typeof window.fairframeUnsaved === "function" && window.fairframeUnsaved();
      if (unsaved && !window.confirm(t("offline_unsaved_confirm"))) return;
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
      if (reply && reply.ready) say(t("offline_ready"), "ready");
    });
  }).catch(function () {});
})();
