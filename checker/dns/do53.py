"""Plain DNS (UDP, falling back to TCP when truncated) to given or system nameservers."""

from __future__ import annotations

import ipaddress

import dns.asyncquery
import dns.exception
import dns.message
import dns.query
import dns.resolver

from .errors import DnsErrorKind, ResolverSpecError
from .transport import TransportError, ask_in_turn


def parse_server(spec: str) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT``, ``IPv6``, ``[IPv6]:PORT`` -> (address, port).

    Raises ResolverSpecError.
    """
    spec = spec.strip()
    host, port = spec, 53
    if spec.startswith("["):
        host, sep, rest = spec[1:].partition("]")
        if not sep:
            raise ResolverSpecError("bad_brackets", spec)
        if rest:
            if not rest.startswith(":"):
                raise ResolverSpecError("bad_brackets", spec)
            port = _port(rest[1:], spec)
    elif spec.count(":") == 1:
        host, _, p = spec.partition(":")
        port = _port(p, spec)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise ResolverSpecError("not_an_address", spec) from None
    return host, port


def _port(text: str, spec: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ResolverSpecError("bad_port", spec)
    return int(text)


def system_servers() -> list[tuple[str, int]]:
    """The nameservers of the system's resolver configuration."""
    try:
        configured = dns.resolver.Resolver(configure=True).nameservers
    except dns.resolver.NoResolverConfiguration:
        configured = []
    return [(str(ns), 53) for ns in configured]


class Do53Transport:
    """Tries each server in turn; a server that failed is tried last afterwards."""

    def __init__(self, servers: list[tuple[str, int]]):
        if not servers:
            raise ValueError("no nameserver to query")
        self.servers = list(servers)

    def describe(self) -> str:
        return ", ".join(f"[{h}]:{p}" if ":" in h else f"{h}:{p}" for h, p in self.servers)

    async def aclose(self) -> None:
        pass  # each query opens and closes its own socket

    async def exchange(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        return await ask_in_turn(self.servers, lambda server, share: self._ask(query, server, share), timeout)

    @staticmethod
    async def _ask(query, server: tuple[str, int], timeout: float) -> dns.message.Message:
        host, port = server
        try:
            response, _ = await dns.asyncquery.udp_with_fallback(query, host, timeout=timeout, port=port)
            return response
        except dns.exception.Timeout:
            raise TransportError(DnsErrorKind.TIMEOUT, f"{host}:{port} did not answer in {timeout:.1f} s") from None
        except dns.exception.DNSException as error:  # malformed or mismatched response
            raise TransportError(DnsErrorKind.BAD_RESPONSE, f"{host}:{port}: {error}") from None
        except OSError as error:
            raise TransportError(DnsErrorKind.NETWORK, f"{host}:{port}: {error.strerror or error}") from None
