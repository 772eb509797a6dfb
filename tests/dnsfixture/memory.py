"""A transport that answers from a ZoneDB in memory: the resolver without sockets.

Every query and response still goes through wire format, so encoding mistakes and
oversized answers show up as they would on the network; a dropped query raises a
timeout at once instead of making the test wait.
"""

from __future__ import annotations

import asyncio

import dns.exception
import dns.message

from checker.dns import Limits, Resolver
from checker.dns.errors import DnsErrorKind
from checker.dns.transport import TransportError

from .querylog import LoggedQuery, RoundTrips
from .wire import MAX_TCP, render
from .zonedb import ZoneDB


class MemoryTransport:
    def __init__(self, db: ZoneDB, latency: float = 0.0):
        self.db = db
        self.latency = latency  # seconds of simulated round trip per query
        self.log: list[LoggedQuery] = []
        self.round_trips = RoundTrips()  # .count: round trips one after the other

    def describe(self) -> str:
        return "memory"

    async def aclose(self) -> None:
        pass  # nothing to release

    async def exchange(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        received = dns.message.from_wire(query.to_wire())
        question = received.question[0]
        self.log.append(LoggedQuery.of(question.name, question.rdtype, "memory"))
        ticket = self.round_trips.asked()
        if self.latency:
            await asyncio.sleep(min(self.latency, timeout))
            if self.latency > timeout:
                raise TransportError(DnsErrorKind.TIMEOUT, f"memory: no answer in {timeout:.1f} s")
        self.round_trips.answered(ticket)
        response = self.db.answer(received)
        if response is None:
            raise TransportError(DnsErrorKind.TIMEOUT, f"memory: query dropped ({timeout:.1f} s)")
        try:
            answer = dns.message.from_wire(render(response, MAX_TCP))
        except dns.exception.DNSException as error:
            raise TransportError(DnsErrorKind.BAD_RESPONSE, f"memory: {error}") from None
        if not query.is_response(answer):
            raise TransportError(DnsErrorKind.BAD_RESPONSE, "memory: answer to another question")
        return answer


def memory_resolver(db: ZoneDB, *, latency: float = 0.0, **limits) -> Resolver:
    """``memory_resolver(db, timeout=0.3, max_queries=20)``: a Resolver over ``db``.

    The transport is ``resolver.transport`` (its ``log`` lists the queries sent).
    """
    return Resolver(MemoryTransport(db, latency), Limits(**limits))
