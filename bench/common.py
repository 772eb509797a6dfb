"""Shared by the benchmarks: the fixture DNS server in its own process, the
round trip it gives, and the peer tool (checkdmarc) timed in a fresh process."""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def fixture_server(zone: Path, latency: float):
    """Start ``tests.dnsfixture.server`` with ``zone``; yield its JSON description."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.dnsfixture.server", "--zones", str(zone), "--latency", str(latency)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the fixture server did not start")
        yield json.loads(line)
    finally:
        process.terminate()
        process.wait(timeout=10)


def round_trip(nameserver: str, name: str, samples: int = 7) -> float:
    """Median wall time of one uncached query to the fixture server (latency included)."""
    from checker.dns import Resolver

    async def one(i: int) -> float:
        session = Resolver.from_nameservers([nameserver]).session()
        start = time.perf_counter()
        await session.query(f"rtt{i}.{name}", "TXT")
        return time.perf_counter() - start

    return statistics.median(asyncio.run(one(i)) for i in range(samples))


def checkdmarc_seconds(domain: str, nameserver: str, what: str) -> float:
    """checkdmarc's own wall time for ``what`` ("spf" or "full"), in a fresh process (no warm cache)."""
    host, port = nameserver.rsplit(":", 1)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "peer_checkdmarc.py"), what, domain, host, port],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])["seconds"]


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


def median_seconds(runs: int, work) -> float:
    """Median wall time of ``runs`` calls of ``work()``."""
    def once() -> float:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    return median_of(runs, once)
