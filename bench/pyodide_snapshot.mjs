// What Pyodide 314's memory snapshots would save a returning visitor, measured under Node.
//
//   node --experimental-wasm-stack-switching bench/pyodide_snapshot.mjs build/checker-runtime/runtime/<key>/
//
// Prints: a plain boot with the checker's wheels and import; a plain boot alone; making a
// snapshot (loadPyodide({_makeSnapshot}) then makeMemorySnapshot(), both private API) and
// its size; a boot from it, then wheels and import. A snapshot can only be made before any
// package is loaded (loadPackage leaves JS references that makeMemorySnapshot refuses:
// "Unexpected hiwire entry"), so it can only skip the interpreter's own start-up.
// No target: the figures decide whether the worker should use it (it does not; see the
// closing note of issue 11).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const dir = process.argv[2];
const { loadPyodide } = await import(pathToFileURL(dir + "pyodide.mjs").href);
const lock = dir + "pyodide-lock.json";
let t = performance.now();
const plain = await loadPyodide({ indexURL: dir, lockFileURL: lock, packages: [] });
await plain.loadPackage(["dmarc-checker"], { messageCallback: () => {} });
plain.pyimport("checker.browser");
console.log("boot + wheels + import, no snapshot:", Math.round(performance.now() - t), "ms");
t = performance.now();
const bare = await loadPyodide({ indexURL: dir, lockFileURL: lock, packages: [] });
console.log("boot alone, no snapshot:", Math.round(performance.now() - t), "ms");
t = performance.now();
const maker = await loadPyodide({ indexURL: dir, lockFileURL: lock, packages: [], _makeSnapshot: true });
const snapshot = maker.makeMemorySnapshot();
console.log("snapshot made:", snapshot.length, "bytes, in", Math.round(performance.now() - t), "ms");
t = performance.now();
const restored = await loadPyodide({ indexURL: dir, lockFileURL: lock, packages: [], _loadSnapshot: snapshot });
console.log("boot from the snapshot:", Math.round(performance.now() - t), "ms");
await restored.loadPackage(["dmarc-checker"], { messageCallback: () => {} });
const browser = restored.pyimport("checker.browser");
console.log("boot from the snapshot + wheels + import:", Math.round(performance.now() - t), "ms", typeof browser.run);
const zlib = await import("node:zlib");
console.log("snapshot gzipped:", zlib.gzipSync(snapshot, { level: 6 }).length, "bytes");
