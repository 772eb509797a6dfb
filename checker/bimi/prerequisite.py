"""BIMI's DMARC prerequisite, judged from the DMARC policy summary the caller gives.

The draft (Receiver Actions, Authentication Requirements): no BIMI when the
author or organizational domain's policy is p=none, when its record has sp=none,
or when p=quarantine comes with pct other than 100. A pct under 100 with p=reject
is treated the same way: the policy is then not fully enforced either.
The BIMI check does not query DMARC itself.
"""

from __future__ import annotations

from typing import Any

from ..findings import Finding
from . import codes

ENFORCING = ("quarantine", "reject")


def judge_dmarc(policy: dict[str, Any] | None) -> tuple[list[Finding], dict[str, Any]]:
    """Findings, and the details: ``{"found", "p", "sp", "pct", "blocking": [reasons]}``."""
    if not isinstance(policy, dict) or not policy.get("found"):
        return [codes.DMARC_MISSING()], {"found": False, "p": None, "sp": None, "pct": None,
                                         "blocking": ["no_dmarc"]}
    p, sp, pct = _text(policy.get("p")), _text(policy.get("sp")), _number(policy.get("pct"))
    blocking = []
    if p not in ENFORCING:  # includes an absent p, which DMARC reads as none
        blocking.append("p_none")
    if sp == "none":
        blocking.append("sp_none")
    if pct is not None and pct < 100:
        blocking.append("pct_below_100")
    findings = [codes.DMARC_NOT_ENFORCED(reason=reason, p=p, sp=sp, pct=pct) for reason in blocking]
    if not blocking:
        findings.append(codes.DMARC_ENFORCED(p=p, sp=sp, pct=pct))
    return findings, {"found": True, "p": p, "sp": sp, "pct": pct, "blocking": blocking}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
