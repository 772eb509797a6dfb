"""An in-memory authoritative data set that answers DNS queries like a real server.

One :class:`ZoneDB` answers for every name: what its data holds exists, anything
else is NXDOMAIN. Faults (timeout, SERVFAIL, REFUSED, garbage) are set per name,
for every type or for one type. The servers in :mod:`.server` and the
:class:`~.memory.MemoryTransport` both call :meth:`ZoneDB.answer`.
"""

from __future__ import annotations

import enum
import threading
from pathlib import Path

import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from .wire import MalformedResponse

DEFAULT_TTL = 300
NEGATIVE_TTL = 60
MAX_CHAIN = 16  # CNAME hops followed inside the data before giving up


class FaultKind(enum.Enum):
    TIMEOUT = "timeout"    # no answer at all
    SERVFAIL = "servfail"  # RCODE 2
    REFUSED = "refused"    # RCODE 5
    GARBAGE = "garbage"    # a response that cannot be parsed
    ANSWER = "answer"      # answer normally: lifts a name-wide fault for one type


_FAULT_RCODES = {FaultKind.SERVFAIL: dns.rcode.SERVFAIL, FaultKind.REFUSED: dns.rcode.REFUSED}


def _name(name: str | dns.name.Name) -> dns.name.Name:
    if isinstance(name, dns.name.Name):
        return name if name.is_absolute() else name.concatenate(dns.name.root)
    return dns.name.from_text(name)  # relative text is taken as absolute


def _rdtype(rdtype: str | int | None) -> dns.rdatatype.RdataType | None:
    return None if rdtype is None else dns.rdatatype.RdataType.make(rdtype)


class ZoneDB:
    def __init__(self) -> None:
        self._rrsets: dict[dns.name.Name, dict[int, dns.rrset.RRset]] = {}  # Name compares case-insensitively
        self._faults: dict[tuple[dns.name.Name, int | None], FaultKind] = {}
        self._empty: set[dns.name.Name] = set()  # names that exist with no record at all
        self._existing: set[dns.name.Name] | None = None  # owners, their ancestors up to the apex
        self._lock = threading.Lock()
        # set AD on answers, like a validating resolver would: on all (True), or on the
        # answers of these record types only (a set such as {"SOA", "MX"})
        self.authenticated: bool | set[str] = False

    # -- building -----------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str, origin: str | None = None, filename: str = "<zone>") -> "ZoneDB":
        """Master-file text with fault directives; see :mod:`.zonefile`."""
        from .zonefile import parse_zone_text

        db = cls()
        rrsets, faults = parse_zone_text(text, origin, filename)
        for rrset in rrsets:
            db.add_rrset(rrset)
        for name, rdtype, kind in faults:
            db.set_fault(name, rdtype, kind)
        return db

    @classmethod
    def from_zonefile(cls, path: str | Path) -> "ZoneDB":
        path = Path(path)
        return cls.from_text(path.read_text(encoding="utf-8"), filename=path.name)

    @classmethod
    def from_rfc7208(cls, zonedata: dict) -> "ZoneDB":
        """One scenario's ``zonedata`` of the openspf RFC 7208 suite; see :mod:`.rfc7208`."""
        from .rfc7208 import load_zonedata

        db = cls()
        load_zonedata(db, zonedata)
        return db

    def add(self, name: str, rdtype: str, *values: str, ttl: int = DEFAULT_TTL) -> "ZoneDB":
        """``db.add("example.com", "TXT", '"v=spf1 -all"')``: values in master-file rdata syntax."""
        owner = _name(name)
        rdtype_ = _rdtype(rdtype)
        rdatas = [dns.rdata.from_text(dns.rdataclass.IN, rdtype_, v, origin=dns.name.root,
                                      relativize=False) for v in values]
        return self.add_rrset(dns.rrset.from_rdata_list(owner, ttl, rdatas))

    def add_rrset(self, rrset: dns.rrset.RRset) -> "ZoneDB":
        with self._lock:
            node = self._rrsets.setdefault(_name(rrset.name), {})
            existing = node.get(rrset.rdtype)
            if existing is None:
                node[rrset.rdtype] = dns.rrset.from_rdata_list(rrset.name, rrset.ttl, list(rrset))
            else:
                existing.union_update(rrset)
            self._existing = None
        return self

    def remove(self, name: str, rdtype: str, keep=lambda rdata: False) -> "ZoneDB":
        """Remove the records of ``name`` and ``rdtype`` for which ``keep(rdata)`` is false."""
        with self._lock:
            node = self._rrsets.get(_name(name), {})
            existing = node.pop(_rdtype(rdtype), None)
            kept = [rdata for rdata in existing or () if keep(rdata)]
            if kept:
                node[existing.rdtype] = dns.rrset.from_rdata_list(existing.name, existing.ttl, kept)
            self._existing = None
        return self

    def mark_existing(self, name: str | dns.name.Name) -> "ZoneDB":
        """Make ``name`` exist (NODATA for every type) without giving it records."""
        with self._lock:
            self._empty.add(_name(name))
            self._existing = None
        return self

    def set_fault(self, name: str, rdtype: str | int | None, kind: FaultKind | str | None) -> "ZoneDB":
        """Make queries for ``name`` (of ``rdtype``, or of any type when None) fail.

        ``kind`` is a :class:`FaultKind` or its value ("timeout", "servfail",
        "refused", "garbage", "answer"); None removes the fault. A fault for one
        type wins over a fault for the whole name.
        """
        key = (_name(name), _rdtype(rdtype))
        with self._lock:
            if kind is None:
                self._faults.pop(key, None)
            else:
                self._faults[key] = FaultKind(kind)
        return self

    def merge(self, other: "ZoneDB") -> "ZoneDB":
        """Add the records and faults of ``other`` (records of the same name and type are joined)."""
        for node in list(other._rrsets.values()):
            for rrset in list(node.values()):
                self.add_rrset(rrset)
        with self._lock:
            self._faults.update(other._faults)
            self._empty.update(other._empty)
            self._existing = None
        self.authenticated = self.authenticated or other.authenticated
        return self

    def copy(self) -> "ZoneDB":
        return ZoneDB().merge(self)

    # -- reading ------------------------------------------------------------------

    def rrset(self, name: str, rdtype: str) -> dns.rrset.RRset | None:
        """The stored records (no CNAME or wildcard processing)."""
        return self._rrsets.get(_name(name), {}).get(_rdtype(rdtype))

    def fault(self, name: dns.name.Name | str, rdtype: int | str) -> FaultKind | None:
        name, rdtype = _name(name), _rdtype(rdtype)
        kind = self._faults.get((name, rdtype)) or self._faults.get((name, None))
        if kind is None and self._faults:
            kind = self._wildcard_fault(name, rdtype)
        return None if kind is FaultKind.ANSWER else kind

    def _wildcard_fault(self, name: dns.name.Name, rdtype) -> FaultKind | None:
        """A fault set on ``*.parent`` hits every name below ``parent`` (not ``parent`` itself)."""
        while len(name) > 1:
            name = name.parent()
            wildcard = dns.name.Name(("*",) + name.labels)
            kind = self._faults.get((wildcard, rdtype)) or self._faults.get((wildcard, None))
            if kind is not None:
                return kind
        return None

    def exists(self, name: dns.name.Name | str) -> bool:
        """True for owners of records and for their empty non-terminal ancestors."""
        return _name(name) in self._existing_names()

    def apex(self, name: dns.name.Name) -> dns.name.Name:
        """The closest enclosing owner of an SOA; without one, the last two labels (example.com)."""
        for ancestor in _ancestors(name):
            if dns.rdatatype.SOA in self._rrsets.get(ancestor, {}):
                return ancestor
        return _default_apex(name)

    def _existing_names(self) -> set[dns.name.Name]:
        names = self._existing
        if names is None:
            with self._lock:
                names = set()
                for owner in [*self._rrsets, *self._empty]:
                    apex = self.apex(owner)
                    for ancestor in _ancestors(owner):
                        names.add(ancestor)
                        if len(ancestor) <= len(apex):
                            break  # the apex, or above the data: not ours to invent
                self._existing = names
        return names

    # -- answering ----------------------------------------------------------------

    def answer(self, query: dns.message.Message) -> dns.message.Message | None:
        """The authoritative response to ``query``; None means: do not answer at all."""
        if query.flags & dns.flags.QR:
            return None  # a response sent to us: servers ignore those
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if query.opcode() != dns.opcode.QUERY:
            response.set_rcode(dns.rcode.NOTIMP)
            return response
        if len(query.question) != 1:
            response.set_rcode(dns.rcode.FORMERR)
            return response
        question = query.question[0]
        if question.rdclass != dns.rdataclass.IN:
            response.set_rcode(dns.rcode.REFUSED)
            return response
        fault = self.fault(question.name, question.rdtype)
        if fault is FaultKind.TIMEOUT:
            return None
        if fault is FaultKind.GARBAGE:
            return MalformedResponse(response)
        if fault in _FAULT_RCODES:
            response.set_rcode(_FAULT_RCODES[fault])
            return response
        self._fill(response, question.name, question.rdtype)
        if self._authenticates(question.rdtype) and response.rcode() == dns.rcode.NOERROR:
            response.flags |= dns.flags.AD
        return response

    def _authenticates(self, rdtype: int) -> bool:
        if isinstance(self.authenticated, set):
            return dns.rdatatype.to_text(rdtype) in self.authenticated
        return self.authenticated

    def _fill(self, response: dns.message.Message, qname: dns.name.Name, rdtype: int) -> None:
        """Answer section, RCODE and SOA, following CNAMEs inside the data."""
        current, seen = qname, {qname}
        for _ in range(MAX_CHAIN):
            node = self._node(current)
            if node is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
                break
            if rdtype == dns.rdatatype.ANY and node:
                response.answer.extend(_owned(current, rrset) for rrset in node.values())
                return
            if rdtype in node:
                response.answer.append(_owned(current, node[rdtype]))
                return
            cname = node.get(dns.rdatatype.CNAME)
            if cname is None:
                break  # the name exists, not this type: NODATA
            response.answer.append(_owned(current, cname))
            current = cname[0].target
            if current in seen:
                return  # a loop: the chain as far as it goes, as real servers answer
            seen.add(current)
        else:
            return  # chain too long: what we have so far
        response.authority.append(self._soa(current))

    def _node(self, name: dns.name.Name) -> dict[int, dns.rrset.RRset] | None:
        """Records at ``name`` ({} for an empty non-terminal), from a wildcard if need be; None if absent."""
        node = self._rrsets.get(name)
        if node is not None:
            return node
        existing = self._existing_names()
        if name in existing:
            return {}
        # RFC 4592: the wildcard child of the closest encloser answers for missing names below it.
        for ancestor in _ancestors(name)[1:]:
            if ancestor in existing:
                return self._rrsets.get(dns.name.Name((b"*",) + ancestor.labels))
        return None

    def _soa(self, name: dns.name.Name) -> dns.rrset.RRset:
        apex = self.apex(name)
        stored = self._rrsets.get(apex, {}).get(dns.rdatatype.SOA)
        if stored is None:
            text = f"ns.{apex} hostmaster.{apex} 1 3600 600 86400 {NEGATIVE_TTL}"
            rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.SOA, text)
            return dns.rrset.from_rdata_list(apex, NEGATIVE_TTL, [rdata])
        ttl = min(stored.ttl, stored[0].minimum)  # RFC 2308 section 3
        return dns.rrset.from_rdata_list(apex, ttl, list(stored))


def _owned(owner: dns.name.Name, rrset: dns.rrset.RRset) -> dns.rrset.RRset:
    """The records under ``owner``: the name as asked (case kept), or a wildcard's expansion."""
    return dns.rrset.from_rdata_list(owner, rrset.ttl, list(rrset))


def _ancestors(name: dns.name.Name) -> list[dns.name.Name]:
    """``a.b.example.com.`` -> itself, ``b.example.com.``, ``example.com.``, ``com.`` (not the root)."""
    return [dns.name.Name(name.labels[i:]) for i in range(len(name.labels) - 1)]


def _default_apex(name: dns.name.Name) -> dns.name.Name:
    return dns.name.Name(name.labels[-3:]) if len(name.labels) > 3 else name
