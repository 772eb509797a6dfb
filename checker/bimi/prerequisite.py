"""BIMI's DMARC prerequisite, judged from the DMARC facts (checker.facts.DmarcFacts).

The draft (Receiver Actions, Authentication Requirements): no BIMI when the
policy that applies to the author domain is not at enforcement, when the author or
organizational domain's policy is p=none, when its record has sp=none, or when
p=quarantine comes with a pct other than 100. A pct under 100 with p=reject is
not among the draft's conditions (RFC 9989 removed pct; reject is fully enforced).
The BIMI check does not query DMARC itself.
"""

from __future__ import annotations

from typing import Any

from ..facts import DmarcFacts
from ..findings import Finding
from . import codes

ENFORCING = ("quarantine", "reject")


def judge_dmarc(dmarc: DmarcFacts | None) -> tuple[list[Finding], dict[str, Any]]:
    """Findings, and the details: ``{"found", "p", "sp", "pct", "blocking": [reasons]}``."""
    if dmarc is None or dmarc.state == "unknown":
        return [codes.DMARC_UNKNOWN()], {"found": None, "p": None, "sp": None, "pct": None,
                                         "blocking": ["unknown"]}
    if dmarc.state != "applied":
        return [codes.DMARC_MISSING()], {"found": False, "p": None, "sp": None, "pct": None,
                                         "blocking": ["no_dmarc"]}
    p, sp, pct = dmarc.effective, dmarc.subdomain_policy, dmarc.pct
    blocking = []
    if p not in ENFORCING:
        blocking.append("p_none")
    elif dmarc.organizational_p == "none":
        blocking.append("org_p_none")
    if sp == "none" or dmarc.organizational_sp == "none":
        blocking.append("sp_none")
    if p == "quarantine" and pct is not None and pct != 100:
        blocking.append("pct_below_100")
    findings = [codes.DMARC_NOT_ENFORCED(reason=reason, p=p, sp=sp, pct=pct) for reason in blocking]
    if not blocking:
        findings.append(codes.DMARC_ENFORCED(p=p, sp=sp, pct=pct))
    return findings, {"found": True, "p": p, "sp": sp, "pct": pct, "blocking": blocking}
