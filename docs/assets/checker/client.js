// The page's side of the checker worker (worker.js beside this file; its header documents
// the message protocol). One worker per page, started by the first createChecker() call:
// Python starts loading at once, while the visitor is still typing.
//
//   import { createChecker } from "<site root>/assets/checker/client.js";
//   const checker = createChecker({ base: "../" });    // site root, relative to the page
//   checker.onStatus(({ stage, ms }) => ...);          // loading-python ... ready
//   checker.onDownload(({ received, total }) => ...);  // bytes of the runtime, while it loads
//   await checker.ready;                               // optional: check() waits anyway
//   const data = await checker.check({ domain, selectors, lang, protocols },
//                                    { onProgress: ({ answers }) => ...,
//                                      onSection: ({ protocol, view, title, names }) => ... });
//   if (data.error) show(data.error.message); else show(data.view);
//
// base: the site root (where assets/ is), absolute or relative to the page; article links
// in the results start there. doh: DoH endpoint URLs; default: the build's
// extra.checker.doh (assets/checker/runtime.json). check() rejects only when the checker
// cannot run at all (Pyodide failed to load...); bad input resolves with data.error.
//
// For measurements (bench/visitor_speed.py), the page's performance timeline gets marks:
// "checker:<stage>" for each status, "checker:check" when a check is sent and
// "checker:result" (detail: the worker's timing) when its result arrives.

let instance = null;
const LOAD_TIMEOUT_MS = 90_000;

export function createChecker({ base = "/", doh } = {}) {
  if (instance) return instance;
  const root = new URL(base, document.baseURI);
  // The checker page starts its worker from <head> (early.js): take it over, with what it said.
  const early = globalThis.emailCheckerEarlyWorker;
  const adopted = early && early.root === root.href ? early : null;
  if (adopted) delete globalThis.emailCheckerEarlyWorker;
  const worker = adopted
    ? adopted.worker
    : new Worker(new URL("assets/checker/worker.js", root), { type: "module", name: "checker" });
  const pending = new Map();
  const listeners = new Set();
  const downloadListeners = new Set();
  const seen = [];
  let nextId = 1;
  let failure = null;
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // a page that never awaits it must not see an unhandled rejection

  function fail(message) {
    failure = new Error(message);
    rejectReady(failure);
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  }

  worker.onmessage = ({ data: message, timeStamp }) => {
    const call = pending.get(message.id);
    switch (message.type) {
      case "status":
        // When it arrived, also for a message early.js kept until now.
        performance.mark(`checker:${message.stage}`, { startTime: timeStamp });
        seen.push(message);
        for (const listener of listeners) listener(message);
        if (message.stage === "ready") resolveReady({ ms: message.ms });
        break;
      case "download":
        for (const listener of downloadListeners) listener(message);
        break;
      case "progress":
        if (call && call.onProgress) call.onProgress(message);
        break;
      case "section":
        if (call && call.onSection) call.onSection(message.section);
        break;
      case "result":
        if (call) {
          performance.mark("checker:result", { detail: { id: message.id, timing: message.data.timing } });
          pending.delete(message.id);
          call.resolve(message.data);
        }
        break;
      case "error":
        if (message.id === null || message.id === undefined) fail(message.message);
        else if (call) {
          pending.delete(message.id);
          call.reject(new Error(message.message));
        }
        break;
    }
  };
  // A browser that refuses to compile the WebAssembly leaves loadPyodide() pending
  // forever, with no error: give up after a while so the page can say so.
  const loadTimer = setTimeout(() => fail("the checker did not start within 90 s"), LOAD_TIMEOUT_MS);
  ready.then(() => clearTimeout(loadTimer), () => clearTimeout(loadTimer));
  // The worker script itself failed (not found, not served as JavaScript...).
  worker.onerror = (event) => {
    event.preventDefault();
    fail(`the checker worker failed: ${event.message || "could not be loaded"}`);
  };
  if (adopted) {
    for (const event of adopted.messages) worker.onmessage(event);
    for (const event of adopted.errors) worker.onerror(event);
  }

  instance = {
    ready,
    check(request, { onProgress, onSection } = {}) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress, onSection });
        performance.mark("checker:check", { detail: { id } });
        worker.postMessage({
          type: "check",
          id,
          site_root: root.pathname,
          ...(doh ? { doh } : {}),
          ...request,
        });
      });
    },
    // fn gets every status message, including those sent before it was added.
    onStatus(fn) {
      for (const message of seen) fn(message);
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    onDownload(fn) {
      downloadListeners.add(fn);
      return () => downloadListeners.delete(fn);
    },
  };
  return instance;
}
