"""Answers shared between the domains of one survey.

Many domains ask the same names: their mail providers' SPF includes, the
``_dmarc`` names of common parents in the DNS tree walk. Each check keeps its
own cache (one LookupSession per domain); this transport in front of the real
one keeps the most recently used answers for the whole run, within their TTL,
and merges identical queries in flight, so a provider's record is fetched once
rather than once per domain. Only answers are kept: a failure (timeout,
SERVFAIL, REFUSED) is always asked again. It also bounds the queries sent at
once: a server's socket holds a few hundred queries, and those that arrive
beyond that are dropped and time out.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict

import dns.message
import dns.rcode

from ..futures import read_outcome_when_done

MAX_ENTRIES = 20_000     # most recent answers kept; names of one domain only are soon pushed out
MAX_TTL = 3600


class SharedAnswers:
    def __init__(self, inner, in_flight: int, max_entries: int = MAX_ENTRIES):
        self.inner = inner
        self._slots = asyncio.Semaphore(in_flight)
        self.max_entries = max_entries
        self.hits = 0
        self._answers: OrderedDict[tuple, tuple[float, dns.message.Message]] = OrderedDict()
        self._in_flight: dict[tuple, asyncio.Future] = {}

    def describe(self) -> str:
        return self.inner.describe()

    async def exchange(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        question = query.question[0]
        key = (question.name, question.rdtype, query.flags)
        kept = self._answers.get(key)
        if kept is not None:
            if kept[0] > time.monotonic():
                self._answers.move_to_end(key)
                self.hits += 1
                return kept[1]
            del self._answers[key]
        pending = self._in_flight.get(key)
        if pending is not None:
            self.hits += 1
            return await asyncio.shield(pending)
        # every caller may have given up (deadline) before the outcome came
        future = read_outcome_when_done(asyncio.ensure_future(self._send(query, timeout)))
        self._in_flight[key] = future
        try:
            response = await asyncio.shield(future)
        finally:
            self._in_flight.pop(key, None)
        if response.rcode() in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            self._keep(key, response)
        return response

    async def _send(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        async with self._slots:
            return await self.inner.exchange(query, timeout)

    def _keep(self, key: tuple, response: dns.message.Message) -> None:
        ttls = [rrset.ttl for section in (response.answer, response.authority) for rrset in section]
        ttl = min([MAX_TTL, *ttls])
        if ttl <= 0:
            return
        self._answers[key] = (time.monotonic() + ttl, response)
        if len(self._answers) > self.max_entries:
            self._answers.popitem(last=False)
