"""The openspf RFC 7208 test suite: all 203 tests, each over plain DNS, DoH and memory.

Each scenario's zone is served by the real fixture server (UDP/TCP and DoH on
127.0.0.1); "memory" runs the same answers without sockets. A test listing several
results passes on any of them; where it gives an explanation, ours must be equal
("DEFAULT" in the suite means: no exp= explanation).
"""

from __future__ import annotations

import asyncio
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from checker.spf import check_host
from tests.dnsfixture import ZoneDB, memory_resolver
from tests.dnsfixture.client import close, make_resolver
from tests.absent_material import absent

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "spf" / "rfc7208-tests.yml"
if not SUITE.exists():
    absent(f"the openspf suite is not at ../shared ({SUITE.name})", module_level=True)

BACKENDS = ("dns", "doh", "memory")
QUERY_TIMEOUT = 0.5  # the suite's TIMEOUT names never answer: keep each wait short
# Each test opens new HTTP connections; more than a few at once overflow the fixture's
# listen queue and a dropped SYN costs a second, beyond QUERY_TIMEOUT.
DOH_CONCURRENCY = 4


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _scenarios() -> list[dict]:
    with SUITE.open("rb") as stream:
        return list(yaml.safe_load_all(stream))


SCENARIOS = _scenarios()
CASES = [(index, _slug(scenario["description"]), name, test)
         for index, scenario in enumerate(SCENARIOS) for name, test in scenario["tests"].items()]


def test_the_suite_is_complete():
    assert len(SCENARIOS) == 16
    assert len(CASES) == 203


@lru_cache(maxsize=None)
def _zone(index: int) -> ZoneDB:
    return ZoneDB.from_rfc7208(SCENARIOS[index]["zonedata"])


@pytest.mark.parametrize(("case", "backend"), [(case, backend) for case in CASES for backend in BACKENDS],
                         ids=[f"{case[1]}/{case[2]}/{backend}" for case in CASES for backend in BACKENDS])
def test_rfc7208(case, backend, dns_fixture):
    index, _, _, test = case
    if backend == "memory":
        resolver = memory_resolver(_zone(index), timeout=QUERY_TIMEOUT)
    else:
        dns_fixture.reset(_zone(index))
        limits = {"concurrency": DOH_CONCURRENCY} if backend == "doh" else {}
        resolver = make_resolver(dns_fixture, backend, timeout=QUERY_TIMEOUT, **limits)

    async def run():
        try:
            return await check_host(test["host"], test["mailfrom"], test["helo"], resolver=resolver)
        finally:
            await close(resolver)

    spf = asyncio.run(run())
    expected = test["result"] if isinstance(test["result"], list) else [test["result"]]
    assert spf.result.value in expected, spf
    if "explanation" in test:
        assert spf.explanation == (None if test["explanation"] == "DEFAULT" else test["explanation"])
