"""RFC 9989's own tree walk examples (4.10, 4.10.2, B.4) and RFC 9990's external
destination example, on zones that use the RFCs' names."""

from __future__ import annotations

import asyncio

import pytest

from checker import dmarc
from checker.dmarc.discovery import read_walk, select_organizational_domain, skipped_names, walk_names
from checker.dmarc.parser import parse_record
from checker.dns import Answer, Status
from tests.dnsfixture import load_zones, memory_resolver
from tests.report_support import found

ZONE = "dmarc_rfc_examples.zone"


def run(domain: str, zone: str = ZONE):
    resolver = memory_resolver(load_zones(zone), timeout=0.3)
    report = asyncio.run(dmarc.check(domain, resolver.session()))
    return report, [q.name for q in resolver.transport.log]



def walk_queries(log: list[str], domain: str) -> list[str]:
    """The _dmarc queries of the walk from ``domain`` (not those of destination hosts)."""
    names = {f"_dmarc.{d}" for d in walk_names(domain)}
    return [name for name in log if name in names]


# -- 4.10: the names queried ----------------------------------------------------

def test_section_4_10_thirteen_labels_take_eight_queries():
    domain = "a.b.c.d.e.f.g.h.i.j.mail.example.com"
    expected = ["_dmarc.a.b.c.d.e.f.g.h.i.j.mail.example.com", "_dmarc.g.h.i.j.mail.example.com",
                "_dmarc.h.i.j.mail.example.com", "_dmarc.i.j.mail.example.com", "_dmarc.j.mail.example.com",
                "_dmarc.mail.example.com", "_dmarc.example.com", "_dmarc.com"]
    assert [f"_dmarc.{d}" for d in walk_names(domain)] == expected
    report, log = run(domain)
    assert [name for name in log if name.startswith("_dmarc.") and name.endswith("com")] == expected
    assert [e["name"] for e in report.details["walk"]] == expected


@pytest.mark.parametrize("labels", range(1, 16))
def test_walk_never_exceeds_eight_names(labels):
    domain = ".".join(f"l{i}" for i in range(labels))
    names = walk_names(domain)
    assert len(names) == min(labels, 8)
    assert names[0] == domain and names[-1] == f"l{labels - 1}"
    assert all(len(n.split(".")) <= 7 for n in names[1:])
    assert len(skipped_names(domain)) == max(0, labels - 8)


def test_b4_2_deep_tree_walk():
    domain = "a.b.c.d.e.f.g.h.i.j.k.example.com"
    report, log = run(domain)
    assert walk_queries(log, domain) == [
        "_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com", "_dmarc.g.h.i.j.k.example.com",
        "_dmarc.h.i.j.k.example.com", "_dmarc.i.j.k.example.com", "_dmarc.j.k.example.com",
        "_dmarc.k.example.com", "_dmarc.example.com", "_dmarc.com"]
    assert report.details["organizational_domain"] == "example.com"
    assert report.details["policy_domain"] == "example.com"
    codes = found(report)
    assert codes["dmarc.walk_shortened"] == [{
        "domain": domain, "labels": 13,
        "skipped": ["b.c.d.e.f.g.h.i.j.k.example.com", "c.d.e.f.g.h.i.j.k.example.com",
                    "d.e.f.g.h.i.j.k.example.com", "e.f.g.h.i.j.k.example.com", "f.g.h.i.j.k.example.com"]}]
    assert codes["dmarc.record_found"] == [{"name": "_dmarc.example.com", "policy_domain": "example.com",
                                           "source": "organizational"}]
    assert codes["dmarc.policy_inherited"] == [{"domain": domain, "policy_domain": "example.com",
                                               "tag": "sp", "exists": True}]


# -- B.4.1 and 4.10.2: organizational domains -----------------------------------

@pytest.mark.parametrize("domain, walk, org", [
    ("example.com", ["_dmarc.example.com", "_dmarc.com"], "example.com"),                          # B.4.1
    ("signing.example.com", ["_dmarc.signing.example.com", "_dmarc.example.com", "_dmarc.com"],
     "example.com"),                                                                               # B.4.1
    ("a.mail.example.com", ["_dmarc.a.mail.example.com", "_dmarc.mail.example.com", "_dmarc.example.com",
                            "_dmarc.com"], "example.com"),                                          # 4.10.2 first
])
def test_organizational_domain_is_the_record_with_fewest_labels(domain, walk, org):
    report, log = run(domain)
    assert walk_queries(log, domain) == walk
    assert report.details["organizational_domain"] == org


def test_section_4_10_2_records_on_intermediate_subdomains_do_not_apply_below_them():
    # _dmarc.mail.example.com exists, but example.com is the organizational domain:
    # its record (with sp) is the one that applies to a.mail.example.com.
    report, _ = run("a.mail.example.com")
    assert report.details["policy_domain"] == "example.com"
    assert report.details["policy"] == {"tag": "sp", "requested": "none", "effective": "none", "testing": False}


def test_section_4_10_2_psd_n_makes_its_domain_the_organizational_domain():
    report, log = run("a.mail.example.com", "dmarc_rfc_orgdomain_psdn.zone")
    assert [e["name"] for e in report.details["walk"]] == ["_dmarc.a.mail.example.com", "_dmarc.mail.example.com"]
    assert report.details["walk_unread"] == ["_dmarc.example.com", "_dmarc.com"]
    assert report.details["organizational_domain"] == "mail.example.com"
    assert report.details["policy_domain"] == "mail.example.com"
    assert found(report)["dmarc.psd_flag"] == [{"value": "n", "policy_domain": "mail.example.com"}]


def test_section_4_10_2_psd_y_at_com_makes_example_com_the_organizational_domain():
    report, _ = run("a.mail.example.com", "dmarc_rfc_orgdomain_psdcom.zone")
    assert report.details["organizational_domain"] == "example.com"
    codes = found(report)
    assert codes["dmarc.record_found"] == [{"name": "_dmarc.com", "policy_domain": "com", "source": "public_suffix"}]
    assert codes["dmarc.psd_policy_only"] == [{
        "domain": "a.mail.example.com", "policy_domain": "com", "organizational_domain": "example.com",
        "name": "_dmarc.example.com", "record": "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com",
        "placeholder": True}]
    # the suffix operator's record is not the owner's to fix
    assert "dmarc.no_rua" not in codes
    assert codes["dmarc.policy_reject"][0]["record"] is None


# -- B.4.3: public suffix domain ------------------------------------------------

@pytest.mark.parametrize("domain, org, policy_domain, source", [
    ("giant.bank.example", "giant.bank.example", "giant.bank.example", "domain"),
    ("mail.giant.bank.example", "giant.bank.example", "giant.bank.example", "organizational"),
    ("mail.mega.bank.example", "mega.bank.example", "bank.example", "public_suffix"),
])
def test_b4_3_psd_record(domain, org, policy_domain, source):
    report, log = run(domain)
    assert report.details["organizational_domain"] == org
    assert report.details["policy_domain"] == policy_domain
    assert report.details["source"] == source
    # the walk stops at the psd=y record
    assert report.details["walk"][-1]["name"] == "_dmarc.bank.example"


def test_select_organizational_domain_rules():
    def rec(text):
        return parse_record(text)
    start = "a.mail.example.com"
    assert select_organizational_domain(start, []) == start
    assert select_organizational_domain(start, [("mail.example.com", rec("v=DMARC1")),
                                                ("example.com", rec("v=DMARC1"))]) == "example.com"
    assert select_organizational_domain(start, [("mail.example.com", rec("v=DMARC1; psd=n"))]) == "mail.example.com"
    assert select_organizational_domain(start, [("com", rec("v=DMARC1; psd=y"))]) == "example.com"
    # psd=y on the start domain itself: not rule 2, the record with fewest labels
    assert select_organizational_domain("bank.example", [("bank.example", rec("v=DMARC1; psd=y"))]) == "bank.example"


def test_multiple_records_at_a_name_are_discarded_and_the_walk_goes_on():
    def answer(name, *texts):
        import dns.rdata
        records = tuple(dns.rdata.from_text("IN", "TXT", f'"{t}"') for t in texts)
        return Answer(name, "TXT", Status.OK if texts else Status.NXDOMAIN, records)
    walk = read_walk("a.example.com", [
        ("a.example.com", answer("_dmarc.a.example.com", "v=DMARC1; psd=n", "v=DMARC1; p=none")),
        ("example.com", answer("_dmarc.example.com", "v=DMARC1; p=reject")),
        ("com", answer("_dmarc.com"))])
    assert [e.status for e in walk.entries] == ["multiple", "record", "none"]
    assert walk.organizational_domain() == "example.com"


# -- B.2 and RFC 9990 section 4: external destinations --------------------------

def test_b2_3_and_b2_4_third_party_failure_reports_with_override():
    report, log = run("example.com")
    codes = found(report)
    assert "example.com._report._dmarc.thirdparty.example.net" in log
    assert codes["dmarc.destination_internal"] == [{
        "tag": "rua", "uri": "mailto:dmarc-feedback@example.com", "host": "example.com",
        "organizational_domain": "example.com"}]
    assert codes["dmarc.destination_authorized"] == [{
        "tag": "ruf", "uri": "mailto:auth-reports@thirdparty.example.net", "host": "thirdparty.example.net",
        "name": "example.com._report._dmarc.thirdparty.example.net"}]
    assert codes["dmarc.destination_override"] == [{
        "tag": "ruf", "uri": "mailto:auth-reports@thirdparty.example.net",
        "override": ["mailto:failure-reports@thirdparty.example.net"]}]


def test_b2_5_testing_subdomain_and_an_unauthorized_third_party():
    report, _ = run("test.example.com")
    codes = found(report)
    assert codes["dmarc.policy_none"] == [{
        "policy_domain": "test.example.com", "tag": "p", "requested": "quarantine", "effective": "none",
        "testing": True, "name": "_dmarc.test.example.com",
        "record": "v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,"
                  "mailto:tld-test@thirdparty.example.net"}]
    assert codes["dmarc.testing"][0]["requested"] == "quarantine"
    # example.com is inside test.example.com's organizational domain: no check needed
    assert codes["dmarc.destination_internal"][0]["host"] == "example.com"
    assert codes["dmarc.destination_unauthorized"] == [{
        "tag": "rua", "uri": "mailto:tld-test@thirdparty.example.net", "host": "thirdparty.example.net",
        "name": "test.example.com._report._dmarc.thirdparty.example.net", "record": "v=DMARC1;", "found": []}]


def test_rfc9990_blue_and_red_example():
    report, log = run("blue.example.com")
    assert "blue.example.com._report._dmarc.red.example.net" in log
    assert found(report)["dmarc.destination_authorized"] == [{
        "tag": "rua", "uri": "mailto:reports@red.example.net", "host": "red.example.net",
        "name": "blue.example.com._report._dmarc.red.example.net"}]
    destination = report.details["destinations"][0]
    assert destination["external"] is True
    assert destination["host_organizational_domain"] == "red.example.net"
    assert destination["org_method"] == "tree_walk"
