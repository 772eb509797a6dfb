/*
 * The domain checker on another website: this script turns each
 *
 *   <div class="email-checker" data-protocols="all" data-lang="fr"></div>
 *   <script src="https://<knowledge base>/assets/checker/embed.js" async></script>
 *
 * into an iframe showing the knowledge base's checker page in embed mode:
 *
 *   https://<knowledge base>/checker/?embed=1&protocols=all&lang=fr
 *
 * The checker runs there, on the knowledge base's own origin: its Python worker and
 * its DNS-over-HTTPS queries cannot run from another site's page. The host page gets
 * nothing from the checker but the height the iframe needs (a postMessage, checked
 * against the knowledge base's origin); the checker reads nothing of the host page.
 *
 *   data-protocols  "all" (default), "spf", "dmarc", or a list: "spf dmarc"
 *   data-lang       "ja" | "fr" | "en"; default: the host page's <html lang>, else "en"
 *   data-domain     optional: a domain to check at once
 *
 * See EMBEDDING.md in the project for the requirements on both sides.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) return; // the address of the knowledge base comes from here
  var siteRoot = new URL("../../", script.src);
  var LANGUAGES = ["ja", "fr", "en"];
  var TITLES = {
    ja: "メール認証チェッカー",
    fr: "Vérificateur d’authentification des e-mails",
    en: "Email authentication checker",
  };
  var MIN_HEIGHT = 160;
  var MAX_HEIGHT = 20000;
  var frames = [];

  function language(host) {
    var wanted = (host.getAttribute("data-lang") || document.documentElement.lang || "").slice(0, 2).toLowerCase();
    return LANGUAGES.indexOf(wanted) >= 0 ? wanted : "en";
  }

  function frameUrl(host, lang) {
    var url = new URL("checker/", siteRoot);
    url.searchParams.set("embed", "1");
    url.searchParams.set("protocols", host.getAttribute("data-protocols") || "all");
    url.searchParams.set("lang", lang);
    var domain = host.getAttribute("data-domain");
    if (domain) url.searchParams.set("domain", domain);
    return url.href;
  }

  function mount(host) {
    if (host.getAttribute("data-email-checker-embedded")) return;
    host.setAttribute("data-email-checker-embedded", "1");
    var lang = language(host);
    var frame = document.createElement("iframe");
    frame.src = frameUrl(host, lang);
    frame.title = TITLES[lang];
    frame.setAttribute("lang", lang);
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    // Copy buttons need the clipboard; the report download needs allow-downloads.
    frame.setAttribute("allow", "clipboard-write");
    frame.setAttribute(
      "sandbox",
      "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads",
    );
    frame.style.display = "block";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = "22rem";
    host.textContent = "";
    host.appendChild(frame);
    frames.push(frame);
  }

  // The checker page tells its height; only messages from our frames are believed.
  window.addEventListener("message", function (event) {
    if (event.origin !== siteRoot.origin) return;
    var data = event.data;
    if (!data || data.type !== "email-checker:height" || typeof data.height !== "number") return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.ceil(data.height)));
        frames[i].style.height = height + "px";
      }
    }
  });

  function mountAll() {
    var hosts = document.querySelectorAll(".email-checker");
    for (var i = 0; i < hosts.length; i++) mount(hosts[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
