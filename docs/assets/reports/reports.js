// The report reader's page: drop DMARC aggregate reports and TLS reports, read them in
// this browser (Python in the checker's worker: ../checker/worker.js), see who sends as
// your domain. Every element <div class="report-reader"> of a page becomes a reader;
// partials/javascripts/content.html loads this module only on such pages.
//
// Nothing is uploaded: the files are handed to the worker (same page, same machine),
// copied into Python's in-memory file system, read, and deleted. The only requests
// are the DNS queries for the SPF records of the domains in the reports (DNS over
// HTTPS, to the build's resolver), and none at all with "check against SPF" unticked.
//
// Everything from a report is put into the page as text (textContent, text nodes),
// never as HTML; invisible characters (controls, bidi, zero width) are shown as <U+XXXX>.

const SITE_ROOT = new URL("../../", import.meta.url);
const LANGUAGES = ["ja", "fr", "en"];
const TABLE_ROWS = 200;  // more rows cost the page more than they tell; the exports hold all
const SVG = "http://www.w3.org/2000/svg";
const CLASSES = ["aligned", "authorised_unaligned", "forwarded", "unauthorised", "unverified"];

const TEXT = {
  en: {
    drop: "Drop report files or a folder here",
    choose: "Choose files",
    chooseFolder: "Choose a folder",
    accepted: "Aggregate reports (.xml, .xml.gz, .zip), TLS reports (.json, .json.gz), the e-mails that carry them, and failure reports (.eml).",
    dns: "Check the sources that fail DMARC against my current SPF record (DNS queries only)",
    reverse: "Look up the host names of the 20 largest sources (reverse DNS)",
    privacy: "The files are read in this browser and never uploaded.",
    loading: "Loading Python into your browser (a few seconds the first time)…",
    copying: (name, done, total) => `Loading ${name}: ${mb(done)} of ${mb(total)}`,
    reading: (name, done) => `Reading ${name}: ${mb(done)}`,
    checking: "Checking the sources against your SPF records…",
    done: (ms) => `Read in ${(ms / 1000).toFixed(1)} s.`,
    failed: "The reader could not start in this browser. Reload the page to try again, or use the command line.",
    overTime: "DMARC results over time (messages per day)",
    pass: "pass",
    fail: "fail",
    topSources: "Largest sources",
    sources: "Sources",
    columns: { ip: "IP address", domain: "Domain", count: "Messages", dmarc_pass: "DMARC pass",
      spf_aligned_pass: "SPF aligned", dkim_aligned_pass: "DKIM aligned", classification: "Classification",
      spf: "Your SPF", ptr: "Host name", reporters: "Reporters" },
    sortBy: (name) => `Sort by ${name}`,
    shown: (n, total) => `The ${n} largest of ${total} sources are shown; the exports hold them all.`,
    legend: "What each classification means",
    readMore: "Read more",
    tls: "TLS reports",
    tlsColumns: ["Domain", "Policy", "Successful sessions", "Failed sessions", "Failures"],
    tlsByMx: "TLS failures by receiving MX host (yours)",
    tlsBySender: "TLS failures by sending server",
    failure: "Failure reports",
    tlsBreakdownColumns: { mx: "MX host", ip: "Sending server", failed: "Failed sessions", result_types: "Failures", domains: "Policy domains" },
    errors: "Files not read",
    csv: "Download the sources (CSV)",
    json: "Download everything (JSON)",
    colon: ": ",
  },
  fr: {
    drop: "Déposez ici des fichiers de rapports ou un dossier",
    choose: "Choisir des fichiers",
    chooseFolder: "Choisir un dossier",
    accepted: "Rapports agrégés (.xml, .xml.gz, .zip), rapports TLS (.json, .json.gz), les e-mails qui les contiennent et les rapports d’échec (.eml).",
    dns: "Évaluer les sources en échec DMARC avec mon enregistrement SPF actuel (requêtes DNS uniquement)",
    reverse: "Chercher le nom d’hôte des 20 sources les plus importantes (DNS inverse)",
    privacy: "Les fichiers sont lus dans ce navigateur et ne sont jamais envoyés.",
    loading: "Chargement de Python dans votre navigateur (quelques secondes la première fois)…",
    copying: (name, done, total) => `Chargement de ${name}\u00a0: ${mb(done)} sur ${mb(total)}`,
    reading: (name, done) => `Lecture de ${name}\u00a0: ${mb(done)}`,
    checking: "Évaluation des sources avec vos enregistrements SPF…",
    done: (ms) => `Lu en ${(ms / 1000).toFixed(1).replace(".", ",")}\u00a0s.`,
    failed: "Le lecteur n’a pas pu démarrer dans ce navigateur. Rechargez la page pour réessayer, ou utilisez la ligne de commande.",
    overTime: "Résultats DMARC dans le temps (e-mails par jour)",
    pass: "réussite",
    fail: "échec",
    topSources: "Sources les plus importantes",
    sources: "Sources",
    columns: { ip: "Adresse IP", domain: "Domaine", count: "E-mails", dmarc_pass: "DMARC réussi",
      spf_aligned_pass: "SPF aligné", dkim_aligned_pass: "DKIM aligné", classification: "Classement",
      spf: "Votre SPF", ptr: "Nom d’hôte", reporters: "Émetteurs" },
    sortBy: (name) => `Trier par ${name}`,
    shown: (n, total) => `Les ${n} sources les plus importantes sur ${total} sont affichées\u00a0; les exports les contiennent toutes.`,
    legend: "Ce que signifie chaque classement",
    readMore: "En savoir plus",
    tls: "Rapports TLS",
    tlsColumns: ["Domaine", "Politique", "Sessions réussies", "Sessions en échec", "Échecs"],
    tlsByMx: "Échecs TLS par serveur MX destinataire (les vôtres)",
    tlsBySender: "Échecs TLS par serveur d’envoi",
    failure: "Rapports d’échec",
    tlsBreakdownColumns: { mx: "Serveur MX", ip: "Serveur d’envoi", failed: "Sessions en échec", result_types: "Échecs", domains: "Domaines des politiques" },
    errors: "Fichiers non lus",
    csv: "Télécharger les sources (CSV)",
    json: "Tout télécharger (JSON)",
    colon: "\u00a0: ",
  },
  ja: {
    drop: "ここにレポートのファイルまたはフォルダーをドロップ",
    choose: "ファイルを選ぶ",
    chooseFolder: "フォルダーを選ぶ",
    accepted: "集約レポート（.xml、.xml.gz、.zip）、TLSレポート（.json、.json.gz）、それらが添付されたメール、失敗レポート（.eml）。",
    dns: "DMARCに失敗した送信元を、公開中のSPFレコードと照合する（DNS問い合わせのみ）",
    reverse: "通数の多い上位20件の送信元のホスト名を逆引きする",
    privacy: "ファイルはこのブラウザー内で読み取られ、アップロードされることはありません。",
    loading: "ブラウザーにPythonを読み込んでいます（初回は数秒かかります）…",
    copying: (name, done, total) => `${name}を読み込み中：${mb(done)}／${mb(total)}`,
    reading: (name, done) => `${name}を解析中：${mb(done)}`,
    checking: "送信元をSPFレコードと照合しています…",
    done: (ms) => `${(ms / 1000).toFixed(1)}秒で読み取りました。`,
    failed: "このブラウザーではレポートリーダーを起動できませんでした。ページを再読み込みするか、コマンドラインを使ってください。",
    overTime: "DMARCの評価結果の推移（1日あたりの通数）",
    pass: "pass",
    fail: "fail",
    topSources: "通数の多い送信元",
    sources: "送信元",
    columns: { ip: "IPアドレス", domain: "ドメイン", count: "通数", dmarc_pass: "DMARCでpass",
      spf_aligned_pass: "SPFアライメント", dkim_aligned_pass: "DKIMアライメント", classification: "分類",
      spf: "SPFの評価結果", ptr: "ホスト名", reporters: "レポート送信者" },
    sortBy: (name) => `${name}で並べ替え`,
    shown: (n, total) => `${total}件の送信元のうち上位${n}件を表示しています。書き出したファイルにはすべて含まれます。`,
    legend: "分類の意味",
    readMore: "詳しく",
    tls: "TLSレポート",
    tlsColumns: ["ドメイン", "ポリシー", "成功したセッション", "失敗したセッション", "失敗の内訳"],
    tlsByMx: "受信側MXホスト（自社）ごとのTLSの失敗",
    tlsBySender: "送信サーバーごとのTLSの失敗",
    failure: "失敗レポート",
    tlsBreakdownColumns: { mx: "MXホスト", ip: "送信サーバー", failed: "失敗したセッション", result_types: "失敗の内訳", domains: "ポリシーのドメイン" },
    errors: "読めなかったファイル",
    csv: "送信元を書き出す（CSV）",
    json: "すべて書き出す（JSON）",
    colon: "：",
  },
};

function mb(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

// Controls, format characters (bidi, zero width), separators: shown, not obeyed.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu;
export function visible(value) {
  return String(value ?? "").replace(INVISIBLE, (c) => `<U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// -- the worker ---------------------------------------------------------------------

let worker = null;
const pending = new Map();
let nextId = 1;

function startWorker() {
  if (worker) return worker;
  worker = new Worker(new URL("assets/checker/worker.js", SITE_ROOT), { type: "module", name: "checker" });
  worker.onmessage = ({ data: message }) => {
    const call = pending.get(message.id);
    if (message.type === "error" && (message.id === null || message.id === undefined)) {
      for (const waiting of pending.values()) waiting.reject(new Error(message.message));
      pending.clear();
    } else if (!call) {
      return;
    } else if (message.type === "progress") {
      call.onProgress(message);
    } else if (message.type === "result") {
      pending.delete(message.id);
      call.resolve(message.data);
    } else if (message.type === "error") {
      pending.delete(message.id);
      call.reject(new Error(message.message));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const waiting of pending.values()) waiting.reject(new Error(event.message || "worker failed"));
    pending.clear();
  };
  return worker;
}

function readInWorker(files, names, options, onProgress) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    startWorker().postMessage({ type: "reports", id, files, names, site_root: SITE_ROOT.pathname, ...options });
  });
}

// -- collecting dropped files and folders -------------------------------------------

async function droppedFiles(dataTransfer) {
  const entries = [...dataTransfer.items].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return [...dataTransfer.files].map((file) => [file, file.name]);
  const found = [];
  async function walk(entry, prefix) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      found.push([file, prefix + file.name]);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  }
  for (const entry of entries) await walk(entry, "");
  return found;
}

// -- the reader -----------------------------------------------------------------------

class Reader {
  constructor(root) {
    this.root = root;
    const lang = root.dataset.lang || document.documentElement.lang;
    this.lang = LANGUAGES.includes(lang) ? lang : "en";
    this.t = TEXT[this.lang];
    this.sort = { key: "count", descending: true };
    this.build();
  }

  build() {
    const t = this.t;
    this.files = el("input", { type: "file", multiple: true, class: "report-reader__input",
      accept: ".xml,.gz,.zip,.json,.eml,.gzip" });
    this.folder = el("input", { type: "file", multiple: true, webkitdirectory: true, class: "report-reader__input" });
    this.dns = el("input", { type: "checkbox", checked: true });
    this.reverse = el("input", { type: "checkbox" });
    this.status = el("p", { class: "report-reader__status", role: "status", "aria-live": "polite" });
    this.results = el("div", { class: "report-reader__results" });
    const zone = el("div", { class: "report-reader__drop", tabindex: "-1" },
      el("p", { class: "report-reader__drop-title" }, t.drop),
      el("p", {}, el("label", { class: "md-button" }, t.choose, this.files), " ",
        el("label", { class: "md-button" }, t.chooseFolder, this.folder)),
      el("p", { class: "report-reader__hint" }, t.accepted),
      el("p", { class: "report-reader__hint" }, t.privacy));
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.dataset.over = "true"; });
    zone.addEventListener("dragleave", () => { delete zone.dataset.over; });
    zone.addEventListener("drop", async (event) => {
      event.preventDefault();
      delete zone.dataset.over;
      this.read(await droppedFiles(event.dataTransfer));
    });
    for (const input of [this.files, this.folder]) {
      input.addEventListener("change", () => {
        this.read([...input.files].map((file) => [file, file.webkitRelativePath || file.name]));
        input.value = "";
      });
    }
    const options = el("div", { class: "report-reader__options" },
      el("label", {}, this.dns, " ", t.dns), el("label", {}, this.reverse, " ", t.reverse));
    this.root.replaceChildren(zone, options, this.status, this.results);
    this.root.dataset.state = "idle";
    startWorker();
  }

  async read(files) {
    if (!files.length) return;
    const t = this.t;
    this.root.dataset.state = "reading";
    this.results.replaceChildren();
    this.status.textContent = t.loading;
    try {
      const data = await readInWorker(files.map(([file]) => file), files.map(([, name]) => name),
        { lang: this.lang, dns: this.dns.checked, reverse_dns: this.reverse.checked ? 20 : 0 },
        (message) => {
          this.status.textContent = message.stage === "copy"
            ? t.copying(visible(message.file), message.bytes, message.total)
            : t.reading(visible(message.file), message.bytes);
        });
      if (data.error) {
        this.root.dataset.state = "error";
        this.status.textContent = data.error.message;
        return;
      }
      this.data = data;
      this.status.textContent = t.done(data.timing.run_ms);
      this.root.dataset.state = "done";
      this.root.dataset.runMs = String(data.timing.run_ms);
      this.show();
    } catch (error) {
      console.error(error);
      this.root.dataset.state = "failed";
      this.status.textContent = t.failed;
    }
  }

  show() {
    const { document: doc, view } = this.data;
    const t = this.t;
    const parts = [el("p", { class: "report-reader__summary" }, view.summary)];
    if (view.tls_summary) parts.push(el("p", {}, view.tls_summary));
    for (const row of view.readiness) {
      parts.push(el("p", { class: `report-reader__readiness report-reader__readiness--${row.ready ? "ready" : "todo"}` },
        visible(row.text), " ", el("a", { href: row.link }, t.readMore)));
    }
    if (doc.dmarc.reporters.length) {
      parts.push(el("p", { class: "report-reader__reporters" }, t.columns.reporters + t.colon,
        ...doc.dmarc.reporters.slice(0, 20).flatMap((r, i) =>
          [i ? ", " : "", el("span", {}, visible(r.org_name)), ` (${r.messages})`])));
    }
    if (doc.dmarc.days.length) parts.push(this.timeline(doc.dmarc.days));
    if (doc.sources.length) parts.push(this.topSources(doc.sources.slice(0, 10)));
    if (doc.sources.length) parts.push(this.sourcesTable(doc.sources, view));
    const used = new Set(doc.sources.map((s) => s.classification).filter(Boolean));
    if (used.size) {
      const list = el("dl", { class: "report-reader__legend" });
      for (const name of CLASSES.filter((c) => used.has(c))) {
        const cls = view.classes[name];
        list.append(el("dt", { "data-class": name }, cls.label),
          el("dd", {}, cls.advice, " ", el("a", { href: cls.link }, t.readMore)));
      }
      parts.push(el("h3", {}, t.legend), list);
    }
    if (doc.tls.policies.length) parts.push(this.tlsTable(doc.tls.policies, view));
    // failures without a host or address are in the policies' table already
    const byMx = (doc.tls.receiving_mx ?? []).filter((r) => r.mx);
    const bySender = (doc.tls.sending_ips ?? []).filter((r) => r.ip);
    if (byMx.length) parts.push(this.tlsBreakdown(byMx, "mx", t.tlsByMx));
    if (bySender.length) parts.push(this.tlsBreakdown(bySender, "ip", t.tlsBySender));
    if (view.failure_summary) {
      parts.push(el("h3", {}, t.failure), el("p", {}, view.failure_summary),
        el("ul", { class: "report-reader__failures" }, ...view.failure_lines.map((line) => el("li", {}, line))));
    }
    if (view.errors.length) {
      parts.push(el("h3", {}, t.errors), el("ul", { class: "report-reader__errors" },
        ...view.errors.map((e) => el("li", { "data-code": e.code }, el("code", {}, visible(e.file)), " ", e.message))));
    }
    parts.push(el("p", { class: "report-reader__exports" }, this.exportButton("csv"), " ", this.exportButton("json")));
    this.results.replaceChildren(...parts);
  }

  timeline(days) {
    const t = this.t;
    const width = 640, height = 180, pad = 28;
    const max = Math.max(1, ...days.map((d) => d.messages));
    const step = (width - pad) / days.length;
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "report-reader__chart" });
    chart.append(svg("title", {}, t.overTime));
    days.forEach((day, i) => {
      const x = pad + i * step;
      const bar = Math.max(1, step * 0.8);
      const failH = ((day.messages - day.pass) / max) * (height - pad);
      const passH = (day.pass / max) * (height - pad);
      const group = svg("g", {}, svg("title", {}, `${day.date}: ${day.pass} ${t.pass}, ${day.messages - day.pass} ${t.fail}`));
      group.append(svg("rect", { x, y: height - pad - passH, width: bar, height: passH, class: "report-reader__pass" }));
      group.append(svg("rect", { x, y: height - pad - passH - failH, width: bar, height: failH, class: "report-reader__fail" }));
      chart.append(group);
    });
    chart.append(svg("text", { x: pad, y: height - 8, class: "report-reader__axis" }, days[0].date));
    if (days.length > 1) {
      chart.append(svg("text", { x: width, y: height - 8, "text-anchor": "end", class: "report-reader__axis" }, days[days.length - 1].date));
    }
    chart.append(svg("text", { x: 0, y: 12, class: "report-reader__axis" }, String(max)));
    return el("figure", {}, chart, el("figcaption", {}, t.overTime, " — ",
      el("span", { class: "report-reader__key report-reader__key--pass" }, t.pass), " ",
      el("span", { class: "report-reader__key report-reader__key--fail" }, t.fail)));
  }

  topSources(sources) {
    const width = 640, row = 22, label = 210;
    const max = Math.max(1, ...sources.map((s) => s.count));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${row * sources.length}`, role: "img", class: "report-reader__chart" });
    chart.append(svg("title", {}, this.t.topSources));
    sources.forEach((s, i) => {
      const y = i * row;
      const passW = (s.dmarc_pass / max) * (width - label - 60);
      const failW = (s.dmarc_fail / max) * (width - label - 60);
      chart.append(svg("text", { x: label - 6, y: y + 15, "text-anchor": "end", class: "report-reader__axis" }, visible(s.ip)));
      chart.append(svg("rect", { x: label, y: y + 4, width: passW, height: row - 8, class: "report-reader__pass" }));
      chart.append(svg("rect", { x: label + passW, y: y + 4, width: failW, height: row - 8, class: "report-reader__fail" }));
      chart.append(svg("text", { x: label + passW + failW + 4, y: y + 15, class: "report-reader__axis" }, String(s.count)));
    });
    return el("figure", {}, chart, el("figcaption", {}, this.t.topSources));
  }

  sourcesTable(sources, view) {
    const t = this.t;
    const keys = ["ip", "domain", "count", "dmarc_pass", "spf_aligned_pass", "dkim_aligned_pass", "classification", "spf", "ptr"];
    const numeric = new Set(["count", "dmarc_pass", "spf_aligned_pass", "dkim_aligned_pass"]);
    const table = el("table", { class: "report-reader__table" });
    const head = el("tr");
    for (const key of keys) {
      const button = el("button", { type: "button", "aria-label": t.sortBy(t.columns[key]) }, t.columns[key]);
      const th = el("th", { scope: "col", "data-key": key,
        "aria-sort": this.sort.key === key ? (this.sort.descending ? "descending" : "ascending") : "none" }, button);
      button.addEventListener("click", () => {
        this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : numeric.has(key) };
        table.replaceWith(this.sourcesTable(sources, view));
      });
      head.append(th);
    }
    const { key, descending } = this.sort;
    const sorted = [...sources].sort((a, b) => {
      const x = a[key] ?? "", y = b[key] ?? "";
      const order = numeric.has(key) ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
    const body = el("tbody");
    for (const s of sorted.slice(0, TABLE_ROWS)) {
      const cls = s.classification ? view.classes[s.classification] : null;
      const fixes = view.source_fixes[`${s.domain} ${s.ip}`] || [];
      const classCell = el("td", { "data-class": s.classification || "" },
        cls ? el("a", { href: cls.link }, cls.label) : "");
      if (fixes.length) {
        const fixLink = view.fixes;
        classCell.append(el("ul", { class: "report-reader__fixes" },
          ...fixes.map((text, i) => el("li", {}, visible(text), " ",
            el("a", { href: fixLink[s.fixes[i]].link }, t.readMore)))));
      }
      body.append(el("tr", {},
        el("td", {}, el("code", {}, visible(s.ip))), el("td", {}, visible(s.domain)),
        el("td", { class: "num" }, s.count), el("td", { class: "num" }, s.dmarc_pass),
        el("td", { class: "num" }, s.spf_aligned_pass), el("td", { class: "num" }, s.dkim_aligned_pass),
        classCell, el("td", {}, s.spf ? el("code", {}, s.spf) : ""), el("td", {}, visible(s.ptr ?? ""))));
    }
    const wrapper = el("div", { class: "report-reader__table-wrap" },
      el("h3", {}, t.sources), table);
    table.append(el("thead", {}, head), body);
    if (sources.length > TABLE_ROWS) wrapper.append(el("p", {}, t.shown(TABLE_ROWS, sources.length)));
    return wrapper;
  }

  tlsTable(policies, view) {
    const t = this.t;
    const table = el("table", { class: "report-reader__table" },
      el("thead", {}, el("tr", {}, ...t.tlsColumns.map((c) => el("th", { scope: "col" }, c)))));
    const body = el("tbody");
    for (const p of policies) {
      body.append(el("tr", {}, el("td", {}, visible(p.domain)), el("td", {}, el("code", {}, visible(p.policy_type))),
        el("td", { class: "num" }, p.successful), el("td", { class: "num" }, p.failed),
        el("td", {}, el("ul", {}, ...p.failures.slice(0, 10).map((f) =>
          el("li", {}, `${f.count} × `, el("code", {}, visible(f.result_type)), " ", visible(f.receiving_mx), " ", visible(f.reason_code)))))));
    }
    table.append(body);
    return el("div", { class: "report-reader__table-wrap" }, el("h3", {}, t.tls, " ",
      el("a", { href: view.tls_link }, t.readMore)), table);
  }

  // rows: [{mx or ip, failed, result_types: {type: sessions}, domains}], most failures first
  tlsBreakdown(rows, key, title) {
    const names = this.t.tlsBreakdownColumns;
    const table = el("table", { class: "report-reader__table", "data-breakdown": key },
      el("thead", {}, el("tr", {}, ...[key, "failed", "result_types", "domains"].map((c) =>
        el("th", { scope: "col" }, names[c])))));
    const body = el("tbody");
    for (const row of rows) {
      body.append(el("tr", {}, el("td", {}, el("code", {}, visible(row[key]))),
        el("td", { class: "num" }, row.failed),
        el("td", {}, el("ul", {}, ...Object.entries(row.result_types).map(([type, n]) =>
          el("li", {}, `${n} × `, el("code", {}, visible(type)))))),
        el("td", {}, row.domains.map(visible).join(", "))));
    }
    table.append(body);
    return el("div", { class: "report-reader__table-wrap" }, el("h3", {}, title), table);
  }

  exportButton(kind) {
    const button = el("button", { type: "button", class: "md-button", "data-export": kind }, kind === "csv" ? this.t.csv : this.t.json);
    button.addEventListener("click", () => {
      const doc = this.data.document;
      const body = kind === "csv" ? toCsv(doc.sources) : JSON.stringify(doc, null, 2) + "\n";
      const blob = new Blob([body], { type: kind === "csv" ? "text/csv" : "application/json" });
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: `dmarc-reports.${kind}`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
    return button;
  }
}

const CSV_COLUMNS = ["ip", "domain", "count", "dmarc_pass", "dmarc_fail", "spf_aligned_pass", "dkim_aligned_pass",
  "classification", "spf", "fixes", "ptr", "reporters"];

export function toCsv(sources) {
  const cell = (value) => {
    let text = Array.isArray(value) ? value.join(" ") : String(value ?? "");
    // A spreadsheet would run a cell starting with = + - @ as a formula.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [CSV_COLUMNS.join(","), ...sources.map((s) => CSV_COLUMNS.map((c) => cell(s[c])).join(","))].join("\r\n") + "\r\n";
}

const stylesheet = document.createElement("link");
stylesheet.rel = "stylesheet";
stylesheet.href = new URL("assets/reports/reports.css", SITE_ROOT).href;
document.head.append(stylesheet);
for (const root of document.querySelectorAll(".report-reader")) new Reader(root);
