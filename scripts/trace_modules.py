"""Which standard-library modules the in-browser checker uses: writes hooks/checker_modules.txt.

    .venv/bin/python scripts/trace_modules.py

Pyodide ships the whole standard library (python_stdlib.zip); the site ships only the
top-level modules and packages listed in hooks/checker_modules.txt (hooks/checker_runtime.py
leaves the others out). This script makes that list: inside Pyodide under Node, with the
full standard library and the site's wheels, it imports every module of the checker
(except the command line's) and every record type of dnspython, runs full checks of the
browser test zone's domains in the three languages against a real DoH fixture server,
and lists what was imported. Run it again when the checker, dnspython or Pyodide
changes; the in-browser tests (tests/browser, tests/browser_ui, tests/partners) and
tests/pyodide run against the trimmed runtime and fail if a module is missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hooks import checker_runtime  # noqa: E402 - needs the project root on sys.path

OUTPUT = ROOT / "hooks" / "checker_modules.txt"
ZONES = [ROOT / "tests" / "browser" / "zones" / "browser.zone", ROOT / "tests" / "zones" / "ui_cases.zone"]
RUNNER = ROOT / "tests" / "pyodide" / "run_python.mjs"
# Modules of the checker the browser never runs (the command line's), as the hook names them.
NOT_IN_BROWSER = tuple(m.replace("/", ".") for m in checker_runtime.CLI_ONLY)

# Runs inside Pyodide; {doh} and {domains} are filled in below.
INSIDE = r'''
import importlib, json, pkgutil, sys
import checker, dns.rdtypes

before = set(sys.modules)
for package in (checker, dns.rdtypes):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not module.name.startswith(NOT_IN_BROWSER):
            importlib.import_module(module.name)

from checker.browser import run
for lang in ("ja", "fr", "en"):
    # and what a visitor may type: IDNs (idna's UTS 46 tables), addresses, URLs, mistakes
    for domain in DOMAINS + ["Bücher.example", "例え.テスト", "postmaster@ÉCOLE.example", "https://good.example/x",
                             "not a domain", "192.0.2.1", "xn--bad-.example", "a\u200b.example"]:
        await run(json.dumps({"domain": domain, "lang": lang, "doh": [DOH], "timeout": 2}))
await run(json.dumps({"domain": "example.com", "doh": ["ftp://nowhere"]}))
await run("not json")

zipped = "/lib/python%d%d.zip/" % sys.version_info[:2]  # where Pyodide puts python_stdlib.zip
site = "/lib/python%d.%d/site-packages/" % sys.version_info[:2]
stdlib, wheels = set(), set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if path.startswith(zipped):
        stdlib.add(path[len(zipped):].rsplit(".", 1)[0])
    elif path.startswith(site):
        wheels.add(path[len(site):].rsplit(".", 1)[0])
print("TRACE " + json.dumps({"stdlib": sorted(stdlib), "wheels": sorted(wheels)}))
'''


def trace(runtime_dir: Path, doh_url: str, domains: list[str]) -> dict:
    header = f"NOT_IN_BROWSER = {NOT_IN_BROWSER!r}\nDOH = {doh_url!r}\nDOMAINS = {domains!r}\n"
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "trace.py"
        script.write_text(header + INSIDE, encoding="utf-8")
        env = {"PYODIDE_STDLIB": str(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"),
               "PATH": "/usr/bin:/bin"}
        done = subprocess.run(["node", "--experimental-wasm-stack-switching", str(RUNNER), str(runtime_dir),
                               str(script)], capture_output=True, text=True, env=env, timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("TRACE ")]
    if done.returncode != 0 or not lines:
        # Node quotes the (minified, very long) source line of a JS error: keep the short lines.
        errors = "\n".join(line for line in done.stderr.splitlines() if len(line) < 500)
        raise SystemExit(f"the trace failed:\n{errors[-3000:]}")
    return json.loads(lines[-1].removeprefix("TRACE "))


def zone_domains() -> list[str]:
    names = set()
    for zone in ZONES:
        for line in zone.read_text(encoding="utf-8").splitlines():
            if line.startswith("$ORIGIN"):
                names.add(line.split()[1].rstrip("."))
    return sorted(names - {"slow.example"})  # answers late on purpose


def main() -> int:
    from tests.dnsfixture import DnsFixture, ZoneDB

    runtime = checker_runtime.prepare_runtime(trim=False)
    db = ZoneDB()
    for zone in ZONES:
        db.merge(ZoneDB.from_zonefile(zone))
    with DnsFixture(db) as fixture:
        found = trace(runtime.folder, fixture.doh_url, zone_domains())
    lines = ["# Python modules the in-browser checker imports: Pyodide's start-up, every module of the",
             "# checker but the command line's, dnspython's record types, full checks in three languages.",
             "# Made by scripts/trace_modules.py; hooks/checker_runtime.py ships only these (see STDLIB_KEEP",
             "# there for what is kept beyond them). Paths without .py/.pyc; wheels under site-packages/.",
             *found["stdlib"], *("site-packages/" + m for m in found["wheels"])]
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(found['stdlib'])} standard-library modules, "
          f"{len(found['wheels'])} from the wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
