"""What hooks/checker_runtime.py puts into the built site: only what the browser needs,
in a content-hashed folder, precompressed, a lock whose hashes match the files served,
and the build's DoH endpoints."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zipfile

import pytest

from tests.browser import harness

PYODIDE_FILES = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"}


def runtime_folder(site_dir):
    """assets/pyodide/<content hash>/, the only folder in assets/pyodide/."""
    folders = list((site_dir / "assets" / "pyodide").iterdir())
    assert len(folders) == 1 and re.fullmatch(r"[0-9a-f]{16}", folders[0].name), folders
    return folders[0]


def test_runtime_folder_holds_pyodide_and_exactly_the_locked_wheels_precompressed(checker_site):
    folder = runtime_folder(checker_site.dir)
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    wheels = {entry["file_name"] for entry in lock["packages"].values()}
    served = PYODIDE_FILES | wheels
    assert {p.name for p in folder.iterdir()} == served | {n + s for n in served for s in (".br", ".gz")}
    for name in served:
        data = (folder / name).read_bytes()
        assert gzip.decompress((folder / f"{name}.gz").read_bytes()) == data, name
        assert 0 < (folder / f"{name}.br").stat().st_size < len(data), name
    assert set(lock["packages"]) == {"dmarc-checker", "dnspython", "idna"}
    for entry in lock["packages"].values():
        assert hashlib.sha256((folder / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert lock["packages"]["dmarc-checker"]["depends"] == ["dnspython", "idna"]
    pinned = json.loads((harness.ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["info"] == pinned["info"]


def test_dependency_versions_are_the_ones_pinned_in_requirements_lock(checker_site):
    import re

    text = (harness.ROOT / "requirements.lock").read_text()
    lock = json.loads((runtime_folder(checker_site.dir) / "pyodide-lock.json").read_text())
    for name in ("dnspython", "idna"):
        pinned = re.search(rf"^{name}==([^ ;\\]+)", text, re.M).group(1)
        assert lock["packages"][name]["version"] == pinned


def test_wheels_and_standard_library_carry_bytecode_not_sources(checker_site):
    folder = runtime_folder(checker_site.dir)
    for archive in [folder / "python_stdlib.zip", *folder.glob("*.whl")]:
        names = zipfile.ZipFile(archive).namelist()
        assert any(n.endswith(".pyc") for n in names), archive.name
        assert not [n for n in names if n.endswith(".py")], archive.name
    checker_files = zipfile.ZipFile(next(folder.glob("dmarc_checker-*.whl"))).namelist()
    assert "checker/browser.pyc" in checker_files
    assert any(n.endswith("/checker.mo") for n in checker_files)
    assert not [n for n in checker_files if n.endswith(".po")]


def test_only_the_modules_the_browser_uses_are_shipped(checker_site):
    """hooks/checker_modules.txt: the standard library and dnspython without what the checker
    never imports in a browser; the command line's modules left out of the checker's wheel."""
    folder = runtime_folder(checker_site.dir)
    stdlib = set(zipfile.ZipFile(folder / "python_stdlib.zip").namelist())
    assert {"asyncio/__init__.pyc", "json/__init__.pyc", "encodings/idna.pyc", "ipaddress.pyc"} <= stdlib
    # the reports page reads XML with expat itself; nothing else of xml is shipped
    assert "xml/parsers/expat.pyc" in stdlib
    assert not {n for n in stdlib if n.startswith(("unittest/", "xml/dom/", "xml/sax/", "xml/etree/", "sqlite3/",
                                                   "tkinter/", "pydoc", "argparse"))}
    dnspython = set(zipfile.ZipFile(next(folder.glob("dnspython-*.whl"))).namelist())
    assert {"dns/message.pyc", "dns/rdtypes/ANY/TXT.pyc", "dns/rdtypes/IN/A.pyc"} <= dnspython
    assert not {"dns/query.pyc", "dns/zone.pyc"} & dnspython
    checker_files = set(zipfile.ZipFile(next(folder.glob("dmarc_checker-*.whl"))).namelist())
    assert "checker/cli.pyc" not in checker_files and "checker/dns/do53.pyc" not in checker_files
    assert not {n for n in checker_files if n.startswith("checker/survey/")} and \
        "checker/reports/cli.pyc" not in checker_files and "checker/reports/reader.pyc" in checker_files


def test_built_worker_loads_the_content_hashed_folder(checker_site):
    worker = (checker_site.dir / "assets" / "checker" / "worker.js").read_text(encoding="utf-8")
    folder = runtime_folder(checker_site.dir).name
    assert f'const RUNTIME_FOLDER = "../pyodide/{folder}/";' in worker


def test_runtime_json_names_the_builds_doh_endpoints(checker_site):
    runtime = json.loads((checker_site.dir / "assets" / "checker" / "runtime.json").read_text())
    assert runtime["doh"] == checker_site.doh
    assert runtime["packages"] == ["dmarc-checker"]
    files = [p for p in runtime_folder(checker_site.dir).iterdir() if p.suffix not in (".br", ".gz")]
    assert runtime["download"] == {"bytes": sum(p.stat().st_size for p in files),
                                   "br": sum(p.with_name(p.name + ".br").stat().st_size for p in files)}


def _hook():
    """hooks/checker_runtime.py, imported the way MkDocs imports a hook."""
    import importlib.util
    import sys

    name = "checker_runtime_hook"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, harness.ROOT / "hooks" / "checker_runtime.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses need the module registered
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_another_build_reuses_the_prepared_runtime(checker_site):
    runtime = _hook().prepare_runtime()
    assert runtime.reused
    served = runtime_folder(checker_site.dir)
    assert served.name == runtime.folder_name
    assert sorted(p.name for p in runtime.folder.iterdir()) == sorted(p.name for p in served.iterdir())


@pytest.mark.parametrize("extra", [{}, {"checker": {}}, {"checker": {"doh": []}},
                                   {"checker": {"doh": "https://dns.example/dns-query"}},
                                   {"checker": {"doh": ["ftp://dns.example/dns-query"]}}])
def test_build_fails_without_usable_doh_endpoints(extra):
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="extra.checker.doh"):
        _hook().doh_urls({"extra": extra})
