"""DNS over HTTPS (RFC 8484): wire-format GET to one or more endpoints, in order."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlsplit

import dns.exception
import dns.flags
import dns.message

from .errors import DnsErrorKind, ResolverSpecError
from .http import HttpClient, HttpError, HttpErrorKind, default_http_client
from .transport import TransportError, ask_in_turn

MAX_MESSAGE = 65535  # RFC 8484 section 6
_DNS_KIND = {HttpErrorKind.TIMEOUT: DnsErrorKind.TIMEOUT, HttpErrorKind.TOO_LARGE: DnsErrorKind.BAD_RESPONSE}


def check_doh_url(url: str) -> str:
    """``url`` stripped; ResolverSpecError unless it is an http(s) URL with a concrete host."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise ResolverSpecError("not_http_url", without_credentials(url)) from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ResolverSpecError("not_http_url", without_credentials(url))
    if not _CONCRETE_HOST.fullmatch(parts.hostname):  # "*", "%2e", spaces: not one server
        raise ResolverSpecError("bad_host", without_credentials(url))
    return url


# A DNS name (letters, digits, hyphens, dots) or an IP address literal
_CONCRETE_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?|[0-9a-f:.]+")


def without_credentials(url: str) -> str:
    """``url`` without the ``user:password@`` part, for anything shown to anyone."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"


def encode_get_url(endpoint: str, wire: bytes) -> str:
    """RFC 8484 4.1: ``dns`` parameter, base64url without padding."""
    param = base64.urlsafe_b64encode(wire).rstrip(b"=").decode("ascii")
    return f"{endpoint}{'&' if '?' in endpoint else '?'}dns={param}"


class DohTransport:
    """Endpoints are tried in order; one that failed is tried last afterwards."""

    def __init__(self, endpoints: list[str], http: HttpClient | None = None):
        if not endpoints:
            raise ResolverSpecError("no_endpoint", "")
        self.endpoints = [check_doh_url(u) for u in endpoints]
        self.http = http or default_http_client()
        self._owns_http = http is None  # a client handed in is closed by whoever made it

    def describe(self) -> str:
        return ", ".join(without_credentials(u) for u in self.endpoints)

    async def exchange(self, query: dns.message.QueryMessage, timeout: float) -> dns.message.Message:
        query.id = 0  # RFC 8484 4.1: ID 0 makes GET responses cache-friendly
        wire = query.to_wire()
        return await ask_in_turn(self.endpoints,
                                 lambda endpoint, share: self._ask(endpoint, query, wire, share), timeout)

    async def _ask(self, endpoint, query, wire: bytes, timeout: float) -> dns.message.Message:
        try:
            return await self._exchange(endpoint, query, wire, timeout)
        except TransportError as error:  # its text may travel: never with a user name or password
            shown = without_credentials(endpoint)
            raise TransportError(error.kind, error.detail.replace(endpoint, shown)) from None

    async def _exchange(self, endpoint, query, wire: bytes, timeout: float) -> dns.message.Message:
        try:
            http = await self.http.request("GET", encode_get_url(endpoint, wire),
                                           headers={"accept": "application/dns-message"},
                                           timeout=timeout, max_bytes=MAX_MESSAGE)
        except HttpError as error:
            kind = _DNS_KIND.get(error.kind, DnsErrorKind.NETWORK)
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
        if response.flags & dns.flags.TC:  # HTTP carries a whole answer: a truncated one is of no use
            raise TransportError(DnsErrorKind.BAD_RESPONSE, f"{endpoint}: truncated answer")
        return response

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()
