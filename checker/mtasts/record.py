"""The _mta-sts TXT record (RFC 8461 3.1): selection among TXT records, and parsing.

Pure functions: text in, data and findings out; never raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..findings import Finding, Severity
from . import codes

VERSION_PREFIX = "v=STSv1;"
_ID = re.compile(r"[A-Za-z0-9]{1,32}")
_EXT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
_EXT_VALUE = re.compile(r"[\x21-\x3a\x3c\x3e-\x7e]+")
_WSP = " \t"


@dataclass
class StsRecord:
    text: str
    id: str | None = None
    fields: dict[str, str] = field(default_factory=dict)   # every field, first occurrence
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.id is not None and not any(f.severity is Severity.ERROR for f in self.findings)


def select(texts: list[str]) -> tuple[list[str], list[str]]:
    """Split TXT records into those starting "v=STSv1;" and discarded look-alikes.

    Look-alikes start with "v=sts" in any case; other TXT records at the name are unrelated.
    """
    chosen = [t for t in texts if t.startswith(VERSION_PREFIX)]
    lookalikes = [t for t in texts if not t.startswith(VERSION_PREFIX)
                  and t.lstrip(_WSP).lower().startswith("v=sts")]
    return chosen, lookalikes


def parse(text: str, name: str) -> StsRecord:
    """Parse one record that starts with "v=STSv1;" (ABNF of RFC 8461 3.1)."""
    record = StsRecord(text)
    parts = text.split(";")
    # "v=STSv1" is parts[0]; a single trailing delimiter (with blanks) is allowed.
    body = parts[1:]
    if body and not body[-1].strip(_WSP):
        body = body[:-1]
    for raw in body:
        item = raw.strip(_WSP)
        key, sep, value = item.partition("=")
        if not sep or not _EXT_NAME.fullmatch(key):
            record.findings.append(codes.RECORD_SYNTAX(name=name, published=text, field=item))
            continue
        if key in record.fields:
            record.findings.append(codes.RECORD_DUPLICATE_FIELD(name=name, published=text, field=key))
            continue
        record.fields[key] = value
        if key == "id":
            if _ID.fullmatch(value):
                record.id = value
            else:
                record.findings.append(codes.INVALID_ID(name=name, published=text, id=value))
        elif key == "v" or not _EXT_VALUE.fullmatch(value):
            record.findings.append(codes.RECORD_SYNTAX(name=name, published=text, field=item))
    if "id" not in record.fields:
        record.findings.append(codes.MISSING_ID(name=name, published=text))
    return record
