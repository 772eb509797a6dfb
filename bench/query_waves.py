"""The DoH requests of one check, grouped as a client that only fetched could send them.

Wave 1 holds every query that needs no answer first; wave n + 1 the queries that waited
for an answer of wave n. Found by running the whole check against the zone in memory,
each answer held back the same time, so that queries asked together are in flight
together (tests/dnsfixture's RoundTrips gives the depth), and encoded as the checker's
own DoH GET requests (same wire bytes: ID 0, the AD bit), for a page to replay with
fetch(): the DNS lower bound of that check on that network, measured instead of assumed.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import dns.message

from checker.dns import Resolver
from checker.dns.doh import encode_get_url
from checker.dns.errors import DnsErrorKind
from checker.dns.transport import TransportError
from checker.domain import check_domain
from tests.dnsfixture import ZoneDB
from tests.dnsfixture.querylog import RoundTrips
from tests.dnsfixture.wire import MAX_TCP, render

HOLD = 0.2  # seconds each answer is held back: enough for a wave to be asked whole, even under load


class _WaveRecorder:
    """A transport answering from ``db`` that notes each query's wire bytes and depth."""

    def __init__(self, db: ZoneDB):
        self.db = db
        self.trips = RoundTrips()
        self.asked: list[tuple[int, bytes]] = []

    def describe(self) -> str:
        return "memory"

    async def aclose(self) -> None:
        pass

    async def exchange(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        query.id = 0  # as checker.dns.doh sends it
        wire = query.to_wire()
        ticket = self.trips.asked()  # (epoch, depth)
        self.asked.append((ticket[1], wire))
        await asyncio.sleep(HOLD)
        self.trips.answered(ticket)
        response = self.db.answer(dns.message.from_wire(wire))
        if response is None:
            raise TransportError(DnsErrorKind.TIMEOUT, "memory: query dropped")
        return dns.message.from_wire(render(response, MAX_TCP))


def doh_waves(zone: Path, domain: str, endpoint: str) -> list[list[str]]:
    """The check of ``domain`` as the browser runs it (every protocol, no policy fetch):
    its DoH GET URLs at ``endpoint``, wave by wave."""
    recorder = _WaveRecorder(ZoneDB.from_zonefile(zone))
    asyncio.run(check_domain(domain, resolver=Resolver(recorder), fetch_policies=False))
    waves: list[list[str]] = [[] for _ in range(max(depth for depth, _ in recorder.asked))]
    for depth, wire in recorder.asked:
        waves[depth - 1].append(encode_get_url(endpoint, wire))
    return waves
