"""Is a BIMI l= or a= value a single HTTPS URI with a domain name? (RFC 3986, strictly.)

The value is never fixed up (the draft forbids it) and never fetched here.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..dnsname import is_host_name

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")  # RFC 3986 2.2, 2.3, %
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")

URI_REASONS = (
    "no_scheme",    # no "scheme:" at the start
    "characters",   # a character a URI cannot hold: space, quote, <, >, non-ASCII, ...
    "comma",        # a comma: the draft requires it percent-encoded (no lists of URIs)
    "percent",      # a "%" not followed by two hexadecimal digits
    "no_host",      # no "//host" after "https:"
    "ip_address",   # the host is an IP address, not a domain name
    "host",         # the host is not a fully qualified domain name (LDH labels, at least two)
    "port",         # the port is not a number from 0 to 65535
)


@dataclass(frozen=True)
class UriVerdict:
    scheme: str | None = None    # lower case, when there is one
    problem: str | None = None   # None, "not_https", or one of URI_REASONS
    path: str = ""               # the path of an acceptable URI

    @property
    def ok(self) -> bool:
        return self.problem is None


def judge_https_uri(value: str) -> UriVerdict:
    found = _SCHEME.match(value)
    if not found:
        return UriVerdict(problem="no_scheme")
    scheme = found.group(1).lower()  # RFC 3986 3.1: schemes are case-insensitive
    if scheme != "https":
        return UriVerdict(scheme, "not_https")
    if not _URI_CHARS.match(value):
        return UriVerdict(scheme, "characters")
    if "," in value:
        return UriVerdict(scheme, "comma")
    if _BAD_PERCENT.search(value):
        return UriVerdict(scheme, "percent")
    try:
        parts = urlsplit(value)
    except ValueError:  # an unbalanced "[" in the authority
        return UriVerdict(scheme, "host")
    if not value[found.end():].startswith("//") or not parts.hostname:
        return UriVerdict(scheme, "no_host")
    host = parts.hostname
    if _is_ip_address(host):
        return UriVerdict(scheme, "ip_address")
    if not is_host_name(host[:-1] if host.endswith(".") else host):
        return UriVerdict(scheme, "host")
    try:
        parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return UriVerdict(scheme, "port")
    return UriVerdict(scheme, None, parts.path)


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


