// The language switcher goes to this page in the other language. Every page has the same path in
// every language (English at the site's root, Welsh under cy/), so each language link in the
// theme's selector is pointed at the same path under that language's root. (The theme's own look-up
// cannot tell the root's language from one nested inside it.) Added by the build to sites with more
// than one language.
(function () {
  "use strict";
  var roots = {};
  document.querySelectorAll("link[rel=alternate][hreflang]").forEach(function (link) {
    roots[link.hreflang] = new URL(link.getAttribute("href"), location.href).pathname;
  });
  var here = roots[document.documentElement.lang] || roots[document.documentElement.lang.split("-")[0]];
  if (!here || location.pathname.indexOf(here) !== 0) return;
  var rest = location.pathname.slice(here.length);
  document.querySelectorAll("a[hreflang]").forEach(function (link) {
    var root = roots[link.getAttribute("hreflang")];
    if (root) link.setAttribute("href", root + rest + location.hash);
  });
})();
