"""DMARC failure reports (RFC 9991, in the Abuse Reporting Format of RFC 5965 and
RFC 6591): the fields of the message/feedback-report part, nothing else.

    report = read_failure(chunks, reporter, limits)     # a FailureReport, or ReportError

The copy of the failed message that follows the fields (message/rfc822 or
text/rfc822-headers) is not read: only the report's own fields are kept, as written
(stripped and cut at MAX_FIELD), with the field names of RFC 6591 3.1.
"""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import asdict, dataclass
from typing import Iterator

from .errors import ReportError
from .limits import ReadLimits

MAX_FIELD = 1024
MAX_FIELDS_BYTES = 64 * 1024  # the fields of one report: a few hundred bytes in practice


@dataclass
class FailureReport:
    reporter: str          # the sender of the report message (its From: address)
    feedback_type: str     # "auth-failure" for DMARC
    source_ip: str
    reported_domain: str
    auth_failure: str      # "dmarc", "spf", "dkim" ... (RFC 6591 3.1), "" when not given
    arrival_date: str      # as written (RFC 5322 date-time)
    delivery_result: str   # "delivered", "spam", "policy", "reject", "other" (RFC 6591 3.1)

    def to_json(self) -> dict:
        return asdict(self)


def read_failure(chunks: Iterator[bytes], reporter: str, limits: ReadLimits) -> FailureReport:
    data = b"".join(chunks)
    if len(data) > MAX_FIELDS_BYTES:
        raise ReportError("too_large", limit=MAX_FIELDS_BYTES)
    # RFC 6532 allows UTF-8 in the fields; a byte that is not is replaced, not fatal
    fields = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(data.decode("utf-8", "replace"))
    feedback_type = _field(fields, "Feedback-Type").lower()
    if not feedback_type:
        raise ReportError("not_report")
    return FailureReport(reporter=reporter, feedback_type=feedback_type,
                         source_ip=_field(fields, "Source-IP"),
                         reported_domain=_field(fields, "Reported-Domain").lower().rstrip("."),
                         auth_failure=_field(fields, "Auth-Failure").lower(),
                         arrival_date=_field(fields, "Arrival-Date"),
                         delivery_result=_field(fields, "Delivery-Result").lower())


def _field(fields, name: str) -> str:
    value = fields.get(name)
    return " ".join(str(value).split())[:MAX_FIELD] if value is not None else ""
