"""SPF (RFC 7208): parse records, evaluate check_host(), lint a domain's policy.

``check_host`` and ``lint`` take ``resolver=`` (a :class:`checker.dns.Resolver`;
a session is opened per call) or ``session=`` (a session already open).
"""

from .errors import SpfSyntaxError
from .evaluate import Result, SpfResult, check_host
from .lint import SpfLint, SpfNode, lint
from .parser import Mechanism, Modifier, SpfRecord, parse_record

__all__ = ["check_host", "lint", "parse_record", "SpfSyntaxError", "SpfResult", "Result",
           "SpfLint", "SpfNode", "SpfRecord", "Mechanism", "Modifier"]
