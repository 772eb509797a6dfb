"""Fixtures for the partner tests: every partner of partners/ built once with the real
command (scripts/build_all.py, strict), each site served on 127.0.0.1, and headless
Chromium (Debian's, never `playwright install`).

The browser fixture has module scope: Playwright's sync API runs an event loop of its
own, which must be stopped before other modules of the suite call asyncio.run, and two
sync_playwright instances cannot run at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from partner_support import ARTIFACTS, PARTNER_IDS, build_all, partners
from tests.served_site import SiteServer


@dataclass
class BuiltPartner:
    partner: partners.Partner
    site: Path
    log: str


@pytest.fixture(scope="session")
def partner_build(tmp_path_factory):
    """One run of `build_all.py --partner <id>...` for every partner; its output kept."""
    out = tmp_path_factory.mktemp("partners")
    args = [a for pid in PARTNER_IDS for a in ("--partner", pid)]
    run = build_all(*args, "--out", out)
    return out, run


@pytest.fixture(scope="session")
def built(partner_build) -> dict[str, BuiltPartner]:
    out, run = partner_build
    if run.returncode != 0:
        pytest.fail(f"scripts/build_all.py failed (exit {run.returncode}):\n{run.output[-4000:]}")
    return {pid: BuiltPartner(partners.load_partner(partners.PARTNERS_DIR / pid), out / pid / "site", run.output)
            for pid in PARTNER_IDS}


@pytest.fixture(scope="session")
def served(built):
    """Partner id -> base URL of its site ("http://127.0.0.1:<port>/")."""
    servers = {}
    try:
        for pid, site in built.items():
            servers[pid] = SiteServer(site.site)
        yield {pid: server.url for pid, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
