"""lint(): the policy tree of a domain, its worst-case lookups and what is wrong with it.

Data: tests/zones/spf_cases.zone, answered in memory or by the real fixture server.
"""

from __future__ import annotations

import asyncio
import ipaddress

import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import pytest

from checker.dns import Answer, Status
from checker.spf import lint
from checker.spf.lint import size_findings
from tests.dnsfixture import ZONES_DIR, ZoneDB, memory_resolver
from tests.dnsfixture.client import close, make_resolver

ZONE = ZoneDB.from_zonefile(ZONES_DIR / "spf_cases.zone")


def run_lint(domain, *, latency=0.0, round_trips: list | None = None, **limits):
    """lint() over the zone in memory; ``round_trips`` receives the count of round trips."""
    resolver = memory_resolver(ZONE, latency=latency, **{"timeout": 0.5, **limits})
    report = asyncio.run(lint(domain, resolver=resolver))
    if round_trips is not None:
        round_trips.append(resolver.transport.round_trips.count)
    return report


def codes(report) -> list[str]:
    return [finding.code for finding in report.findings]


def finding(report, code):
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, codes(report)
    return found[0]


def test_a_good_policy_has_a_tree_and_no_findings():
    report = run_lint("good.spf.example")
    assert codes(report) == []
    assert (report.lookups, report.lower_bound, report.void_lookups) == (2, False, 0)
    root = report.tree
    assert (root.domain, root.via, root.cost, root.address_lookups) == ("good.spf.example", "top", 2, 1)
    assert root.record == "v=spf1 ip4:192.0.2.0/24 -ip4:192.0.2.128/25 include:_spf.good.spf.example mx -all"
    assert root.networks == [ipaddress.ip_network("192.0.2.0/24")]  # "-ip4" authorises nothing
    [child] = root.children
    assert (child.domain, child.via, child.term, child.cost) == \
        ("_spf.good.spf.example", "include", "include:_spf.good.spf.example", 0)
    assert child.networks == [ipaddress.ip_network("2001:db8::/32")]
    assert report.to_json()["tree"]["children"][0]["networks"] == ["2001:db8::/32"]


@pytest.mark.parametrize(("domain", "code", "params"), [
    ("plusall.spf.example", "spf.pass_all", {"domain": "plusall.spf.example", "term": "+all"}),
    ("neutralall.spf.example", "spf.neutral_all", {"domain": "neutralall.spf.example", "term": "?all"}),
    ("noall.spf.example", "spf.no_all", {"domain": "noall.spf.example"}),
    ("ptr.spf.example", "spf.ptr_used", {"domain": "ptr.spf.example", "term": "ptr"}),
    ("redirall.spf.example", "spf.redirect_ignored",
     {"domain": "redirall.spf.example", "term": "redirect=good.spf.example"}),
    ("twice.spf.example", "spf.multiple_records",
     {"domain": "twice.spf.example", "count": 2, "records": ["v=spf1 +all", "v=spf1 -all"]}),
    ("syntax.spf.example", "spf.syntax_error",
     {"domain": "syntax.spf.example", "reason": "mechanism_unknown", "term": "moo", "position": 14, "offset": 14}),
    ("norecord.spf.example", "spf.no_record", {"domain": "norecord.spf.example", "nxdomain": False}),
    ("absent.spf.example", "spf.no_record", {"domain": "absent.spf.example", "nxdomain": True}),
    ("incnone.spf.example", "spf.include_target_no_record",
     {"domain": "incnone.spf.example", "term": "include:norecord.spf.example", "target": "norecord.spf.example",
      "reason": "no_record"}),
    ("redirnone.spf.example", "spf.redirect_target_no_record",
     {"domain": "redirnone.spf.example", "term": "redirect=nothing.spf.example", "target": "nothing.spf.example",
      "reason": "no_record"}),
    ("manymx.spf.example", "spf.too_many_mx", {"domain": "manymx.spf.example", "term": "mx", "count": 11, "limit": 10}),
    ("type99.spf.example", "spf.type99_present", {"domain": "type99.spf.example", "same_as_txt": False}),
])
def test_findings(domain, code, params):
    assert finding(run_lint(domain), code).params == params


def test_question_mark_all_in_an_include_is_not_a_policy():
    assert codes(run_lint("neutralall.spf.example")) == ["spf.neutral_all"]


def test_the_worst_case_total_counts_the_whole_tree():
    report = run_lint("toomany.spf.example")
    assert (report.lookups, report.lower_bound) == (10, False)
    assert "spf.too_many_lookups" not in codes(report)
    report = run_lint("tree.spf.example")
    assert (report.lookups, report.tree.total, [c.total for c in report.tree.children]) == (9, 9, [2, 2, 2])


def test_more_than_ten_lookups():
    report = run_lint("loop.spf.example")
    loop = finding(report, "spf.include_loop")
    assert loop.params == {"domain": "loop2.spf.example", "term": "redirect=loop.spf.example",
                           "chain": ["loop.spf.example", "loop2.spf.example", "loop.spf.example"]}
    assert report.lower_bound


def test_lookups_beyond_ten_are_reported_with_the_total(dns_server):
    dns_server.load(ZONE.copy().add("over.spf.example", "TXT",
                                    '"v=spf1 include:toomany.spf.example a -all"'))
    resolver = make_resolver(dns_server, "dns", timeout=0.5)
    report = asyncio.run(_lint_closing("over.spf.example", resolver))
    assert finding(report, "spf.too_many_lookups").params == \
        {"total": 12, "limit": 10, "lower_bound": False, "domain": "over.spf.example"}


def test_void_lookups_are_counted_per_ip_version():
    report = run_lint("voids.spf.example")
    assert report.void_lookups == 3
    assert finding(report, "spf.too_many_void_lookups").params["terms"] == [
        "voids.spf.example: a:nx1.spf.example", "voids.spf.example: a:nx2.spf.example",
        "voids.spf.example: a:nx3.spf.example"]
    report = run_lint("v4only.spf.example")  # no AAAA: three void lookups for an IPv6 client
    assert report.void_lookups == 3
    assert report.tree.void_terms == [("a:h1.spf.example", (6,)), ("a:h2.spf.example", (6,)),
                                      ("a:h3.spf.example", (6,))]


def test_record_size():
    report = run_lint("big.spf.example")
    guideline = finding(report, "spf.record_over_guideline").params
    assert guideline["limit"] == 450 and guideline["size"] > 450
    assert finding(report, "spf.response_over_512").params["size"] > 512
    assert len(report.tree.networks) == 30


def test_a_string_over_255_octets_is_reported():
    # DNS cannot carry it (dnspython refuses to build it): the guard is for answers from elsewhere
    rdata = dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, [b"v=spf1 -all"])
    object.__setattr__(rdata, "strings", (b"v=spf1 " + b"a" * 300,))
    answer = Answer("long.example", "TXT", Status.OK, (rdata,))
    found = {f.code: f.params for f in size_findings("long.example", "long.example", answer)}
    assert found["spf.string_too_long"] == {"domain": "long.example", "length": 307, "limit": 255}
    assert found["spf.response_over_512"]["size"] > 65535


def test_macro_targets_make_the_total_a_lower_bound():
    report = run_lint("macro.spf.example")
    assert finding(report, "spf.lookups_unknown").params == \
        {"domain": "macro.spf.example", "term": "include:%{l}.users.spf.example"}
    assert (report.lookups, report.lower_bound) == (3, True)
    assert [c.domain for c in report.tree.children] == ["_spf.macro.spf.example"]  # %{o} is known


def test_dns_errors_are_errors_of_that_lookup_never_a_missing_record():
    report = run_lint("dnsfail.spf.example")
    errors = [(f.code, f.params["name"], f.params["kind"]) for f in report.findings]
    assert errors == [("spf.dns_error", "slow.spf.example", "timeout"),
                      ("spf.dns_error", "broken.spf.example", "servfail")]
    assert report.lower_bound
    assert [c.errors for c in report.tree.children] == [[report.findings[0]], [report.findings[1]]]


def test_a_timeout_at_the_top_is_not_a_missing_record():
    report = run_lint("slow.spf.example")
    assert codes(report) == ["spf.dns_error"] and report.lower_bound


def test_children_are_fetched_together():
    round_trips = []
    report = run_lint("tree.spf.example", latency=0.1, round_trips=round_trips)
    assert report.lookups == 9
    assert round_trips == [3], "a tree three records deep takes three round trips"


@pytest.mark.parametrize("backend", ["dns", "doh"])
def test_lint_over_the_real_server(dns_server, backend):
    dns_server.load(ZONE)
    report = asyncio.run(_lint_closing("good.spf.example", make_resolver(dns_server, backend, timeout=1)))
    assert (codes(report), report.lookups) == ([], 2)


async def _lint_closing(domain, resolver):
    try:
        return await lint(domain, resolver=resolver)
    finally:
        await close(resolver)
