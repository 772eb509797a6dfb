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
