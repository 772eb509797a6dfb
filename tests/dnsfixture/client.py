"""Client-side helpers for tests: a resolver to a fixture, and running one lookup session."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, TypeVar

from checker.dns import Answer, Limits, LookupSession, Resolver

from .server import DnsFixture

T = TypeVar("T")


def make_resolver(fixture: DnsFixture, backend: str, **limits) -> Resolver:
    """``backend`` is "dns" (UDP, then TCP) or "doh" (RFC 8484 GET through httpx)."""
    if backend == "dns":
        return Resolver.from_nameservers([fixture.nameserver], Limits(**limits))
    if backend == "doh":
        return Resolver.from_doh([fixture.doh_url], Limits(**limits))
    raise ValueError(f"unknown backend {backend!r}")


def run_session(resolver: Resolver, body: Callable[[LookupSession], Awaitable[T]]) -> T:
    """Run ``body(session)`` in a fresh event loop; the HTTP client is closed afterwards,
    so the same resolver can be used again in the next ``asyncio.run``."""
    async def main() -> T:
        try:
            return await body(resolver.session())
        finally:
            await close(resolver)
    return asyncio.run(main())


def check_on(fixture: DnsFixture, db, body: Callable[[LookupSession], Awaitable[T]], **limits) -> T:
    """Serve ``db`` (a ZoneDB) from the fixture server and run ``body(session)`` against it
    over UDP/TCP: a check exactly as users run it, on fixture data."""
    fixture.reset(db)
    return run_session(make_resolver(fixture, "dns", **limits), body)


def lookup(resolver: Resolver, name: str, rdtype: str) -> Answer:
    """One query in its own session; raises DnsError like ``session.query``."""
    return run_session(resolver, lambda session: session.query(name, rdtype))


async def close(resolver: Resolver) -> None:
    await resolver.aclose()
