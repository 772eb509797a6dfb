"""The whole-domain verdict: can mail in the domain's name be forged today, and the grade.

Each case is a domain of tests/zones/verdict.zone; the expected outcome follows the
verdict model (checker/verdict.py, CHECKER.md "How the grade is given") and the RFCs.
"""

from __future__ import annotations

import asyncio

import pytest

from checker.domain import check_domain
from tests.dnsfixture import load_zones, memory_resolver


def check(domain: str, protocols=None):
    resolver = memory_resolver(load_zones("verdict.zone"), timeout=0.5)
    kwargs = {"protocols": protocols} if protocols else {}
    return asyncio.run(check_domain(domain, resolver=resolver, fetch_policies=False, **kwargs))


def verdict(domain: str):
    return check(domain).verdict


def reasons(result) -> list[tuple[str, str]]:
    return [(reason.key, reason.protocol) for reason in result.reasons]


@pytest.mark.parametrize("domain, outcome, spoofable, grade, code", [
    ("a-grade.example", "protected", False, "A", "verdict.protected"),
    ("quarantine.example", "protected", False, "B", "verdict.protected"),
    ("monitoring.example", "spoofable", True, "D", "verdict.spoofable_monitoring"),  # no DKIM key: not C
    ("testing-flag.example", "spoofable", True, "D", "verdict.spoofable_monitoring"),  # t=y: quarantine -> none
    ("no-auth.example", "protected_own_mail_at_risk", False, "C", "verdict.protected_own_mail_at_risk"),
    ("no-dmarc.example", "spoofable", True, "F", "verdict.spoofable_no_dmarc"),
    ("unknown.example", "unknown", None, "?", "verdict.unknown"),
    # RFC 7208 5.1 / RFC 9989 4.4: SPF that passes every sender passes DMARC for forgers too
    ("open-all.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),
    ("open-include.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),
    ("open-networks.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),
    ("open-halves.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),
    ("open-exists.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),
    ("closed-first.example", "protected", False, "B", "verdict.protected"),  # -ip4:0.0.0.0/0 matches first
    # keys that verify nothing (RFC 6376 3.6.1, RFC 8301 3.1, 3.2) and SPF that always permerrors
    ("revoked-key.example", "protected_own_mail_at_risk", False, "C", "verdict.protected_own_mail_at_risk"),
    ("short-key.example", "protected_own_mail_at_risk", False, "C", "verdict.protected_own_mail_at_risk"),
    ("testing-key.example", "protected_own_mail_at_risk", False, "C", "verdict.protected_own_mail_at_risk"),
    ("sha1-key.example", "protected_own_mail_at_risk", False, "C", "verdict.protected_own_mail_at_risk"),
    ("mx11.example", "protected_own_mail_at_risk", False, "C", "verdict.protected_own_mail_at_risk"),
    # records receivers discard (RFC 9989 4.10.1)
    ("rejet.example", "spoofable", True, "F", "verdict.spoofable_dmarc_not_applied"),
    ("nearmiss.example", "spoofable", True, "F", "verdict.spoofable_dmarc_not_applied"),
    ("nop-norua.example", "spoofable", True, "F", "verdict.spoofable_dmarc_not_applied"),
    ("parked.example", "parked", False, "A", "verdict.parked"),
    ("parked-no-null-mx.example", "parked", False, "B", "verdict.parked"),
    ("spf-fails.example", "unknown", None, "?", "verdict.unknown_spf"),
    ("typo.example", "no_domain", None, None, "verdict.no_domain"),
    # from the second reading
    ("a-zero.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),        # a/0 (RFC 7208 5.3)
    ("global-v6.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),     # 2000::/3
    ("perm-before-all.example", "protected_own_mail_at_risk", False, "C",            # permerror first (5.2)
     "verdict.protected_own_mail_at_risk"),
    ("limit-before-all.example", "protected_own_mail_at_risk", False, "C",           # 4.6.4
     "verdict.protected_own_mail_at_risk"),
    ("neg-include.example", "parked", False, "B", "verdict.parked"),   # everyone fails -include first
    ("term-fails.example", "protected", False, "B", "verdict.protected"),
    ("open-then-fail.example", "spoofable", True, "F", "verdict.spoofable_spf_open"),
    ("short-key-parked.example", "protected_own_mail_at_risk", False, "C", "verdict.protected_own_mail_at_risk"),
    ("quarantine-closed.example", "protected_own_mail_at_risk", False, "C",
     "verdict.protected_own_mail_at_risk"),
    ("sp-none.example", "protected", False, "B", "verdict.protected"),
])
def test_verdict(domain, outcome, spoofable, grade, code):
    result = verdict(domain)
    assert (result.outcome, result.spoofable, result.grade, result.finding.code) == (
        outcome, spoofable, grade, code)


def test_grade_a_has_no_reasons_and_b_names_them_with_their_sections():
    assert verdict("a-grade.example").reasons == []
    assert reasons(verdict("quarantine.example")) == [("policy_quarantine", "dmarc"), ("dkim_no_usable_key", "dkim")]
    assert reasons(verdict("parked-no-null-mx.example")) == [("no_null_mx", "mx")]


def test_subdomain_policies_that_do_not_enforce_are_reasons():
    result = verdict("sp-none.example")
    assert reasons(result) == [("subdomain_policy_none", "dmarc")]
    assert result.reasons[0].params == {"tags": ["sp=none", "np=none"]}   # np takes sp's value


def test_a_wildcard_that_opens_spf_for_subdomains_lowers_the_grade():
    """RFC 4592 and RFC 9989 4.4.2: forged mail from any subdomain without records passes DMARC."""
    result = check("wildcard-open.example")
    assert (result.verdict.outcome, result.verdict.grade) == ("protected", "B")
    assert reasons(result.verdict) == [("errors", "spf")]
    assert "spf.wildcard_passes_every_sender" in {f.code for f in result.reports["spf"].findings}


def test_own_mail_reasons_name_what_is_missing():
    assert reasons(verdict("revoked-key.example")) == [("spf_missing", "spf"), ("dkim_no_usable_key", "dkim")]
    assert reasons(verdict("mx11.example")) == [("spf_not_usable", "spf"), ("dkim_no_usable_key", "dkim")]


def test_open_spf_is_reported_by_spf_itself():
    report = check("open-networks.example").reports["spf"]
    [finding] = [f for f in report.findings if f.code == "spf.passes_every_sender"]
    assert finding.params == {"domain": "open-networks.example", "terms": ["ip4:0.0.0.0/0", "ip6:::/0"],
                              "ip_versions": ["IPv4", "IPv6"]}
    assert report.facts.passes_everyone and not check("closed-first.example").reports["spf"].facts.passes_everyone


def test_a_typo_gets_no_records_to_publish_in_the_verdict():
    result = check("typo.example")
    assert result.verdict.grade is None and result.verdict.reasons == []


def test_bimi_alone_still_reads_the_dmarc_policy():
    result = check("a-grade.example", protocols=("bimi",))
    assert list(result.reports) == ["bimi"] and result.verdict is None
    assert "bimi.dmarc_missing" not in {f.code for f in result.reports["bimi"].findings}


def test_no_next_policy_step_while_the_domains_own_mail_may_fail():
    from checker.i18n import Messages
    from checker.present import present_domain
    from checker.proposals import proposals_of

    report = check("quarantine-at-risk.example")
    assert report.verdict.outcome == "protected_own_mail_at_risk"
    dmarc = report.reports["dmarc"]
    assert any("dmarc.policy_quarantine" in item["addresses"] for item in proposals_of(dmarc))  # computed...
    [view] = [p for p in present_domain(report, Messages("en"))["protocols"] if p["protocol"] == "dmarc"]
    assert view["proposals"] == []                                                              # ...not offered
