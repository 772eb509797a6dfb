"""Zone files for tests: standard master-file syntax, plus fault directives in comments.

Format
------
Records are RFC 1035 master-file lines, read by dnspython (so ``$ORIGIN``, ``$TTL``,
``@``, relative names, parentheses and quoted TXT strings all work). One file may
hold several zones: each ``$ORIGIN`` switches the origin for the lines that follow.
Without ``$TTL`` or an explicit TTL, records live 300 s. ``$INCLUDE`` is refused.
An SOA record, when given, must be owned by the ``$ORIGIN`` in effect (``@``).

    $ORIGIN example.com.
    @        TXT   "v=spf1 include:_spf.example.net -all"
    multi    TXT   "v=spf1 ip4:192.0.2.1 " "-all"     ; one record, two strings
    www      CNAME @
    *.wild   TXT   "from a wildcard"

Zone apex: the closest enclosing name that owns an SOA record; where the data has
none, the last two labels of the name (``example.com.``) get a synthesised SOA,
which is sent in the authority section of NXDOMAIN and NODATA answers. Every name
outside the data is NXDOMAIN: the fixture answers for all of the DNS.

Fault directives are comment lines, so the file stays valid for any zone tool:

    ; @timeout  NAME [TYPE]   no response at all (the client times out)
    ; @servfail NAME [TYPE]   RCODE SERVFAIL
    ; @refused  NAME [TYPE]   RCODE REFUSED
    ; @garbage  NAME [TYPE]   a response that cannot be parsed (bad_response)
    ; @answer   NAME TYPE     answer TYPE normally despite a fault on the whole NAME

NAME is relative to the ``$ORIGIN`` in effect on that line unless it ends with a dot
(``@`` is the origin). Without TYPE the fault hits every query for NAME; a fault
for one TYPE wins over a fault for the whole name. The name need not own records.
A NAME of the form ``*.parent`` hits every name below ``parent`` (a fault set on the
name itself wins), e.g. ``; @servfail *._domainkey`` for every DKIM selector.
"""

from __future__ import annotations

import re

import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.tokenizer
import dns.zonefile

DEFAULT_TTL = 300
FAULT_KINDS = ("timeout", "servfail", "refused", "garbage", "answer")
_DIRECTIVE = re.compile(r"^\s*;\s*@(%s)\b(.*)$" % "|".join(FAULT_KINDS), re.IGNORECASE)
_ORIGIN = re.compile(r"^\$ORIGIN\s+(\S+)", re.IGNORECASE)

Fault = tuple[dns.name.Name, "dns.rdatatype.RdataType | None", str]


class ZoneFileError(ValueError):
    pass


def parse_zone_text(text: str, origin: str | None = None, filename: str = "<zone>"
                    ) -> tuple[list[dns.rrset.RRset], list[Fault]]:
    """The RRsets and the fault directives of one zone file."""
    start = dns.name.from_text(origin) if origin else dns.name.root
    return _read_records(text, start, filename), _read_faults(text, start, filename)


def _read_records(text: str, origin: dns.name.Name, filename: str) -> list[dns.rrset.RRset]:
    # dns.zonefile.read_rrsets refuses $ORIGIN; its Reader with directives allowed does not.
    manager = _Manager(origin, False, dns.rdataclass.IN)
    with manager.writer(True) as txn:
        tokenizer = dns.tokenizer.Tokenizer(text, filename)
        reader = dns.zonefile.Reader(tokenizer, dns.rdataclass.IN, txn, allow_include=False,
                                     allow_directives={"$ORIGIN", "$TTL", "$GENERATE"},
                                     default_ttl=DEFAULT_TTL)
        reader.read()
    return manager.rrsets


class _Transaction(dns.zonefile.RRsetsReaderTransaction):
    """Lets an SOA be owned by each $ORIGIN in turn (one file, several zones)."""

    _current_origin = None

    def _set_origin(self, origin):
        self._current_origin = origin

    def _origin_information(self):
        absolute, relativize, effective = super()._origin_information()
        return absolute, relativize, self._current_origin or effective


class _Manager(dns.zonefile.RRSetsReaderManager):
    def writer(self, replacement=False):
        return _Transaction(self, True, False)


def _read_faults(text: str, origin: dns.name.Name, filename: str) -> list[Fault]:
    faults: list[Fault] = []
    for number, line in enumerate(text.splitlines(), 1):
        found = _ORIGIN.match(line)
        if found:
            origin = dns.name.from_text(found.group(1), origin)
            continue
        found = _DIRECTIVE.match(line)
        if not found:
            continue
        kind, args = found.group(1).lower(), found.group(2).split(";")[0].split()
        where = f"{filename}:{number}"
        if not 1 <= len(args) <= 2 or (kind == "answer" and len(args) != 2):
            raise ZoneFileError(f"{where}: expected '; @{kind} NAME{' TYPE' if kind == 'answer' else ' [TYPE]'}'")
        try:
            name = origin if args[0] == "@" else dns.name.from_text(args[0], origin)
            rdtype = dns.rdatatype.from_text(args[1]) if len(args) == 2 else None
        except Exception as error:  # dnspython raises several kinds for bad names and types
            raise ZoneFileError(f"{where}: {error}") from None
        faults.append((name, rdtype, kind))
    return faults
