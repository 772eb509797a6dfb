"""The _mta-sts TXT record (RFC 8461 3.1): selection among TXT records, and parsing.

Pure functions: text in, data and findings out; never raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import fieldrecord
from ..findings import Finding, Severity
from . import codes

VERSION_PREFIX = "v=STSv1;"
_ID = re.compile(r"[A-Za-z0-9]{1,32}")


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
    return fieldrecord.select(texts, VERSION_PREFIX, "v=sts")


def parse(text: str, name: str) -> StsRecord:
    """Parse one record that starts with "v=STSv1;" (ABNF of RFC 8461 3.1)."""
    record = StsRecord(text)
    add = record.findings.append

    def read_id(value: str) -> None:
        if _ID.fullmatch(value):
            record.id = value
        else:
            add(codes.INVALID_ID(name=name, published=text, id=value))

    record.fields = fieldrecord.read_fields(
        text, {"id": read_id},
        malformed=lambda item: add(codes.RECORD_SYNTAX(name=name, published=text, field=item.text)),
        repeated=lambda item: add(codes.RECORD_DUPLICATE_FIELD(name=name, published=text, field=item.name)))
    if "id" not in record.fields:
        record.findings.append(codes.MISSING_ID(name=name, published=text))
    return record
