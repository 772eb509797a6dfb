"""The whole-domain verdict: can mail in the domain's name be spoofed today, and the grade."""

from __future__ import annotations

import asyncio

import pytest

from checker.domain import check_domain
from tests.dnsfixture import load_zones, memory_resolver


def verdict(domain: str):
    resolver = memory_resolver(load_zones("verdict.zone"), timeout=0.5)
    return asyncio.run(check_domain(domain, resolver=resolver, fetch_policies=False)).verdict


@pytest.mark.parametrize("domain, spoofable, grade, code", [
    ("a-grade.example", False, "A", "verdict.protected"),
    ("quarantine.example", False, "B", "verdict.protected"),
    ("monitoring.example", True, "D", "verdict.spoofable_monitoring"),   # no DKIM key found: not yet C
    ("no-auth.example", False, "C", "verdict.protected_own_mail_at_risk"),
    ("no-dmarc.example", True, "F", "verdict.spoofable_no_dmarc"),
    ("unknown.example", None, "?", "verdict.unknown"),
])
def test_verdict(domain, spoofable, grade, code):
    result = verdict(domain)
    assert (result.spoofable, result.grade, result.finding.code) == (spoofable, grade, code)


def test_grade_a_has_no_reasons_and_b_names_them():
    assert verdict("a-grade.example").reasons == []
    assert "dkim.none_found" not in verdict("quarantine.example").reasons  # a warning is not an error
