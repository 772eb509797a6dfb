"""Resolver layer: one async interface over plain DNS and DNS over HTTPS."""

from .answer import Answer, Status
from .errors import DnsError, DnsErrorKind
from .resolver import Limits, LookupSession, Resolver

__all__ = ["Answer", "Status", "DnsError", "DnsErrorKind", "Limits", "LookupSession", "Resolver"]
