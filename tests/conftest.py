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
from tests.dnsfixture.client import make_resolver

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
    """"127.0.0.1:PORT" of a UDP socket that receives queries and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"127.0.0.1:{sock.getsockname()[1]}"


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


# -- Every finding code must be produced by some test --------------------------------

PRODUCED_CODES: set[str] = set()


def pytest_configure(config):
    """Record every finding the checks create during the run (codes are callables)."""
    from checker.findings import Code

    original = Code.__call__

    def recording(self, **params):
        PRODUCED_CODES.add(self.code)
        return original(self, **params)

    Code.__call__ = recording


def _whole_suite_ran(session) -> bool:
    option = session.config.option
    return (not option.keyword and not option.markexpr and not getattr(option, "lf", False) and not getattr(option, "ignore", None)
            and not session.config.args[1:]
            and session.testsfailed == 0 and session.testscollected > 0
            and all(arg.rstrip("/").endswith("tests") or arg == "." for arg in session.config.args))


def pytest_sessionfinish(session, exitstatus):
    """After a full, green run: fail when a code of the catalogue was never produced by any test."""
    if not _whole_suite_ran(session):
        return
    import checker.domain  # noqa: F401  (imports every protocol, so every code is defined)
    from checker.findings import CATALOGUE

    missing = sorted(set(CATALOGUE) - PRODUCED_CODES)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if missing:
        session.exitstatus = 1
        reporter.write_line(f"FAILED finding codes produced by no test ({len(missing)}): {', '.join(missing)}",
                            red=True)
    else:
        reporter.write_line(f"finding codes: all {len(CATALOGUE)} produced by the tests")
