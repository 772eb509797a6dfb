"""The _smtp._tls TXT record (RFC 8460 3): selection among TXT records, and parsing.

Pure functions: text in, data and findings out; never raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import fieldrecord
from ..findings import Finding
from . import codes

VERSION_PREFIX = "v=TLSRPTv1;"
SCHEMES = ("mailto", "https")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_WSP = fieldrecord.WSP


@dataclass
class TlsRptRecord:
    text: str
    rua: list[str] = field(default_factory=list)             # usable URIs, as written
    fields: dict[str, str] = field(default_factory=dict)     # every field, first occurrence
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """At least one usable URI and a well-formed record (a bad URI among good ones is not fatal)."""
        return bool(self.rua) and not any(f.code == codes.RECORD_SYNTAX.code for f in self.findings)


def select(texts: list[str]) -> tuple[list[str], list[str]]:
    """Records starting "v=TLSRPTv1;", and discarded look-alikes (starting "v=tlsrpt", any case)."""
    return fieldrecord.select(texts, VERSION_PREFIX, "v=tlsrpt")


def parse(text: str, name: str) -> TlsRptRecord:
    """Parse one record that starts with "v=TLSRPTv1;" (ABNF of RFC 8460 3)."""
    record = TlsRptRecord(text)
    add = record.findings.append
    record.fields = fieldrecord.read_fields(
        text, {"rua": lambda value: _parse_rua(record, value, name)},
        malformed=lambda item: add(codes.RECORD_SYNTAX(name=name, published=text, field=item.text)),
        repeated=lambda item: add(codes.DUPLICATE_FIELD(name=name, published=text, field=item.name)))
    if not record.fields.get("rua", "").strip(_WSP):
        record.findings.append(codes.MISSING_RUA(name=name, published=text))
    return record


def _parse_rua(record: TlsRptRecord, value: str, name: str) -> None:
    if not value.strip(_WSP):
        return  # reported as a missing rua
    for uri in (u.strip(_WSP) for u in value.split(",")):
        finding = check_uri(uri, name)
        if finding is None:
            record.rua.append(uri)
        else:
            record.findings.append(finding)


def check_uri(uri: str, name: str) -> Finding | None:
    """None when ``uri`` is a usable mailto: or https: reporting URI, else the finding."""
    match = _SCHEME.fullmatch(uri)
    if not match or any(c in uri for c in " \t!") or not uri.isascii() or not uri.isprintable():
        return codes.INVALID_URI(name=name, uri=uri)
    scheme, rest = match[1].lower(), match[2]
    if scheme not in SCHEMES:
        return codes.UNSUPPORTED_SCHEME(name=name, uri=uri, scheme=scheme)
    if scheme == "mailto":
        address = rest.split("?", 1)[0]
        local, at, domain = address.rpartition("@")
        if not (local and at and domain and "." in domain.strip(".")):
            return codes.INVALID_URI(name=name, uri=uri)
    else:
        try:
            host = urlsplit(uri).hostname
        except ValueError:
            host = None
        if not host:
            return codes.INVALID_URI(name=name, uri=uri)
    return None
