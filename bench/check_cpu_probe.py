"""One whole check's own Python work, timed inside whichever interpreter runs this file
(CPython, or Pyodide under Node through tests/pyodide/run_python.mjs): see bench/check_cpu.py.

argv: ROOT, where tests/ and bench/ are (default /project: where bench/check_cpu.py mounts
them inside Pyodide, whose runner passes no arguments). Prints one JSON line.
"""

import asyncio
import json
import statistics
import sys
import time

ROOT = sys.argv[1] if len(sys.argv) > 1 else "/project"
RUNS = 15
sys.path.insert(0, ROOT)

import dns.message  # noqa: E402

if sys.platform == "emscripten":
    # The zone-file parser of the fixture is not shipped to the browser: it comes from the
    # host's dnspython (mounted by bench/check_cpu.py), as in tests/pyodide/run_pytest.py.
    dns.__path__.append("/host-site-packages/dns")

from checker.browser_request import messages  # noqa: E402
from checker.dns import Resolver  # noqa: E402
from checker.domain import PROTOCOLS, check_domain  # noqa: E402
from checker.present import present_domain  # noqa: E402
from checker.sections import early_sections  # noqa: E402
from tests.dnsfixture import ZoneDB  # noqa: E402
from tests.dnsfixture.wire import MAX_TCP, render  # noqa: E402

DOMAIN = "bench.example"


class ReplayTransport:
    """Answers each query with the wire bytes the zone gave it once, asked beforehand: per
    query only what the browser's client does itself is left (encode the query, decode the
    answer), not the server's work."""

    def __init__(self, db: ZoneDB):
        self.db = db
        self.answers: dict[bytes, bytes] = {}
        self.asked = 0

    def describe(self) -> str:
        return "replay"

    async def aclose(self) -> None:
        pass

    async def exchange(self, query, timeout):
        query.id = 0  # as checker.dns.doh sends it
        wire = query.to_wire()
        self.asked += 1
        answer = self.answers.get(wire)
        if answer is None:  # the first, untimed check fills the table
            answer = self.answers[wire] = render(self.db.answer(dns.message.from_wire(wire)), MAX_TCP)
        await asyncio.sleep(0)  # an answer always comes back later, as from fetch()
        return dns.message.from_wire(answer)


async def one_check(transport: ReplayTransport, msgs) -> None:
    """What checker.browser.run does for one request: sections as they come, the whole report."""
    early = early_sections(lambda _: None, DOMAIN, PROTOCOLS, msgs, "/")
    report = await check_domain(DOMAIN, resolver=Resolver(transport), fetch_policies=False, on_report=early)
    json.dumps({"report": report.to_json(), "view": present_domain(report, msgs, "/")}, ensure_ascii=False)


async def main() -> dict:
    transport = ReplayTransport(ZoneDB.from_zonefile(f"{ROOT}/bench/zones/full.zone"))
    msgs = messages("en", "en")
    times = []
    for _ in range(RUNS + 2):  # two untimed: the answers table, lazy imports and caches
        started = time.perf_counter()
        transport.asked = 0
        await one_check(transport, msgs)
        times.append((time.perf_counter() - started) * 1000)
    timed = times[2:]
    return {"median_ms": statistics.median(timed), "fastest_ms": min(timed), "queries": transport.asked}


print(json.dumps(asyncio.run(main())))
