"""The runtime ships only the dnspython modules hooks/checker_modules.txt lists (made by
scripts/trace_modules.py). A checker module that starts importing another one would fail
only in the browser: this compares what importing every browser-side module of the
checker pulls in under CPython (the same dnspython version) with that list."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hooks import checker_runtime  # noqa: E402 - needs the project root on sys.path
from node_runner import run_in_pyodide  # noqa: E402

IMPORT_ALL = """
import importlib, pkgutil, sys, checker
cli_only = set(sys.argv[1:])
for module in pkgutil.walk_packages(checker.__path__, "checker."):
    if module.name.replace(".", "/") not in cli_only:
        importlib.import_module(module.name)
for name, module in sorted(sys.modules.items()):
    if name == "dns" or name.startswith("dns."):
        print(getattr(module, "__file__", "") or "")
"""


def test_every_dnspython_module_the_checker_imports_is_shipped():
    listed = {line.strip() for line in checker_runtime.MODULES_LIST.read_text(encoding="utf-8").splitlines()
              if line.startswith("site-packages/dns/")}
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL, *checker_runtime.CLI_ONLY], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    imported = set()
    for path in filter(None, done.stdout.splitlines()):
        relative = path[path.index("/site-packages/dns/") + 1:]
        imported.add(relative.rsplit(".", 1)[0])
    assert imported, done.stderr
    missing = sorted(imported - listed)
    assert not missing, (f"the checker imports {missing}, which the site does not ship: "
                         "run scripts/trace_modules.py and commit hooks/checker_modules.txt")


DOCSTRINGS = """
import json, dns.name, checker.domain, pyodide.ffi
shown = {
    "stdlib": json.__doc__, "checker": checker.domain.__doc__,
    "dnspython exception": str(dns.name.EmptyLabel()), "pyodide": pyodide.ffi.JsProxy.__doc__,
}
print(repr(shown))
"""


def test_docstrings_are_left_out_only_where_nothing_reads_them(tmp_path):
    """The shipped standard library and checker come without docstrings; dnspython keeps its
    own (its exceptions' messages are their docstrings) and so does Pyodide's own package."""
    script = tmp_path / "docstrings.py"
    script.write_text(DOCSTRINGS, encoding="utf-8")
    done = run_in_pyodide(checker_runtime.prepare_runtime().folder, script, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    shown = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert shown["stdlib"] is None and shown["checker"] is None
    assert shown["dnspython exception"] == "A DNS label is empty."
    assert shown["pyodide"]
