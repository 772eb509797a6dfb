/*
 * Starts the checker's worker from the checker page's <head> (overrides/checker.html).
 * ui.js sits at the end of the body and runs once the whole page is parsed: on a phone
 * that is 1.5-2 s after the page's first bytes, time the runtime's download can use
 * instead. A classic script that blocks the parser for one small request, because an
 * async one runs only when the busy main thread gets to it (measured: no sooner than
 * ui.js). client.js adopts this worker and the messages it sent meanwhile.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || typeof Worker !== "function") return;
  var params = new URLSearchParams(location.search);
  var wanted = params.get("lang");
  var page = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  // An embed that asks for another language is about to be sent to that language's
  // page (ui.js, switchLanguageIfAsked): the worker starts there instead.
  if (params.get("embed") === "1" && ["ja", "fr", "en"].indexOf(wanted) >= 0 && wanted !== page) return;
  var root = new URL("../../", script.src);
  var early = { root: root.href, messages: [], errors: [] };
  early.worker = new Worker(new URL("assets/checker/worker.js", root), { type: "module", name: "checker" });
  early.worker.onmessage = function (event) { early.messages.push(event); };
  early.worker.onerror = function (event) { event.preventDefault(); early.errors.push(event); };
  window.emailCheckerEarlyWorker = early;
})();
