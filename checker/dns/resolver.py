"""The resolver the checks see: ``await session.query(name, "TXT")``.

A :class:`Resolver` holds a transport and the limits; each check opens a
:class:`LookupSession`, which caches answers (and failures), merges identical
queries in flight, bounds concurrency, applies a per-query timeout and an
overall deadline, and caps the number of queries sent.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype

from ..futures import read_outcome_when_done
from .answer import Answer, Status
from .errors import DnsError, DnsErrorKind
from .transport import Transport, TransportError

MAX_CNAME_HOPS = 8


@dataclass(frozen=True)
class Limits:
    timeout: float = 5.0        # one query, all servers or endpoints included
    deadline: float = 20.0      # the whole check (RFC 7208 4.6.4 asks for at least 20 s)
    max_queries: int = 300      # queries actually sent by one check
    concurrency: int = 64       # queries in flight at once (a full check probes 40+ DKIM selectors)


class Resolver:
    """A transport plus limits; cheap to keep, one session per check."""

    def __init__(self, transport: Transport, limits: Limits | None = None):
        self.transport = transport
        self.limits = limits or Limits()

    @classmethod
    def from_nameservers(cls, servers: list[str], limits: Limits | None = None) -> "Resolver":
        """``["192.0.2.1", "127.0.0.1:5353", "[::1]:53"]``; ValueError when malformed."""
        from .do53 import Do53Transport, parse_server

        return cls(Do53Transport([parse_server(s) for s in servers]), limits)

    @classmethod
    def system(cls, limits: Limits | None = None) -> "Resolver":
        from .do53 import Do53Transport, system_servers

        return cls(Do53Transport(system_servers()), limits)

    @classmethod
    def from_doh(cls, urls: list[str], limits: Limits | None = None, http=None) -> "Resolver":
        from .doh import DohTransport

        return cls(DohTransport(urls, http), limits)

    def session(self) -> "LookupSession":
        return LookupSession(self.transport, self.limits)

    async def aclose(self) -> None:
        """Close the transport's connections; a later session opens new ones."""
        await self.transport.aclose()

    async def __aenter__(self) -> "Resolver":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()


class LookupSession:
    def __init__(self, transport: Transport, limits: Limits):
        self.transport = transport
        self.limits = limits
        self.started = time.monotonic()
        self.queries_sent = 0
        self._results: dict[tuple[str, str], asyncio.Future] = {}
        self._slots = asyncio.Semaphore(limits.concurrency)

    def time_left(self) -> float:
        return self.limits.deadline - (time.monotonic() - self.started)

    async def query(self, name: str, rdtype: str) -> Answer:
        """Records of ``rdtype`` at ``name``; raises DnsError when there is no answer."""
        key = (normalize_name(name), rdtype.upper())
        future = self._results.get(key)
        if future is None:
            # callers that gave up must not leave its outcome "never retrieved"
            future = read_outcome_when_done(asyncio.ensure_future(self._resolve(*key)))
            self._results[key] = future
        # shield: one caller giving up must not cancel the query for the others
        return await asyncio.shield(future)

    async def query_or_error(self, name: str, rdtype: str) -> Answer | DnsError:
        """Like :meth:`query`, with the failure returned instead of raised (for asyncio.gather)."""
        try:
            return await self.query(name, rdtype)
        except DnsError as error:
            return error

    async def _resolve(self, name: str, rdtype: str) -> Answer:
        seen = [name]
        target = name
        for _ in range(MAX_CNAME_HOPS + 1):
            response = await self._send(target, rdtype, name)
            answer, next_name = interpret(name, rdtype, target, response)
            if next_name is None:
                return answer
            if next_name in seen:
                break
            seen.append(next_name)
            target = next_name
        raise DnsError(DnsErrorKind.CNAME_LOOP, name, rdtype, " -> ".join(seen))

    async def _send(self, target: str, rdtype: str, asked: str) -> dns.message.Message:
        if self.queries_sent >= self.limits.max_queries:
            raise DnsError(DnsErrorKind.QUERY_LIMIT, asked, rdtype, f"{self.limits.max_queries} queries")
        self.queries_sent += 1
        async with self._slots:
            left = self.time_left()
            if left <= 0:
                raise DnsError(DnsErrorKind.DEADLINE, asked, rdtype, f"{self.limits.deadline:g} s")
            timeout = min(self.limits.timeout, left)
            try:
                query = dns.message.make_query(target, rdtype)
            except dns.exception.DNSException as error:  # a name dnspython cannot encode
                raise DnsError(DnsErrorKind.BAD_RESPONSE, asked, rdtype, str(error)) from None
            query.flags |= dns.flags.AD  # RFC 6840 5.7: ask a validating resolver for the AD bit
            try:
                response = await asyncio.wait_for(self.transport.exchange(query, timeout), timeout + 0.5)
            except TransportError as error:
                kind = error.kind
                if kind is DnsErrorKind.TIMEOUT and timeout < self.limits.timeout:
                    kind = DnsErrorKind.DEADLINE
                raise DnsError(kind, asked, rdtype, error.detail) from None
            except asyncio.TimeoutError:
                kind = DnsErrorKind.DEADLINE if timeout < self.limits.timeout else DnsErrorKind.TIMEOUT
                raise DnsError(kind, asked, rdtype, f"{timeout:.1f} s") from None
        return response


def normalize_name(name: str) -> str:
    return name.strip().rstrip(".").lower()


def interpret(asked: str, rdtype: str, target: str, response: dns.message.Message
              ) -> tuple[Answer | None, str | None]:
    """Turn a response into an Answer, or name the CNAME target still to ask.

    Raises DnsError for SERVFAIL, REFUSED and other failures.
    """
    rcode = response.rcode()
    if rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        kind = {dns.rcode.SERVFAIL: DnsErrorKind.SERVFAIL,
                dns.rcode.REFUSED: DnsErrorKind.REFUSED}.get(rcode, DnsErrorKind.BAD_RESPONSE)
        raise DnsError(kind, asked, rdtype, dns.rcode.to_text(rcode))
    if response.flags & dns.flags.TC:
        # Still truncated after the TCP retry (or over DoH): the records are not all
        # here, and an empty truncated answer must not pass for NODATA.
        raise DnsError(DnsErrorKind.BAD_RESPONSE, asked, rdtype, "truncated response")
    try:
        chain = response.resolve_chaining()
    except dns.message.ChainTooLong:
        raise DnsError(DnsErrorKind.CNAME_LOOP, asked, rdtype, "alias chain too long") from None
    except dns.exception.DNSException as error:
        raise DnsError(DnsErrorKind.BAD_RESPONSE, asked, rdtype, str(error)) from None
    canonical = normalize_name(chain.canonical_name.to_text())
    authenticated = bool(response.flags & dns.flags.AD)
    if chain.answer is not None and len(chain.answer):
        return Answer(asked, rdtype, Status.OK, tuple(chain.answer),
                      canonical if canonical != asked else "", authenticated,
                      chain.minimum_ttl), None
    if rcode == dns.rcode.NOERROR and canonical != target and not _has_soa(response):
        # The server stopped at an alias it does not serve: ask for its target.
        return None, canonical
    status = Status.NXDOMAIN if rcode == dns.rcode.NXDOMAIN else Status.NODATA
    return Answer(asked, rdtype, status, (), canonical if canonical != asked else "",
                  authenticated, chain.minimum_ttl), None


def _has_soa(response: dns.message.Message) -> bool:
    return any(rrset.rdtype == dns.rdatatype.SOA for rrset in response.authority)
