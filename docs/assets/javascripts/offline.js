// Registers the site's service worker (sw.js at the site root), which precaches every page, the
// search index and the form, so that the site works offline after one visit.
if ("serviceWorker" in navigator && document.currentScript) {
  navigator.serviceWorker.register(new URL("../../sw.js", document.currentScript.src)).catch(() => {});
}
