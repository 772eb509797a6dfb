"""The _smtp._tls TXT record (RFC 8460 3): selection among TXT records, and parsing.

Pure functions: text in, data and findings out; never raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..findings import Finding
from . import codes

VERSION_PREFIX = "v=TLSRPTv1;"
SCHEMES = ("mailto", "https")
_EXT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
_EXT_VALUE = re.compile(r"[\x21-\x3a\x3c\x3e-\x7e]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_WSP = " \t"


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
    chosen = [t for t in texts if t.startswith(VERSION_PREFIX)]
    lookalikes = [t for t in texts if not t.startswith(VERSION_PREFIX)
                  and t.lstrip(_WSP).lower().startswith("v=tlsrpt")]
    return chosen, lookalikes


def parse(text: str, name: str) -> TlsRptRecord:
    """Parse one record that starts with "v=TLSRPTv1;" (ABNF of RFC 8460 3)."""
    record = TlsRptRecord(text)
    body = text.split(";")[1:]
    if body and not body[-1].strip(_WSP):
        body = body[:-1]   # one trailing delimiter is allowed
    for raw in body:
        item = raw.strip(_WSP)
        key, sep, value = item.partition("=")
        if not sep or not _EXT_NAME.fullmatch(key):
            record.findings.append(codes.RECORD_SYNTAX(name=name, published=text, field=item))
            continue
        if key in record.fields:
            record.findings.append(codes.DUPLICATE_FIELD(name=name, published=text, field=key))
            continue
        record.fields[key] = value
        if key == "rua":
            _parse_rua(record, value, name)
        elif key == "v" or not _EXT_VALUE.fullmatch(value):
            record.findings.append(codes.RECORD_SYNTAX(name=name, published=text, field=item))
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
