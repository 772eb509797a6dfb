"""The one thing a DNS backend does: send a query message, return the response.

A transport raises :class:`TransportError` when no response came back; a
response with any RCODE is returned as it is, for the resolver to interpret.
"""

from __future__ import annotations

import time
from typing import Awaitable, Callable, Protocol

import dns.message
import dns.rcode

from .errors import DnsErrorKind


class TransportError(Exception):
    def __init__(self, kind: DnsErrorKind, detail: str):
        self.kind = kind
        self.detail = detail
        super().__init__(f"{kind.value}: {detail}")


class Transport(Protocol):
    async def exchange(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        """Send ``query``; return the response or raise TransportError."""
        ...

    def describe(self) -> str:
        """Where the queries go, for reports ("127.0.0.1:53", a DoH URL)."""
        ...

    async def aclose(self) -> None:
        """Release connections (the DoH transport's HTTP client); a no-op for plain DNS."""
        ...


async def ask_in_turn(targets: list, ask: Callable[[object, float], Awaitable[dns.message.Message]],
                      timeout: float) -> dns.message.Message:
    """Ask each target (server, endpoint) in turn until one answers usefully.

    Each target left gets an equal share of the time left. A target that failed,
    or answered SERVFAIL/REFUSED, is moved to the end of ``targets`` so later
    queries of the same check go to one that works first.
    """
    deadline = time.monotonic() + timeout
    order = list(targets)
    failure: TransportError | None = None
    refusal: dns.message.Message | None = None
    for position, target in enumerate(order):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            response = await ask(target, remaining / (len(order) - position))
        except TransportError as error:
            failure = error
            _demote(targets, target)
            continue
        if response.rcode() in (dns.rcode.SERVFAIL, dns.rcode.REFUSED) and position < len(order) - 1:
            refusal = response  # another target may still answer
            _demote(targets, target)
            continue
        return response
    if refusal is not None:
        return refusal
    raise failure or TransportError(DnsErrorKind.TIMEOUT, "no time left")


def _demote(targets: list, target) -> None:
    if len(targets) > 1 and target in targets:
        targets.remove(target)
        targets.append(target)
