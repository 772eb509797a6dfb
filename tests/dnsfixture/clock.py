"""How long something waited, counted in round trips instead of read from a stopwatch.

    outcome, ticks = await round_trips_during(session.query("slow.example.com", "TXT"))

While ``work`` runs, a client asks a fixture server that answers every query after
``latency`` seconds, one query after the other; ``ticks`` is how many answers came
back before ``work`` ended. A wait of T seconds holds at most about T / latency ticks,
so tests bound waits from above ("a 0.3 s timeout holds fewer than 8 ticks of 0.1 s,
the 5 s default would hold 50"). A loaded machine makes ticks slower, never more
numerous: an upper bound stays true under load. Lower bounds are not tested this way
(durations themselves are measured in bench/).
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, TypeVar

import dns.asyncquery
import dns.exception
import dns.message

from .server import HOST, DnsFixture
from .zonedb import ZoneDB

T = TypeVar("T")
TICK = 0.1  # seconds of latency per tick


async def round_trips_during(work: Awaitable[T], latency: float = TICK) -> tuple[T | BaseException, int]:
    """``work``'s result (or the exception it raised) and the ticks counted while it ran."""
    with DnsFixture(ZoneDB(), latency=latency) as clock:
        ticks = 0
        done = asyncio.Event()

        async def tick() -> None:
            nonlocal ticks
            query = dns.message.make_query("tick.clock.test", "A")
            while not done.is_set():
                try:
                    await dns.asyncquery.udp(query, HOST, latency + 5, clock.port)
                except dns.exception.Timeout:
                    continue
                if not done.is_set():
                    ticks += 1

        ticker = asyncio.ensure_future(tick())
        try:
            outcome: T | BaseException = await work
        except Exception as error:  # the caller asserts on it like on a result
            outcome = error
        finally:
            done.set()
            ticker.cancel()
            await asyncio.gather(ticker, return_exceptions=True)
        return outcome, ticks
