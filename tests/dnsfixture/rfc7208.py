"""The ``zonedata`` of the openspf RFC 7208 test suite as DNS data.

Conventions of the suite (its YAML file, and the pyspf driver it was written for):

- names are case-insensitive; every name listed exists, even with no record of a
  type (NODATA), and so do its parents up to the domain (empty non-terminals);
- ``SPF: value`` is served as a type 99 SPF record and, unless the same name lists
  ``TXT`` entries, also as a TXT record; ``TXT: NONE`` lists no record but stops that;
- a TXT/SPF value is a string, or a list of strings (character-strings of one
  record); text is sent as UTF-8; strings over 255 bytes are split; an empty list
  (a record with no string, which DNS cannot carry) becomes one empty string;
- ``TIMEOUT`` as an entry: queries for a type with records listed *before* it are
  answered, every other query for that name times out (so ``TXT`` then ``TIMEOUT``
  answers TXT and times out SPF); ``TYPE: TIMEOUT`` times out that type alone;
- ``A``, ``AAAA``, ``PTR``, ``CNAME`` take one value, ``MX`` takes ``[preference, host]``;
  host names are absolute, with or without the final dot.
"""

from __future__ import annotations

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.SPF
import dns.rdtypes.ANY.TXT
import dns.rrset

from .zonedb import DEFAULT_TTL, FaultKind, ZoneDB

IN = dns.rdataclass.IN
SPF_TYPE = dns.rdatatype.SPF


def load_zonedata(db: ZoneDB, zonedata: dict) -> None:
    for owner, entries in zonedata.items():
        _load_name(db, dns.name.from_text(str(owner)), entries or [])


def _load_name(db: ZoneDB, owner: dns.name.Name, entries: list) -> None:
    rdatas: dict[str, list[dns.rdata.Rdata]] = {}
    spf_values: list = []
    has_txt = False
    answered_before_timeout: set[str] = set()
    timeout = False
    for entry in entries:
        if entry == "TIMEOUT":
            timeout = True
            continue
        if not isinstance(entry, dict):
            raise ValueError(f"{owner}: unexpected entry {entry!r}")
        for rdtype, value in entry.items():
            rdtype = str(rdtype).upper()
            has_txt = has_txt or rdtype == "TXT"
            if value == "TIMEOUT":
                db.set_fault(owner, rdtype, FaultKind.TIMEOUT)
                continue
            if value == "NONE":
                continue
            rdatas.setdefault(rdtype, []).append(_rdata(rdtype, value))
            if rdtype == "SPF":
                spf_values.append(value)
            if not timeout:
                answered_before_timeout.add(rdtype)
    if not has_txt and spf_values:
        rdatas["TXT"] = [_rdata("TXT", v) for v in spf_values]
    for rdtype, values in rdatas.items():
        db.add_rrset(dns.rrset.from_rdata_list(owner, DEFAULT_TTL, values))
    if timeout:
        db.set_fault(owner, None, FaultKind.TIMEOUT)
        for rdtype in answered_before_timeout:
            db.set_fault(owner, rdtype, FaultKind.ANSWER)
    db.mark_existing(owner)  # listed, so it exists even without records


def _rdata(rdtype: str, value) -> dns.rdata.Rdata:
    if rdtype in ("TXT", "SPF"):
        return _text_rdata(dns.rdatatype.from_text(rdtype), value)
    if rdtype == "MX":
        preference, host = value
        return dns.rdata.from_text(IN, "MX", f"{int(preference)} {_absolute(host)}")
    if rdtype in ("PTR", "CNAME"):
        return dns.rdata.from_text(IN, rdtype, _absolute(value))
    return dns.rdata.from_text(IN, rdtype, str(value))


def _text_rdata(rdtype: dns.rdatatype.RdataType, value) -> dns.rdata.Rdata:
    texts = [value] if isinstance(value, str) else list(value)
    strings: list[bytes] = []
    for text in texts:
        data = str(text).encode("utf-8")
        strings.extend(data[i:i + 255] for i in range(0, len(data), 255))
        if not data:
            strings.append(b"")
    cls = dns.rdtypes.ANY.TXT.TXT if rdtype == dns.rdatatype.TXT else dns.rdtypes.ANY.SPF.SPF
    return cls(IN, rdtype, strings or [b""])


def _absolute(host: str) -> str:
    host = str(host)
    return host if host.endswith(".") else host + "."
