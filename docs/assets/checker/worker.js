// The domain checker's Web Worker: Python (Pyodide) running checker.browser, with DNS over
// HTTPS through fetch. Everything is loaded from this site: Pyodide from ../pyodide/ (copied
// there at build time by hooks/checker_runtime.py with our pyodide-lock.json and wheels),
// the default DoH endpoints from ./runtime.json (the build's extra.checker.doh). No CDN.
//
// Start it as a module worker: new Worker(".../assets/checker/worker.js", {type: "module"}).
// Loading starts as soon as the worker is created; checks sent before it is ready wait.
// client.js beside this file wraps the protocol in a promise API.
//
// Protocol
// --------
// page -> worker
//   {type: "check", id, domain, selectors?, lang?, doh?, protocols?, site_root?, site_default?, timeout?}
//       id: any value the page chooses, echoed in the answers.
//       domain: what the visitor typed. selectors: extra DKIM selectors (strings).
//       lang: "ja" | "fr" | "en" (default "en"). doh: endpoint URLs, tried in order
//       (default: runtime.json's). protocols: subset of spf dmarc dkim bimi mtasts tlsrpt
//       mx dnssec (default: all). site_root: URL path of the site root, where article
//       links start (default "/"). timeout: seconds per DNS query (default 5).
//
// worker -> page
//   {type: "status", stage, ms}
//       stage: "loading-python" (Pyodide: wasm and standard library), "loading-packages"
//       (the checker's wheels), "importing" (Python modules), "ready"; ms: milliseconds
//       since the worker started, when that stage began. Sent once each, in this order.
//   {type: "download", received, total}
//       While the runtime loads: bytes of it received so far (files finished, as sent:
//       compressed; 0 for a file from the browser's cache) and the build's total of
//       brotli-compressed bytes (runtime.json's download.br). Sent as each file arrives.
//   {type: "progress", id, answers}
//       answers: DNS answers received so far for that check (at most every 100 ms).
//   {type: "section", id, section}
//       section: one protocol's part of the report as soon as its answers are in, before
//       the result: {protocol, view (as in data.view.protocols, without proposals), title,
//       names: {protocol: name} of every protocol checked}. See checker.browser.
//   {type: "result", id, data}
//       data: checker.browser's result: {report, view, timing} or {error: {code, message},
//       timing}. An invalid domain is a result with data.error (message in the reader's
//       language), not an "error" message. A failed DNS lookup is inside the report.
//       data.timing: {check_ms, network_ms, python_ms, requests} from Python, plus
//       run_ms (the call as the worker saw it) and boot: {pyodide_ms, packages_ms,
//       import_ms, ready_ms} (ready_ms: since the worker started; the same for every check).
//   {type: "error", id, message}
//       The checker could not run: Pyodide or a wheel failed to load (id is null and every
//       later check fails too), or a message was malformed. message is technical
//       English for the console; the page shows its own words.

// The report reader (../reports/worker-reports.js) uses this worker too: messages of
// type "reports" are documented there. Imported beside the runtime, not before it (a
// static import would hold the runtime's download back by one request), and at start,
// not on the first such message: reading reports makes no request at all.

const started = performance.now();
// The build (hooks/checker_runtime.py) writes the runtime's content-hashed folder here.
const RUNTIME_FOLDER = "../pyodide/";
const PYODIDE_URL = new URL(RUNTIME_FOLDER, import.meta.url).href;
const RUNTIME_URL = new URL("runtime.json", import.meta.url).href;

const boot = {};
let pyodideInstance = null;
const runtime = fetch(RUNTIME_URL).then((response) => {
  if (!response.ok) throw new Error(`${RUNTIME_URL}: HTTP ${response.status}`);
  return response.json();
});
const downloads = watchDownloads();
const reportReader = import("../reports/worker-reports.js");
reportReader.catch(() => {}); // reported when a "reports" message needs it
const checker = load();
checker.catch((error) => post({ type: "error", id: null, message: `the checker could not load: ${error}` }));

function post(message) {
  self.postMessage(message);
}

function stage(name) {
  const ms = Math.round(performance.now() - started);
  post({ type: "status", stage: name, ms });
  return performance.now();
}

async function load() {
  let t = stage("loading-python");
  const { loadPyodide } = await import(PYODIDE_URL + "pyodide.mjs");
  const lockFileURL = PYODIDE_URL + "pyodide-lock.json";
  prefetchWheels(lockFileURL);
  const pyodide = await loadPyodide({ indexURL: PYODIDE_URL, lockFileURL, packages: [] });
  pyodideInstance = pyodide;
  boot.pyodide_ms = Math.round(performance.now() - t);

  t = stage("loading-packages");
  const { packages } = await runtime;
  const failures = [];
  await pyodide.loadPackage(packages, { messageCallback: () => {}, errorCallback: (m) => failures.push(m) });
  if (failures.length) throw new Error(failures.join("; "));
  boot.packages_ms = Math.round(performance.now() - t);

  t = stage("importing");
  const browser = pyodide.pyimport("checker.browser");
  boot.import_ms = Math.round(performance.now() - t);

  boot.ready_ms = Math.round(performance.now() - started);
  downloads.disconnect();
  stage("ready");
  return browser.run;
}

// The runtime's files as they finish (the browser gives a file's size when it is complete;
// reading the WebAssembly's stream ourselves would cost the browser's compiled-code cache).
function watchDownloads() {
  let received = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.name.startsWith(PYODIDE_URL)) continue;
      received += entry.transferSize;
      const now = received;
      runtime.then(({ download }) => post({ type: "download", received: now, total: download?.br ?? 0 }), () => {});
    }
  });
  observer.observe({ type: "resource", buffered: true });
  return observer;
}

// Over a real network the wheels take a while to arrive: ask for them while the
// WebAssembly compiles, so loadPackage() finds them in the HTTP cache.
async function prefetchWheels(lockFileURL) {
  try {
    const lock = await (await fetch(lockFileURL)).json();
    for (const entry of Object.values(lock.packages)) {
      fetch(new URL(entry.file_name, lockFileURL)).then((r) => r.arrayBuffer()).catch(() => {});
    }
  } catch {
    // only a head start: loadPyodide reports a missing lock itself
  }
}

self.onmessage = async (event) => {
  const message = event.data || {};
  const id = message.id ?? null;
  if (message.type === "reports") {
    try {
      await checker;
      const { readReports } = await reportReader;
      await readReports(message, { pyodide: pyodideInstance, runtime: await runtime, post });
    } catch (error) {
      post({ type: "error", id, message: String(error) });
    }
    return;
  }
  if (message.type !== "check") {
    post({ type: "error", id, message: `unknown message type ${JSON.stringify(message.type)}` });
    return;
  }
  try {
    const run = await checker;
    const request = {
      domain: message.domain,
      selectors: message.selectors ?? [],
      lang: message.lang,
      doh: message.doh ?? (await runtime).doh,
      protocols: message.protocols ?? null,
      site_root: message.site_root ?? "/",
      site_default: message.site_default ?? (await runtime).default_language,
      timeout: message.timeout ?? 5,
    };
    const progress = (answers) => post({ type: "progress", id, answers });
    const section = (json) => post({ type: "section", id, section: JSON.parse(json) });
    const t = performance.now();
    const data = JSON.parse(await run(JSON.stringify(request), progress, section));
    data.timing = { ...data.timing, run_ms: Math.round(performance.now() - t), boot: { ...boot } };
    post({ type: "result", id, data });
  } catch (error) {
    post({ type: "error", id, message: String(error) });
  }
};
