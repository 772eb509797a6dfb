"""Fixtures for the checker UI tests: two DNS fixture servers (the site's two DoH
endpoints), one strict build of the site with the checker runtime, served on
127.0.0.1, and one headless Chromium (Debian's, never `playwright install`) with one
browser context, so Pyodide is downloaded once and then comes from the HTTP cache.

Package scope: everything lives while tests/browser_ui runs and is closed before the
rest of the suite (Playwright's sync API keeps an event loop of its own).

The report a page shows is compared with what checker.browser produces in CPython for
the same request (``expected_view``): the words are the Python side's, the tests check
that the page shows all of them, and nothing else, in the right places.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.dnsfixture import DnsFixture, load_zones
from ui_page import CheckerPages
from tests.served_site import SiteServer
from ui_site import ARTIFACTS, build

ZONES = ("ui_cases.zone", "hostile_text.zone")


class Endpoints:
    """The site's DoH endpoints, in order: ``first`` (a test may make it fail), ``second``."""

    def __init__(self, first: DnsFixture, second: DnsFixture):
        self.first, self.second = first, second

    @property
    def urls(self) -> list[str]:
        return [self.first.doh_url, self.second.doh_url]

    @property
    def origins(self) -> set[str]:
        return {urlsplit(u).netloc for u in self.urls}

    def reset(self) -> None:
        for fixture in (self.first, self.second):
            fixture.reset()


@pytest.fixture(scope="package")
def endpoints():
    db = load_zones(*ZONES)
    with DnsFixture(db) as first, DnsFixture(load_zones(*ZONES)) as second:
        yield Endpoints(first, second)


@pytest.fixture(autouse=True)
def clean_endpoints(endpoints):
    """Each test starts with both endpoints answering and empty query logs."""
    endpoints.reset()
    yield
    endpoints.reset()


@pytest.fixture(scope="package")
def site_dir(endpoints, expected_view, tmp_path_factory) -> Path:
    # The checker's code and message catalogs are read here, just before the build puts
    # the same files into the site's wheel: both sides see one version of the words,
    # even while someone edits the catalogs during the run.
    for lang in ("ja", "fr", "en"):
        expected_view("good.example", lang)
    folder = tmp_path_factory.mktemp("ui-site")
    result = build(folder, endpoints.urls)
    if not result.ok:
        problems = [l for l in result.log.splitlines() if l.startswith(("WARNING", "ERROR", "Aborted"))]
        pytest.fail("the site does not build:\n" + "\n".join(problems[:40] or result.log.splitlines()[-40:]))
    if not any((result.site_dir / "assets" / "pyodide").glob("*/pyodide.mjs")):
        pytest.fail("the build has no assets/pyodide/: the checker runtime hook did not run")
    return result.site_dir


@pytest.fixture(scope="package")
def site_url(site_dir) -> str:
    server = SiteServer(site_dir)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def pages(browser, site_url):
    """One browser context per test file (one HTTP cache); pages opened on demand and kept."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    checker_pages = CheckerPages(context, site_url)
    yield checker_pages
    context.close()


@pytest.fixture(scope="package")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# -- what CPython says the page must show ------------------------------------------------

@pytest.fixture(scope="package")
def expected_view(endpoints):
    """expected_view(domain, lang, protocols=None, selectors=()) -> checker.browser's ``view``."""
    from checker import browser as checker_browser

    cache: dict = {}
    # Playwright's sync API owns this thread's event loop: run asyncio in another thread.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)

    def compute(domain, lang, protocols=None, selectors=()):
        key = (domain, lang, tuple(protocols or ()), tuple(selectors))
        if key not in cache:
            # 5 s per query: on a busy machine the fixture can take over a second to answer,
            # and a late answer here would expect "lookup failed" where the page got one.
            request = {"domain": domain, "lang": lang, "doh": [endpoints.second.doh_url], "timeout": 5,
                       "selectors": list(selectors), "protocols": list(protocols) if protocols else None,
                       "site_root": "/"}
            answer = pool.submit(asyncio.run, checker_browser.run(json.dumps(request))).result()
            cache[key] = json.loads(answer)["view"]
        return cache[key]

    yield compute
    pool.shutdown()
