"""The DNS tree walk (RFC 9989 4.10), the organizational domain (4.10.2) and the
record and policy tag that apply to a name (4.10.1).

The names a walk queries are known before any answer comes back, so they are all
asked at once (at most 8 queries, one round trip); the answers are then read in
walk order and reading stops where a receiver would stop. Answers past that point
are not used, and their failures are not reported.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from ..dns import Answer, DnsError, Status
from ..dnsname import is_within
from ..findings import Finding
from . import codes
from .parser import ParsedRecord, classify, parse_record

MAX_WALK_LABELS = 7   # step 4: a longer name is cut to its last 7 labels after the first query


def walk_names(domain: str) -> list[str]:
    """The domains whose _dmarc name the walk queries, in order (at most 8)."""
    labels = domain.split(".")
    names = [domain]
    for count in range(min(len(labels) - 1, MAX_WALK_LABELS), 0, -1):
        names.append(".".join(labels[-count:]))
    return names


def skipped_names(domain: str) -> list[str]:
    """Parents of a long name the walk jumps over (those with more than 7 labels)."""
    labels = domain.split(".")
    return [".".join(labels[-count:]) for count in range(len(labels) - 1, MAX_WALK_LABELS, -1)]


@dataclass
class WalkEntry:
    domain: str
    status: str                        # "record" | "none" | "multiple" | "error"
    texts: list[str] = field(default_factory=list)        # every TXT text at the name
    dmarc: list[str] = field(default_factory=list)        # those starting v=DMARC1
    record: ParsedRecord | None = None                    # when exactly one
    answer: str | None = None          # "ok" | "nodata" | "nxdomain"
    error: str | None = None           # DnsErrorKind value

    @property
    def name(self) -> str:
        return f"_dmarc.{self.domain}"

    @property
    def stops(self) -> bool:
        """Step 2/6: a single record with psd=y or psd=n ends the walk."""
        return self.record is not None and self.record.psd in ("y", "n")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "domain": self.domain, "status": self.status,
                "answer": self.answer, "error": self.error, "records": self.texts}


@dataclass
class Walk:
    start: str
    entries: list[WalkEntry]           # in walk order, up to where the walk stops
    unread: list[str]                  # names asked but past the stop (answers unused)

    def organizational_domain(self, start: str | None = None) -> str | None:
        """RFC 9989 4.10.2 for ``start`` (the walk's start or one of its names).

        None when a lookup the answer depends on failed.
        """
        start = start or self.start
        entries = [e for e in self.entries if is_within(start, e.domain)]
        if any(e.status == "error" for e in entries):
            return None
        return select_organizational_domain(start, [(e.domain, e.record) for e in entries if e.record])

    def to_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.entries]


def read_walk(start: str, answers: list[tuple[str, Answer | DnsError]]) -> Walk:
    """Read answers (domain, answer) in walk order, up to the first stop."""
    entries: list[WalkEntry] = []
    for index, (domain, answer) in enumerate(answers):
        entry = read_answer(domain, answer)
        entries.append(entry)
        if entry.stops:
            return Walk(start, entries, [f"_dmarc.{d}" for d, _ in answers[index + 1:]])
    return Walk(start, entries, [])


def read_answer(domain: str, answer: Answer | DnsError) -> WalkEntry:
    if isinstance(answer, DnsError):
        return WalkEntry(domain, "error", error=answer.kind.value)
    texts = [t.decode("utf-8", errors="replace") for t in answer.texts()]
    dmarc = [t for t in texts if classify(t)[0] == "dmarc"]
    entry = WalkEntry(domain, "none", texts, dmarc, answer=answer.status.value)
    if len(dmarc) == 1:
        entry.status, entry.record = "record", parse_record(dmarc[0])
    elif len(dmarc) > 1:
        entry.status = "multiple"   # step 2: all discarded
    return entry


def select_organizational_domain(start: str, found: list[tuple[str, ParsedRecord]]) -> str:
    """RFC 9989 4.10.2 over the records a walk from ``start`` found, longest name first."""
    start_labels = start.split(".")
    for domain, record in found:
        if record.psd == "n":
            return domain
        if record.psd == "y" and domain != start:
            below = len(domain.split(".")) + 1
            return ".".join(start_labels[-below:])
    if found:
        return min(found, key=lambda item: len(item[0].split(".")))[0]
    return start


@dataclass
class Discovery:
    """Which record applies to the checked name, and with which tag."""
    applies: bool | None               # None: unknown (a lookup failed)
    entry: WalkEntry | None = None     # the applied record's walk entry
    source: str | None = None          # "domain" | "organizational" | "public_suffix"
    tag: str | None = None             # "p" | "sp" | "np"
    organizational_domain: str | None = None


def discover(walk: Walk, exists: bool | None) -> Discovery:
    """RFC 9989 4.10.1: the author domain's record, else its organizational domain's,
    else its public suffix domain's; ``exists`` selects sp or np for a subdomain
    (None: unknown, sp is assumed)."""
    org = walk.organizational_domain()
    first = walk.entries[0]
    if first.status == "error":
        return Discovery(None, organizational_domain=org)
    if first.record is not None:
        return Discovery(True, first, "domain", "p", org)
    if org is None:
        return Discovery(None)
    by_domain = {e.domain: e for e in walk.entries if e.record is not None}
    if org in by_domain and org != walk.start:
        entry, source = by_domain[org], "organizational"
    else:
        psd = [e for e in walk.entries[1:] if e.record is not None and e.record.psd == "y"]
        if not psd:
            return Discovery(False, organizational_domain=org)
        entry, source = psd[-1], "public_suffix"
    tag = "np" if exists is False else "sp"
    return Discovery(True, entry, source, tag, org)


async def run_walk(start: str, session) -> Walk:
    """Ask every name of the walk at once; read them in order."""
    domains = walk_names(start)
    answers = await asyncio.gather(*(session.query_or_error(f"_dmarc.{d}", "TXT") for d in domains))
    return read_walk(start, list(zip(domains, answers)))



def walk_failures(walk: Walk, step: str) -> list[Finding]:
    return [codes.LOOKUP_FAILED(name=e.name, type="TXT", error=e.error, step=step)
            for e in walk.entries if e.status == "error"]


async def destination_organizational_domain(host: str, session) -> tuple[str | None, list[Finding]]:
    """The organizational domain of a report destination host, by its own tree walk."""
    walk = await run_walk(host, session)
    return walk.organizational_domain(), walk_failures(walk, "destination_walk")


def name_exists(answer: Answer | DnsError, dmarc_entry: WalkEntry) -> bool | None:
    """Whether the checked name exists (RFC 9989 3.2.13, RFC 8020): NXDOMAIN on it.

    An answer at _dmarc.<name> other than NXDOMAIN proves <name> exists too.
    """
    if dmarc_entry.answer in (Status.OK.value, Status.NODATA.value):
        return True
    if isinstance(answer, DnsError):
        return None
    return answer.status is not Status.NXDOMAIN or bool(answer.canonical_name)
