"""The summary for a whole domain: can mail in its name be spoofed today?

Spoofing the domain in the From header is stopped only when DMARC is
enforced (effective policy quarantine or reject) and legitimate mail can pass
it through SPF or DKIM. The grade ranks how far the domain is on that path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Severity, define, not_shown
from .report import ProtocolReport

_POLICY = {"none", "quarantine", "reject"}

PROTECTED = define("verdict.protected", Severity.OK, "dmarc/index.md#policy", params={
    "policy": _POLICY,              # the effective policy
    "grade": not_shown(str),
})
# Enforced, but neither a usable SPF record nor a DKIM key was found
PROTECTED_OWN_MAIL_AT_RISK = define("verdict.protected_own_mail_at_risk", Severity.WARNING,
                                    "dmarc/index.md#alignment", params={"policy": _POLICY})
# Reports only: policy "none", or the effective policy under t=y
SPOOFABLE_MONITORING = define("verdict.spoofable_monitoring", Severity.ERROR, "dmarc/enforcement.md#quarantine",
                              params={"policy": _POLICY})
# No DMARC policy applies to the domain
SPOOFABLE_NO_DMARC = define("verdict.spoofable_no_dmarc", Severity.ERROR, "dmarc/enforcement.md#starting-record",
                            params={})
# A DMARC lookup failed, so the policy is not known
UNKNOWN = define("verdict.unknown", Severity.WARNING, "checker.md#command-line", params={})


@dataclass
class Verdict:
    spoofable: bool | None          # None: not known (lookups failed)
    grade: str                      # A (best) .. F, or "?" when not known
    finding: Any = None
    reasons: list[str] = field(default_factory=list)  # codes that lowered the grade

    def to_json(self) -> dict[str, Any]:
        return {"spoofable": self.spoofable, "grade": self.grade,
                "finding": self.finding.to_json() if self.finding else None, "reasons": self.reasons}


def judge(reports: dict[str, ProtocolReport]) -> Verdict:
    dmarc = reports.get("dmarc")
    details = dmarc.details if dmarc else {}
    applies = details.get("applies")
    effective = (details.get("policy") or {}).get("effective")
    spf_usable = _spf_usable(reports.get("spf"))
    dkim_found = bool(reports.get("dkim") and reports["dkim"].details.get("found"))
    errors = sorted({f.code for r in reports.values() for f in r.findings if f.severity is Severity.ERROR})

    if applies is None:
        return Verdict(None, "?", UNKNOWN(), errors)
    if not applies or effective is None:
        return Verdict(True, "F", SPOOFABLE_NO_DMARC(), errors)
    if effective == "none":
        grade = "C" if spf_usable and dkim_found and not errors else "D"
        return Verdict(True, grade, SPOOFABLE_MONITORING(policy=effective), errors)
    if not (spf_usable or dkim_found):
        return Verdict(False, "C", PROTECTED_OWN_MAIL_AT_RISK(policy=effective), errors)
    if effective == "reject" and spf_usable and dkim_found and not errors:
        grade = "A"
    else:
        grade = "B"
    return Verdict(False, grade, PROTECTED(policy=effective, grade=grade), errors)


def _spf_usable(spf: ProtocolReport | None) -> bool:
    """A single SPF record that evaluates without permerror or temperror."""
    return bool(spf and spf.details.get("usable"))
