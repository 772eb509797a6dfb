"""Resolver layer: one async interface over plain DNS and DNS over HTTPS."""

import dns._features

# dnspython imports its own DNS-over-HTTPS stack (httpx2, httpcore2, h2: about half a
# second) when that is installed. The checker sends DoH through checker.dns.http, never
# through dnspython, so it tells dnspython not to load it (before dns.query is imported).
dns._features.force("doh", False)

from .answer import Answer, Status
from .errors import DnsError, DnsErrorKind
from .resolver import Limits, LookupSession, Resolver

__all__ = ["Answer", "Status", "DnsError", "DnsErrorKind", "Limits", "LookupSession", "Resolver"]
