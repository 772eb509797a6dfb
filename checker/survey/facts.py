"""One domain's SPF and DMARC reports, read as the study's categories.

Everything this package knows about the protocols' judgement goes through
:func:`domain_facts`: it reads the reports' typed facts (checker.facts: SPF
usable, the DMARC state and the policy in force) and decides nothing the checks
did not.
"""

from __future__ import annotations

from typing import Any

from ..domain import DomainReport, is_dns_failure

NOT_KNOWN = "not_known"   # a lookup failed: the answer is not known, never "missing"
DMARC_CATEGORIES = ("reject", "quarantine", "none", "missing", "invalid", NOT_KNOWN)
SPF_CATEGORIES = ("valid", "invalid", "missing", NOT_KNOWN)
# Causes of a permerror that no failed lookup can change: the record at the name itself.
_SPF_DEFINITE = {"spf.multiple_records", "spf.syntax_error"}


def domain_facts(report: DomainReport) -> dict[str, Any]:
    """``{"spf": category, "dmarc": category, "spf_records": n, "dmarc_records": n, ...}``."""
    spf, dmarc = report.reports["spf"], report.reports["dmarc"]
    spf_codes = {f.code for f in spf.findings}
    dmarc_codes = {f.code for f in dmarc.findings}
    spf_failed = any(is_dns_failure(f) for f in spf.findings) or "spf.deadline" in spf_codes

    if spf.facts.usable:
        spf_category = "valid"
    elif spf_codes & _SPF_DEFINITE:
        spf_category = "invalid"
    elif spf_failed:
        spf_category = NOT_KNOWN
    elif "spf.no_record" in spf_codes:
        spf_category = "missing"
    else:
        spf_category = "invalid"   # permerror of any other cause: lookups, void lookups, loops...

    dmarc_category = {"applied": dmarc.facts.effective, "unknown": NOT_KNOWN, "not_applied": "invalid",
                      "missing": "missing"}[dmarc.facts.state]   # "invalid": a record is there, no policy applies

    return {
        "spf": spf_category,
        "spf_records": _spf_record_count(spf),
        "dmarc": dmarc_category,
        "dmarc_records": _dmarc_record_count(dmarc),
        "dmarc_source": dmarc.details.get("source"),
        "spf_record": spf.records,
        "dmarc_record": dmarc.details.get("record"),
        "codes": sorted(spf_codes | dmarc_codes),
    }


def _spf_record_count(spf) -> int:
    for finding in spf.findings:
        if finding.code == "spf.multiple_records":
            return int(finding.params.get("count") or len(finding.params.get("records") or ()))
    return 1 if spf.records else 0


def _dmarc_record_count(dmarc) -> int:
    """DMARC records at the domain's own ``_dmarc`` name (an inherited policy counts 0)."""
    own = f"_dmarc.{dmarc.domain}"
    for finding in dmarc.findings:
        if finding.code == "dmarc.multiple_records" and finding.params.get("name") == own:
            return int(finding.params.get("count") or 0)
    return 1 if dmarc.details.get("source") == "domain" else 0
