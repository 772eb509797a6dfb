"""What the browser tests and bench/browser_checker.py share: a site built with the
checker runtime and a given DoH endpoint, served on 127.0.0.1 with the test page beside
it, and Debian's Chromium (never `playwright install`).

The site is built from a config that INHERITs the project's mkdocs.yml and sets
`extra.checker.doh` to the fixture's endpoint; INHERIT replaces lists, so the base
hooks are repeated, plus hooks/checker_runtime.py when mkdocs.yml does not list it yet.
"""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import yaml
from scripts import build_site
from scripts import serve as serve_script

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ZONES = HERE / "zones" / "browser.zone"
RUNTIME_HOOK = "hooks/checker_runtime.py"
# The test page is served from this folder of the built site: client.js is at ../assets/.
TEST_PAGE_FOLDER = "_checker_test"



def write_config(folder: Path, doh_urls: list[str]) -> Path:
    """A config in ``folder`` that INHERITs mkdocs.yml, with the checker hook and ``doh_urls``."""
    from mkdocs.utils.yaml import yaml_load  # understands mkdocs.yml's !ENV and python tags

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        base = yaml_load(f)
    hooks = list(base.get("hooks") or [])
    if RUNTIME_HOOK not in hooks:
        hooks.append(RUNTIME_HOOK)
    theme = base.get("theme") or {}
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        # Paths in an inheriting file resolve relative to it: give them absolutely.
        "docs_dir": str(ROOT / base.get("docs_dir", "docs")),
        "hooks": [str(ROOT / h) for h in hooks],
        "extra": {"checker": {"doh": list(doh_urls)}},
    }
    if theme.get("custom_dir"):
        config["theme"] = {"name": theme.get("name", "material"), "custom_dir": str(ROOT / theme["custom_dir"])}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def build_test_site(folder: Path, doh_urls: list[str]) -> Path:
    """Build the site strictly into ``folder / "site"``, with the test page; return the site folder."""
    config = write_config(folder, doh_urls)
    result = build_site.build(config, folder / "site")
    if not result.ok:
        raise RuntimeError("the site build failed:\n" + result.log[-4000:])
    page_folder = result.site_dir / TEST_PAGE_FOLDER
    page_folder.mkdir(exist_ok=True)
    shutil.copyfile(HERE / "checker_page.html", page_folder / "index.html")
    return result.site_dir


@contextmanager
def serve(site_dir: Path):
    """The site on 127.0.0.1 (scripts/serve.py: .wasm as application/wasm); yields its URL."""
    server = serve_script.make_server(site_dir, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()



def checker_page_url(site_url: str, **query: str) -> str:
    from urllib.parse import urlencode

    return f"{site_url}{TEST_PAGE_FOLDER}/" + (f"?{urlencode(query)}" if query else "")


def run_on_cpython(request_json: str) -> str:
    """``checker.browser.run`` on this CPython, in a thread of its own: Playwright's sync API
    keeps an event loop running in the main thread, where asyncio.run() refuses to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from checker.browser import run

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run(request_json)).result()
