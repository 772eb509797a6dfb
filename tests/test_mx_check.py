"""The MX check against tests/zones/mx_cases.zone: what a user sees for each situation."""

from __future__ import annotations

import asyncio
import json

import pytest

from checker import mx
from checker.findings import Severity
from tests.dnsfixture import load_zones, memory_resolver
from tests.dnsfixture.client import check_on, make_resolver, run_session
from tests.report_support import found

ZONE = "mx_cases.zone"


def run(domain: str):
    resolver = memory_resolver(load_zones(ZONE), timeout=0.3)
    return asyncio.run(mx.check(domain, resolver.session()))



def test_hosts_in_preference_order_with_their_addresses():
    report = run("good.mx.example")
    assert found(report) == {"mx.hosts_found": [{
        "domain": "good.mx.example", "hosts": ["mx1.good.mx.example", "mx2.good.mx.example"],
        "preferences": [10, 20]}]}
    assert report.status is Severity.OK
    assert report.details["mx_hosts"] == ["mx1.good.mx.example", "mx2.good.mx.example"]
    assert [h["addresses"] for h in report.details["hosts"]] == [["192.0.2.11"], ["2001:db8::12"]]
    assert report.records == ["10 mx1.good.mx.example.", "20 mx2.good.mx.example."]
    json.dumps(report.to_json())  # the report is plain JSON data


def test_null_mx_alone_says_the_domain_takes_no_mail():
    report = run("null.mx.example")
    assert found(report) == {"mx.null_mx": [{"domain": "null.mx.example"}]}
    assert report.details["null_mx"] is True
    assert report.details["mx_hosts"] == []  # nothing for MTA-STS to match


def test_null_mx_mixed_with_other_hosts_is_an_error():
    report = run("nullmixed.mx.example")
    codes = found(report)
    assert codes["mx.null_mx_mixed"] == [{"domain": "nullmixed.mx.example", "hosts": ["mx1.good.mx.example"]}]
    assert "mx.null_mx" not in codes
    assert report.status is Severity.ERROR


def test_root_exchange_with_nonzero_preference_is_not_a_proper_null_mx():
    report = run("nullpref.mx.example")
    assert found(report) == {"mx.null_mx_preference": [
        {"domain": "nullpref.mx.example", "preference": 10, "record": "0 ."}]}


def test_mx_host_that_is_an_alias_is_a_warning():
    report = run("cname.mx.example")
    codes = found(report)
    assert codes["mx.cname"] == [{"exchange": "alias.cname.mx.example", "preference": 10,
                                  "target": "real.cname.mx.example"}]
    assert report.status is Severity.WARNING
    assert report.details["hosts"][0]["addresses"] == ["192.0.2.21"]


def test_ip_address_as_exchange_is_an_error_and_is_not_looked_up():
    resolver = memory_resolver(load_zones(ZONE))
    report = asyncio.run(mx.check("ipliteral.mx.example", resolver.session()))
    assert found(report)["mx.ip_literal"] == [
        {"exchange": "192.0.2.1", "preference": 10, "address": "192.0.2.1"}]
    assert [q.name for q in resolver.transport.log] == ["ipliteral.mx.example"]


def test_hosts_without_address_say_whether_the_name_exists():
    report = run("noaddr.mx.example")
    assert found(report)["mx.no_address"] == [
        {"exchange": "missing.noaddr.mx.example", "preference": 10, "status": "nxdomain"},
        {"exchange": "empty.noaddr.mx.example", "preference": 20, "status": "nodata"}]


def test_no_mx_with_addresses_means_implicit_mx():
    report = run("implicit.mx.example")
    assert found(report) == {"mx.no_mx_implicit": [{
        "domain": "implicit.mx.example", "addresses": ["192.0.2.30", "2001:db8::30"],
        "name": "implicit.mx.example", "type": "MX", "record": "10 implicit.mx.example.",
        "null_mx_record": "0 ."}]}
    assert report.details["implicit_mx"] is True


def test_no_mx_and_no_address_suggests_a_null_mx():
    report = run("nomail.mx.example")
    assert found(report) == {"mx.no_mx_no_address": [
        {"domain": "nomail.mx.example", "name": "nomail.mx.example", "type": "MX", "record": "0 ."}]}


def test_domain_that_does_not_exist():
    report = run("absent.mx.example")
    assert found(report) == {"mx.domain_not_found": [{"domain": "absent.mx.example"}]}


@pytest.mark.parametrize("domain, error", [("mxtimeout.mx.example", "timeout"),
                                           ("mxservfail.mx.example", "servfail")])
def test_failed_mx_lookup_is_an_error_never_no_mx(domain, error):
    report = run(domain)
    assert found(report) == {"mx.lookup_failed": [{"name": domain, "type": "MX", "error": error}]}
    assert report.details["mx_hosts"] is None  # unknown, not empty


def test_failed_host_lookups_are_errors_never_missing_addresses():
    report = run("hostfail.mx.example")
    codes = found(report)
    assert codes["mx.lookup_failed"] == [
        {"name": "mx.hostfail.mx.example", "type": "AAAA", "error": "servfail"},
        {"name": "slow.hostfail.mx.example", "type": "A", "error": "timeout"},
        {"name": "slow.hostfail.mx.example", "type": "AAAA", "error": "timeout"}]
    assert "mx.no_address" not in codes


def test_failed_address_lookups_without_mx_are_errors_never_no_mail():
    report = run("implicitfail.mx.example")
    assert found(report) == {"mx.lookup_failed": [
        {"name": "implicitfail.mx.example", "type": "A", "error": "servfail"},
        {"name": "implicitfail.mx.example", "type": "AAAA", "error": "timeout"}]}


def test_host_lookups_run_concurrently():
    """Two hosts' A and AAAA lookups overlap: wall time is about two round trips, not five."""
    resolver = memory_resolver(load_zones(ZONE), latency=0.2)

    async def main():
        loop = asyncio.get_running_loop()
        start = loop.time()
        await mx.check("good.mx.example", resolver.session())
        return loop.time() - start

    assert asyncio.run(main()) < 0.2 * 3


def test_over_a_real_server(dns, backend):
    dns.load(load_zones(ZONE))
    resolver = make_resolver(dns, backend, timeout=0.5)
    report = run_session(resolver, lambda session: mx.check("cname.mx.example", session))
    assert set(found(report)) == {"mx.hosts_found", "mx.cname"}
    timed_out = run_session(resolver, lambda session: mx.check("mxtimeout.mx.example", session))
    assert found(timed_out) == {"mx.lookup_failed": [
        {"name": "mxtimeout.mx.example", "type": "MX", "error": "timeout"}]}


# case -> the exact set of codes a user sees; together they produce every MX code
SCENARIOS = {
    "good": {"mx.hosts_found"},
    "null": {"mx.null_mx"},
    "nullmixed": {"mx.null_mx_mixed", "mx.hosts_found"},
    "nullpref": {"mx.null_mx_preference"},
    "cname": {"mx.hosts_found", "mx.cname"},
    "ipliteral": {"mx.hosts_found", "mx.ip_literal"},
    "noaddr": {"mx.hosts_found", "mx.no_address"},
    "implicit": {"mx.no_mx_implicit"},
    "nomail": {"mx.no_mx_no_address"},
    "absent": {"mx.domain_not_found"},
    "mxtimeout": {"mx.lookup_failed"},
    "mxservfail": {"mx.lookup_failed"},
    "hostfail": {"mx.hosts_found", "mx.lookup_failed"},
    "implicitfail": {"mx.lookup_failed"},
}


@pytest.mark.parametrize("case", SCENARIOS)
def test_scenario_shows_exactly_these_codes(dns_server, case):
    report = check_on(dns_server, load_zones(ZONE), lambda session: mx.check(f"{case}.mx.example", session),
                      timeout=1.0)
    assert set(found(report)) == SCENARIOS[case]


def test_every_mx_code_has_a_scenario():
    from checker.findings import CATALOGUE

    assert set().union(*SCENARIOS.values()) == {c for c in CATALOGUE if c.startswith("mx.")}
