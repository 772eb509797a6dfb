"""TLS-RPT (RFC 8460): where senders report failed TLS deliveries, a TXT record at _smtp._tls."""

from __future__ import annotations

from ..dns import DnsError, LookupSession
from ..report import ProtocolReport
from . import codes
from .parser import parse, select


def starting_record(domain: str) -> str:
    return f"v=TLSRPTv1; rua=mailto:tls-reports@{domain}"


async def check(domain: str, session: LookupSession) -> ProtocolReport:
    report = ProtocolReport("tlsrpt", domain)
    name = f"_smtp._tls.{domain}"
    report.details["name"] = name
    try:
        answer = await session.query(name, "TXT")
    except DnsError as error:
        report.add(codes.LOOKUP_FAILED(name=name, type="TXT", error=error.kind.value))
        return report
    texts = [t.decode("utf-8", errors="replace") for t in answer.texts()]
    report.records = texts
    chosen, lookalikes = select(texts)
    for text in lookalikes:
        report.add(codes.RECORD_DISCARDED(name=name, published=text))
    if not chosen:
        report.add(codes.NO_RECORD(name=name, record=starting_record(domain), placeholder=True))
        return report
    parsed = [parse(text, name) for text in chosen]
    report.details["record"] = [{"text": r.text, "rua": r.rua, "fields": r.fields, "valid": r.valid}
                                for r in parsed]
    if len(parsed) > 1:
        report.add(codes.MULTIPLE_RECORDS(name=name, count=len(parsed), records=chosen))
        return report
    record = parsed[0]
    report.findings.extend(record.findings)
    if record.valid:
        report.add(codes.RECORD_VALID(name=name, published=record.text, rua=record.rua))
    return report
