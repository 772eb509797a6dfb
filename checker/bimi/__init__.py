"""BIMI (draft-brand-indicators-for-message-identification): the record at default._bimi.<domain>.

One TXT query. The DMARC prerequisite is judged from the policy summary the
caller passes (the BIMI check does not query DMARC). Only the ``default``
selector of the domain itself is checked; the draft's fallback to the
organizational domain is the caller's to run (it knows the organizational domain).
Nothing is fetched: neither the logo nor the evidence document.
"""

from __future__ import annotations

from typing import Any

from ..dns import DnsError, LookupSession
from ..report import ProtocolReport
from . import codes
from .parser import is_bimi_record, looks_like_bimi, parse_bimi_record, version_invalid
from .prerequisite import judge_dmarc

__all__ = ["check"]

SELECTOR = "default"


async def check(domain: str, session: LookupSession, dmarc_policy: dict[str, Any] | None) -> ProtocolReport:
    """``dmarc_policy``: ``{"found": bool, "p": str | None, "sp": str | None, "pct": int | None}``."""
    report = ProtocolReport("bimi", domain)
    name = f"{SELECTOR}._bimi.{domain}"
    report.details = {"name": name, "record": None, "declined": False, "dmarc": None, "ignored_records": []}
    try:
        answer = await session.query(name, "TXT")
    except DnsError as error:
        report.add(codes.LOOKUP_FAILED(name=name, error=error.kind.value))
        return report
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

    findings, dmarc = judge_dmarc(dmarc_policy)
    for finding in findings:
        report.add(finding)
    report.details["dmarc"] = dmarc
    return report
