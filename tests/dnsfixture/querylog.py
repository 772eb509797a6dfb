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


class RoundTrips:
    """How many round trips a client needed, counted by the server side instead of a stopwatch.

    A query asked after an answer of depth d went out has depth d + 1 (the client may
    have waited for that answer); queries asked together share a depth. ``count`` is the
    deepest: the round trips the client spent one after the other. Meaningful with some
    latency, so that queries asked together are in flight at the same time.
    """

    def __init__(self) -> None:
        self.count = 0
        self._answered = 0  # the deepest answer sent so far
        self._epoch = 0     # answers to queries asked before the last reset are not counted

    def asked(self) -> tuple[int, int]:
        """A query arrived: its ticket, for ``answered``."""
        depth = self._answered + 1
        self.count = max(self.count, depth)
        return self._epoch, depth

    def answered(self, ticket: tuple[int, int] | None) -> None:
        if ticket is not None and ticket[0] == self._epoch:
            self._answered = max(self._answered, ticket[1])

    def reset(self) -> None:
        self.count = self._answered = 0
        self._epoch += 1
