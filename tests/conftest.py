"""Shared pytest fixtures.

DNS: one real fixture server (UDP, TCP, DoH on 127.0.0.1) for the whole session.
Use ``dns_server`` in a test: the same server, reset to tests/zones/resolver.zone with an
empty log, no latency and no injected failure. ``dns_server.load(db)`` serves other data
for that test. Tests are plain functions running ``asyncio.run(...)``.
"""

from __future__ import annotations

import socket

import pytest

from tests.dnsfixture import DnsFixture, load_zones
from tests import production_gate
from tests.dnsfixture.client import make_resolver
from tests.dnsfixture.silent import SilentServer

try:
    from hypothesis import settings
except ImportError:  # inside Pyodide (tests/pyodide): hypothesis's native module is not there, nor its tests
    settings = None
if settings is not None:
    # Hypothesis' per-example deadline is a stopwatch: on a loaded machine one example may take a
    # second. What the properties assert is what the checker answers, never how fast.
    settings.register_profile("checker", deadline=None)
    settings.load_profile("checker")

DEFAULT_ZONES = ("resolver.zone",)


# -- DNS ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def dns_fixture():
    """The session's DNS fixture server, started once."""
    with DnsFixture(load_zones(*DEFAULT_ZONES)) as fixture:
        yield fixture


@pytest.fixture
def dns_server(dns_fixture):
    """The fixture server, clean: default data (faults set by other tests are gone), empty log."""
    dns_fixture.reset(load_zones(*DEFAULT_ZONES))
    yield dns_fixture
    dns_fixture.reset()


@pytest.fixture
def dns(dns_server):
    """Same as ``dns_server`` (older name; it hides the ``dns`` package inside the test)."""
    return dns_server


@pytest.fixture(params=["dns", "doh"])
def backend(request) -> str:
    """Runs a test once over plain DNS (UDP/TCP) and once over DoH."""
    return request.param


@pytest.fixture
def resolver(dns_server, backend):
    """``resolver(timeout=0.3, ...)``: a Resolver to the fixture server over this test's backend."""
    return lambda **limits: make_resolver(dns_server, backend, **limits)


@pytest.fixture
def silent_nameserver():
    """A UDP nameserver that never answers: ``.address`` ("127.0.0.1:PORT"), ``.received()``."""
    with SilentServer() as server:
        yield server


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections and datagrams are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- Chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, for one test module (see tests/chromium.py)."""
    from playwright.sync_api import sync_playwright

    from tests.chromium import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh context and tab, 1280 x 900."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


# -- Every finding code must be produced by a check (see tests/production_gate.py) ----------

def pytest_configure(config):
    production_gate.install()


def pytest_deselected(items):
    production_gate.deselected(len(items))


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    production_gate.harvest()


def pytest_runtest_logfinish(nodeid, location):
    production_gate.ran_one()


def pytest_sessionfinish(session, exitstatus):
    production_gate.finish(session)
