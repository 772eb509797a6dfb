"""BIMI (draft-brand-indicators-for-message-identification): the record at default._bimi.<domain>.

One TXT query, and a second at the organizational domain when the domain has no
BIMI record (the draft's Receiver Actions: the ``default`` selector of the author
domain, else of its organizational domain, which the DMARC facts name). The DMARC
prerequisite is judged from the DMARC facts the caller passes (the BIMI check does
not query DMARC). Nothing is fetched: neither the logo nor the evidence document.
"""

from __future__ import annotations

from ..dns import DnsError, LookupSession
from ..facts import DmarcFacts
from ..report import ProtocolReport
from . import codes
from .parser import is_bimi_record, looks_like_bimi, parse_bimi_record, version_invalid
from .prerequisite import judge_dmarc

__all__ = ["check"]

SELECTOR = "default"


async def check(domain: str, session: LookupSession, dmarc: DmarcFacts | None) -> ProtocolReport:
    report = ProtocolReport("bimi", domain)
    name = f"{SELECTOR}._bimi.{domain}"
    report.details = {"name": name, "record": None, "declined": False, "dmarc": None, "ignored_records": []}
    try:
        answer = await session.query(name, "TXT")
    except DnsError as error:
        report.add(codes.LOOKUP_FAILED(name=name, error=error.kind.value))
        return report
    org = dmarc.organizational_domain if dmarc else None
    if not _bimi_texts(answer) and org and org != domain:
        org_name = f"{SELECTOR}._bimi.{org}"
        try:
            org_answer = await session.query(org_name, "TXT")
        except DnsError as error:
            report.add(codes.LOOKUP_FAILED(name=org_name, error=error.kind.value))
            return report
        if _bimi_texts(org_answer):
            report.add(codes.ORGANIZATIONAL_RECORD(name=org_name, domain=domain, organizational_domain=org))
            report.details["name"], name, answer = org_name, org_name, org_answer
    if not answer.records:
        report.add(codes.NO_RECORD(name=name))
        return report

    texts = [raw.decode("utf-8", errors="replace") for raw in answer.texts()]
    candidates = [text for text in texts if is_bimi_record(text)]
    lookalikes = [text for text in texts if not is_bimi_record(text) and looks_like_bimi(text)]
    report.records = candidates + lookalikes
    report.details["ignored_records"] = [t for t in texts if t not in candidates and t not in lookalikes]
    for text in lookalikes:
        report.add(version_invalid(text, name))
    if not candidates and not lookalikes:
        # Only unrelated text (a wildcard's verification token, say): no BIMI record.
        report.add(codes.NO_RECORD(name=name))
        return report
    if len(candidates) > 1:
        report.add(codes.MULTIPLE_RECORDS(name=name, count=len(candidates)))
    elif candidates:
        record = parse_bimi_record(candidates[0])
        for finding in record.findings:
            report.add(finding)
        report.details["record"] = record.to_json()
        if record.declined:
            report.details["declined"] = True
            return report  # a refusal: the DMARC prerequisite does not matter

    findings, prerequisite = judge_dmarc(dmarc)
    for finding in findings:
        report.add(finding)
    report.details["dmarc"] = prerequisite
    return report


def _bimi_texts(answer) -> list[str]:
    """The texts at the name that are, or look like, BIMI records."""
    texts = [raw.decode("utf-8", errors="replace") for raw in answer.texts()]
    return [text for text in texts if is_bimi_record(text) or looks_like_bimi(text)]
