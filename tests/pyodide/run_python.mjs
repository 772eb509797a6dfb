// Runs a Python script inside Pyodide under Node, with the runtime a built site ships.
//
//   node [--experimental-wasm-stack-switching] run_python.mjs RUNTIME_DIR SCRIPT [HOST_DIR=GUEST_DIR]...
//
// RUNTIME_DIR: a site's assets/pyodide/ folder (pyodide.mjs, the wasm, python_stdlib.zip,
// pyodide-lock.json and the wheels it lists). Every package of the lock is loaded, the
// host folders are mounted into Pyodide's file system, then SCRIPT runs (as __main__,
// with top-level await). The exit code is the value of the script's last expression when
// it is an integer, 1 when the script raises, else 0.
// Environment: PYODIDE_STDLIB=path overrides the runtime's python_stdlib.zip.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, script, ...mounts] = process.argv.slice(2);
if (!runtimeDir || !script) {
  console.error("usage: run_python.mjs RUNTIME_DIR SCRIPT [HOST_DIR=GUEST_DIR]...");
  process.exit(2);
}
const indexURL = resolve(runtimeDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const pyodide = await loadPyodide({
  indexURL,
  lockFileURL: indexURL + "pyodide-lock.json",
  ...(process.env.PYODIDE_STDLIB ? { stdLibURL: resolve(process.env.PYODIDE_STDLIB) } : {}),
  packages: [],
});
const lock = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf8"));
await pyodide.loadPackage(Object.keys(lock.packages), { messageCallback: () => {} });
for (const mount of mounts) {
  const [host, guest] = mount.split("=");
  pyodide.FS.mkdirTree(guest);
  pyodide.mountNodeFS(guest, resolve(host));
}
let code = 0;
try {
  const result = await pyodide.runPythonAsync(readFileSync(script, "utf8"), { filename: resolve(script) });
  if (Number.isInteger(result)) code = result;
} catch (error) {
  // A Python exception: its traceback is the message (the JS stack would only add noise).
  const message = error && error.type ? error.message : String(error);
  const exit = /SystemExit: (\d+)/.exec(message);
  if (exit) code = Number(exit[1]);
  else {
    console.error(message);
    code = 1;
  }
}
process.exit(code);
