"""A wildcard TXT record that gives subdomains an SPF record passing every sender is found,
and the record offered in its place closes it (RFC 4592, RFC 7208 5.1, RFC 9989 4.4.2)."""

from __future__ import annotations

from checker.proposals import proposals_of
from checker.spf.report import WILDCARD_PROBE, check
from tests.dnsfixture import load_zones
from tests.dnsfixture.client import make_resolver, run_session


def spf_report(dns_server, domain: str):
    dns_server.reset(load_zones("spf_cases.zone"))
    return run_session(make_resolver(dns_server, "dns", timeout=1.0), lambda session: check(domain, session))


def test_a_wildcard_that_passes_everyone_is_an_error_with_the_record_to_publish(dns_server):
    report = spf_report(dns_server, "wildopen.spf.example")
    [finding] = [f for f in report.findings if f.code == "spf.wildcard_passes_every_sender"]
    assert finding.params == {"name": "*.wildopen.spf.example", "published": "v=spf1 +all", "record": "v=spf1 -all"}
    assert report.status.value == "error"
    assert {"name": "*.wildopen.spf.example", "type": "TXT", "record": "v=spf1 -all"}.items() \
        <= next(p for p in proposals_of(report) if p["name"].startswith("*.")).items()
    assert report.facts.usable and not report.facts.passes_everyone   # the domain's own record is fine
    # the lint of the wildcard's record reads the probe's answer again from the session, not the DNS
    assert [q.rdtype for q in dns_server.queries(f"{WILDCARD_PROBE}.wildopen.spf.example")].count("TXT") == 1


def test_a_closed_wildcard_and_no_wildcard_say_nothing(dns_server):
    for domain in ("wildclosed.spf.example", "good.spf.example"):
        codes = {f.code for f in spf_report(dns_server, domain).findings}
        assert "spf.wildcard_passes_every_sender" not in codes, domain
        assert "spf.lookups_within_limit" in codes, domain


def test_without_a_wildcard_the_probe_costs_one_txt_query(dns_server):
    spf_report(dns_server, "good.spf.example")
    probe = f"{WILDCARD_PROBE}.good.spf.example"
    assert [q.rdtype for q in dns_server.queries(probe)] == ["TXT"]
