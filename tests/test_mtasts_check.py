"""The MTA-STS check: DNS from tests/zones/mtasts_cases.zone, policies from a real local
HTTPS server (tests/policyserver), MX hosts from the MX check, as the command line does it."""

from __future__ import annotations

import asyncio
import socket

import pytest

from checker import mtasts, mx
from checker.findings import CATALOGUE, Severity
from tests.dnsfixture import load_zones, memory_resolver
from tests.dnsfixture.client import make_resolver
from tests.policyserver import PolicyServer, TrustingHttpxClient, openssl_available
from checker.proposals import proposals_of
from tests.report_support import found

ZONE = "mtasts_cases.zone"
SUFFIX = "mtasts.example"


def policy(mode: str, *mx_patterns: str, max_age: int = 604800) -> bytes:
    lines = ["version: STSv1", f"mode: {mode}", *(f"mx: {p}" for p in mx_patterns), f"max_age: {max_age}"]
    return ("\r\n".join(lines) + "\r\n").encode()


GOOD = policy("enforce", f"mx1.good.{SUFFIX}", f"*.mail.good.{SUFFIX}")

# case -> keyword arguments of PolicyServer.route (absent: the server answers 404)
ROUTES = {
    "good": dict(body=GOOD),
    "testing": dict(body=policy("testing", f"mx.testing.{SUFFIX}", max_age=3600)),
    "nonemode": dict(body=b"version: STSv1\nmode: none\nmax_age: 86400\n"),
    "uncovered": dict(body=policy("enforce", f"*.uncovered.{SUFFIX}")),
    "redirect": dict(status=301, headers={"Location": "/elsewhere/.well-known/mta-sts.txt"}),
    "servererror": dict(status=500, body=b"Internal Server Error\n", content_type="text/html"),
    "toolarge": dict(body=policy("enforce", f"mx.toolarge.{SUFFIX}") + b"x" * 100_000),
    "huge": dict(body=b"y" * (2 * 1024 * 1024)),
    "slow": dict(body=policy("enforce", f"mx.slow.{SUFFIX}"), delay=3.0),
    "html": dict(body=policy("enforce", f"mx.html.{SUFFIX}"), content_type="text/html; charset=utf-8"),
    "malformed": dict(body=b"<html>\n<body>It works!</body>\n</html>\n"),
    "badvalues": dict(body=b"version: STSv2\nmode: Enforce\nmx: mail..example\nmax_age: 99999999999\n"),
    "messy": dict(body=b"version: STSv1\nmode: enforce\nmode: testing\nmx: mx.messy.mtasts.example\n"
                       b"max_age: 604800\nMax_Age: 1\n"),
    "nullmx": dict(body=policy("enforce", f"mx.nullmx.{SUFFIX}")),
    "mxfail": dict(body=policy("enforce", f"mx.mxfail.{SUFFIX}")),
    "untrusted": dict(body=GOOD),
    "elsewhere": dict(body=GOOD),   # where the redirect points: must never be asked
}


@pytest.fixture(scope="module")
def server():
    if not openssl_available():
        pytest.skip("the openssl command line is needed to make the test certificate")
    with PolicyServer(names=(f"mta-sts.good.{SUFFIX}",)) as running:
        for case, route in ROUTES.items():
            running.route(f"/{case}/.well-known/mta-sts.txt", **route)
        yield running


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(server, case: str, *, fetch: str = "trusted", timeout: float = 2.0, mx_from_check: bool = True,
        url_for=None, dns_server=None):
    """Check <case>.mtasts.example; the policy URL of a domain points at /<case>/ on the server.
    DNS answers come from the fixture DNS server when one is given, else from memory."""
    domain = f"{case}.{SUFFIX}"
    if dns_server is None:
        resolver = memory_resolver(load_zones(ZONE), timeout=0.3)
    else:
        dns_server.reset(load_zones(ZONE))
        resolver = make_resolver(dns_server, "dns", timeout=1.0)
    url_for = url_for or (lambda d: server.url(f"/{d.split('.')[0]}/.well-known/mta-sts.txt"))

    async def main():
        session = resolver.session()
        mx_hosts = (await mx.check(domain, session)).details["mx_hosts"] if mx_from_check else None
        client = {"trusted": TrustingHttpxClient(server.ssl_context()),
                  "system": TrustingHttpxClient(True), "none": None}[fetch]
        try:
            return await mtasts.check(domain, session, mx_hosts, client, timeout=timeout, policy_url_for=url_for)
        finally:
            if client is not None:
                await client.aclose()

    return asyncio.run(main())



def url(server, case: str) -> str:
    return server.url(f"/{case}/.well-known/mta-sts.txt")


# case -> (options of run(), the exact set of codes the user sees)
SCENARIOS = {
    "good": ({}, {"mtasts.record_valid", "mtasts.policy_valid", "mtasts.mode_enforce", "mtasts.mx_covered"}),
    "testing": ({}, {"mtasts.record_valid", "mtasts.policy_valid", "mtasts.mode_testing",
                     "mtasts.max_age_short", "mtasts.mx_not_covered_testing"}),
    "nonemode": ({}, {"mtasts.record_valid", "mtasts.policy_valid", "mtasts.mode_none"}),
    "uncovered": ({}, {"mtasts.record_valid", "mtasts.policy_valid", "mtasts.mode_enforce",
                       "mtasts.mx_not_covered"}),
    "redirect": ({}, {"mtasts.record_valid", "mtasts.policy_redirect"}),
    "notfound": ({}, {"mtasts.record_valid", "mtasts.policy_http_status"}),
    "servererror": ({}, {"mtasts.record_valid", "mtasts.policy_http_status"}),
    "toolarge": ({}, {"mtasts.record_valid", "mtasts.policy_too_large"}),
    "huge": ({}, {"mtasts.record_valid", "mtasts.policy_too_large"}),
    "slow": ({"timeout": 0.5}, {"mtasts.record_valid", "mtasts.policy_timeout"}),
    "html": ({}, {"mtasts.record_valid", "mtasts.policy_content_type", "mtasts.policy_valid",
                  "mtasts.mode_enforce", "mtasts.mx_covered"}),
    "malformed": ({}, {"mtasts.record_valid", "mtasts.policy_syntax", "mtasts.policy_missing_key"}),
    "badvalues": ({}, {"mtasts.record_valid", "mtasts.policy_bad_version", "mtasts.policy_bad_mode",
                       "mtasts.policy_bad_mx", "mtasts.policy_bad_max_age"}),
    "messy": ({}, {"mtasts.record_valid", "mtasts.policy_duplicate_key", "mtasts.policy_unknown_keys",
                   "mtasts.policy_valid", "mtasts.mode_enforce", "mtasts.mx_covered"}),
    "nullmx": ({}, {"mtasts.record_valid", "mtasts.policy_valid", "mtasts.mode_enforce",
                    "mtasts.mx_none_to_match"}),
    "mxfail": ({"mx_from_check": False}, {"mtasts.record_valid", "mtasts.policy_valid",
                                          "mtasts.mode_enforce", "mtasts.lookup_failed"}),
    "refused": ({"url_for": lambda d: f"https://127.0.0.1:{closed_port()}/.well-known/mta-sts.txt"},
                {"mtasts.record_valid", "mtasts.policy_unverifiable"}),
    "untrusted": ({"fetch": "system"}, {"mtasts.record_valid", "mtasts.policy_certificate"}),
    "none": ({}, {"mtasts.no_record"}),
    "multiple": ({}, {"mtasts.multiple_records", "mtasts.policy_host_missing"}),
    "lookalike": ({}, {"mtasts.record_discarded", "mtasts.no_record"}),
    "noid": ({}, {"mtasts.missing_id", "mtasts.policy_host_missing"}),
    "badid": ({}, {"mtasts.invalid_id", "mtasts.policy_host_missing"}),
    "badfield": ({}, {"mtasts.record_syntax", "mtasts.policy_host_missing"}),
    "dupid": ({}, {"mtasts.record_duplicate_field", "mtasts.record_valid", "mtasts.policy_host_missing"}),
    "nohost": ({}, {"mtasts.record_valid", "mtasts.policy_host_missing"}),
    "txttimeout": ({}, {"mtasts.lookup_failed"}),
    "hostfail": ({"fetch": "none"}, {"mtasts.record_valid", "mtasts.lookup_failed",
                                     "mtasts.policy_unverifiable"}),
}


@pytest.mark.parametrize("case", SCENARIOS)
def test_scenario_shows_exactly_these_codes(server, dns_server, case):
    options, expected = SCENARIOS[case]
    assert set(found(run(server, case, dns_server=dns_server, **options))) == expected


def test_every_mtasts_code_has_a_scenario():
    produced = set().union(*(codes for _, codes in SCENARIOS.values()))
    assert produced == {c for c in CATALOGUE if c.startswith("mtasts.")}


def test_good_deployment(server):
    report = run(server, "good")
    assert report.status is Severity.OK
    codes = found(report)
    assert codes["mtasts.record_valid"] == [{"name": f"_mta-sts.good.{SUFFIX}",
                                             "published": "v=STSv1; id=20240101T000000;", "id": "20240101T000000"}]
    assert codes["mtasts.policy_valid"] == [{"mode": "enforce", "max_age": 604800,
                                             "mx": [f"mx1.good.{SUFFIX}", f"*.mail.good.{SUFFIX}"]}]
    assert codes["mtasts.mx_covered"] == [{"hosts": [f"mx1.good.{SUFFIX}", f"a.mail.good.{SUFFIX}"]}]
    assert report.details["fetch"]["status"] == 200
    assert report.details["policy_text"] == GOOD.decode()


def test_testing_mode_says_reports_only_and_gives_the_enforce_policy(server):
    codes = found(run(server, "testing"))
    assert codes["mtasts.mode_testing"] == [{"reports_only": True, "enforce_policy": (
        f"version: STSv1\nmode: enforce\nmx: mx.testing.{SUFFIX}\nmx: other.example.net\nmax_age: 3600\n")}]
    assert codes["mtasts.max_age_short"] == [{"max_age": 3600, "recommended_minimum": 86400}]
    assert codes["mtasts.mx_not_covered_testing"] == [
        {"host": "other.example.net", "patterns": [f"mx.testing.{SUFFIX}"], "mode": "testing"}]


def test_mx_not_covered_in_enforce_mode(server):
    report = run(server, "uncovered")
    assert found(report)["mtasts.mx_not_covered"] == [
        {"host": f"deep.mx.uncovered.{SUFFIX}", "patterns": [f"*.uncovered.{SUFFIX}"]}]
    assert report.status is Severity.ERROR


def test_redirect_is_reported_and_not_followed(server):
    before = len(server.requests)
    report = run(server, "redirect")
    assert found(report)["mtasts.policy_redirect"] == [{
        "url": url(server, "redirect"), "status": 301, "location": "/elsewhere/.well-known/mta-sts.txt"}]
    assert server.requests[before:] == ["/redirect/.well-known/mta-sts.txt"]


@pytest.mark.parametrize("case, status", [("notfound", 404), ("servererror", 500)])
def test_http_error_status_is_an_error(server, case, status):
    report = run(server, case)
    assert found(report)["mtasts.policy_http_status"] == [{"url": url(server, case), "status": status}]
    assert report.status is Severity.ERROR


def test_oversized_policies(server):
    large = found(run(server, "toolarge"))["mtasts.policy_too_large"][0]
    # The transfer stops at the limit (RFC 8461 3.3), so the size is unknown: 0.
    assert large == {"url": url(server, "toolarge"), "limit": 65536, "size": 0}
    huge = found(run(server, "huge"))["mtasts.policy_too_large"][0]
    assert huge["size"] == 0


def test_slow_server_times_out(server):
    assert found(run(server, "slow", timeout=0.5))["mtasts.policy_timeout"] == [
        {"url": url(server, "slow"), "seconds": 0.5}]


def test_wrong_content_type_is_a_warning_and_the_policy_is_still_read(server):
    codes = found(run(server, "html"))
    assert codes["mtasts.policy_content_type"] == [{"url": url(server, "html"), "content_type": "text/html"}]
    assert "mtasts.policy_valid" in codes


def test_malformed_policy(server):
    codes = found(run(server, "malformed"))
    assert [p["line_number"] for p in codes["mtasts.policy_syntax"]] == [1, 2, 3]
    assert [p["key"] for p in codes["mtasts.policy_missing_key"]] == ["version", "mode", "max_age"]


def test_unreadable_policy_is_not_verifiable_here_not_an_error(server):
    report = run(server, "refused", **SCENARIOS["refused"][0])
    unverifiable = found(report)["mtasts.policy_unverifiable"][0]
    assert unverifiable["reason"] == "network"
    assert report.status is Severity.INFO  # the record is fine; the policy is unknown, not wrong


def test_certificate_not_trusted_is_an_error(server):
    report = run(server, "untrusted", fetch="system")  # the system's CAs do not know the test certificate
    assert found(report)["mtasts.policy_certificate"] == [{"url": url(server, "untrusted")}]
    assert report.status is Severity.ERROR


def test_fetching_off_is_not_verifiable_here(server):
    report = run(server, "good", fetch="none")
    assert found(report)["mtasts.policy_unverifiable"] == [
        {"url": url(server, "good"), "reason": "not_fetched"}]


def test_absent_record_comes_as_steps_never_as_one_record(server):
    report = run(server, "none")
    policy = f"version: STSv1\nmode: testing\nmx: mx.none.{SUFFIX}\nmax_age: 86400\n"
    url = f"https://mta-sts.none.{SUFFIX}/.well-known/mta-sts.txt"
    assert found(report) == {"mtasts.no_record": [{"name": f"_mta-sts.none.{SUFFIX}", "policy_url": url,
                                                   "policy": policy}]}
    [proposal] = proposals_of(report)
    # The host and its policy file come first: a TXT record published alone points senders
    # at a policy that is not there.
    assert [(step["step"], step["name"]) for step in proposal["steps"]] == [
        ("host", f"mta-sts.none.{SUFFIX}"), ("policy", url), ("record", f"_mta-sts.none.{SUFFIX}")]
    assert proposal["steps"][1]["record"] == policy and proposal["placeholder"] is True


def test_lookup_failures_are_errors_never_absence(server):
    codes = found(run(server, "txttimeout"))
    assert codes == {"mtasts.lookup_failed": [{"name": f"_mta-sts.txttimeout.{SUFFIX}", "type": "TXT",
                                               "error": "timeout"}]}
    host = found(run(server, "hostfail", fetch="none"))["mtasts.lookup_failed"]
    assert host == [{"name": f"mta-sts.hostfail.{SUFFIX}", "type": t, "error": "servfail"} for t in ("A", "AAAA")]
    mx_failed = found(run(server, "mxfail", mx_from_check=False))["mtasts.lookup_failed"]
    assert mx_failed == [{"name": f"mxfail.{SUFFIX}", "type": "MX", "error": "servfail"}]


def test_missing_policy_host(server):
    assert found(run(server, "nohost"))["mtasts.policy_host_missing"] == [{
        "host": f"mta-sts.nohost.{SUFFIX}", "status": "nxdomain", "url": url(server, "nohost")}]


def test_over_a_real_dns_server(dns, backend, server):
    from tests.dnsfixture.client import close

    dns.load(load_zones(ZONE))
    resolver = make_resolver(dns, backend, timeout=0.5)

    async def main():
        session = resolver.session()
        client = TrustingHttpxClient(server.ssl_context())
        try:
            mx_hosts = (await mx.check(f"uncovered.{SUFFIX}", session)).details["mx_hosts"]
            return await mtasts.check(f"uncovered.{SUFFIX}", session, mx_hosts, client,
                                      policy_url_for=lambda d: url(server, "uncovered"))
        finally:
            await client.aclose()
            await close(resolver)

    report = asyncio.run(main())
    assert set(found(report)) == SCENARIOS["uncovered"][1]


def test_the_policy_host_is_reached_through_the_checks_resolver(server):
    """mta-sts.good.mtasts.example exists only in the check's DNS (the test zone): the fetch
    connects to the address that resolver gave, and TLS checks the certificate for the name."""
    port = server.port
    report = run(server, "good", url_for=lambda d: f"https://mta-sts.{d}:{port}/good/.well-known/mta-sts.txt")
    assert "mtasts.policy_valid" in found(report)
    assert report.details["fetch"]["outcome"] == "ok"
