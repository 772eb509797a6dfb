"""Fetching a domain's SPF record (4.3 to 4.6), shared by check_host(), lint and prefetching."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..dns import Answer, DnsError, DnsErrorKind, LookupSession, Status
from ..findings import Finding
from . import codes
from .errors import SpfSyntaxError
from .names import domain_problem, query_name
from .parser import SpfRecord, is_spf_record, parse_record, printable

# FetchedRecord.status values
OK = "ok"
INVALID_DOMAIN = "invalid_domain"   # 4.3: none
NO_RECORD = "no_record"             # 4.5: none
DNS_FAILURE = "dns_failure"         # 4.4: temperror
MULTIPLE = "multiple"               # 4.5: permerror
SYNTAX = "syntax"                   # 4.6: permerror


@dataclass(frozen=True)
class FetchedRecord:
    status: str
    record: SpfRecord | None = None
    problem: Finding | None = None   # why there is no usable record
    text: bytes | None = None        # the one SPF record, even when it does not parse
    answer: Answer | None = None     # the TXT answer, when there was one
    name: str | None = None          # the name asked


async def fetch_record(session: LookupSession, domain: str) -> FetchedRecord:
    """The one SPF record of ``domain``, or why there is none."""
    reason = domain_problem(domain)
    name = query_name(domain)
    if reason or name is None:
        return FetchedRecord(INVALID_DOMAIN, problem=codes.INVALID_DOMAIN(
            domain=domain, reason=reason or "label_too_long"))
    try:
        answer = await session.query(name, "TXT")
    except DnsError as error:  # a failed lookup is never an absent record
        return FetchedRecord(DNS_FAILURE, problem=dns_problem(error, domain, session.limits.deadline), name=name)
    texts = spf_texts(answer)
    if not texts:
        problem = codes.NO_RECORD(domain=domain, nxdomain=answer.status is Status.NXDOMAIN)
        return FetchedRecord(NO_RECORD, problem=problem, answer=answer, name=name)
    if len(texts) > 1:
        problem = codes.MULTIPLE_RECORDS(domain=domain, count=len(texts),
                                         records=sorted(printable(t.decode("latin-1")) for t in texts))
        return FetchedRecord(MULTIPLE, problem=problem, answer=answer, name=name)
    try:
        record = parse_cached(texts[0])
    except SpfSyntaxError as error:
        problem = codes.SYNTAX_ERROR(domain=domain, **error.params())
        return FetchedRecord(SYNTAX, problem=problem, text=texts[0], answer=answer, name=name)
    return FetchedRecord(OK, record, text=texts[0], answer=answer, name=name)


def spf_texts(answer: Answer) -> list[bytes]:
    """The TXT records of ``answer`` that are SPF version 1 records (4.5)."""
    return [text for text in answer.texts() if is_spf_record(text)]


@lru_cache(maxsize=128)
def parse_cached(text: bytes) -> SpfRecord:
    """:func:`parse_record`, remembered: the same records recur across checks."""
    return parse_record(text)


def dns_problem(error: DnsError, domain: str, deadline: float) -> Finding:
    """A failed lookup as a finding. ``deadline``: the check's limit in seconds."""
    if error.kind is DnsErrorKind.DEADLINE:
        return codes.DEADLINE(seconds=deadline, domain=domain)
    return codes.DNS_ERROR(domain=domain, name=error.name, rdtype=error.rdtype, kind=error.kind.value)
