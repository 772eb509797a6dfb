"""Every verdict code comes from a fixture zone (tests/zones/verdict.zone), through the
whole-domain check against the real fixture server (UDP/TCP)."""

from __future__ import annotations

import asyncio

import pytest

from checker.domain import check_domain
from checker.findings import CATALOGUE
from tests.dnsfixture import load_zones
from tests.dnsfixture.client import close, make_resolver

# code -> the domain whose whole-domain check ends with that verdict
PRODUCED_BY = {
    "verdict.protected": "a-grade.example",
    "verdict.protected_own_mail_at_risk": "no-auth.example",
    "verdict.spoofable_monitoring": "monitoring.example",
    "verdict.spoofable_no_dmarc": "no-dmarc.example",
    "verdict.unknown": "unknown.example",
    "verdict.unknown_spf": "spf-fails.example",
    "verdict.spoofable_spf_open": "open-networks.example",
    "verdict.spoofable_dmarc_not_applied": "rejet.example",
    "verdict.parked": "parked.example",
    "verdict.no_domain": "typo.example",
}


def verdict_code(dns_server, domain: str) -> str:
    dns_server.reset(load_zones("verdict.zone"))
    resolver = make_resolver(dns_server, "dns", timeout=1.0)

    async def main():
        try:
            return await check_domain(domain, resolver=resolver, fetch_policies=False)
        finally:
            await close(resolver)
    return asyncio.run(main()).verdict.finding.code


@pytest.mark.parametrize("code", sorted(PRODUCED_BY))
def test_code_is_produced_by_a_fixture_zone(dns_server, code):
    assert verdict_code(dns_server, PRODUCED_BY[code]) == code


def test_every_verdict_code_has_a_producing_zone():
    assert set(PRODUCED_BY) == {c for c in CATALOGUE if c.startswith("verdict.")}
