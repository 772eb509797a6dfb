"""The DNSSEC check reads the AD flag. The fixture is authoritative and sets AD only when
its ZoneDB says ``authenticated`` (as a validating resolver would), on every answer or on
those of some record types. Data: tests/zones/mx_cases.zone."""

from __future__ import annotations

import asyncio

import pytest

from checker import dnssec
from checker.dns import Resolver
from checker.findings import CATALOGUE, Severity
from tests.dnsfixture import load_zones, memory_resolver
from tests.dnsfixture.client import make_resolver, run_session
from tests.report_support import found

ZONE = "mx_cases.zone"
LOOKUPS = ["good.mx.example SOA", "good.mx.example MX", "good.mx.example TXT"]


def zones(authenticated: bool | set[str]):
    db = load_zones(ZONE)
    db.authenticated = authenticated
    return db


def run(domain: str, resolver: Resolver):
    return asyncio.run(dnssec.check(domain, resolver.session()))




def test_authenticated_answers_mean_validated():
    report = run("good.mx.example", memory_resolver(zones(True)))
    assert found(report) == {"dnssec.validated": [{"domain": "good.mx.example", "lookups": LOOKUPS}]}
    assert report.status is Severity.OK
    assert [a["authenticated"] for a in report.details["answers"]] == [True, True, True]


def test_no_ad_flag_cannot_tell_unsigned_from_non_validating():
    report = run("good.mx.example", memory_resolver(zones(False)))
    assert found(report) == {"dnssec.not_validated": [{
        "domain": "good.mx.example", "lookups": LOOKUPS,
        "possible_causes": ["zone_unsigned", "resolver_does_not_validate"], "distinguishable": False}]}
    assert report.status is Severity.INFO


def test_some_answers_authenticated_and_others_not():
    report = run("good.mx.example", memory_resolver(zones({"SOA", "MX"})))
    assert found(report) == {"dnssec.partly_validated": [{
        "domain": "good.mx.example", "validated": LOOKUPS[:2], "not_validated": LOOKUPS[2:]}]}


@pytest.mark.parametrize("domain, error, causes", [
    ("mxservfail.mx.example", "servfail", ["dnssec_validation_failure", "server_failure"]),
    ("mxtimeout.mx.example", "timeout", ["timeout"])])
def test_failed_lookups_are_errors(domain, error, causes):
    report = run(domain, memory_resolver(zones(True), timeout=0.3))
    codes = found(report)
    assert codes["dnssec.lookup_failed"] == [{"name": domain, "type": "MX", "error": error,
                                              "possible_causes": causes}]
    assert codes["dnssec.validated"] == [{"domain": domain, "lookups": [f"{domain} SOA", f"{domain} TXT"]}]
    assert report.status is Severity.ERROR


# code -> (domain, which answers the fixture server marks authenticated)
PRODUCED_BY = {
    "dnssec.validated": ("good.mx.example", True),
    "dnssec.not_validated": ("good.mx.example", False),
    "dnssec.partly_validated": ("good.mx.example", {"SOA", "MX"}),
    "dnssec.lookup_failed": ("mxservfail.mx.example", True),
}


@pytest.mark.parametrize("code", sorted(PRODUCED_BY))
def test_code_is_produced_by_a_fixture_zone(dns_server, code):
    domain, authenticated = PRODUCED_BY[code]
    dns_server.load(zones(authenticated))
    report = run_session(make_resolver(dns_server, "dns", timeout=0.5),
                         lambda session: dnssec.check(domain, session))
    assert code in found(report)


def test_every_dnssec_code_has_a_producing_zone():
    assert set(PRODUCED_BY) == {c for c in CATALOGUE if c.startswith("dnssec.")}


def test_ad_flag_survives_a_real_server(dns, backend):
    dns.load(zones(True))
    report = run_session(make_resolver(dns, backend, timeout=0.5),
                         lambda session: dnssec.check("good.mx.example", session))
    assert set(found(report)) == {"dnssec.validated"}
