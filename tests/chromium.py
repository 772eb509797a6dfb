"""Debian's Chromium for every browser test (never a browser of Playwright's own).

Playwright's sync API keeps an event loop of its own while it runs, and
asyncio.run() then fails in the same process: the ``browser`` fixture
(tests/conftest.py) therefore lives for one test module at a time.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    # A request to another host fails at once instead of reaching the network; the
    # tests still see (and report) it.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def launch(playwright):
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
