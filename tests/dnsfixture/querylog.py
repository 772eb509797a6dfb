"""What a fixture received: one entry per query, for tests that count queries."""

from __future__ import annotations

from typing import NamedTuple

import dns.name
import dns.rdatatype


class LoggedQuery(NamedTuple):
    name: str   # lower case, no final dot
    rdtype: str  # "TXT", "A", ...
    via: str    # "udp", "tcp", "doh" or "memory"

    @classmethod
    def of(cls, name: dns.name.Name, rdtype: int, via: str) -> "LoggedQuery":
        text = name.to_text(omit_final_dot=True).lower() if name.labels != (b"",) else "."
        return cls(text, dns.rdatatype.to_text(rdtype), via)
