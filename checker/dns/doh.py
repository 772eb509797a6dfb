"""DNS over HTTPS (RFC 8484): wire-format GET to one or more endpoints, in order."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

import dns.exception
import dns.message

from .errors import DnsErrorKind
from .http import HttpClient, HttpError, default_http_client
from .transport import TransportError, ask_in_turn

MAX_MESSAGE = 65535  # RFC 8484 section 6


def check_doh_url(url: str) -> str:
    """Raise ValueError unless ``url`` is an http(s) URL with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url.strip()


def encode_get_url(endpoint: str, wire: bytes) -> str:
    """RFC 8484 4.1: ``dns`` parameter, base64url without padding."""
    param = base64.urlsafe_b64encode(wire).rstrip(b"=").decode("ascii")
    return f"{endpoint}{'&' if '?' in endpoint else '?'}dns={param}"


class DohTransport:
    """Endpoints are tried in order; one that failed is tried last afterwards."""

    def __init__(self, endpoints: list[str], http: HttpClient | None = None):
        if not endpoints:
            raise ValueError("no DNS-over-HTTPS endpoint")
        self.endpoints = [check_doh_url(u) for u in endpoints]
        self.http = http or default_http_client()

    def describe(self) -> str:
        return ", ".join(self.endpoints)

    async def exchange(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        query.id = 0  # RFC 8484 4.1: ID 0 makes GET responses cache-friendly
        wire = query.to_wire()
        return await ask_in_turn(self.endpoints,
                                 lambda endpoint, share: self._ask(endpoint, query, wire, share), timeout)

    async def _ask(self, endpoint, query, wire: bytes, timeout: float) -> dns.message.Message:
        try:
            http = await self.http.request("GET", encode_get_url(endpoint, wire),
                                           headers={"accept": "application/dns-message"},
                                           timeout=timeout, max_bytes=MAX_MESSAGE)
        except HttpError as error:
            kind = DnsErrorKind.TIMEOUT if error.timeout else DnsErrorKind.NETWORK
            raise TransportError(kind, str(error)) from None
        if not 200 <= http.status < 300:
            raise TransportError(DnsErrorKind.NETWORK, f"{endpoint}: HTTP {http.status}")
        if http.content_type != "application/dns-message":
            raise TransportError(DnsErrorKind.BAD_RESPONSE,
                                 f"{endpoint}: content type {http.content_type or 'missing'}")
        try:
            response = dns.message.from_wire(http.body)
        except dns.exception.DNSException as error:
            raise TransportError(DnsErrorKind.BAD_RESPONSE, f"{endpoint}: {error}") from None
        if not query.is_response(response):
            raise TransportError(DnsErrorKind.BAD_RESPONSE, f"{endpoint}: answer to another question")
        return response
