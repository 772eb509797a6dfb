// The domain checker's user interface: a form, the progress, the report.
//
// Every element <div class="email-checker"> of the page becomes a checker:
//
//   data-protocols  "all" (default), "spf", "dmarc", or several: "spf dmarc"
//   data-lang       "ja" | "fr" | "en"; default: the page's <html lang>
//   data-permalink  (the checker page) the address runs a check and records it:
//                   ?domain=example.com&selector=a&selector=b, plus, for an iframe
//                   made by embed.js, embed=1 (no site chrome), protocols=..., lang=...
//   data-start      "focus": Python loads only when the visitor uses the field (a landing
//                   page), never ahead of time on an idle fast connection
//
// Pages load this module only when their content holds such an element
// (overrides/partials/javascripts/content.html). Python (Pyodide, in a worker: see
// client.js) starts loading at once on the checker page, and on other pages when the
// visitor first touches the form: an article with a small SPF check does not download
// the runtime for readers who never use it.
//
// The element's data-state says where it is: idle, checking, done, error (the request
// was refused, e.g. not a domain name) or failed (the checker cannot run here).
//
// Everything that comes from the DNS or from the report is put into the page as text
// (textContent, text nodes): never as HTML. The words of the report come from the
// Python side (checker.present) in the reader's language; the words of the form and of
// the progress are below, in TEXT.

import { createChecker } from "./client.js";

const SITE_ROOT = new URL("../../", import.meta.url);
const LANGUAGES = ["ja", "fr", "en"];
const PROTOCOLS = ["spf", "dmarc", "dkim", "bimi", "mtasts", "tlsrpt", "mx", "dnssec"];
const MAX_SELECTORS = 50;
const SEVERITIES = ["error", "warning", "info", "ok"];

// Warming the checker up downloads megabytes the reader did not ask for: only where the
// browser says the connection is fast and not saving data (navigator.connection; browsers
// without it never warm up, the checker then loads on first use).
function fastConnection() {
  const connection = navigator.connection;
  return Boolean(connection) && !connection.saveData && connection.effectiveType === "4g";
}

// -- the interface's own words ---------------------------------------------------------

const TEXT = {
  en: {
    caption: { spf: "Check a domain’s SPF record", dmarc: "Check a domain’s DMARC record", other: "Check a domain" },
    domain: "Domain",
    domainHint: "A domain name or an e-mail address, for example example.com",
    selectors: "DKIM selectors (optional)",
    selectorsHint: "Common selectors are always tried. Add your own, separated by spaces or commas, for example s2026 brand",
    submit: "Check",
    domainMissing: "Enter a domain name, for example example.com.",
    stage: {
      "loading-python":
        "Loading Python into your browser (the first time: a few seconds on a computer, 10 seconds or more on a phone)…",
      "loading-packages": "Loading the checker…",
      importing: "Starting the checker…",
      ready: "The checker is ready.",
    },
    downloading: (received, total) =>
      `Loading Python into your browser: ${received} of ${total} MB received ` +
      "(the first time: a few seconds on a computer, 10 seconds or more on a phone)…",
    checking: (domain) => `Checking ${domain}…`,
    sectionPending: "Checking…",
    answers: (n) => (n === 1 ? "1 DNS answer received" : `${localNumber("en", n)} DNS answers received`),
    done: "Check finished.",
    failed: "The checker could not start in this browser. Reload the page to try again, or use the command-line checker.",
    lookupFailures: (n) =>
      `${n === 1 ? "1 DNS lookup" : `${n} DNS lookups`} failed (no answer, or an error from the resolver): ` +
      `what depends on ${n === 1 ? "it" : "them"} is unknown, not missing. Run the check again later.`,
    copy: "Copy",
    copied: "Copied",
    copyLabel: (name) => `Copy the record to publish at ${name}`,
    copyManual: "Automatic copying is not available here: the record is selected, press Ctrl+C (⌘C on a Mac).",
    download: "Download the report as JSON (codes and data, for scripts)",
    share: "Link to this result",
    openFull: "Open in the knowledge base",
    separator: ": ",
  },
  fr: {
    caption: {
      spf: "Vérifier l’enregistrement SPF d’un domaine",
      dmarc: "Vérifier l’enregistrement DMARC d’un domaine",
      other: "Vérifier un domaine",
    },
    domain: "Domaine",
    domainHint: "Un nom de domaine ou une adresse e-mail, par exemple example.com",
    selectors: "Sélecteurs DKIM (facultatif)",
    selectorsHint:
      "Les sélecteurs courants sont toujours essayés. Ajoutez les vôtres, séparés par des espaces ou des virgules, par exemple s2026 marque",
    submit: "Vérifier",
    domainMissing: "Saisissez un nom de domaine, par exemple example.com.",
    stage: {
      "loading-python":
        "Chargement de Python dans votre navigateur (la première fois, quelques secondes sur un ordinateur, 10 secondes ou plus sur un téléphone)…",
      "loading-packages": "Chargement du vérificateur…",
      importing: "Démarrage du vérificateur…",
      ready: "Le vérificateur est prêt.",
    },
    downloading: (received, total) =>
      `Chargement de Python dans votre navigateur\u00a0: ${received}\u00a0Mo reçus sur ${total}\u00a0Mo ` +
      "(la première fois, quelques secondes sur un ordinateur, 10 secondes ou plus sur un téléphone)…",
    checking: (domain) => `Vérification de ${domain}…`,
    sectionPending: "Vérification en cours…",
    answers: (n) => (n <= 1 ? `${n} réponse DNS reçue` : `${localNumber("fr", n)} réponses DNS reçues`),
    done: "Vérification terminée.",
    failed:
      "Le vérificateur n’a pas pu démarrer dans ce navigateur. Rechargez la page pour réessayer, ou utilisez le vérificateur en ligne de commande.",
    lookupFailures: (n) =>
      `${n === 1 ? "1 requête DNS a échoué" : `${n} requêtes DNS ont échoué`} (pas de réponse, ou une erreur du résolveur)\u00a0: ` +
      "ce qui en dépend est inconnu, et non absent. Relancez la vérification plus tard.",
    copy: "Copier",
    copied: "Copié",
    copyLabel: (name) => `Copier l’enregistrement à publier sous ${name}`,
    copyManual:
      "La copie automatique n’est pas disponible ici\u00a0: l’enregistrement est sélectionné, appuyez sur Ctrl+C (⌘C sur Mac).",
    download: "Télécharger le rapport en JSON (codes et données, pour les scripts)",
    share: "Lien vers ce résultat",
    openFull: "Ouvrir dans la base de connaissances",
    separator: "\u00a0: ",
  },
  ja: {
    caption: { spf: "ドメインのSPFレコードをチェック", dmarc: "ドメインのDMARCレコードをチェック", other: "ドメインをチェック" },
    domain: "ドメイン",
    domainHint: "ドメイン名またはメールアドレス（例：example.com）",
    selectors: "DKIMセレクター（任意）",
    selectorsHint:
      "よく使われるセレクターは常に確認します。独自のセレクターがあれば、スペースまたはカンマで区切って入力してください（例：s2026 brand）。",
    submit: "チェックする",
    domainMissing: "ドメイン名を入力してください（例：example.com）。",
    stage: {
      "loading-python": "ブラウザーにPythonを読み込んでいます（初回はパソコンで数秒、スマートフォンでは10秒以上かかることがあります）…",
      "loading-packages": "チェッカーを読み込んでいます…",
      importing: "チェッカーを起動しています…",
      ready: "チェッカーの準備ができました。",
    },
    downloading: (received, total) =>
      `ブラウザーにPythonを読み込んでいます：${received} / ${total} MB受信（初回はパソコンで数秒、スマートフォンでは10秒以上かかることがあります）…`,
    checking: (domain) => `${domain}をチェックしています…`,
    sectionPending: "確認中…",
    answers: (n) => `DNSの応答を${localNumber("ja", n)}件受信しました`,
    done: "チェックが完了しました。",
    failed:
      "このブラウザーではチェッカーを起動できませんでした。ページを再読み込みしてもう一度お試しいただくか、コマンドライン版のチェッカーをお使いください。",
    lookupFailures: (n) =>
      `DNS問い合わせが${n}件失敗しました（応答がない、またはリゾルバーがエラーを返しました）。` +
      "これに依存する項目は「不明」であり、「レコードなし」ではありません。時間をおいてもう一度チェックしてください。",
    copy: "コピー",
    copied: "コピーしました",
    copyLabel: (name) => `${name}に公開するレコードをコピー`,
    copyManual: "ここでは自動でコピーできません。レコードを選択してあるので、Ctrl+C（Macでは⌘C）でコピーしてください。",
    download: "レポートをJSONでダウンロード（コードとデータ、スクリプト向け）",
    share: "この結果へのリンク",
    openFull: "ナレッジベースで開く",
    separator: "：",
  },
};

// Numbers as the reader's language writes them (1 234 in French, 1,234 in English).
const numberFormats = {};
function localNumber(lang, n) {
  numberFormats[lang] ||= new Intl.NumberFormat(lang);
  return numberFormats[lang].format(n);
}

// -- icons (Material Design Icons, Apache-2.0: the set Material for MkDocs ships) ------

const ICONS = {
  ok: "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8z",
  warning: "M13 14h-2V9h2m0 9h-2v-2h2M1 21h22L12 2z",
  error:
    "M12 2c5.53 0 10 4.47 10 10s-4.47 10-10 10S2 17.53 2 12 6.47 2 12 2m3.59 5L12 10.59 8.41 7 7 8.41 10.59 12 7 15.59 8.41 17 12 13.41 15.59 17 17 15.59 13.41 12 17 8.41z",
  info: "M13 9h-2V7h2m0 10h-2v-6h2m-1-9A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2",
  copy: "M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12z",
  check: "M21 7 9 19l-5.5-5.5 1.41-1.41L9 16.17 19.59 5.59z",
  download: "M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z",
};

function icon(name, className = "email-checker__icon") {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `${className} ${className}--${name}`);
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ICONS[name] || ICONS.info);
  svg.append(path);
  return svg;
}

// -- building DOM as text only -------------------------------------------------------

// Control, format (bidi overrides, zero-width), line/paragraph separator and surrogate
// characters shown as escapes ("\x1b", "\u202e"), as checker/inert.py does in the
// terminal: "p=\u202etcejer" must not look like "p=reject".
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
function visible(text) {
  return String(text).replace(HIDDEN_CHARACTERS, (char) => {
    const code = char.codePointAt(0);
    const hex = code.toString(16);
    if (code < 0x100) return `\\x${hex.padStart(2, "0")}`;
    return code < 0x10000 ? `\\u${hex.padStart(4, "0")}` : `\\U${hex.padStart(8, "0")}`;
  });
}

// el("p", {class: "x"}, "text", child): attributes with setAttribute, strings as text
// nodes. The one way this file creates elements, so nothing can be parsed as HTML, and
// every text passes through visible().
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(visible(child)));
  }
  return node;
}

// Links in a report point into this site; anything else (javascript:, data:...) is shown
// as plain text rather than linked.
function safeHref(url) {
  try {
    const parsed = new URL(url, SITE_ROOT);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? String(url) : null;
  } catch {
    return null;
  }
}

function severityOf(value) {
  return SEVERITIES.includes(value) ? value : "info";
}

let idCounter = 0;
function uniqueId(stem) {
  idCounter += 1;
  return `email-checker-${idCounter}-${stem}`;
}

// -- reading the options ----------------------------------------------------------------

function pageLanguage() {
  const lang = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  return LANGUAGES.includes(lang) ? lang : "en";
}

// null: every protocol; otherwise the known names asked for, in the checker's order.
function parseProtocols(value) {
  const wanted = String(value || "all").toLowerCase().split(/[\s,|]+/).filter(Boolean);
  if (!wanted.length || wanted.includes("all")) return null;
  const known = PROTOCOLS.filter((p) => wanted.includes(p));
  return known.length ? known : null;
}

function parseSelectors(text) {
  return String(text || "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, MAX_SELECTORS);
}

const params = new URLSearchParams(location.search);
const permalinkHost = document.querySelector(".email-checker[data-permalink]");
const embedded = Boolean(permalinkHost) && params.get("embed") === "1";

// -- the embedded checker page (an iframe made by embed.js) ------------------------------

// The iframe asks for a language with &lang=; the page it loads may be another
// language's: go to the right one, found in the language selector's hreflang links
// (the <head> has none: hooks/hreflang_alternates.py).
function switchLanguageIfAsked() {
  const wanted = params.get("lang");
  if (!embedded || !LANGUAGES.includes(wanted) || wanted === pageLanguage()) return false;
  const alternate = document.querySelector(`a.md-select__link[hreflang="${wanted}"], link[rel="alternate"][hreflang="${wanted}"]`);
  if (!alternate) return false;
  const target = new URL(alternate.getAttribute("href"), location.href);
  if (target.pathname === location.pathname) return false;
  target.search = location.search;
  location.replace(target.href);
  return true;
}

// The parent page sizes the iframe to the checker: tell it the height it needs.
function reportHeightToParent(host) {
  if (window.parent === window || typeof ResizeObserver !== "function") return;
  let last = 0;
  const send = () => {
    const height = Math.ceil(host.getBoundingClientRect().bottom + window.scrollY + 24);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "email-checker:height", height }, "*");
    }
  };
  new ResizeObserver(send).observe(host);
  send();
}

// -- one checker on the page ------------------------------------------------------------

class CheckerView {
  constructor(host) {
    this.host = host;
    this.permalink = host === permalinkHost;
    const langParam = this.permalink && embedded ? params.get("lang") : null;
    this.lang = LANGUAGES.includes(host.dataset.lang) ? host.dataset.lang : LANGUAGES.includes(langParam) ? langParam : pageLanguage();
    this.t = TEXT[this.lang];
    const protocolParam = this.permalink ? params.get("protocols") : null;
    this.protocols = parseProtocols(protocolParam || host.dataset.protocols);
    this.withSelectors = !this.protocols || this.protocols.includes("dkim");
    this.checker = null;
    this.stage = null;
    this.running = null; // {token, domain} of the check in progress
    this.token = 0;
    this.build();
  }

  // -- the static parts: form, status, result area --

  build() {
    const t = this.t;
    const ids = {
      caption: uniqueId("caption"),
      domain: uniqueId("domain"),
      domainHint: uniqueId("domain-hint"),
      selectors: uniqueId("selectors"),
      selectorsHint: uniqueId("selectors-hint"),
      error: uniqueId("error"),
    };
    this.ids = ids;
    this.domainInput = el("input", {
      id: ids.domain,
      name: "domain",
      type: "text",
      inputmode: "url",
      autocomplete: "off",
      autocapitalize: "none",
      spellcheck: "false",
      "aria-describedby": `${ids.domainHint} ${ids.error}`,
      class: "email-checker__input",
    });
    this.selectorsInput = this.withSelectors
      ? el("input", {
          id: ids.selectors,
          name: "selector",
          type: "text",
          autocomplete: "off",
          autocapitalize: "none",
          spellcheck: "false",
          "aria-describedby": ids.selectorsHint,
          class: "email-checker__input",
        })
      : null;
    this.errorLine = el("p", { id: ids.error, class: "email-checker__error", hidden: true });
    this.submitButton = el("button", { type: "submit", class: "md-button md-button--primary email-checker__submit" }, t.submit);

    const caption = this.protocols
      ? el("p", { id: ids.caption, class: "email-checker__caption" }, this.captionText())
      : null;
    this.form = el(
      "form",
      { class: "email-checker__form", novalidate: true, role: "search", "aria-labelledby": caption ? ids.caption : false, "aria-label": caption ? false : t.caption.other },
      caption,
      el(
        "div",
        { class: "email-checker__fields" },
        el(
          "div",
          { class: "email-checker__field email-checker__field--domain" },
          el("label", { for: ids.domain }, t.domain),
          this.domainInput,
          el("p", { id: ids.domainHint, class: "email-checker__hint" }, t.domainHint),
        ),
        this.selectorsInput &&
          el(
            "div",
            { class: "email-checker__field" },
            el("label", { for: ids.selectors }, t.selectors),
            this.selectorsInput,
            el("p", { id: ids.selectorsHint, class: "email-checker__hint" }, t.selectorsHint),
          ),
        el("div", { class: "email-checker__field email-checker__field--submit" }, this.submitButton),
      ),
      this.errorLine,
    );
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });

    // Announced by screen readers: the stages, "checking", the verdict.
    this.statusText = el("span", { class: "email-checker__status-text" });
    this.announcement = el("span", { class: "email-checker__sr-only" });
    this.status = el(
      "div",
      { class: "email-checker__status", role: "status", "aria-live": "polite", "aria-atomic": "true" },
      this.statusText,
      this.announcement,
    );
    // Seen, not announced: the count changes ten times a second.
    this.counter = el("span", { class: "email-checker__count", "aria-hidden": "true" });
    this.busyBar = el("div", { class: "email-checker__busy", "aria-hidden": "true", hidden: true });
    // Copy feedback, separate from the status so the verdict stays readable there.
    this.copyAnnouncer = el("div", { class: "email-checker__sr-only", "aria-live": "polite" });
    this.result = el("section", { class: "email-checker__result", hidden: true });

    this.host.replaceChildren(
      this.form,
      el("div", { class: "email-checker__progress" }, this.busyBar, this.status, this.counter),
      this.copyAnnouncer,
      this.result,
    );
    this.host.setAttribute("lang", this.lang);
    this.setState("idle");
    this.host.classList.add("email-checker--ready");
    if (this.protocols) this.host.classList.add("email-checker--focused");
  }

  captionText() {
    const c = this.t.caption;
    if (this.protocols.length === 1 && c[this.protocols[0]]) return c[this.protocols[0]];
    return c.other;
  }

  // -- the worker --

  startChecker() {
    if (this.checker) return this.checker;
    this.checker = createChecker({ base: SITE_ROOT.href });
    this.checker.onStatus(({ stage }) => {
      this.stage = stage;
      this.renderStatus();
    });
    this.checker.onDownload((download) => {
      this.download = download;
      this.renderStatus();
    });
    this.checker.ready.catch(() => this.showFailure());
    return this.checker;
  }

  startOnFirstUse() {
    const start = () => this.startChecker();
    for (const type of ["focusin", "pointerdown", "input"]) this.form.addEventListener(type, start, { once: true });
    // On a fast connection that does not save data, Python loads once the page is idle, so
    // the reader's first check does not wait for it; a landing page's field
    // (data-start="focus") waits for the visitor to use it.
    if (this.host.dataset.start !== "focus" && fastConnection() && "requestIdleCallback" in window) {
      requestIdleCallback(start);
    }
  }

  // -- running a check --

  submit() {
    const domain = this.domainInput.value.trim();
    if (!domain) {
      this.clearResult();
      this.showFormError(this.t.domainMissing);
      this.announcement.textContent = this.t.domainMissing;
      this.domainInput.setAttribute("aria-invalid", "true");
      this.domainInput.focus();
      return;
    }
    this.run(domain, this.selectorsInput ? parseSelectors(this.selectorsInput.value) : [], { byVisitor: true });
  }

  // byVisitor: the visitor asked for this check (not a permalink opened, nor an embed's data-domain).
  async run(domain, selectors, { byVisitor = false } = {}) {
    const token = ++this.token;
    this.running = { token, domain };
    this.pendingSections = null;
    this.setState("checking");
    this.clearFormError();
    this.counter.textContent = "";
    this.announcement.textContent = "";
    this.result.setAttribute("aria-busy", "true");
    const checker = this.startChecker();
    this.renderStatus();
    let data;
    try {
      data = await checker.check(
        { domain, selectors, lang: this.lang, ...(this.protocols ? { protocols: this.protocols } : {}) },
        {
          onProgress: ({ answers }) => token === this.token && (this.counter.textContent = this.t.answers(answers)),
          onSection: (section) => token === this.token && this.showSection(section),
        },
      );
    } catch (error) {
      if (token !== this.token) return;
      console.error("email-checker:", error);
      this.running = null;
      this.showFailure();
      return;
    }
    if (token !== this.token) return; // a newer check was started meanwhile
    this.running = null;
    this.pendingSections = null;
    this.result.removeAttribute("aria-busy");
    this.counter.textContent = "";
    if (data.error) {
      this.clearResult();
      this.setState("error");
      this.renderStatus();
      this.showFormError(data.error.message);
      this.announcement.textContent = visible(data.error.message);
      this.domainInput.setAttribute("aria-invalid", "true");
      this.domainInput.focus();
      return;
    }
    this.report = data.report;
    this.renderResult(data.view, domain, selectors);
    this.renderStatus(data.view);
    if (this.permalink) this.recordInAddress(domain, selectors);
    this.setState("done");
    this.revealResult(byVisitor);
  }

  // The report starts at the top of the screen, with the keyboard focus on its title. In
  // an embed, only when the visitor asked: scrolling the frame into view scrolls the host
  // page, which must not move by itself.
  revealResult(byVisitor) {
    if (embedded && !byVisitor) return;
    this.resultTitle.focus({ preventScroll: true });
    this.resultTitle.scrollIntoView({ block: "start" });
  }

  // A refused input leaves no report of an earlier domain on screen.
  clearResult() {
    this.report = null;
    this.result.replaceChildren();
    this.result.removeAttribute("aria-labelledby");
    this.result.hidden = true;
  }

  showFormError(message) {
    this.errorLine.textContent = visible(message);
    this.errorLine.hidden = false;
  }

  clearFormError() {
    this.errorLine.textContent = "";
    this.errorLine.hidden = true;
    this.domainInput.removeAttribute("aria-invalid");
  }

  setState(state) {
    this.host.dataset.state = state;
  }

  showFailure() {
    if (this.pendingSections) this.clearResult(); // no section left saying it is being checked
    this.pendingSections = null;
    this.failed = true;
    this.setState("failed");
    this.running = null;
    this.result.removeAttribute("aria-busy");
    this.renderStatus();
  }

  renderStatus(view = null) {
    const t = this.t;
    let text = "";
    let busy = false;
    this.announcement.textContent = "";
    if (this.failed) {
      text = t.failed;
    } else if (this.running) {
      busy = true;
      text = this.stage === "ready" ? t.checking(this.running.domain) : this.stageText();
    } else if (view) {
      text = t.done;
      this.announcement.textContent = visible(this.verdictSentence(view));
    } else if (this.stage) {
      text = this.stageText();
      busy = this.stage !== "ready";
    }
    this.statusText.textContent = visible(text);
    this.status.classList.toggle("email-checker__status--failed", Boolean(this.failed));
    this.busyBar.hidden = !busy;
  }

  // While Python downloads: the bytes received so far, against the runtime's size.
  stageText() {
    const stage = this.stage || "loading-python";
    const download = this.download;
    if (stage === "loading-python" && download && download.total && download.received < download.total) {
      const mb = new Intl.NumberFormat(this.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
      return this.t.downloading(mb.format(download.received / 1e6), mb.format(download.total / 1e6));
    }
    return this.t.stage[stage] || "";
  }

  // What a screen reader hears when the result arrives (the page shows it in full).
  verdictSentence(view) {
    const sep = this.t.separator;
    if (!this.protocols && view.verdict) {
      const finding = view.verdict.finding;
      return [view.title, view.verdict.grade_text, finding ? finding.message : ""].filter(Boolean).join(" ");
    }
    return [view.title, ...view.protocols.map((p) => `${p.name}${sep}${p.status_text}`)].join(" ");
  }

  recordInAddress(domain, selectors) {
    const url = this.shareUrl(domain, selectors, { keepEmbed: true });
    history.replaceState(history.state, "", url);
  }

  shareUrl(domain, selectors, { keepEmbed }) {
    const url = new URL(location.href);
    for (const name of ["domain", "selector"]) url.searchParams.delete(name);
    if (!keepEmbed) for (const name of ["embed", "lang"]) url.searchParams.delete(name);
    url.searchParams.set("domain", domain);
    for (const selector of selectors) url.searchParams.append("selector", selector);
    url.hash = "";
    return url.href;
  }

  // -- the report --

  // A protocol's section as soon as its answers are in, the others saying they are still
  // being checked. The verdict waits for the whole result, which then replaces all of this
  // (renderResult): what is shown early is never contradicted, only completed.
  showSection({ protocol, view, title, names }) {
    if (!this.pendingSections) {
      this.pendingSections = new Map();
      const sections = Object.keys(names).map((name) => {
        const pending = el(
          "section",
          { class: "email-checker__protocol email-checker__protocol--pending", "data-protocol": name, "aria-busy": "true" },
          el(
            "h3",
            { class: "email-checker__protocol-title" },
            el("span", { class: "email-checker__protocol-name" }, names[name]),
            el("span", { class: "email-checker__sr-only" }, this.t.separator),
            el("span", { class: "email-checker__badge email-checker__badge--pending" }, this.t.sectionPending),
          ),
        );
        this.pendingSections.set(name, pending);
        return pending;
      });
      const titleId = uniqueId("title");
      const head = el("div", { class: "email-checker__head" }, el("h2", { id: titleId, class: "email-checker__title" }, title));
      this.result.replaceChildren(head, ...sections);
      this.result.setAttribute("aria-labelledby", titleId);
      this.result.hidden = false;
    }
    const pending = this.pendingSections.get(protocol);
    if (!pending) return;
    this.pendingSections.delete(protocol);
    pending.replaceWith(this.renderProtocol(view));
  }

  renderResult(view, domain, selectors) {
    const t = this.t;
    const titleId = uniqueId("title");
    this.resultTitle = el("h2", { id: titleId, class: "email-checker__title", tabindex: "-1" }, view.title);
    const actions = el("div", { class: "email-checker__actions" }, this.downloadButton());
    if (this.permalink) {
      const href = this.shareUrl(domain, selectors, { keepEmbed: false });
      actions.append(
        embedded
          ? el("a", { href, target: "_blank", rel: "noopener", class: "email-checker__share" }, t.openFull)
          : el("a", { href, class: "email-checker__share" }, t.share),
      );
    }
    const parts = [el("div", { class: "email-checker__head" }, this.resultTitle, actions)];
    if (view.input_note) parts.push(this.renderInputNote(view));
    // Sections first, so that the verdict's reasons and the status strip can link to them.
    const sections = (view.protocols || []).map((protocol) => this.renderProtocol(protocol));
    const sectionIds = Object.fromEntries(sections.map((section) => [section.dataset.protocol, section.id]));
    // The verdict judges the whole domain: only meaningful when every protocol was checked.
    if (!this.protocols && view.verdict) parts.push(this.renderVerdict(view.verdict, sectionIds));
    if (!this.protocols && view.strip) parts.push(this.renderStrip(view.strip, sectionIds));
    if (view.lookup_failures > 0) {
      parts.push(el("p", { class: "email-checker__notice" }, icon("warning"), t.lookupFailures(view.lookup_failures)));
    }
    parts.push(...sections);
    if (view.footer) parts.push(el("p", { class: "email-checker__footer" }, view.footer));
    this.result.replaceChildren(...parts);
    this.result.setAttribute("aria-labelledby", titleId);
    this.result.setAttribute("lang", view.lang || this.lang);
    this.result.hidden = false;
  }

  // "Checked example.com, taken from https://www.example.com/x": which name an address gave.
  renderInputNote(view) {
    return el("p", { class: "email-checker__input-note" }, view.input_note);
  }

  renderVerdict(verdict, sectionIds) {
    const severity = verdict.finding ? severityOf(verdict.finding.severity) : "warning";
    const grade = verdict.grade === null ? "–" : String(verdict.grade || "?");
    const gradeClass = /^[A-F]$/.test(grade) ? grade : "unknown";
    const body = [
      el("p", { class: "email-checker__grade-text" }, icon(severity), el("strong", {}, verdict.grade_text)),
      ...(verdict.finding ? this.renderFindingBody(verdict.finding) : []),
    ];
    if (verdict.try_again) body.push(el("p", { class: "email-checker__try-again" }, verdict.try_again));
    if (verdict.reasons && verdict.reasons.length) {
      body.push(
        el("p", { class: "email-checker__reasons-label" }, verdict.reasons_label),
        el(
          "ul",
          { class: "email-checker__reasons" },
          verdict.reasons.map((reason) => el("li", {}, this.sectionLink(reason.text, sectionIds[reason.protocol]))),
        ),
      );
    }
    return el(
      "div",
      { class: `email-checker__verdict email-checker__verdict--${severity} email-checker__verdict--grade-${gradeClass}` },
      el("div", { class: "email-checker__grade", "aria-hidden": "true" }, grade),
      el("div", { class: "email-checker__verdict-body" }, body),
    );
  }

  // One line: each protocol's status, linking to its section.
  renderStrip(strip, sectionIds) {
    return el(
      "ul",
      { class: "email-checker__strip" },
      strip.map((item) => {
        const status = severityOf(item.status);
        return el(
          "li",
          { class: `email-checker__strip-item email-checker__strip-item--${status}` },
          this.sectionLink([icon(status), el("span", {}, item.name),
                            el("span", { class: "email-checker__sr-only" }, `${this.t.separator}${item.status_text}`)],
                           sectionIds[item.protocol]),
        );
      }),
    );
  }

  // A link to a section of this report; it moves focus there without touching the page's address.
  sectionLink(content, targetId) {
    if (!targetId) return el("span", {}, ...[].concat(content));
    const link = el("a", { href: `#${targetId}`, class: "email-checker__section-link" }, ...[].concat(content));
    link.addEventListener("click", (event) => {
      const target = document.getElementById(targetId);
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    });
    return link;
  }

  renderProtocol(protocol) {
    const status = severityOf(protocol.status);
    const headingId = uniqueId(`protocol-${protocol.protocol}`);
    const section = el(
      "section",
      { class: `email-checker__protocol email-checker__protocol--${status}`, "aria-labelledby": headingId,
        "data-protocol": protocol.protocol, id: uniqueId(`section-${protocol.protocol}`), tabindex: "-1" },
      el(
        "h3",
        { id: headingId, class: "email-checker__protocol-title" },
        icon(status),
        el("span", { class: "email-checker__protocol-name" }, protocol.name),
        el("span", { class: "email-checker__sr-only" }, this.t.separator),
        el("span", { class: `email-checker__badge email-checker__badge--${status}` }, protocol.status_text),
      ),
    );
    if (protocol.records && protocol.records.length) section.append(...this.renderRecords(protocol));
    if (protocol.spf_tree) section.append(this.renderSpfTree(protocol.spf_tree));
    if (protocol.findings && protocol.findings.length) section.append(...this.renderFindings(protocol));
    // What to publish: once per record name, after the findings that ask for it.
    for (const proposal of protocol.proposals || []) section.append(this.renderProposal(proposal));
    return section;
  }

  // One label for all records, or (DKIM) one per record: the selector each key is at.
  renderRecords(protocol) {
    const record = (text) => el("pre", { class: "email-checker__record" }, el("code", {}, text));
    const labels = protocol.record_labels;
    if (!Array.isArray(labels) || labels.length !== protocol.records.length) {
      return [el("p", { class: "email-checker__record-label" }, protocol.record_label), ...protocol.records.map(record)];
    }
    return protocol.records.flatMap((text, i) => [el("p", { class: "email-checker__record-label" }, labels[i]), record(text)]);
  }

  // Problems first, in the open; the checks that passed folded under one line.
  renderFindings(protocol) {
    const open = protocol.findings.filter((f) => severityOf(f.severity) !== "ok");
    const passed = protocol.findings.filter((f) => severityOf(f.severity) === "ok");
    const list = (findings) => el("ul", { class: "email-checker__findings" }, findings.map((f) => this.renderFinding(f)));
    const parts = open.length ? [list(open)] : [];
    if (passed.length) {
      parts.push(
        el(
          "details",
          { class: "email-checker__passed" },
          el("summary", { class: "email-checker__passed-summary" }, protocol.ok_summary),
          list(passed),
        ),
      );
    }
    return parts;
  }

  renderFinding(finding) {
    const severity = severityOf(finding.severity);
    return el(
      "li",
      { class: `email-checker__finding email-checker__finding--${severity}`, "data-code": finding.code },
      el("span", { class: `email-checker__badge email-checker__badge--${severity}` }, icon(severity), finding.severity_text),
      el("div", { class: "email-checker__finding-body" }, this.renderFindingBody(finding)),
    );
  }

  // The message, the record to publish (with a copy button) and the link to the article.
  renderFindingBody(finding) {
    const parts = [el("p", { class: "email-checker__message" }, finding.message)];
    if (finding.fix) parts.push(this.renderFix(finding.fix));
    const href = safeHref(finding.article_url);
    if (href) {
      const label = String(finding.article_label || "").replace(/\s*[:：]\s*$/, "");
      const link = el("a", { href, class: "email-checker__more" }, label || finding.article_url);
      if (embedded) {
        link.setAttribute("target", "_blank");
        link.setAttribute("rel", "noopener");
      }
      parts.push(el("p", {}, link));
    }
    return parts;
  }

  renderProposal(proposal) {
    if (!proposal.steps || !proposal.steps.length) return this.renderFix(proposal);
    // More than one record: the steps in order, never one record to copy alone.
    return el(
      "ol",
      { class: "email-checker__steps" },
      proposal.steps.map((step) =>
        el("li", {}, step.record ? this.renderFix({ ...step, placeholder: proposal.placeholder }) : el("p", {}, step.label))),
    );
  }

  renderFix(fix) {
    const t = this.t;
    // A policy file to serve has several lines: each is shown inert, the line breaks kept.
    const lines = String(fix.record).split("\n");
    const code = el("code", {}, lines.flatMap((line, i) => (i ? [document.createTextNode("\n"), line] : [line])));
    const buttonText = el("span", {}, t.copy);
    const button = el(
      "button",
      { type: "button", class: "email-checker__copy", "aria-label": t.copyLabel(fix.name) },
      icon("copy"),
      buttonText,
    );
    button.addEventListener("click", () => this.copy(fix.record, code, button, buttonText));
    return el(
      "div",
      { class: `email-checker__fix${fix.placeholder ? " email-checker__fix--placeholder" : ""}` },
      el("p", { class: "email-checker__fix-label" }, fix.label),
      el("div", { class: "email-checker__fix-box" }, el("pre", { class: "email-checker__record" }, code), button),
    );
  }

  async copy(text, codeElement, button, buttonText) {
    const t = this.t;
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch {
      copied = false; // permission refused, or an iframe without clipboard-write
    }
    if (!copied) copied = copyWithSelection(text);
    if (copied) {
      buttonText.textContent = t.copied;
      button.replaceChild(icon("check"), button.firstChild);
      this.copyAnnouncer.textContent = t.copied;
      setTimeout(() => {
        buttonText.textContent = t.copy;
        button.replaceChild(icon("copy"), button.firstChild);
        this.copyAnnouncer.textContent = "";
      }, 2000);
    } else {
      selectContents(codeElement);
      this.copyAnnouncer.textContent = t.copyManual;
    }
  }

  downloadButton() {
    const button = el("button", { type: "button", class: "email-checker__download" }, icon("download"), this.t.download);
    button.addEventListener("click", () => {
      const report = this.report || {};
      const blob = new Blob([JSON.stringify(report, null, 2) + "\n"], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const name = String(report.domain || "report").replace(/[^A-Za-z0-9.-]+/g, "_");
      const link = el("a", { href: url, download: `email-check-${name}.json`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
    return button;
  }

  renderSpfTree(tree) {
    const lookups = Number(tree.lookups) || 0;
    const over = lookups > 10;
    const counter = `${tree.lower_bound ? "≥" : ""}${lookups}/10`;
    return el(
      "div",
      { class: `email-checker__spf-tree${over ? " email-checker__spf-tree--over" : ""}${spfTreeUnusable(tree, over)}` },
      el(
        "p",
        { class: "email-checker__spf-summary" },
        el("span", { class: "email-checker__lookups", "aria-hidden": "true" }, counter),
        el("span", {}, tree.summary),
      ),
      tree.root ? el("ul", { class: "email-checker__tree" }, this.renderSpfNode(tree.root)) : null,
    );
  }

  renderSpfNode(node) {
    const item = el(
      "li",
      { class: `email-checker__node${node.error ? " email-checker__node--error" : ""}` },
      el("span", { class: "email-checker__node-label" }, node.label),
    );
    if (node.record) item.append(el("code", { class: "email-checker__node-record" }, node.record));
    if (node.children && node.children.length) {
      item.append(el("ul", {}, node.children.map((child) => this.renderSpfNode(child))));
    }
    return item;
  }
}

// No usable SPF record (none, several, an error): the counter is not a green "all is well".
function spfTreeUnusable(tree, over) {
  return tree.usable === false && !over ? " email-checker__spf-tree--unusable" : "";
}

// -- copying without the Clipboard API ----------------------------------------------------

function copyWithSelection(text) {
  const area = el("textarea", { class: "email-checker__clipboard", readonly: true, "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

function selectContents(node) {
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

// -- start ---------------------------------------------------------------------------------

function ensureStylesheet() {
  const href = new URL("checker.css", import.meta.url).href;
  const present = [...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === href);
  if (!present) document.head.append(el("link", { rel: "stylesheet", href }));
}

function main() {
  if (embedded) {
    if (switchLanguageIfAsked()) return;
    document.documentElement.classList.add("checker-embed");
  }
  const hosts = [...document.querySelectorAll(".email-checker")].filter((host) => !host.classList.contains("email-checker--ready"));
  if (!hosts.length) return;
  ensureStylesheet();
  for (const host of hosts) {
    const view = new CheckerView(host);
    if (!view.permalink) {
      view.startOnFirstUse();
      continue;
    }
    view.startChecker();
    if (embedded) reportHeightToParent(host);
    const domain = (params.get("domain") || "").trim();
    if (domain) {
      const selectors = parseSelectors(params.getAll("selector").join(" "));
      view.domainInput.value = domain;
      if (view.selectorsInput) view.selectorsInput.value = selectors.join(" ");
      view.run(domain, selectors);
    }
  }
}

main();
