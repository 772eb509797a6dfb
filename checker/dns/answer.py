"""What a DNS lookup found: records, or that the name or the type is absent."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import dns.rdata


class Status(enum.Enum):
    OK = "ok"                # at least one record of the asked type
    NXDOMAIN = "nxdomain"    # the name does not exist (RCODE 3)
    NODATA = "nodata"        # the name exists, no record of that type


@dataclass(frozen=True)
class Answer:
    name: str                       # the name asked, lower case, no trailing dot
    rdtype: str                     # "TXT", "A", ...
    status: Status
    records: tuple[dns.rdata.Rdata, ...] = ()
    canonical_name: str = ""        # where CNAMEs led, "" when there were none
    authenticated: bool = False     # AD flag set by a validating resolver
    ttl: int = 0

    @property
    def exists(self) -> bool:
        return self.status is not Status.NXDOMAIN

    @property
    def is_void(self) -> bool:
        """RFC 7208 4.6.4: NOERROR with no answer, or NXDOMAIN."""
        return not self.records

    def texts(self) -> list[bytes]:
        """TXT records, each one's character-strings joined without spaces (RFC 7208 3.3)."""
        return [b"".join(r.strings) for r in self.records]  # type: ignore[attr-defined]

    def strings(self) -> list[tuple[bytes, ...]]:
        """TXT records as their separate character-strings (for length checks)."""
        return [tuple(r.strings) for r in self.records]  # type: ignore[attr-defined]

    def addresses(self) -> list[str]:
        return [r.address for r in self.records]  # type: ignore[attr-defined]

    def hostnames(self) -> list[str]:
        """Targets of MX (in preference order), PTR, NS or CNAME records."""
        if self.rdtype == "MX":
            ordered = sorted(self.records, key=lambda r: r.preference)  # type: ignore[attr-defined]
            return [_name_text(r.exchange) for r in ordered]  # type: ignore[attr-defined]
        return [_name_text(r.target) for r in self.records]  # type: ignore[attr-defined]


def _name_text(name) -> str:
    return name.to_text(omit_final_dot=True).lower() if name.labels != (b"",) else "."
