"""Fixtures for the in-browser checker tests: real Chromium, the real built site, real
DoH fixture servers on 127.0.0.1, once per session.

- ``doh``: two fixture servers serving tests/browser/zones/browser.zone; ``doh.main``
  answers, ``doh.broken`` answers every DoH request with HTTP 500.
- ``checker_site``: the site built strictly with hooks/checker_runtime.py and
  ``extra.checker.doh`` set to ``doh.main``, the test page copied beside it, served.
- ``checker_page``: one tab on the test page, the worker loaded once; every request the
  tab and its worker make is recorded in ``checker_page.requests``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.browser import harness
from tests.dnsfixture import DnsFixture, ZoneDB

READY_TIMEOUT_MS = 60_000


@dataclass
class DohServers:
    main: DnsFixture
    broken: DnsFixture


@dataclass
class CheckerSite:
    dir: object
    url: str
    doh: list[str]


@dataclass
class CheckerPage:
    tab: object
    statuses: list[dict]
    requests: list[str] = field(default_factory=list)

    def check(self, **request) -> dict:
        """One check through client.js; returns the worker's result data."""
        return self.tab.evaluate("request => window.checker.check(request)", request)

    def check_with_progress(self, **request) -> tuple[dict, list[int]]:
        script = """async request => {
            const answers = [];
            const data = await window.checker.check(request, { onProgress: m => answers.push(m.answers) });
            return { data, answers };
        }"""
        outcome = self.tab.evaluate(script, request)
        return outcome["data"], outcome["answers"]


@pytest.fixture(scope="session")
def doh():
    db = ZoneDB.from_zonefile(harness.ZONES)
    with DnsFixture(db) as main, DnsFixture(ZoneDB.from_zonefile(harness.ZONES)) as broken:
        broken.doh_fail = True
        yield DohServers(main, broken)


@pytest.fixture(scope="session")
def checker_site(doh, tmp_path_factory):
    site_dir = harness.build_test_site(tmp_path_factory.mktemp("checker-site"), [doh.main.doh_url])
    with harness.serve(site_dir) as url:
        yield CheckerSite(site_dir, url, [doh.main.doh_url])


@pytest.fixture(scope="module")
def checker_page(browser, checker_site):
    context = browser.new_context()
    page = CheckerPage(tab=None, statuses=[])
    context.on("request", lambda request: page.requests.append(request.url))
    tab = context.new_page()
    tab.set_default_timeout(READY_TIMEOUT_MS)
    tab.goto(harness.checker_page_url(checker_site.url))
    tab.evaluate("() => window.checker.ready")
    page.tab = tab
    page.statuses = tab.evaluate("() => window.statuses")
    yield page
    context.close()
