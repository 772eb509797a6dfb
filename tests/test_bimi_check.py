"""The BIMI check against tests/zones/bimi_cases.zone (default._bimi.<case>.bimi.example)."""

from __future__ import annotations

import asyncio
import functools
import json

import pytest

from checker import bimi
from checker.facts import DmarcFacts
from checker.findings import CATALOGUE, Severity
from tests.dnsfixture import ZoneDB, load_zones, memory_resolver
from tests.dnsfixture.client import check_on, make_resolver, run_session
from tests.report_support import found

ZONE = "bimi_cases.zone"


def policy(p: str, sp: str | None = None, pct: int | None = None, org_p: str | None = None,
           org: str | None = None) -> DmarcFacts:
    """The DMARC facts of a record that applies with ``p``."""
    return DmarcFacts("applied", effective=p, requested=p, organizational_domain=org, organizational_p=org_p,
                      subdomain_policy=sp, pct=pct, domain_exists=True)


REJECT = policy("reject")
MISSING = DmarcFacts("missing")


@functools.lru_cache(maxsize=None)
def zone() -> ZoneDB:
    return load_zones(ZONE)


def run(case: str, dmarc=REJECT):
    resolver = memory_resolver(zone(), timeout=0.3)
    report = asyncio.run(bimi.check(f"{case}.bimi.example", resolver.session(), dmarc))
    return report, resolver.transport.log



def name(case: str) -> str:
    return f"default._bimi.{case}.bimi.example"


def test_complete_record_with_enforced_dmarc():
    report, log = run("good")
    assert found(report) == {
        "bimi.evidence_present": [{"url": "https://good.bimi.example/brand/vmc.pem"}],
        "bimi.record_ok": [{"location": "https://good.bimi.example/brand/logo.svg"}],
        "bimi.dmarc_enforced": [{"p": "reject", "sp": None, "pct": None}],
    }
    assert report.status is Severity.OK
    assert [entry.name for entry in log] == [name("good")]  # one query; DMARC is not looked up here
    assert report.details["record"]["location"] == "https://good.bimi.example/brand/logo.svg"
    assert report.details["dmarc"] == {"found": True, "p": "reject", "sp": None, "pct": None, "blocking": []}


def test_strings_are_joined_without_spaces():
    report, _ = run("split")
    assert found(report)["bimi.record_ok"] == [{"location": "https://split.bimi.example/logo.svg"}]


def test_no_record_is_information():
    report, _ = run("none")
    assert found(report) == {"bimi.no_record": [{"name": name("none")}]}
    assert report.status is Severity.INFO and report.records == []


def test_unrelated_text_is_no_record():
    report, _ = run("wild")
    assert found(report) == {"bimi.no_record": [{"name": name("wild")}]}
    assert report.details["ignored_records"] == ["some-site-verification=abc123"]


def test_organizational_domain_record_applies_when_the_domain_has_none():
    report, log = run("team.good", policy("reject", org="good.bimi.example"))
    assert found(report)["bimi.organizational_record"] == [{
        "name": "default._bimi.good.bimi.example", "domain": "team.good.bimi.example",
        "organizational_domain": "good.bimi.example"}]
    assert [entry.name for entry in log] == [name("team.good"), name("good")]
    assert report.details["name"] == name("good") and "bimi.record_ok" in found(report)


def test_declination_skips_the_dmarc_prerequisite():
    report, _ = run("declined", dmarc=None)
    assert found(report) == {"bimi.declined": [{"lps": None}]}
    assert report.status is Severity.INFO and report.details["declined"] is True


def test_hostile_uris_are_errors_and_stay_plain_data():
    report, _ = run("hostile")
    codes = found(report)
    assert codes["bimi.location_not_https"] == [
        {"value": "javascript:alert(document.cookie)//.svg", "scheme": "javascript"}]
    assert codes["bimi.evidence_not_https"] == [
        {"value": "http://hostile.bimi.example/vmc.pem", "scheme": "http"}]
    assert "bimi.record_ok" not in codes and report.status is Severity.ERROR
    # Parameters are strings in JSON: nothing was turned into markup on the way.
    assert json.loads(json.dumps(report.to_json()))["findings"][0]["params"]["value"].startswith("javascript:")


@pytest.mark.parametrize("dmarc, expected", [
    (MISSING, {"bimi.dmarc_missing": [{}]}),
    (None, {"bimi.dmarc_unknown": [{}]}),
    (DmarcFacts("unknown"), {"bimi.dmarc_unknown": [{}]}),
    (policy("reject", pct=50), {"bimi.dmarc_enforced": [{"p": "reject", "sp": None, "pct": 50}]}),
    (policy("reject", org_p="none"),
     {"bimi.dmarc_not_enforced": [{"reason": "org_p_none", "p": "reject", "sp": None, "pct": None}]}),
    (policy("none", None, None),
     {"bimi.dmarc_not_enforced": [{"reason": "p_none", "p": "none", "sp": None, "pct": None}]}),
    (policy("reject", "none", None),
     {"bimi.dmarc_not_enforced": [{"reason": "sp_none", "p": "reject", "sp": "none", "pct": None}]}),
    (policy("quarantine", None, 25),
     {"bimi.dmarc_not_enforced": [{"reason": "pct_below_100", "p": "quarantine", "sp": None, "pct": 25}]}),
    (policy("quarantine", "quarantine", 100),
     {"bimi.dmarc_enforced": [{"p": "quarantine", "sp": "quarantine", "pct": 100}]}),
])
def test_dmarc_prerequisite(dmarc, expected):
    report, _ = run("good", dmarc)
    codes = found(report)
    assert {code: params for code, params in codes.items() if code.startswith("bimi.dmarc_")} == expected


@pytest.mark.parametrize("case, error", [("timeout", "timeout"), ("servfail", "servfail")])
def test_failed_lookup_is_an_error_not_a_missing_record(case, error):
    report, _ = run(case)
    assert found(report) == {"bimi.lookup_failed": [{"name": name(case), "error": error}]}
    assert report.status is Severity.ERROR


def test_check_over_the_fixture_server(dns, backend):
    dns.load(zone())
    resolver = make_resolver(dns, backend, timeout=2)
    report = run_session(resolver, lambda session: bimi.check("good.bimi.example", session, REJECT))
    assert report.status is Severity.OK and "bimi.record_ok" in found(report)


# -- every code comes from a fixture case ------------------------------------------------------

# code -> (case, DMARC summary, params expected in one finding with that code)
CODE_FIXTURES: dict[str, tuple[str, dict | None, dict]] = {
    "bimi.no_record": ("none", REJECT, {"name": name("none")}),
    "bimi.lookup_failed": ("servfail", REJECT, {"error": "servfail"}),
    "bimi.version_invalid": ("case", REJECT, {"published": "v=bimi1; l=https://case.bimi.example/logo.svg",
                                              "record": "v=BIMI1; l=https://case.bimi.example/logo.svg",
                                              "name": name("case")}),
    "bimi.multiple_records": ("multiple", REJECT, {"name": name("multiple"), "count": 2}),
    "bimi.tag_syntax": ("syntax", REJECT, {"reason": "missing_equals", "text": "logo at our site"}),
    "bimi.duplicate_tag": ("dup", REJECT, {"tag": "l"}),
    "bimi.unknown_tags": ("options", REJECT, {"tags": ["L"]}),
    "bimi.lps_invalid": ("options", REJECT, {"value": "news, bad_prefix"}),
    "bimi.avp_invalid": ("options", REJECT, {"value": "Brand"}),
    "bimi.declined": ("lpsdecline", REJECT, {"lps": ["brand-indicators-"]}),
    "bimi.record_ok": ("personal", REJECT, {"location": "https://personal.bimi.example/logo.svg"}),
    "bimi.location_missing": ("nol", REJECT, {}),
    "bimi.location_empty": ("lempty", REJECT, {"evidence": "https://lempty.bimi.example/vmc.pem"}),
    "bimi.location_not_https": ("hostile", REJECT, {"scheme": "javascript"}),
    "bimi.location_invalid": ("baduri", REJECT, {"value": "https://192.0.2.1/logo.svg", "reason": "ip_address"}),
    "bimi.logo_not_svg": ("png", REJECT, {"value": "https://png.bimi.example/logo.PNG", "suffix": ".png"}),
    "bimi.logo_suffix_missing": ("nosuffix", REJECT, {"value": "https://nosuffix.bimi.example/logo?v=2"}),
    "bimi.evidence_present": ("good", REJECT, {"url": "https://good.bimi.example/brand/vmc.pem"}),
    "bimi.evidence_missing": ("nocert", REJECT, {}),
    "bimi.evidence_not_https": ("hostile", REJECT, {"value": "http://hostile.bimi.example/vmc.pem"}),
    "bimi.evidence_invalid": ("baduri", REJECT, {"value": "https://bad host.bimi.example/vmc.pem",
                                                 "reason": "characters"}),
    "bimi.dmarc_missing": ("good", MISSING, {}),
    "bimi.dmarc_unknown": ("good", DmarcFacts("unknown"), {}),
    "bimi.organizational_record": ("team.good", policy("reject", org="good.bimi.example"),
                                   {"name": "default._bimi.good.bimi.example"}),
    "bimi.dmarc_not_enforced": ("good", policy("none"),
                                {"reason": "p_none"}),
    "bimi.dmarc_enforced": ("good", REJECT, {"p": "reject"}),
}


@pytest.mark.parametrize("code", sorted(CODE_FIXTURES))
def test_code_is_produced_by_its_fixture(dns_server, code):
    case, dmarc, params = CODE_FIXTURES[code]
    report = check_on(dns_server, zone(), lambda session: bimi.check(f"{case}.bimi.example", session, dmarc),
                      timeout=1.0)
    produced = found(report).get(code, [])
    assert any(params.items() <= finding.items() for finding in produced), found(report)


def test_every_bimi_code_has_a_fixture():
    assert {code for code in CATALOGUE if code.startswith("bimi.")} == set(CODE_FIXTURES)


def test_every_code_links_to_a_bimi_anchor():
    anchors = {"record", "declination", "logo", "certificate", "dmarc-prerequisite"}
    for code, entry in CATALOGUE.items():
        if code.startswith("bimi."):
            page, _, anchor = entry.article.partition("#")
            assert page == "bimi.md" and anchor in anchors, (code, entry.article)
