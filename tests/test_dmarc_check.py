"""The DMARC check against tests/zones/dmarc_cases.zone (<case>.dmarc.example)."""

from __future__ import annotations

import asyncio
import json

import pytest

from checker import dmarc
from checker.findings import CATALOGUE, Severity
from tests.dnsfixture import load_zones, memory_resolver
from tests.dnsfixture.client import check_on, make_resolver, run_session
from tests.report_support import found

ZONE = "dmarc_cases.zone"
RFC_ZONE = "dmarc_rfc_examples.zone"
LONG = f"{'a' * 63}.{'b' * 63}.long"


def run(case: str, zone: str = ZONE, **options):
    domain = case if zone != ZONE else f"{case}.dmarc.example"
    options.setdefault("timeout", 0.3)
    resolver = memory_resolver(load_zones(zone), **options)
    report = asyncio.run(dmarc.check(domain, resolver.session()))
    report.log = [q.name for q in resolver.transport.log]
    report.round_trips = resolver.transport.round_trips.count
    return report



def name(case: str) -> str:
    return f"_dmarc.{case}.dmarc.example"


# -- policies ---------------------------------------------------------------------

def test_reject_policy_is_good_news_with_its_details():
    report = run("reject")
    assert report.status is Severity.OK
    codes = found(report)
    assert codes["dmarc.record_found"] == [{"name": name("reject"), "policy_domain": "reject.dmarc.example",
                                           "source": "domain"}]
    assert codes["dmarc.policy_reject"] == [{
        "policy_domain": "reject.dmarc.example", "tag": "p", "requested": "reject", "effective": "reject",
        "testing": False, "record": None, "name": name("reject")}]
    assert codes["dmarc.alignment"] == [{"adkim": "relaxed", "aspf": "relaxed", "explicit": []}]
    assert report.records == ["v=DMARC1; p=reject; rua=mailto:dmarc@reject.dmarc.example"]
    details = report.details
    assert details["policy"] == {"tag": "p", "requested": "reject", "effective": "reject", "testing": False}
    assert details["tags"] == {"v": "DMARC1", "p": "reject", "sp": "reject", "np": "reject", "adkim": "r",
                               "aspf": "r", "t": "n", "psd": "u", "fo": ["0"],
                               "rua": ["mailto:dmarc@reject.dmarc.example"], "ruf": []}
    assert details["parsed"]["tags"] == [["p", "reject"], ["rua", "mailto:dmarc@reject.dmarc.example"]]
    assert details["subdomain_policy"] == {"sp": "reject", "np": "reject"}
    assert details["walk"][0] == {"name": name("reject"), "domain": "reject.dmarc.example", "status": "record",
                                  "answer": "ok", "error": None, "records": report.records}
    json.dumps(report.to_json())   # JSON-ready


def test_quarantine_policy_points_to_reject_next():
    report = run("quarantine")
    assert found(report)["dmarc.policy_quarantine"][0]["record"] == \
        "v=DMARC1; p=reject; rua=mailto:dmarc@quarantine.dmarc.example"
    assert report.status is Severity.OK


def test_none_policy_is_monitoring_only_and_gives_the_next_step():
    report = run("none")
    assert found(report)["dmarc.policy_none"] == [{
        "policy_domain": "none.dmarc.example", "tag": "p", "requested": "none", "effective": "none",
        "testing": False, "name": name("none"),
        "record": "v=DMARC1; p=quarantine; rua=mailto:dmarc@none.dmarc.example"}]
    assert report.status is Severity.WARNING


@pytest.mark.parametrize("case, requested, effective, code", [
    ("testing", "reject", "quarantine", "dmarc.policy_quarantine"),
    ("testingq", "quarantine", "none", "dmarc.policy_none"),
])
def test_testing_flag_applies_one_level_lower(case, requested, effective, code):
    report = run(case)
    codes = found(report)
    assert codes[code][0]["requested"] == requested and codes[code][0]["effective"] == effective
    assert codes["dmarc.testing"] == [{
        "tag": "p", "requested": requested, "effective": effective, "name": name(case),
        "record": f"v=DMARC1; p={requested}; rua=mailto:dmarc@{case}.dmarc.example"}]
    assert report.details["policy"] == {"tag": "p", "requested": requested, "effective": effective,
                                        "testing": True}


def test_weaker_subdomain_policies():
    codes = found(run("weaksub"))
    assert codes["dmarc.subdomain_policy"] == [{"sp": "none", "np": "quarantine", "sp_source": "sp",
                                               "np_source": "np"}]
    assert [(w["tag"], w["value"], w["p"]) for w in codes["dmarc.subdomain_policy_weaker"]] == [
        ("sp", "none", "reject"), ("np", "quarantine", "reject")]
    assert codes["dmarc.subdomain_policy_weaker"][0]["record"] == \
        "v=DMARC1; p=reject; sp=reject; np=quarantine; rua=mailto:dmarc@weaksub.dmarc.example"


def test_strict_alignment_and_failure_options():
    codes = found(run("strict"))
    assert codes["dmarc.alignment"] == [{"adkim": "strict", "aspf": "strict", "explicit": ["adkim", "aspf"]}]
    assert codes["dmarc.failure_options"] == [{"fo": ["1", "d"]}]
    assert [d["tag"] for d in codes["dmarc.destination_internal"]] == ["rua", "ruf"]


def test_missing_rua_gives_the_record_with_reports():
    codes = found(run("norua"))
    assert codes["dmarc.no_rua"] == [{
        "name": name("norua"), "present": False, "placeholder": True,
        "record": "v=DMARC1; p=reject; rua=mailto:dmarc-reports@norua.dmarc.example"}]


def test_missing_p_means_none():
    report = run("nop")
    codes = found(report)
    assert codes["dmarc.policy_missing"] == [{"name": name("nop"),
                                              "record": "v=DMARC1; p=none; rua=mailto:dmarc@nop.dmarc.example"}]
    assert report.details["policy"]["requested"] == "none"


def test_empty_record():
    codes = found(run("empty"))
    assert codes["dmarc.record_empty"] == [{
        "name": name("empty"), "placeholder": True,
        "record": "v=DMARC1; p=none; rua=mailto:dmarc-reports@empty.dmarc.example"}]
    assert "dmarc.policy_missing" not in codes and "dmarc.no_rua" not in codes


# -- where the record is ------------------------------------------------------------

def test_no_record_comes_with_a_starting_record_and_the_path_to_enforcement():
    report = run("norecord")
    assert found(report) == {"dmarc.no_record": [{
        "domain": "norecord.dmarc.example",
        "queried": [name("norecord"), "_dmarc.dmarc.example", "_dmarc.example"],
        "name": name("norecord"), "placeholder": True,
        "record": "v=DMARC1; p=none; rua=mailto:dmarc-reports@norecord.dmarc.example",
        "next_records": ["v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@norecord.dmarc.example",
                         "v=DMARC1; p=reject; rua=mailto:dmarc-reports@norecord.dmarc.example"],
        "discarded": []}]}
    assert report.status is Severity.ERROR
    assert report.details["applies"] is False


def test_two_records_are_both_discarded():
    report = run("multiple")
    codes = found(report)
    assert codes["dmarc.multiple_records"] == [{"name": name("multiple"), "count": 2, "records": report.records}]
    assert codes["dmarc.no_record"][0]["discarded"] == report.records
    assert len(report.records) == 2


def test_record_at_the_apex_instead_of_dmarc():
    codes = found(run("apex"))
    assert codes["dmarc.record_at_apex"] == [{
        "domain": "apex.dmarc.example", "record": "v=DMARC1; p=reject; rua=mailto:dmarc@apex.dmarc.example",
        "name": name("apex"), "published": False}]
    assert "dmarc.no_record" in codes


def test_apex_is_asked_in_the_same_round_trip_as_the_walk():
    report = run("apex")
    assert report.log[:5] == ["apex.dmarc.example", "apex.dmarc.example", name("apex"),
                              "_dmarc.dmarc.example", "_dmarc.example"]


def test_spf_record_under_dmarc_is_reported_and_the_dmarc_record_still_used():
    codes = found(run("spfhere"))
    assert codes["dmarc.unrelated_txt"] == [{"name": name("spfhere"), "published": "v=spf1 -all", "kind": "spf"}]
    assert "dmarc.policy_reject" in codes


@pytest.mark.parametrize("case, reason, corrected", [
    ("lowercase", "version_case", "v=DMARC1; p=reject"),
    ("notfirst", "not_first", "v=DMARC1; p=reject; rua=mailto:dmarc@notfirst.dmarc.example"),
    ("nosep", "missing_separator", "v=DMARC1; p=reject"),
    ("leading", "leading_space", "v=DMARC1; p=reject"),
    ("quoted", "quoted", "v=DMARC1; p=reject"),
    ("version2", "version_value", None),
])
def test_near_misses_are_discarded_with_the_corrected_record(case, reason, corrected):
    report = run(case)
    codes = found(report)
    assert [(v["reason"], v["record"]) for v in codes["dmarc.version_invalid"]] == [(reason, corrected)]
    assert codes["dmarc.no_record"][0]["discarded"] == [codes["dmarc.version_invalid"][0]["published"]]


# -- syntax ----------------------------------------------------------------------

def test_syntax_problems_of_the_applied_record():
    codes = found(run("syntax"))
    assert codes["dmarc.duplicate_tag"] == [{"tag": "p", "values": ["reject", "none"]}]
    assert sorted(v["tag"] for v in codes["dmarc.tag_value_invalid"]) == ["adkim", "fo", "psd", "t"]
    assert codes["dmarc.unknown_tag"] == [{"tag": "foo", "value": "bar"}]
    assert codes["dmarc.tag_malformed"] == [{"text": "reports please", "reason": "no_equals"},
                                            {"text": "9x=1", "reason": "bad_name"}]
    assert codes["dmarc.policy_reject"][0]["requested"] == "reject"   # the first p wins


def test_invalid_policy_with_rua_acts_as_none():
    report = run("badpolicy")
    codes = found(report)
    assert codes["dmarc.policy_invalid"] == [{
        "tag": "p", "value": "rejected", "effect": "treated_as_none", "suggested": "reject",
        "name": name("badpolicy"), "record": "v=DMARC1; p=reject; rua=mailto:dmarc@badpolicy.dmarc.example"}]
    assert report.details["policy"]["effective"] == "none"


def test_invalid_sp_without_rua_means_no_dmarc():
    report = run("badsp")
    assert found(report)["dmarc.policy_invalid"] == [{
        "tag": "sp", "value": "block", "effect": "not_applied", "suggested": "none",
        "name": name("badsp"), "record": "v=DMARC1; p=reject; sp=none"}]
    assert report.details["applies"] is False
    assert not any(c.startswith("dmarc.policy_") and c != "dmarc.policy_invalid" for c in found(report))


def test_legacy_rfc7489_tags():
    codes = found(run("legacy"))
    assert [o["tag"] for o in codes["dmarc.obsolete_tag"]] == ["pct", "rf", "ri"]
    assert codes["dmarc.pct_ignored"] == [{"value": 25, "policy": "quarantine", "replacement": None}]
    assert codes["dmarc.uri_size_obsolete"] == [{"tag": "rua", "uri": "mailto:dmarc@legacy.dmarc.example!10m",
                                                "size": "10m"}]
    assert found(run("pctzero"))["dmarc.pct_ignored"] == [{"value": 0, "policy": "reject", "replacement": "t=y"}]
    assert run("legacy").details["tags"]["pct"] == 25   # still read by BIMI's draft


def test_report_uri_mistakes():
    codes = found(run("baduri"))
    assert [(u["uri"], u["reason"], u["suggestion"]) for u in codes["dmarc.uri_invalid"]] == [
        ("dmarc@baduri.dmarc.example", "no_scheme", "mailto:dmarc@baduri.dmarc.example"),
        ("mailto:nobody", "bad_address", None), ("", "empty", None)]
    assert codes["dmarc.uri_scheme_unsupported"] == [{
        "tag": "rua", "uri": "https://reports.baduri.dmarc.example/dmarc", "scheme": "https"}]


def test_fo_without_ruf():
    assert found(run("fonoruf"))["dmarc.fo_without_ruf"] == [{"fo": "1"}]


# -- organizational domain and subdomains -------------------------------------------

def test_existing_subdomain_gets_sp():
    report = run("sub.org")
    codes = found(report)
    assert codes["dmarc.policy_inherited"] == [{"domain": "sub.org.dmarc.example",
                                               "policy_domain": "org.dmarc.example", "tag": "sp", "exists": True}]
    assert codes["dmarc.policy_quarantine"][0]["tag"] == "sp"
    assert report.details["domain_exists"] is True
    assert report.records == ["v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:dmarc@org.dmarc.example"]


def test_non_existent_subdomain_gets_np():
    report = run("ghost.org")
    codes = found(report)
    assert codes["dmarc.policy_inherited"][0]["tag"] == "np" and codes["dmarc.policy_inherited"][0]["exists"] is False
    assert codes["dmarc.policy_reject"][0]["tag"] == "np"
    assert report.details["domain_exists"] is False


def test_sp_on_a_record_below_the_organizational_domain_is_ignored():
    codes = found(run("team.org"))
    assert codes["dmarc.sp_ignored"] == [{"tag": "sp", "value": "none", "organizational_domain": "org.dmarc.example"}]
    assert codes["dmarc.organizational_domain"] == [{"domain": "team.org.dmarc.example",
                                                     "organizational_domain": "org.dmarc.example"}]


def test_public_suffix_record_alone_covers_a_domain():
    report = run("member.psd")
    codes = found(report)
    assert codes["dmarc.record_found"][0]["source"] == "public_suffix"
    assert codes["dmarc.psd_policy_only"] == [{
        "domain": "member.psd.dmarc.example", "policy_domain": "psd.dmarc.example",
        "organizational_domain": "member.psd.dmarc.example", "name": "_dmarc.member.psd.dmarc.example",
        "record": "v=DMARC1; p=none; rua=mailto:dmarc-reports@member.psd.dmarc.example", "placeholder": True}]
    assert codes["dmarc.psd_flag"] == [{"value": "y", "policy_domain": "psd.dmarc.example"}]
    assert codes["dmarc.ruf_ignored_psd"] == [{"policy_domain": "psd.dmarc.example",
                                              "ruf": ["mailto:psd-failures@psd.dmarc.example"]}]
    assert all(d["tag"] == "rua" for d in report.details["destinations"])


# -- report destinations ---------------------------------------------------------------

def test_external_destinations():
    report = run("ext")
    codes = found(report)
    assert [d["host"] for d in codes["dmarc.destination_authorized"]] == [
        "vendor.example", "wild.example", "override.example"]
    assert codes["dmarc.destination_unauthorized"] == [{
        "tag": "rua", "uri": "mailto:r@nobody.example", "host": "nobody.example",
        "name": "ext.dmarc.example._report._dmarc.nobody.example", "record": "v=DMARC1;",
        "found": ["site-verification=abc"]}]
    assert codes["dmarc.destination_override"] == [{"tag": "rua", "uri": "mailto:r@override.example",
                                                    "override": ["mailto:other@override.example"]}]
    assert codes["dmarc.destination_override_invalid"] == [{
        "tag": "ruf", "uri": "mailto:f@badoverride.example", "host": "badoverride.example",
        "override": ["mailto:x@elsewhere.example"], "other_hosts": ["elsewhere.example"]}]
    assert codes["dmarc.destination_unverifiable"] == [{
        "tag": "rua", "uri": "mailto:r@[192.0.2.1]", "host": "192.0.2.1", "reason": "ip_literal", "name": None}]
    assert codes["dmarc.lookup_failed"] == [{
        "name": "ext.dmarc.example._report._dmarc.slow.example", "type": "TXT", "error": "timeout",
        "step": "destination_authorization"}]
    statuses = {d["uri"]: d["status"] for d in report.details["destinations"]}
    assert statuses == {
        "mailto:r@vendor.example": "authorized", "mailto:r@nobody.example": "unauthorized",
        "mailto:r@wild.example": "authorized", "mailto:r@override.example": "authorized",
        "mailto:r@[192.0.2.1]": "unverifiable", "mailto:f@badoverride.example": "override_invalid",
        "mailto:f@slow.example": "unknown"}


def test_wildcard_authorization_is_plain_dns():
    report = run("ext")
    wild = next(d for d in report.details["destinations"] if d["host"] == "wild.example")
    assert wild["authorization_name"] == "ext.dmarc.example._report._dmarc.wild.example"
    assert wild["authorization_records"] == ["v=DMARC1"]


def test_internal_or_external_by_tree_walk_and_by_name_comparison():
    report = run("corp")
    by_host = {d["host"]: d for d in report.details["destinations"]}
    # a subdomain under the same organizational domain: internal, no authorization asked
    assert by_host["reports.corp.dmarc.example"]["status"] == "internal"
    assert by_host["reports.corp.dmarc.example"]["org_method"] == "tree_walk"
    assert not any(q.endswith("._report._dmarc.reports.corp.dmarc.example") for q in report.log)
    # a subdomain with its own psd=n record is another organizational domain: external
    assert by_host["x.unit.corp.dmarc.example"]["host_organizational_domain"] == "unit.corp.dmarc.example"
    assert by_host["x.unit.corp.dmarc.example"]["status"] == "authorized"
    # its walk failed: name comparison (a subdomain of the organizational domain) decides
    assert by_host["mail.broken.corp.dmarc.example"]["org_method"] == "name_comparison"
    assert by_host["mail.broken.corp.dmarc.example"]["status"] == "internal"
    assert found(report)["dmarc.lookup_failed"] == [{
        "name": "_dmarc.broken.corp.dmarc.example", "type": "TXT", "error": "servfail", "step": "destination_walk"}]


def test_psd_n_subdomain_reporting_to_its_parent_needs_authorization():
    codes = found(run("dept.org"))
    assert codes["dmarc.destination_unauthorized"] == [{
        "tag": "rua", "uri": "mailto:dmarc@org.dmarc.example", "host": "org.dmarc.example",
        "name": "dept.org.dmarc.example._report._dmarc.org.dmarc.example", "record": "v=DMARC1;", "found": []}]


def test_authorization_name_too_long_cannot_be_verified():
    report = run(LONG)
    (params,) = found(report)["dmarc.destination_unverifiable"]
    assert params["reason"] == "name_too_long" and len(params["name"]) > 253
    assert not any("._report._dmarc." in q for q in report.log)


# -- failures are errors, never "no DMARC" ------------------------------------------------

@pytest.mark.parametrize("case, error", [("timeout", "timeout"), ("servfail", "servfail")])
def test_failed_dmarc_lookup_is_an_error_never_no_record(case, error):
    report = run(case)
    assert found(report) == {"dmarc.lookup_failed": [{"name": name(case), "type": "TXT", "error": error,
                                                      "step": "policy"}]}
    assert report.status is Severity.ERROR
    assert report.details["applies"] is None


def test_failed_parent_lookup_leaves_the_policy_unknown():
    report = run("child.sfparent")
    assert found(report) == {"dmarc.lookup_failed": [{"name": "_dmarc.sfparent.dmarc.example", "type": "TXT",
                                                      "error": "servfail", "step": "policy"}]}
    assert report.details["applies"] is None


def test_failed_existence_lookup_assumes_sp_and_says_so():
    report = run("flaky.org")
    codes = found(report)
    assert codes["dmarc.lookup_failed"] == [{"name": "flaky.org.dmarc.example", "type": "A", "error": "servfail",
                                             "step": "existence"}]
    assert codes["dmarc.policy_inherited"][0]["exists"] is None
    assert report.details["policy"]["tag"] == "sp"


def test_failed_apex_lookup_does_not_hide_the_policy():
    codes = found(run("apexfail"))
    assert codes["dmarc.lookup_failed"] == [{"name": "apexfail.dmarc.example", "type": "TXT", "error": "servfail",
                                             "step": "apex"}]
    assert "dmarc.policy_reject" in codes


def test_over_a_real_server(dns, backend):
    dns.load(load_zones(ZONE, RFC_ZONE))
    # generous timeout: the fixture's DoH server answers concurrent requests slowly
    resolver = make_resolver(dns, backend, timeout=3.0)
    report = run_session(resolver, lambda session: dmarc.check("blue.example.com", session))
    assert found(report)["dmarc.destination_authorized"][0]["host"] == "red.example.net"
    failed = run_session(resolver, lambda session: dmarc.check("servfail.dmarc.example", session))
    assert set(found(failed)) == {"dmarc.lookup_failed"}
    dns.clear_log()
    deep = "a.b.c.d.e.f.g.h.i.j.k.example.com"
    report = run_session(resolver, lambda session: dmarc.check(deep, session))
    assert "dmarc.lookup_failed" not in found(report)
    walk = [q.name for q in dns.queries(rdtype="TXT") if q.name.startswith("_dmarc.") and q.name.endswith("com")]
    assert len(walk) == 8 and len(set(walk)) == 8


def test_timeout_over_a_real_server(dns):
    dns.load(load_zones(ZONE))
    resolver = make_resolver(dns, "dns", timeout=1.5)
    report = run_session(resolver, lambda session: dmarc.check("timeout.dmarc.example", session))
    assert found(report) == {"dmarc.lookup_failed": [{"name": name("timeout"), "type": "TXT", "error": "timeout",
                                                      "step": "policy"}]}


def test_independent_queries_go_out_together():
    # latency 0.2 s per query: the walk, apex and existence make one round trip;
    # destinations (their walks and authorizations) a second one. Sequential
    # queries would take 17 and 13 round trips.
    for case, zone in [("ext", ZONE), ("a.b.c.d.e.f.g.h.i.j.k.example.com", RFC_ZONE)]:
        assert run(case, zone, latency=0.2, timeout=1.0).round_trips == 2, case


def test_bad_input_never_raises():
    for domain in ["x" * 300 + ".example", "a..b", "-.example", "example"]:
        resolver = memory_resolver(load_zones(ZONE), timeout=0.3)
        report = asyncio.run(dmarc.check(domain, resolver.session()))
        json.dumps(report.to_json())


# -- every code comes from a fixture zone -----------------------------------------------

# code -> (zone, domain) where a check produces it
PRODUCED_BY = {
    "dmarc.lookup_failed": (ZONE, "timeout"),
    "dmarc.no_record": (ZONE, "norecord"),
    "dmarc.record_found": (ZONE, "reject"),
    "dmarc.walk_shortened": (RFC_ZONE, "a.b.c.d.e.f.g.h.i.j.k.example.com"),
    "dmarc.multiple_records": (ZONE, "multiple"),
    "dmarc.version_invalid": (ZONE, "lowercase"),
    "dmarc.unrelated_txt": (ZONE, "spfhere"),
    "dmarc.record_at_apex": (ZONE, "apex"),
    "dmarc.record_empty": (ZONE, "empty"),
    "dmarc.tag_malformed": (ZONE, "syntax"),
    "dmarc.duplicate_tag": (ZONE, "syntax"),
    "dmarc.tag_value_invalid": (ZONE, "syntax"),
    "dmarc.unknown_tag": (ZONE, "syntax"),
    "dmarc.policy_missing": (ZONE, "nop"),
    "dmarc.policy_missing_no_rua": (ZONE, "nopnorua"),
    "dmarc.policy_invalid": (ZONE, "badpolicy"),
    "dmarc.obsolete_tag": (ZONE, "legacy"),
    "dmarc.pct_ignored": (ZONE, "legacy"),
    "dmarc.uri_size_obsolete": (ZONE, "legacy"),
    "dmarc.fo_without_ruf": (ZONE, "fonoruf"),
    "dmarc.uri_invalid": (ZONE, "baduri"),
    "dmarc.uri_scheme_unsupported": (ZONE, "baduri"),
    "dmarc.no_rua": (ZONE, "norua"),
    "dmarc.destination_internal": (ZONE, "reject"),
    "dmarc.destination_authorized": (ZONE, "ext"),
    "dmarc.destination_unauthorized": (ZONE, "ext"),
    "dmarc.destination_unverifiable": (ZONE, LONG),
    "dmarc.destination_override": (ZONE, "ext"),
    "dmarc.destination_override_invalid": (ZONE, "ext"),
    "dmarc.ruf_ignored_psd": (ZONE, "member.psd"),
    "dmarc.policy_reject": (ZONE, "reject"),
    "dmarc.policy_quarantine": (ZONE, "quarantine"),
    "dmarc.policy_none": (ZONE, "none"),
    "dmarc.policy_inherited": (ZONE, "sub.org"),
    "dmarc.psd_policy_only": (ZONE, "member.psd"),
    "dmarc.testing": (ZONE, "testing"),
    "dmarc.subdomain_policy": (ZONE, "org"),
    "dmarc.subdomain_policy_weaker": (ZONE, "weaksub"),
    "dmarc.sp_ignored": (ZONE, "team.org"),
    "dmarc.alignment": (ZONE, "strict"),
    "dmarc.failure_options": (ZONE, "strict"),
    "dmarc.psd_flag": (ZONE, "dept.org"),
    "dmarc.organizational_domain": (ZONE, "team.org"),
}


@pytest.mark.parametrize("code", sorted(PRODUCED_BY))
def test_code_is_produced_by_a_fixture_zone(dns_server, code):
    zone, case = PRODUCED_BY[code]
    domain = case if zone != ZONE else f"{case}.dmarc.example"
    report = check_on(dns_server, load_zones(zone), lambda session: dmarc.check(domain, session), timeout=1.0)
    assert code in found(report)


def test_every_code_links_to_a_dmarc_anchor_of_the_site_outline():
    anchors = {
        "dmarc/index.md": {"alignment", "policy", "subdomain-policy", "reporting", "external-destinations",
                           "record-location", "record-syntax", "discovery", "testing-flag", "psd",
                           "obsolete-tags", "closing-spf-gaps"},
        "dmarc/enforcement.md": {"starting-record", "read-reports", "quarantine", "reject", "rollback"},
        "dmarc/myths.md": {"myth-none-is-enough"},
    }
    for code, entry in CATALOGUE.items():
        if code.startswith("dmarc."):
            page, _, anchor = entry.article.partition("#")
            assert anchor in anchors.get(page, ()), (code, entry.article)


def test_every_dmarc_code_has_a_producing_zone():
    assert set(PRODUCED_BY) == {c for c in CATALOGUE if c.startswith("dmarc.")}


def test_a_next_step_never_copies_the_obsolete_tags_back():
    """A p=reject proposal for a record with pct, rf and ri leaves them out (RFC 9989 C.5.2)."""
    from checker.dmarc.parser import parse_record

    record = parse_record("v=DMARC1; p=quarantine; pct=100; rf=afrf; ri=86400; rua=mailto:d@example.com")
    assert record.rebuilt({"p": "reject"}) == "v=DMARC1; p=reject; rua=mailto:d@example.com"
