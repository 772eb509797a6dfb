"""Turning responses into bytes the way a server does: truncation, and garbage on purpose."""

from __future__ import annotations

import struct

import dns.exception
import dns.flags
import dns.message

MAX_TCP = 65535  # a DNS message over TCP or DoH carries at most this many bytes
MAX_UDP = 65507  # the largest UDP payload over IPv4


class BadQuery(ValueError):
    """Bytes that are not a DNS query the fixture can answer."""


def parse_query(wire: bytes) -> dns.message.Message:
    try:
        query = dns.message.from_wire(wire)
    except Exception as error:  # dnspython raises several kinds on hostile input
        raise BadQuery(f"not a DNS message: {error}") from None
    if query.flags & dns.flags.QR:
        raise BadQuery("a response, not a query")
    return query


def udp_limit(query: dns.message.Message) -> int:
    """RFC 6891 6.2.5: the client's EDNS payload size, 512 bytes without EDNS."""
    if query.edns < 0:
        return 512
    return min(max(query.payload, 512), MAX_UDP)


def render(response: dns.message.Message, max_size: int = MAX_TCP) -> bytes:
    """The response in wire format; if it does not fit, an empty one with TC set.

    An empty truncated response is what most servers send: the client then asks again over TCP.
    """
    try:
        wire = response.to_wire(max_size=MAX_TCP)
    except dns.exception.TooBig:
        wire = b""
    if wire and len(wire) <= max_size:
        return wire
    truncated = dns.message.Message(id=response.id)
    truncated.flags = response.flags | dns.flags.TC
    truncated.question = list(response.question)
    if response.edns >= 0:
        truncated.use_edns(response.edns, response.ednsflags, response.payload, options=response.options)
    return truncated.to_wire(max_size=max_size)


class MalformedResponse(dns.message.Message):
    """A response whose wire form is broken: the header announces an answer that is cut short.

    The ID and the question are right, so the client reads it as the answer to its query
    and must then fail to parse it (a bad_response, never an empty answer).
    """

    def __init__(self, response: dns.message.Message):
        super().__init__(id=response.id)
        self.flags = response.flags
        self.question = list(response.question)

    def to_wire(self, *args, **kwargs) -> bytes:
        question = b"".join(rrset.name.to_wire() + struct.pack("!HH", rrset.rdtype, rrset.rdclass)
                            for rrset in self.question)
        header = struct.pack("!HHHHHH", self.id, self.flags, len(self.question), 1, 0, 0)
        return header + question + b"\xc0\x0c\x00"  # an answer record broken after 3 bytes
