// The report reader's part of the checker's worker (docs/assets/checker/worker.js
// imports it): the same Pyodide, the same wheels, a second entry point,
// checker.reports.browser.
//
// page -> worker
//   {type: "reports", id, files: [File, ...], names?, lang?, site_root?, site_default?, doh?,
//    dns?, reverse_dns?}
//       files: File objects (from a drop or an <input type=file>): they are copied
//       into Pyodide's in-memory file system, read there, then deleted. They are
//       never sent anywhere. names: what to call each file (a dropped folder's
//       relative paths; default: the file's name). dns: evaluate failing sources against the domains' SPF
//       records through DoH (default true). reverse_dns: 0 to 100 (default 0).
// worker -> page
//   {type: "progress", id, file, bytes, total}   while files are copied and read
//   {type: "result", id, data}                   data: {document, view, timing} or {error, timing}
//   {type: "error", id, message}                 as for checks

const COPY_CHUNK = 4 * 1024 * 1024;
let reader = null;

export async function readReports(message, { pyodide, runtime, post }) {
  const id = message.id ?? null;
  reader ??= pyodide.pyimport("checker.reports.browser");
  const folder = `/tmp/reports-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  pyodide.FS.mkdirTree(folder);
  const files = [];
  const started = performance.now();
  try {
    for (const [index, file] of (message.files || []).entries()) {
      const path = `${folder}/${index}`;
      const name = String(message.names?.[index] || file.webkitRelativePath || file.name);
      await copyIntoMemory(pyodide, file, path, (bytes) =>
        post({ type: "progress", id, stage: "copy", file: name, bytes, total: file.size }));
      files.push({ path, name });
    }
    const copy_ms = Math.round(performance.now() - started);
    const request = {
      files,
      lang: message.lang,
      site_root: message.site_root ?? "/",
      site_default: message.site_default ?? runtime.default_language,
      doh: message.doh ?? runtime.doh,
      timeout: message.timeout ?? 5,
      dns: message.dns ?? true,
      reverse_dns: message.reverse_dns ?? 0,
    };
    const progress = (file, bytes) => post({ type: "progress", id, stage: "read", file, bytes });
    const data = JSON.parse(await reader.run(JSON.stringify(request), progress));
    data.timing = { ...data.timing, copy_ms, run_ms: Math.round(performance.now() - started) };
    post({ type: "result", id, data });
  } finally {
    for (const { path } of files) {
      try { pyodide.FS.unlink(path); } catch { /* already gone */ }
    }
    try { pyodide.FS.rmdir(folder); } catch { /* not empty: a copy failed half-way */ }
  }
}

// Chunk by chunk, so a 100 MB file is never held twice in the worker's memory.
async function copyIntoMemory(pyodide, file, path, onProgress) {
  const FS = pyodide.FS;
  const stream = FS.open(path, "w");
  try {
    let offset = 0;
    while (offset < file.size) {
      const chunk = new Uint8Array(await file.slice(offset, offset + COPY_CHUNK).arrayBuffer());
      FS.write(stream, chunk, 0, chunk.length);
      offset += chunk.length;
      onProgress(offset);
    }
  } finally {
    FS.close(stream);
  }
}
