"""Put the in-browser checker's runtime into the built site, served by the site itself.

After the build (once, not per language) this hook writes:

    assets/pyodide/   pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip
                      (from node_modules/pyodide, installed by `npm ci`), our
                      pyodide-lock.json and the wheels it lists: the checker's own
                      wheel and the pure-Python wheels of its dependencies at the
                      versions pinned in requirements.lock
    assets/checker/runtime.json
                      {"doh": [...], "default_language": "ja", "packages": [...],
                      "pyodide": "..."}: what the worker needs from the build's config
                      (extra.checker.doh; the language published at the site's root)

Everything is prepared once in a content-addressed cache under build/checker-runtime/
and copied from there, so the base site and every partner site share the work, and a
rebuild with unchanged sources needs neither the network nor a compiler:

    downloads/<name>-<version>/     dependency wheels, verified against requirements.lock's hashes
    checker/<source hash>/<wheel>   the checker wheel (`uv build --wheel`)
    compiled/<key>/<file>           wheels and python_stdlib.zip with bytecode for Pyodide
    runtime/<key>/                  the finished assets/pyodide folder

The lock keeps Pyodide's own `info` block but lists only the wheels the site serves:
a package the site does not host cannot be loaded, and nothing is fetched from a CDN.

Bytecode: Pyodide only accepts bytecode of its own CPython (3.14), and the host Python is
not 3.14 (pyodide-build's py-compile would write bytecode Pyodide rejects). So the
wheels, and python_stdlib.zip, which Pyodide ships as sources, are compiled inside
Pyodide itself, run by Node from node_modules (about 5 s, once per set of inputs).
Measured in Chromium here: Pyodide starts in about half the time (the standard library
is no longer compiled on every page load), for 2 MB more to download.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger("checker_runtime")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "checker-runtime"
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
# What a browser needs of the npm package; the rest (.d.ts, maps, consoles) stays out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
STDLIB = "python_stdlib.zip"  # replaced by the same modules compiled to bytecode
SITE_FOLDER = "assets/pyodide"
RUNTIME_JSON = "assets/checker/runtime.json"
# Bump when the way the cache entries are made changes, so old entries are not reused.
RECIPE = "6"
# The Python modules the browser imports (scripts/trace_modules.py writes the list): the
# standard library and the wheels are shipped with these only.
MODULES_LIST = ROOT / "hooks" / "checker_modules.txt"
# Kept whole (a lazy import inside them is cheap to keep, costly to miss: idna's UTS 46
# table is only imported for a name with non-ASCII letters); the rest module by module.
WHOLE_WHEEL_PACKAGES = ("idna", "checker")
# ...except the command line's own modules, which a browser never imports. The checker is
# kept whole otherwise, so a module added later ships without a new trace.
CLI_ONLY = ("checker/__main__", "checker/cli", "checker/cli_parser", "checker/render", "checker/dns/do53",
            "checker/locale/compile", "checker/survey", "checker/reports/cli")
WHOLE_STDLIB_PACKAGES = ("_pyodide", "pyodide", "importlib", "json", "re", "collections", "concurrent")
# Codecs any code may ask for by name (str.encode, bytes.decode), used or not in the trace.
ALWAYS_KEPT = tuple(f"encodings/{c}" for c in (
    "__init__", "aliases", "ascii", "latin_1", "utf_8", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be",
    "utf_32", "utf_32_le", "utf_32_be", "idna", "punycode", "raw_unicode_escape", "unicode_escape",
    "charmap", "cp437"))
KEEP_RUNTIMES = 4
DOWNLOAD_TIMEOUT = 60


# -- MkDocs events -----------------------------------------------------------------

def on_config(config):
    doh_urls(config)  # fail at the start of the build, not after every page is written
    return config


@event_priority(-150)  # after mkdocs-static-i18n has built the other languages
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build: the runtime is written once, at the end
    started = time.perf_counter()
    runtime = prepare_runtime()
    site_dir = Path(config.site_dir)
    if (site_dir / SITE_FOLDER).exists():
        shutil.rmtree(site_dir / SITE_FOLDER)
    target = site_dir / SITE_FOLDER / runtime.folder_name
    shutil.copytree(runtime.folder, target)
    point_worker_at(site_dir, runtime.folder_name)
    runtime_json = site_dir / RUNTIME_JSON
    runtime_json.parent.mkdir(parents=True, exist_ok=True)
    runtime_json.write_text(json.dumps({"doh": doh_urls(config), "default_language": default_language(config),
                                        "packages": [runtime.package],
                                        "pyodide": runtime.pyodide_version,
                                        "download": download_sizes(target)}, indent=2) + "\n",
                            encoding="utf-8")
    sizes = download_sizes(target)
    log.info(f"checker runtime {runtime.folder_name} ({'reused' if runtime.reused else 'prepared'}): "
             f"Pyodide {runtime.pyodide_version}, {', '.join(runtime.wheels)}; {sizes['bytes'] / 1e6:.1f} MB "
             f"({sizes['br'] / 1e6:.1f} MB brotli) in {SITE_FOLDER}/ in {time.perf_counter() - started:.2f} s")


# The worker's line naming the runtime folder; the build puts the content-hashed folder there.
WORKER_JS = "assets/checker/worker.js"
WORKER_FOLDER_LINE = 'const RUNTIME_FOLDER = "../pyodide/";'


def point_worker_at(site_dir: Path, folder_name: str) -> None:
    """Rewrite the built worker.js so it loads assets/pyodide/<folder_name>/ (one request less
    than reading the name from runtime.json first)."""
    worker = site_dir / WORKER_JS
    if not worker.is_file():
        return  # a site without the checker's interface (a test's mini site): nothing to point
    text = worker.read_text(encoding="utf-8")
    if text.count(WORKER_FOLDER_LINE) != 1:
        raise PluginError(f"checker_runtime: {WORKER_JS} must contain the line {WORKER_FOLDER_LINE!r} once")
    text = text.replace(WORKER_FOLDER_LINE, WORKER_FOLDER_LINE.replace("/pyodide/", f"/pyodide/{folder_name}/"))
    worker.write_text(text, encoding="utf-8")


def download_sizes(folder: Path) -> dict[str, int]:
    """What a first visit downloads from the runtime folder: bytes, and bytes brotli-compressed
    (the worker shows progress against these)."""
    files = [p for p in folder.iterdir() if p.suffix not in COMPRESSED_SUFFIXES]
    return {"bytes": sum(p.stat().st_size for p in files),
            "br": sum(p.with_name(p.name + ".br").stat().st_size for p in files)}


def default_language(config) -> str:
    """The language static-i18n publishes at the site's root (article links start there)."""
    for plugin in config.plugins.values():
        for language in getattr(getattr(plugin, "config", None), "languages", None) or []:
            if getattr(language, "default", False):
                return language.locale
    return config.theme.get("language", "en")


def doh_urls(config) -> list[str]:
    """``extra.checker.doh``: a non-empty list of http(s) URLs, else the build fails."""
    checker = (config.get("extra") or {}).get("checker") or {}
    urls = checker.get("doh") if isinstance(checker, dict) else None
    if not isinstance(urls, list) or not urls:
        raise PluginError("checker_runtime: extra.checker.doh must list the DNS-over-HTTPS endpoints "
                          "the in-browser checker queries")
    for url in urls:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("https", "http") or not parts.hostname:
            raise PluginError(f"checker_runtime: extra.checker.doh: {url!r} is not an http(s) URL")
    return list(urls)


# -- the runtime folder --------------------------------------------------------------

@dataclass
class Runtime:
    folder: Path            # the finished assets/pyodide folder, in the cache
    package: str            # what the worker loads: the project's name in the lock
    pyodide_version: str
    wheels: list[str]       # file names
    reused: bool            # False when it was made by this build

    @property
    def folder_name(self) -> str:
        """The folder's name in the site: its content hash, so it can be cached for ever."""
        return self.folder.name[:16]


def prepare_runtime(trim: bool = True) -> Runtime:
    """The finished assets/pyodide folder in the cache (made now if missing).

    trim=False keeps every module of the wheels and writes no compressed copies
    (scripts/trace_modules.py needs all the modules, and no site is made of it)."""
    pyodide_version, base_lock = pyodide_package()
    project = project_name()
    checker_wheel = build_checker_wheel()
    wheels = [checker_wheel] + [download(w) for w in locked_dependency_wheels(project, base_lock["info"])]
    stdlib, *compiled = compile_files([("stdlib", PYODIDE_DIR / STDLIB)] + [("wheel", w) for w in wheels],
                                      pyodide_version, trim)
    key = _digest([RECIPE, pyodide_version, *(_file_digest(PYODIDE_DIR / f) for f in PYODIDE_FILES),
                   _file_digest(stdlib), *(_file_digest(w) for w in compiled)])
    folder = CACHE / "runtime" / key
    names = [w.name for w in compiled]
    if folder.is_dir():
        os.utime(folder)  # most recently used: kept by the pruning below
        return Runtime(folder, project, pyodide_version, names, reused=True)
    with _staging(folder) as staging:
        for name in PYODIDE_FILES:
            shutil.copyfile(stdlib if name == STDLIB else PYODIDE_DIR / name, staging / name)
        for wheel in compiled:
            shutil.copyfile(wheel, staging / wheel.name)
        lock = make_lock(base_lock["info"], compiled)
        (staging / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n",
                                                   encoding="utf-8")
        if trim:  # the untrimmed runtime only serves scripts/trace_modules.py, never a site
            precompress(sorted(staging.iterdir()))
    _prune(CACHE / "runtime", KEEP_RUNTIMES)
    return Runtime(folder, project, pyodide_version, names, reused=False)


def pyodide_package() -> tuple[str, dict]:
    """Version and lock of node_modules/pyodide, which must be the version package.json pins."""
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    manifest = PYODIDE_DIR / "package.json"
    if not manifest.is_file():
        raise PluginError("checker_runtime: node_modules/pyodide is missing: run `npm ci` in the project root")
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if version != wanted:
        raise PluginError(f"checker_runtime: node_modules/pyodide is {version}, package.json pins {wanted}: "
                          "run `npm ci`")
    missing = [f for f in (*PYODIDE_FILES, "pyodide-lock.json") if not (PYODIDE_DIR / f).is_file()]
    if missing:
        raise PluginError(f"checker_runtime: node_modules/pyodide lacks {', '.join(missing)}: run `npm ci`")
    return version, json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))


def project_name() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return _canonical(tomllib.load(f)["project"]["name"])


# -- the checker wheel -----------------------------------------------------------------

def build_checker_wheel() -> Path:
    """``uv build --wheel`` of the project, reused while its sources are unchanged."""
    folder = CACHE / "checker" / _digest([RECIPE, *_source_digests()])
    existing = sorted(folder.glob("*.whl"))
    if existing:
        return existing[0]
    uv = find_uv()
    with _staging(folder) as staging:
        command = [*uv, "build", "--wheel", "--out-dir", str(staging), str(ROOT)]
        env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise PluginError(f"checker_runtime: `uv build --wheel` failed:\n{done.stderr.strip()}")
        (staging / ".gitignore").unlink(missing_ok=True)  # uv writes one into its output folder
    return sorted(folder.glob("*.whl"))[0]


def _source_digests():
    """What the wheel is made of: the package's files and the project metadata."""
    yield _file_digest(ROOT / "pyproject.toml")
    for name in ("README.md", "LICENSE"):
        if (ROOT / name).is_file():
            yield _file_digest(ROOT / name)
    for path in sorted((ROOT / "checker").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path.relative_to(ROOT).as_posix() + ":" + _file_digest(path)


def find_uv() -> list[str]:
    """uv as scripts/setup.sh installs it (.tools/bin/uv), else on PATH, else as a module."""
    local = ROOT / ".tools" / "bin" / "uv"
    if local.is_file():
        return [str(local)]
    on_path = shutil.which("uv")
    if on_path:
        return [on_path]
    if subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True).returncode == 0:
        return [sys.executable, "-m", "uv"]
    raise PluginError("checker_runtime: uv is needed to build the checker wheel: run scripts/setup.sh")


# -- dependency wheels, pinned and hash-checked by requirements.lock --------------------

@dataclass
class LockedWheel:
    name: str
    version: str
    hashes: frozenset[str]   # sha256 of every file the lock allows for this version


def pyodide_environment(info: dict) -> dict[str, str]:
    """PEP 508 marker values inside Pyodide (from the lock's info block)."""
    full = info.get("python", "3.14.0")
    return {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
            "platform_machine": "wasm32", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "python_version": ".".join(full.split(".")[:2]),
            "python_full_version": full, "implementation_version": full, "extra": ""}


def read_lock(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """requirements.lock: canonical name -> (version, sha256 hashes)."""
    entries: dict[str, tuple[str, set[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip().rstrip("\\").strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("--hash=sha256:") and current is not None:
            entries[current][1].add(text.removeprefix("--hash=sha256:"))
        elif "==" in text and not text.startswith("-"):
            name, _, rest = text.partition("==")
            current = _canonical(name.strip())
            entries[current] = (rest.split(";")[0].strip(), set())
    return {name: (version, frozenset(hashes)) for name, (version, hashes) in entries.items()}


def locked_dependency_wheels(project: str, info: dict) -> list[LockedWheel]:
    """Every package ``project`` needs under Pyodide, at the versions requirements.lock pins.

    The dependency graph comes from the installed metadata (the locked versions), with
    each requirement's marker evaluated for Pyodide (httpx, for one, is not needed there).
    """
    from importlib.metadata import PackageNotFoundError, requires

    lock = read_lock(ROOT / "requirements.lock")
    environment = pyodide_environment(info)
    wanted, seen, result = [project], {project}, []
    while wanted:
        try:
            names = _dependencies(requires(wanted.pop(0)) or [], environment)
        except PackageNotFoundError:
            raise PluginError("checker_runtime: the project is not installed: run scripts/setup.sh") from None
        for name in names:
            if name in seen:
                continue
            if name not in lock:
                raise PluginError(f"checker_runtime: {name} is not in requirements.lock: run scripts/lock.sh")
            seen.add(name)
            wanted.append(name)
            result.append(LockedWheel(name, lock[name][0], lock[name][1]))
    return result


def download(wheel: LockedWheel) -> Path:
    """The pure-Python wheel, from the cache or through pip, checked against the lock's hashes."""
    folder = CACHE / "downloads" / f"{wheel.name}-{wheel.version}"
    cached = [w for w in folder.glob("*.whl") if _file_sha256(w) in wheel.hashes]
    if cached:
        return cached[0]
    log.info(f"checker runtime: downloading {wheel.name} {wheel.version}")
    with _staging(folder) as staging:
        command = [str(_python_with_pip()), "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                   "--no-deps", "--only-binary=:all:", "--dest", str(staging), f"{wheel.name}=={wheel.version}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT)
        if done.returncode != 0:
            raise PluginError(f"checker_runtime: cannot download {wheel.name} {wheel.version}: "
                              f"{done.stderr.strip().splitlines()[-1:] or done.returncode}; "
                              f"once downloaded it is kept in {folder.relative_to(ROOT)}")
        files = list(staging.glob("*.whl"))
        if len(files) != 1 or not _pure(files[0].name):
            raise PluginError(f"checker_runtime: {wheel.name} {wheel.version} has no pure-Python wheel, "
                              "so it cannot run in the browser")
        if _file_sha256(files[0]) not in wheel.hashes:
            raise PluginError(f"checker_runtime: {files[0].name} does not match the hashes in requirements.lock")
    return next(folder.glob("*.whl"))


def _pure(filename: str) -> bool:
    from packaging.utils import parse_wheel_filename

    tags = parse_wheel_filename(filename)[3]
    return any(t.abi == "none" and t.platform == "any" and t.interpreter.startswith("py3") for t in tags)


def _python_with_pip() -> Path:
    """scripts/setup.sh keeps pip in .tools (the project's environment has none)."""
    tools = ROOT / ".tools" / "bin" / "python"
    return tools if tools.exists() else Path(sys.executable)


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- bytecode, compiled inside Pyodide -----------------------------------------------------

# Runs inside Pyodide. Modules become sourceless .pyc files (unchecked-hash pycs, as
# pyodide-build's py-compile makes them): in the wheels (RECORD rewritten; the .po
# catalog sources left out, only the .mo files are read) and in python_stdlib.zip,
# which Pyodide ships as sources: compiling it halves the interpreter's start-up.
# Docstrings are left out of the standard library (a sixth of its bytes; it works without
# them, as under python -OO, which also drops asserts: these stay) and of the checker (it
# never reads one), not out of Pyodide's own packages, which read theirs, nor out of
# dnspython and idna: dnspython's exceptions take their messages from them.
# A module this Python cannot compile keeps its source.
_COMPILE_PY = r"""
import ast, base64, hashlib, importlib.util, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # what py_compile uses

STAMP = (1980, 1, 1, 0, 0, 0)
PREFIX = {"wheel": "/lib/python3.14/site-packages/", "stdlib": "/lib/python3.14/"}
STDLIB_KEEPS_DOCSTRINGS = ("_pyodide/", "pyodide/")
DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)

def _without_docstrings(tree):
    for node in ast.walk(tree):
        if (isinstance(node, DOCUMENTED) and node.body and isinstance(node.body[0], ast.Expr)
                and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str)):
            # Removed, not replaced: a "from __future__" import must stay first in a module.
            docstring = node.body.pop(0)
            if not node.body:
                node.body.append(ast.copy_location(ast.Pass(), docstring))
    return tree

def _pyc(name, data, prefix, strip):
    try:
        source = _without_docstrings(ast.parse(data, prefix + name)) if strip else data
        code = compile(source, prefix + name, "exec", dont_inherit=True)
    except SyntaxError:
        return name, data
    return name + "c", _code_to_hash_pyc(code, importlib.util.source_hash(data), False)

def _entry(name):
    entry = zipfile.ZipInfo(name, STAMP)
    entry.external_attr = 0o644 << 16
    entry.compress_type = zipfile.ZIP_STORED  # the .br/.gz beside the file compress it better
    return entry

def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"

def _kept(kind, name, keep):  # is this path of the zip shipped? (trim_rules() on the host side)
    if keep is None or not name.endswith(".py"):
        return True
    module = name[:-3]
    if any(module == drop or module.startswith(drop + "/") for drop in keep.get("drop", ())):
        return False  # a command-line module, or a package of them
    return module in keep["modules"] or module.split("/")[0] in keep["whole"]

def compile_zip(kind, src, dst, keep=None):
    keep = keep and {key: set(values) for key, values in keep.items()}
    records, record_name = [], None
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            name, data = info.filename, zin.read(info)
            if name.endswith("/"):
                continue
            if kind == "wheel" and name.endswith(".dist-info/RECORD"):
                record_name = name
                continue
            if kind == "wheel" and name.endswith(".po"):
                continue
            if not _kept(kind, name, keep):
                continue
            if name.endswith(".py") and ".data/" not in name:
                strip = (name.startswith("checker/") if kind == "wheel"
                         else not name.startswith(STDLIB_KEEPS_DOCSTRINGS))
                name, data = _pyc(name, data, PREFIX[kind], strip)
            zout.writestr(_entry(name), data)
            records.append(_record_line(name, data))
        if record_name:
            records.append(f"{record_name},,")
            zout.writestr(_entry(record_name), "\n".join(records) + "\n")
"""

_COMPILE_JS = r"""
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [indexDir, jobFile] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(indexDir + "/pyodide.mjs").href);
const py = await loadPyodide({ indexURL: indexDir + "/" });
const job = JSON.parse(readFileSync(jobFile, "utf8"));
py.runPython(job.code);
const compileZip = py.globals.get("compile_zip");
for (const [kind, input, output] of job.files) {
  py.FS.writeFile("/tmp/input.zip", readFileSync(input));
  const keep = job.keep[kind];
  if (keep) compileZip(kind, "/tmp/input.zip", "/tmp/output.zip", py.toPy(keep));
  else compileZip(kind, "/tmp/input.zip", "/tmp/output.zip");
  writeFileSync(output, py.FS.readFile("/tmp/output.zip"));
}
"""


def trim_rules() -> dict:
    """What compile_zip keeps of each kind of zip: {"modules": [...], "whole": [...]} of
    module paths (no suffix, relative to the zip's root) and top-level packages kept whole."""
    if not MODULES_LIST.is_file():
        raise PluginError(f"checker_runtime: {MODULES_LIST.relative_to(ROOT)} is missing: "
                          "run scripts/trace_modules.py")
    listed = [line.strip() for line in MODULES_LIST.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    stdlib = [m for m in listed if not m.startswith("site-packages/")]
    wheels = [m.removeprefix("site-packages/") for m in listed if m.startswith("site-packages/")]
    return {"stdlib": {"modules": sorted({*stdlib, *ALWAYS_KEPT}), "whole": sorted(WHOLE_STDLIB_PACKAGES)},
            "wheel": {"modules": sorted(wheels), "whole": sorted(WHOLE_WHEEL_PACKAGES), "drop": list(CLI_ONLY)}}


def compile_files(files: list[tuple[str, Path]], pyodide_version: str, trim: bool = True) -> list[Path]:
    """Each ("wheel" | "stdlib", zip file) with Pyodide's bytecode; the ones not in the
    cache are compiled in one Node run."""
    keep = trim_rules() if trim else {}
    compiler_key = _digest([RECIPE, pyodide_version, _COMPILE_PY, _COMPILE_JS, json.dumps(keep, sort_keys=True)])
    targets = [CACHE / "compiled" / _digest([compiler_key, kind, _file_digest(p)]) / p.name for kind, p in files]
    todo = [(kind, p, t) for (kind, p), t in zip(files, targets) if not t.is_file()]
    if not todo:
        return targets
    node = _node()
    started = time.perf_counter()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        tmp = Path(tmp)
        script, job = tmp / "compile.mjs", tmp / "job.json"
        script.write_text(_COMPILE_JS, encoding="utf-8")
        outputs = [tmp / f"{i}-{p.name}" for i, (_, p, _) in enumerate(todo)]
        job.write_text(json.dumps({"code": _COMPILE_PY, "keep": keep, "files": [[kind, str(p), str(o)] for (kind, p, _), o
                                                                   in zip(todo, outputs)]}), encoding="utf-8")
        done = subprocess.run([node, str(script), str(PYODIDE_DIR), str(job)], capture_output=True, text=True)
        if done.returncode != 0:
            raise PluginError(f"checker_runtime: compiling bytecode inside Pyodide failed:\n"
                              f"{_readable(done.stderr + done.stdout)[-3000:]}")
        for output, (_, _, target) in zip(outputs, todo):
            with _staging(target.parent) as staging:
                shutil.copyfile(output, staging / target.name)
    log.info(f"checker runtime: compiled {', '.join(p.name for _, p, _ in todo)} for Pyodide {pyodide_version} "
             f"in {time.perf_counter() - started:.1f} s")
    return targets


# -- precompressed copies ------------------------------------------------------------------

# Every runtime file gets a .br and a .gz beside it, so that any static host (or a CDN) can
# send them compressed without compressing 10 MB itself, and at the best ratio: brotli at
# its highest quality is too slow for a server to apply per request (minutes for the wasm
# here), fine once per file. Made by Node's zlib (no extra Python dependency), in parallel,
# and kept in the cache by content, so a changed wheel does not recompress the wasm.
COMPRESSED_SUFFIXES = (".br", ".gz")

_COMPRESS_JS = r"""
import { readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import zlib from "node:zlib";
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
await Promise.all(jobs.map(async ([input, output]) => {
  const data = readFileSync(input);
  const [br, gz] = await Promise.all([
    brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
                             [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
    gzip(data, { level: 9 }),
  ]);
  writeFileSync(output + ".br", br);
  writeFileSync(output + ".gz", gz);
}));
"""


def precompress(files: list[Path]) -> None:
    """Write ``<file>.br`` and ``<file>.gz`` beside each file (from the cache when known)."""
    cached = {f: CACHE / "compressed" / _digest([RECIPE, _COMPRESS_JS, _file_digest(f)]) / "data" for f in files}
    todo = [(f, c) for f, c in cached.items() if not c.with_name("data.br").is_file()]
    if todo:
        started = time.perf_counter()
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            tmp = Path(tmp)
            script, job = tmp / "compress.mjs", tmp / "job.json"
            script.write_text(_COMPRESS_JS, encoding="utf-8")
            outputs = [tmp / str(i) for i in range(len(todo))]
            job.write_text(json.dumps([[str(f), str(o)] for (f, _), o in zip(todo, outputs)]), encoding="utf-8")
            done = subprocess.run([_node(), str(script), str(job)], capture_output=True, text=True)
            if done.returncode != 0:
                raise PluginError(f"checker_runtime: compressing the runtime failed:\n{_readable(done.stderr)[-3000:]}")
            for output, (_, target) in zip(outputs, todo):
                with _staging(target.parent) as staging:
                    for suffix in COMPRESSED_SUFFIXES:
                        shutil.copyfile(output.with_name(output.name + suffix), staging / ("data" + suffix))
        log.info(f"checker runtime: compressed {len(todo)} file(s) in {time.perf_counter() - started:.1f} s")
    for file, target in cached.items():
        for suffix in COMPRESSED_SUFFIXES:
            shutil.copyfile(target.with_name("data" + suffix), file.with_name(file.name + suffix))


def _readable(output: str) -> str:
    """Node's report of an error without the minified source line it quotes (100 kB long)."""
    return "\n".join(line for line in output.strip().splitlines() if len(line) < 500)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise PluginError("checker_runtime: Node.js is needed to prepare the runtime (bytecode, compression)")
    return node


# -- the lock file --------------------------------------------------------------------------

def make_lock(info: dict, wheels: list[Path]) -> dict:
    """Pyodide's lock format: Pyodide's own info block, one entry per wheel the site serves.

    Written by hand, not with the `pyodide-lock` package: its releases for Pyodide 314's
    format need Python >= 3.12, and 0.1.2, the last one for 3.11, rejects that lock
    ("tool": extra inputs are not permitted); it would also bring pydantic (compiled)."""
    from packaging.utils import parse_wheel_filename

    packages = {}
    metadata = {w: _wheel_metadata(w) for w in wheels}
    environment = pyodide_environment(info)
    names = {_canonical(parse_wheel_filename(w.name)[0]) for w in wheels}
    for wheel in wheels:
        name, version = parse_wheel_filename(wheel.name)[:2]
        name = _canonical(name)
        requires, imports = metadata[wheel]
        depends = sorted({d for d in _dependencies(requires, environment) if d in names})
        packages[name] = {
            "name": name, "version": str(version), "file_name": wheel.name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": imports, "depends": depends, "unvendored_tests": False, "tool": {},
        }
    return {"info": info, "packages": packages}


def _wheel_metadata(wheel: Path) -> tuple[list[str], list[str]]:
    """Requires-Dist lines and top-level import names of a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode("utf-8")
    requires = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Requires-Dist:")]
    imports = set()
    for name in names:
        top = name.split("/", 1)[0]
        if top.endswith((".dist-info", ".data")):
            continue
        if "/" in name:
            imports.add(top)
        elif name.endswith((".py", ".pyc")):
            imports.add(top.rsplit(".", 1)[0])
    return requires, sorted(imports)


def _dependencies(requires: list[str], environment: dict) -> list[str]:
    from packaging.requirements import Requirement

    result = []
    for line in requires:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            result.append(_canonical(requirement.name))
    return result


# -- small helpers ------------------------------------------------------------------------------

def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def _digest(parts) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8") + b"\0")
    return hasher.hexdigest()[:32]


def _file_digest(path: Path) -> str:
    return base64.b32encode(hashlib.sha256(path.read_bytes()).digest()).decode("ascii").rstrip("=").lower()


class _staging:
    """A temporary folder renamed to ``folder`` on success: concurrent builds never see half a folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> Path:
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(dir=self.folder.parent, prefix=".staging-"))
        self.tmp.chmod(0o755)  # mkdtemp's 0700 would follow the files into the site
        return self.tmp

    def __exit__(self, exc_type, *_) -> None:
        if exc_type is None:
            try:
                os.rename(self.tmp, self.folder)
            except OSError:  # another build made the same entry meanwhile: same content
                if not self.folder.is_dir():
                    raise
        shutil.rmtree(self.tmp, ignore_errors=True)


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently used entries."""
    entries = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)
