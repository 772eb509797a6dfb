"""SMTP TLS reports (RFC 8460 4): the JSON document, checked for its shape.

    report = read_tls(chunks, limits)     # a TlsReport, or ReportError

Only what the analysis shows is kept: who reported, when, and per policy the
successful and failed session counts with the failure details.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterator

from .errors import ReportError
from .limits import ReadLimits

MAX_FAILURE_DETAILS = 1000  # per policy: more are summed, not listed


@dataclass
class TlsFailure:
    result_type: str
    count: int
    sending_ip: str = ""
    receiving_mx: str = ""
    receiving_ip: str = ""
    reason_code: str = ""


@dataclass
class TlsPolicy:
    policy_type: str          # "sts", "tlsa" or "no-policy-found"
    domain: str
    mx_host: str
    successful: int
    failed: int
    failures: list[TlsFailure] = field(default_factory=list)


@dataclass
class TlsReport:
    org_name: str
    report_id: str
    contact: str
    begin: str                # RFC 3339 date-time, as written
    end: str
    policies: list[TlsPolicy] = field(default_factory=list)

    @property
    def sessions(self) -> int:
        return sum(p.successful + p.failed for p in self.policies)


def read_tls(chunks: Iterator[bytes], limits: ReadLimits) -> TlsReport:
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > limits.max_json_bytes:
            raise ReportError("too_large", limit=limits.max_json_bytes)
    try:
        document = json.loads(bytes(data).decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as error:
        raise ReportError("json", detail=str(error)[:200]) from None
    if not isinstance(document, dict) or "policies" not in document or "date-range" not in document:
        raise ReportError("not_report")
    dates = _object(document.get("date-range"))
    report = TlsReport(org_name=_text(document.get("organization-name")),
                       report_id=_text(document.get("report-id")),
                       contact=_text(document.get("contact-info")),
                       begin=_text(dates.get("start-datetime")), end=_text(dates.get("end-datetime")))
    policies = document.get("policies")
    if not isinstance(policies, list):
        raise ReportError("not_report")
    for entry in policies:
        entry = _object(entry)
        policy = _object(entry.get("policy"))
        summary = _object(entry.get("summary"))
        item = TlsPolicy(policy_type=_text(policy.get("policy-type")).lower(),
                         domain=_text(policy.get("policy-domain")).lower().rstrip("."),
                         mx_host=_text(policy.get("mx-host")),
                         successful=_count(summary.get("total-successful-session-count")),
                         failed=_count(summary.get("total-failure-session-count")))
        details = entry.get("failure-details")
        for detail in details if isinstance(details, list) else []:
            detail = _object(detail)
            if len(item.failures) >= MAX_FAILURE_DETAILS:
                break
            item.failures.append(TlsFailure(
                result_type=_text(detail.get("result-type")).lower(),
                count=_count(detail.get("failed-session-count")),
                sending_ip=_text(detail.get("sending-mta-ip")),
                receiving_mx=_text(detail.get("receiving-mx-hostname")),
                receiving_ip=_text(detail.get("receiving-ip")),
                reason_code=_text(detail.get("failure-reason-code"))))
        report.policies.append(item)
    return report


def _object(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    return value.strip()[:1024] if isinstance(value, str) else ""


def _count(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
