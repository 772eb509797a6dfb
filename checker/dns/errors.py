"""Why a DNS lookup failed. A failure is never an absent record."""

from __future__ import annotations

import enum


class DnsErrorKind(enum.Enum):
    TIMEOUT = "timeout"            # no answer within the per-query timeout
    SERVFAIL = "servfail"          # RCODE 2
    REFUSED = "refused"            # RCODE 5
    NETWORK = "network"            # connection refused, unreachable, HTTP error
    BAD_RESPONSE = "bad_response"  # unparsable or mismatched answer, other RCODEs
    CNAME_LOOP = "cname_loop"      # alias chain that never ends
    QUERY_LIMIT = "query_limit"    # the check's cap on queries is spent
    DEADLINE = "deadline"          # the check's overall time is spent


class DnsError(Exception):
    """A lookup that gave no usable answer; ``kind`` says why."""

    def __init__(self, kind: DnsErrorKind, name: str, rdtype: str, detail: str = ""):
        self.kind = kind
        self.name = name
        self.rdtype = rdtype
        self.detail = detail
        text = f"{rdtype} {name}: {kind.value}"
        super().__init__(f"{text} ({detail})" if detail else text)


class ResolverSpecError(ValueError):
    """A ``--nameserver`` or ``--doh`` value that cannot be used.

    ``reason`` is a stable code the edges turn into words (``cli.error.resolver.<reason>``);
    ``value`` is what was given, without any user name or password it carried.
    """

    REASONS = ("not_an_address", "bad_port", "bad_brackets", "not_http_url", "bad_host", "no_endpoint")

    def __init__(self, reason: str, value: str):
        assert reason in self.REASONS, reason
        self.reason = reason
        self.value = value
        super().__init__(f"{reason}: {value!r}")
