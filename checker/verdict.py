"""The summary for a whole domain: can mail in its name be forged today, and the grade.

Computed from the typed facts each protocol reports (:mod:`checker.facts`), never
from finding codes or words. The model, in the order the rules are tried (CHECKER.md,
"How the grade is given", says the same for readers):

1. No DMARC check: no verdict.
2. The name does not exist (NXDOMAIN): said first; no grade, nothing to publish.
3. The DMARC lookup failed: not known ("?").
4. No DMARC policy applies (no record, or a record receivers discard, RFC 9989
   4.10.1): spoofable, F.
5. The policy that applies is none (p=none, or t=y lowering quarantine): spoofable,
   receivers only report (RFC 9989 4.7); D, or C when SPF and DKIM are both usable
   and no protocol has an error.
6. Enforced (quarantine or reject) but SPF gives "pass" to every sender of an IP
   version (RFC 7208 5.1 "+all" and the like, met before any permerror): forged mail
   passes SPF aligned with the From domain, so it passes DMARC (RFC 9989 4.4.2): F.
7. Enforced but an SPF lookup that could decide that failed: not known ("?").
8. Enforced with p=reject, a valid SPF record that passes no one and no DKIM key but revoked ones: a
   parked domain that sends no mail, protected; A with a null MX (RFC 7505) and
   nothing else to fix, else B.
9. Enforced, but neither SPF can pass the domain's own mail (a record that passes
   someone, without permerror) nor a DKIM key verifies (RFC 6376 3.6.1, RFC 8301):
   protected, but the domain's own mail may fail DMARC; C.
10. Enforced: protected; A when the policy is reject, SPF and DKIM are usable, the
    subdomain policies (sp, np) are enforced too and no protocol has an error; B
    otherwise, with the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .facts import DomainFacts
from .findings import Severity, define, not_shown

_POLICY = {"none", "quarantine", "reject"}

PROTECTED = define("verdict.protected", Severity.OK, "dmarc/index.md#policy", params={
    "policy": _POLICY,              # the effective policy
    "grade": not_shown(str),
})
# Enforced, but neither a usable SPF record nor a DKIM key was found
PROTECTED_OWN_MAIL_AT_RISK = define("verdict.protected_own_mail_at_risk", Severity.WARNING,
                                    "dmarc/index.md#alignment", params={"policy": _POLICY})
# p=reject, a valid SPF record that passes no one, no DKIM key but revoked ones: a domain that sends no mail
PARKED = define("verdict.parked", Severity.OK, "mx.md#null-mx", params={"null_mx": not_shown(bool)})
# Reports only: policy "none", or the effective policy under t=y
SPOOFABLE_MONITORING = define("verdict.spoofable_monitoring", Severity.ERROR, "dmarc/enforcement.md#quarantine",
                              params={"policy": _POLICY})
# No DMARC policy applies to the domain
SPOOFABLE_NO_DMARC = define("verdict.spoofable_no_dmarc", Severity.ERROR, "dmarc/enforcement.md#starting-record",
                            params={})
# A DMARC record is published at policy_domain, but receivers discard it (RFC 9989 4.10.1)
SPOOFABLE_DMARC_NOT_APPLIED = define("verdict.spoofable_dmarc_not_applied", Severity.ERROR,
                                     "dmarc/index.md#record-syntax", params={"policy_domain": str})
# Enforced, but SPF gives "pass" to every sender
SPOOFABLE_SPF_OPEN = define("verdict.spoofable_spf_open", Severity.ERROR, "spf/index.md#all",
                            params={"policy": _POLICY})
# The name does not exist in DNS (NXDOMAIN): a typo?
NO_DOMAIN = define("verdict.no_domain", Severity.ERROR, "checker.md#grade", params={"domain": str})
# A DMARC lookup failed, so the policy is not known
UNKNOWN = define("verdict.unknown", Severity.WARNING, "checker.md#grade", params={})
# Enforced, but an SPF lookup that could open SPF failed: whether everyone passes is not known
UNKNOWN_SPF = define("verdict.unknown_spf", Severity.WARNING, "checker.md#grade", params={"policy": _POLICY})

ENFORCED = ("quarantine", "reject")


@dataclass(frozen=True)
class Reason:
    """Why the grade is not better: words ``verdict.reason.<key>``, linked to ``protocol``'s section."""

    key: str
    protocol: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "protocol": self.protocol, "params": self.params}


@dataclass
class Verdict:
    outcome: str                    # spoofable | protected | protected_own_mail_at_risk | parked |
                                    # unknown | no_domain
    spoofable: bool | None          # None: not known
    grade: str | None               # A (best) .. F, "?" when not known, None when the name does not exist
    finding: Any = None
    reasons: list[Reason] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "spoofable": self.spoofable, "grade": self.grade,
                "finding": self.finding.to_json() if self.finding else None,
                "reasons": [reason.to_json() for reason in self.reasons]}


def judge(facts: DomainFacts) -> Verdict | None:
    dmarc, spf, dkim, mx = facts.dmarc, facts.spf, facts.dkim, facts.mx
    if dmarc is None:
        return None
    if dmarc.domain_exists is False:
        return Verdict("no_domain", None, None, NO_DOMAIN(domain=facts.domain))
    if dmarc.state == "unknown":
        return Verdict("unknown", None, "?", UNKNOWN(), [Reason("lookup_failed", "dmarc")])
    if dmarc.state in ("missing", "not_applied"):
        finding = (SPOOFABLE_NO_DMARC() if dmarc.state == "missing"
                   else SPOOFABLE_DMARC_NOT_APPLIED(policy_domain=dmarc.policy_domain or facts.domain))
        return Verdict("spoofable", True, "F", finding, [Reason(f"dmarc_{dmarc.state}", "dmarc")])

    policy = dmarc.effective
    spf_usable = bool(spf and spf.usable and not spf.passes_no_one and not spf.lookup_failed)
    dkim_usable = bool(dkim and dkim.usable)
    in_error = [name for name, status in facts.statuses.items() if status == Severity.ERROR.value]
    if policy not in ENFORCED:
        reasons = [Reason("policy_none", "dmarc", {"policy": policy})]
        reasons += _own_mail_reasons(facts, spf_usable, dkim_usable)
        reasons += _error_reasons(in_error, reasons)
        grade = "C" if spf_usable and dkim_usable and not in_error else "D"
        return Verdict("spoofable", True, grade, SPOOFABLE_MONITORING(policy=policy), reasons)
    if spf is not None and spf.passes_everyone:
        return Verdict("spoofable", True, "F", SPOOFABLE_SPF_OPEN(policy=policy), [Reason("spf_open", "spf")])
    if spf is not None and spf.lookup_failed:
        return Verdict("unknown", None, "?", UNKNOWN_SPF(policy=policy), [Reason("lookup_failed", "spf")])
    if (policy == "reject" and spf is not None and spf.usable and spf.passes_no_one
            and (dkim is None or dkim.signs_nothing)):
        null_mx = bool(mx and mx.null_mx)
        reasons = ([] if null_mx else [Reason("no_null_mx", "mx")]) + _subdomain_reasons(dmarc)
        reasons += _error_reasons(in_error, reasons)
        return Verdict("parked", False, "B" if reasons else "A", PARKED(null_mx=null_mx), reasons)
    if not (spf_usable or dkim_usable):
        return Verdict("protected_own_mail_at_risk", False, "C", PROTECTED_OWN_MAIL_AT_RISK(policy=policy),
                       _own_mail_reasons(facts, spf_usable, dkim_usable))
    reasons = []
    if policy != "reject":
        reasons.append(Reason("policy_quarantine", "dmarc", {"requested": dmarc.requested}))
    reasons += _subdomain_reasons(dmarc) + _own_mail_reasons(facts, spf_usable, dkim_usable)
    reasons += _error_reasons(in_error, reasons)
    grade = "B" if reasons else "A"
    return Verdict("protected", False, grade, PROTECTED(policy=policy, grade=grade), reasons)


def _subdomain_reasons(dmarc) -> list[Reason]:
    """sp=none or np=none on the domain's own record: its subdomains can be forged (RFC 9989 4.7)."""
    if dmarc.policy_domain != dmarc.organizational_domain and dmarc.policy_domain is not None:
        return []   # the record of a subdomain: its sp and np are not what receivers read
    tags = [f"{tag}=none" for tag, value in (("sp", dmarc.subdomain_policy), ("np", dmarc.nonexistent_policy))
            if value == "none"]
    return [Reason("subdomain_policy_none", "dmarc", {"tags": tags})] if tags else []


def _own_mail_reasons(facts: DomainFacts, spf_usable: bool, dkim_usable: bool) -> list[Reason]:
    reasons = []
    if not spf_usable and facts.spf is not None:
        reasons.append(Reason("spf_not_usable" if facts.spf.published else "spf_missing", "spf"))
    if not dkim_usable and facts.dkim is not None:
        reasons.append(Reason("dkim_no_usable_key", "dkim", {"failed": facts.dkim.lookups_failed}))
    return reasons


def _error_reasons(protocols: list[str], given: list[Reason]) -> list[Reason]:
    """A protocol with an error lowers the grade; said once per protocol."""
    named = {reason.protocol for reason in given}
    return [Reason("errors", name) for name in protocols if name not in named]
