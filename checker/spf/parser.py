"""RFC 7208 sections 4.5, 4.6.1, 5, 6 and 12: an SPF record's text into terms.

``parse_record`` checks the whole record before anything is evaluated (4.6):
any error raises :class:`SpfSyntaxError` naming the term, its position and a
reason code. Records may arrive as bytes with any content; only US-ASCII is
valid (3.1).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from dataclasses import dataclass
from functools import cached_property

from .errors import SpfSyntaxError
from .macro import EXPLAIN_LETTERS, MacroString, parse_domain_spec, parse_macro_string

VERSION = "v=spf1"
MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
DNS_MECHANISMS = frozenset({"include", "a", "mx", "ptr", "exists"})  # 4.6.4, with "redirect"
QUALIFIERS = "+-~?"

_MODIFIER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9\-_.]*=")
_TERM = re.compile(r"[^ ]+")
_DUAL_CIDR = re.compile(r"(?:/([0-9]+))?(?://([0-9]+))?\Z")
_QNUM = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
_IP4 = re.compile(rf"{_QNUM}(?:\.{_QNUM}){{3}}\Z")
_IP6_CHARS = re.compile(r"[0-9A-Fa-f:.]+\Z")


@dataclass(frozen=True)
class Mechanism:
    qualifier: str                       # "+", "-", "~" or "?" ("+" when omitted)
    kind: str                            # "all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"
    text: str                            # the term as written
    position: int                        # where the term starts in the record
    domain_spec: MacroString | None = None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None  # ip4, ip6
    cidr4: int | None = None             # a, mx: dual-cidr-length
    cidr6: int | None = None

    @property
    def queries_dns(self) -> bool:
        return self.kind in DNS_MECHANISMS


@dataclass(frozen=True)
class Modifier:
    name: str                            # lower case
    text: str
    position: int
    value: MacroString                   # a domain-spec for redirect and exp

    @property
    def queries_dns(self) -> bool:
        return self.name == "redirect"


@dataclass(frozen=True)
class SpfRecord:
    text: str
    terms: tuple  # Mechanism and Modifier, in record order

    @cached_property
    def mechanisms(self) -> tuple[Mechanism, ...]:
        return tuple(t for t in self.terms if isinstance(t, Mechanism))

    @cached_property
    def evaluated_mechanisms(self) -> tuple[Mechanism, ...]:
        """Mechanisms up to the first ``all``: those after it are never evaluated (5.1)."""
        result = []
        for mechanism in self.mechanisms:
            result.append(mechanism)
            if mechanism.kind == "all":
                break
        return tuple(result)

    @cached_property
    def has_all(self) -> bool:
        return any(m.kind == "all" for m in self.mechanisms)

    @cached_property
    def redirect(self) -> Modifier | None:
        return self._modifier("redirect")

    @cached_property
    def exp(self) -> Modifier | None:
        return self._modifier("exp")

    @cached_property
    def effective_redirect(self) -> Modifier | None:
        """The redirect that can take effect: none when the record has ``all`` (6.1)."""
        return None if self.has_all else self.redirect

    def _modifier(self, name: str) -> Modifier | None:
        return next((t for t in self.terms if isinstance(t, Modifier) and t.name == name), None)

    def dns_terms(self) -> list:
        """Terms check_host() may count against the limit of 10, in evaluation order."""
        terms = [m for m in self.evaluated_mechanisms if m.queries_dns]
        if self.effective_redirect is not None:
            terms.append(self.effective_redirect)
        return terms


def is_spf_record(text: bytes | str) -> bool:
    """4.5: begins with ``v=spf1`` (any case) followed by a space or the end."""
    head = text[:7]
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    return head[:6].lower() == VERSION and head[6:7] in ("", " ")


def parse_record(record: bytes | str) -> SpfRecord:
    """Parse one SPF record; raises :class:`SpfSyntaxError` on the first error."""
    text = record.decode("latin-1") if isinstance(record, (bytes, bytearray)) else str(record)
    if not is_spf_record(text):
        raise SpfSyntaxError("version_missing", printable(text[:16]), 0)
    terms: list = []
    seen_modifiers: set[str] = set()
    for match in _TERM.finditer(text, len(VERSION)):
        term = parse_term(match.group(), match.start())
        if isinstance(term, Modifier) and term.name in ("redirect", "exp"):
            if term.name in seen_modifiers:
                raise SpfSyntaxError("modifier_repeated", term.text, term.position)  # 6: at most once each
            seen_modifiers.add(term.name)
        terms.append(term)
    return SpfRecord(text, tuple(terms))


def parse_term(raw: str, position: int = 0) -> Mechanism | Modifier:
    """One term (no spaces); ``position`` is its index in the record."""
    term = printable(raw)
    for index, char in enumerate(raw):
        if not 0x21 <= ord(char) <= 0x7E:  # macro-literal and names are visible US-ASCII only
            reason = "non_ascii" if ord(char) > 0x7F else "invalid_character"
            raise SpfSyntaxError(reason, term, position, position + index)
    name = _MODIFIER_NAME.match(raw)
    if name:  # 4.6.1: a name followed by "=" before any ":" or "/"
        return _modifier(raw, position, name.end())
    qualifier, start = ("+", 0)
    if raw[0] in QUALIFIERS:
        qualifier, start = raw[0], 1
    cut = len(raw)
    for separator in ":/":
        found = raw.find(separator, start)
        if found >= 0:
            cut = min(cut, found)
    kind = raw[start:cut].lower()
    if kind not in MECHANISMS:
        raise SpfSyntaxError("mechanism_unknown", term, position, position + start)
    parse = _MECHANISM_PARSERS[kind]
    return parse(Mechanism(qualifier, kind, raw, position), raw[cut:], position + cut)


def _modifier(raw: str, position: int, end: int) -> Modifier:
    name = raw[:end - 1].lower()
    value = raw[end:]
    if name in ("redirect", "exp"):
        spec = parse_domain_spec(value, term=raw, position=position, offset=position + end)
    else:  # unknown modifiers are ignored, but their value must still be a macro-string
        spec = parse_macro_string(value, letters=EXPLAIN_LETTERS, term=raw, position=position,
                                  offset=position + end)
    return Modifier(name, raw, position, spec)


def _no_argument(m: Mechanism, rest: str, at: int) -> Mechanism:
    if rest:
        raise SpfSyntaxError("argument_unexpected", m.text, m.position, at)
    return m


def _domain_required(m: Mechanism, rest: str, at: int) -> Mechanism:
    if not rest.startswith(":"):
        reason = "domain_spec_missing" if not rest else "argument_unexpected"
        raise SpfSyntaxError(reason, m.text, m.position, at)
    spec = parse_domain_spec(rest[1:], term=m.text, position=m.position, offset=at + 1)
    return dataclasses.replace(m, domain_spec=spec)


def _domain_optional(m: Mechanism, rest: str, at: int) -> Mechanism:
    return _domain_required(m, rest, at) if rest else m


def _domain_and_cidr(m: Mechanism, rest: str, at: int) -> Mechanism:
    cidr = _DUAL_CIDR.search(rest)
    head = rest[:cidr.start()]
    spec = None
    if head:
        if not head.startswith(":"):
            raise SpfSyntaxError("argument_unexpected", m.text, m.position, at)
        spec = parse_domain_spec(head[1:], term=m.text, position=m.position, offset=at + 1)
    cidr4 = _cidr(cidr.group(1), 32, m, at + cidr.start())
    cidr6 = _cidr(cidr.group(2), 128, m, at + cidr.start())
    return dataclasses.replace(m, domain_spec=spec, cidr4=cidr4, cidr6=cidr6)


def _ip4(m: Mechanism, rest: str, at: int) -> Mechanism:
    address, length = _network_parts(m, rest, at)
    if not _IP4.match(address):
        raise SpfSyntaxError("ip4_invalid", m.text, m.position, at + 1)
    prefix = _cidr(length, 32, m, at + 1 + len(address))
    network = ipaddress.IPv4Network((address, 32 if prefix is None else prefix), strict=False)
    return dataclasses.replace(m, network=network)


def _ip6(m: Mechanism, rest: str, at: int) -> Mechanism:
    address, length = _network_parts(m, rest, at)
    try:  # the character check keeps out scope ids ("%eth0"), which ipaddress accepts
        if not _IP6_CHARS.match(address):
            raise ValueError(address)
        parsed = ipaddress.IPv6Address(address)
    except ValueError:
        raise SpfSyntaxError("ip6_invalid", m.text, m.position, at + 1) from None
    prefix = _cidr(length, 128, m, at + 1 + len(address))
    network = ipaddress.IPv6Network((parsed, 128 if prefix is None else prefix), strict=False)
    return dataclasses.replace(m, network=network)


def _network_parts(m: Mechanism, rest: str, at: int) -> tuple[str, str | None]:
    if not rest.startswith(":") or len(rest) == 1:
        raise SpfSyntaxError("network_missing", m.text, m.position, at)
    address, slash, length = rest[1:].partition("/")
    if slash and not length.isdigit():  # also rejects a dual cidr ("//64") on ip4/ip6
        raise SpfSyntaxError("cidr_invalid", m.text, m.position, at + 1 + len(address))
    return address, (length if slash else None)


def _cidr(digits: str | None, maximum: int, m: Mechanism, at: int) -> int | None:
    """5.6: "0" or a number without leading zeros, at most ``maximum``."""
    if digits is None:
        return None
    if len(digits) > 3 or (digits != "0" and digits.startswith("0")) or int(digits) > maximum:
        raise SpfSyntaxError("cidr_invalid", m.text, m.position, at)
    return int(digits)


_MECHANISM_PARSERS = {
    "all": _no_argument,
    "include": _domain_required,
    "exists": _domain_required,
    "ptr": _domain_optional,
    "a": _domain_and_cidr,
    "mx": _domain_and_cidr,
    "ip4": _ip4,
    "ip6": _ip6,
}


def printable(text: str) -> str:
    """``text`` with anything but visible ASCII and space shown as ``\\xNN`` / ``\\uNNNN``."""
    if all(" " <= c <= "~" for c in text):
        return text
    return "".join(c if " " <= c <= "~" else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
