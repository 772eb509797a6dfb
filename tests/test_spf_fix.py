"""The proposal for an SPF policy over 10 lookups: ranked includes, a flattened record that fits."""

from __future__ import annotations

import asyncio

from checker.spf.report import check
from tests.dnsfixture import load_zones, memory_resolver


def spf_report(domain: str):
    resolver = memory_resolver(load_zones("spf_fix.zone"))
    return asyncio.run(check(domain, resolver.session()))


def by_code(report, code):
    return [f for f in report.findings if f.code == code]


def test_costliest_plain_includes_are_flattened_until_the_record_fits():
    report = spf_report("toomany.example")
    assert report.details["lookups"] == 13  # mx a + 3 includes, big 3, mid 1, dyn 4
    (problem,) = by_code(report, "spf.too_many_lookups")
    (proposal,) = by_code(report, "spf.flatten_proposal")
    params = proposal.params
    assert params["ranked"] == ["include:_spf.dyn.example (5)", "include:_spf.big.example (4)",
                                "include:_spf.mid.example (2)"]
    # dyn costs most but uses a and mx: it cannot be copied as addresses; big alone saves enough.
    assert params["flattened"] == ["include:_spf.big.example"]
    assert params["lookups_after"] == 9
    assert params["name"] == "toomany.example"
    # the two /25 halves become one /24: networks are merged, never listed beside what covers them
    assert params["record"] == ("v=spf1 mx a ip4:198.51.100.0/24 ip4:203.0.113.7 ip6:2001:db8:b::/48 "
                                "include:_spf.mid.example include:_spf.dyn.example -all")


def test_no_proposal_when_only_dynamic_includes_remain():
    report = spf_report("dynonly.example")
    assert by_code(report, "spf.too_many_lookups")
    assert not by_code(report, "spf.flatten_proposal")
    (note,) = by_code(report, "spf.no_flatten_proposal")
    assert note.params["ranked"][0] == "include:_spf.dyn.example (5)"


def test_no_proposal_within_the_limit():
    small = spf_report("_spf.big.example")
    assert small.details["lookups"] == 3
    assert not by_code(small, "spf.flatten_proposal") and not by_code(small, "spf.no_flatten_proposal")


def test_two_records_get_one_merged_proposal():
    from checker.proposals import proposals_of

    report = spf_report("tworecords.example")
    [item] = proposals_of(report)
    assert item["name"] == "tworecords.example" and item["addresses"] == ["spf.multiple_records"]
    assert item["record"] == "v=spf1 ip4:192.0.2.1 include:_spf.mid.example ip4:203.0.113.0/24 -all"
