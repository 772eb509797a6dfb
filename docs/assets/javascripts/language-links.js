// The language switcher keeps what the reader is looking at: the checked domain
// (?domain=…&selector=…, on the checker page) and the section (#anchor, the same in
// every language). Material's links lead to the other language's page, without either.
(function () {
  "use strict";

  var KEPT = ["domain", "selector"];
  var LINKS = "a.md-select__link[hreflang]";

  function carryOver(link) {
    if (!link.hasAttribute("data-page-href")) link.setAttribute("data-page-href", link.getAttribute("href"));
    var target = new URL(link.getAttribute("data-page-href"), location.href);
    var here = new URLSearchParams(location.search);
    KEPT.forEach(function (name) {
      target.searchParams.delete(name);
      here.getAll(name).forEach(function (value) {
        target.searchParams.append(name, value);
      });
    });
    target.hash = location.hash;
    link.href = target.href;
  }

  function linkOf(event) {
    return event.target instanceof Element ? event.target.closest(LINKS) : null;
  }

  // Up to date when the link is pointed at, focused or opened in a new tab.
  ["mouseover", "focusin", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var link = linkOf(event);
      if (link) carryOver(link);
    }, true);
  });

  // A plain click goes there directly: Material's own handler would look the page up in
  // a sitemap without the query and the anchor.
  document.addEventListener("click", function (event) {
    var link = linkOf(event);
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    carryOver(link);
    event.preventDefault();
    event.stopPropagation();
    location.assign(link.href);
  }, true);
})();
