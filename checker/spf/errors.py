"""The one exception an SPF record's text can cause."""

from __future__ import annotations


class SpfSyntaxError(ValueError):
    """A record (or macro string) that does not follow the RFC 7208 grammar.

    ``reason`` is a stable code ("unknown_mechanism", "non_ascii", ...), ``term``
    the offending term as written (non-ASCII bytes shown as ``\\xNN``),
    ``position`` the index where that term starts in the record and ``offset``
    the index of the first offending character (both 0-based).
    """

    def __init__(self, reason: str, term: str, position: int, offset: int | None = None):
        self.reason = reason
        self.term = term
        self.position = position
        self.offset = position if offset is None else offset
        super().__init__(f"{reason}: {term!r} at {self.position}")

    def params(self) -> dict:
        return {"reason": self.reason, "term": self.term, "position": self.position, "offset": self.offset}
