"""The DKIM check against tests/zones/dkim_cases.zone (selectors under <case>.dkim.example)."""

from __future__ import annotations

import asyncio
import functools

import pytest

from checker import dkim
from checker.dkim.selectors import KNOWN_SELECTORS
from checker.findings import CATALOGUE, Severity
from tests.dnsfixture import ZoneDB, load_zones, memory_resolver
from tests.dnsfixture.client import check_on, make_resolver, run_session
from tests.test_dkim_keys import fixture_key
from tests.report_support import found

ZONE = "dkim_cases.zone"
KNOWN = list(KNOWN_SELECTORS)
KEY_2048 = fixture_key(2048)
RFC8463_ED25519_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="


@functools.lru_cache(maxsize=None)
def zone() -> ZoneDB:
    return load_zones(ZONE)


def run(domain: str, selectors=(), **limits):
    limits.setdefault("timeout", 0.3)
    resolver = memory_resolver(zone(), **limits)
    report = asyncio.run(dkim.check(domain, resolver.session(), selectors))
    return report, resolver.transport.log



def key_details(report, selector: str) -> dict:
    [entry] = [entry for entry in report.details["found"] if entry["selector"] == selector]
    return entry


# -- keys found ------------------------------------------------------------------------

def test_provider_keys_are_found_with_size_and_provider():
    report, _ = run("google.dkim.example")
    codes = found(report)
    assert codes["dkim.key_found"] == [
        {"selector": "google", "name": "google._domainkey.google.dkim.example", "provider": "Google Workspace"},
        {"selector": "selector1", "name": "selector1._domainkey.google.dkim.example", "provider": "Microsoft 365"},
    ]
    assert codes["dkim.rsa_key_ok"] == [{"selector": "google", "bits": 2048}]
    assert codes["dkim.rsa_key_short"] == [{"selector": "selector1", "bits": 1024}]
    assert "dkim.none_found" not in codes and "dkim.none_found_incomplete" not in codes
    assert report.status is Severity.WARNING
    google = key_details(report, "google")
    assert (google["provider"], google["key_type"], google["key_bits"], google["key_format"]) == \
        ("Google Workspace", "rsa", 2048, "spki")
    assert google["tags"]["v"] == "DKIM1" and google["flags"] == [] and google["valid"] is True
    microsoft = key_details(report, "selector1")
    assert microsoft["cname"] == "selector1-google-dkim-example._domainkey.tenant.onmicrosoft.test"
    assert microsoft["key_bits"] == 1024
    assert len(report.records) == 2 and all(r.startswith("v=DKIM1; k=rsa; p=MI") for r in report.records)


def test_rfc8463_example_keys():
    report, _ = run("football.example.com", ["brisbane", "test"])
    codes = found(report)
    assert codes["dkim.ed25519_key_ok"] == [{"selector": "brisbane"}]
    assert codes["dkim.rsa_key_short"] == [{"selector": "test", "bits": 1024}]
    brisbane = key_details(report, "brisbane")
    assert (brisbane["key_type"], brisbane["key_bits"], brisbane["key_format"]) == ("ed25519", 256, "raw")
    assert brisbane["provider"] is None
    assert report.records[0] == "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="


@pytest.mark.parametrize("domain, selector, code, bits", [
    ("weak.dkim.example", "default", "dkim.rsa_key_too_short", 512),
    ("big.dkim.example", "dkim", "dkim.rsa_key_ok", 4096),
    ("big.dkim.example", "key1", "dkim.rsa_key_too_long", 8192),
])
def test_key_sizes(domain, selector, code, bits):
    report, _ = run(domain)
    assert {"selector": selector, "bits": bits} in found(report)[code]
    assert key_details(report, selector)["key_bits"] == bits


def test_short_key_is_an_error_and_marks_the_record_unusable():
    report, _ = run("weak.dkim.example")
    assert report.status is Severity.ERROR
    assert key_details(report, "default")["valid"] is False


def test_testing_and_strict_flags():
    report, _ = run("testing.dkim.example")
    codes = found(report)
    assert codes["dkim.testing"] == [{
        "selector": "s1", "record": "v=DKIM1; t=s; p=" + KEY_2048, "name": "s1._domainkey.testing.dkim.example"}]
    assert codes["dkim.strict_identity"] == [{"selector": "s1"}]
    entry = key_details(report, "s1")
    assert entry["flags"] == ["y", "s"] and entry["testing"] is True and entry["provider"] == "SendGrid"


def test_hash_restrictions():
    report, _ = run("hashes.dkim.example")
    codes = found(report)
    assert codes["dkim.hash_sha1_only"] == [{
        "selector": "k1", "record": "v=DKIM1; h=sha256; p=" + KEY_2048, "name": "k1._domainkey.hashes.dkim.example"}]
    assert codes["dkim.hash_unusable"] == [{
        "selector": "k2", "value": "md5", "record": "v=DKIM1; h=sha256; p=" + KEY_2048,
        "name": "k2._domainkey.hashes.dkim.example"}]
    assert key_details(report, "k3")["hash_algorithms"] == ["sha1", "sha256"]
    assert key_details(report, "k3")["valid"] is True


def test_revoked_key_is_information_not_an_error():
    report, _ = run("revoked.dkim.example")
    assert found(report)["dkim.key_revoked"] == [{"selector": "default"}]
    assert key_details(report, "default")["revoked"] is True
    assert "dkim.none_found" not in found(report)  # a record is there: the selector is known
    assert report.status is Severity.INFO


def test_two_records_at_one_selector():
    report, _ = run("multi.dkim.example")
    codes = found(report)
    assert codes["dkim.multiple_records"] == [
        {"selector": "default", "name": "default._domainkey.multi.dkim.example", "count": 2}]
    assert len([e for e in report.details["found"] if e["selector"] == "default"]) == 2


# -- nothing found: honest wording -----------------------------------------------------

def test_none_found_names_every_selector_probed():
    report, _ = run("none.dkim.example")
    assert found(report) == {"dkim.none_found": [
        {"count": len(KNOWN), "selectors": KNOWN, "domainkey": "nxdomain"}]}
    assert report.status is Severity.WARNING
    assert report.records == [] and report.details["absent"] == KNOWN


def test_domainkey_that_exists_is_told_apart():
    report, _ = run("ent.dkim.example")
    assert found(report)["dkim.none_found"][0]["domainkey"] == "exists"
    report, _ = run("ent.dkim.example", ["custom-2024", "2024.mail"])
    codes = found(report)
    assert [p["selector"] for p in codes["dkim.key_found"]] == ["custom-2024", "2024.mail"]
    assert "dkim.none_found" not in codes


def test_failed_lookups_are_errors_not_absent_keys():
    report, _ = run("flaky.dkim.example")
    codes = found(report)
    assert codes["dkim.lookup_failed"] == [
        {"selector": None, "name": "_domainkey.flaky.dkim.example", "error": "servfail"},
        {"selector": "google", "name": "google._domainkey.flaky.dkim.example", "error": "timeout"},
        {"selector": "selector1", "name": "selector1._domainkey.flaky.dkim.example", "error": "servfail"},
    ]
    assert "dkim.none_found" not in codes
    rest = [s for s in KNOWN if s not in ("google", "selector1")]
    assert codes["dkim.none_found_incomplete"] == [{
        "count": len(rest), "selectors": rest, "failed": 2,
        "failed_selectors": ["google", "selector1"], "domainkey": "unknown"}]
    assert report.status is Severity.ERROR
    assert report.details["failed"] == ["google", "selector1"]


def test_when_every_lookup_times_out_nothing_is_called_absent():
    report, _ = run("none.dkim.example", latency=0.2, timeout=0.05, concurrency=64)
    codes = found(report)
    assert {p["error"] for p in codes["dkim.lookup_failed"]} == {"timeout"}
    assert len(codes["dkim.lookup_failed"]) == len(KNOWN) + 2
    assert codes["dkim.none_found_incomplete"] == [{
        "count": 0, "selectors": [], "failed": len(KNOWN), "failed_selectors": KNOWN,
        "domainkey": "unknown"}]
    assert "dkim.none_found" not in codes


# -- wildcards ------------------------------------------------------------------------

def test_revoking_wildcard_is_reported_once_and_real_keys_still_found():
    report, _ = run("wild.dkim.example")
    codes = found(report)
    assert codes["dkim.wildcard_record"] == [{"name": "*._domainkey.wild.dkim.example", "revoked": True}]
    assert codes["dkim.key_revoked"] == [{"selector": "*"}]
    assert [p["selector"] for p in codes["dkim.key_found"]] == ["google"]
    assert "dkim.none_found" not in codes
    assert set(report.details["wildcard"]["covered"]) == set(KNOWN) - {"google"}


def test_revoking_wildcard_alone_means_none_found():
    report, _ = run("wildnone.dkim.example")
    codes = found(report)
    assert codes["dkim.wildcard_record"] == [{"name": "*._domainkey.wildnone.dkim.example", "revoked": True}]
    assert codes["dkim.none_found"][0]["count"] == len(KNOWN)
    assert "dkim.key_found" not in codes


def test_unrelated_wildcard_text_is_judged_once_not_per_selector():
    report, _ = run("wildspf.dkim.example")
    codes = found(report)
    assert codes["dkim.wildcard_record"] == [{"name": "*._domainkey.wildspf.dkim.example", "revoked": False}]
    assert codes["dkim.version_invalid"] == [{"selector": "*", "value": "spf1 -all"}]  # no correction: no key
    assert codes["dkim.key_missing"] == [{"selector": "*"}]
    assert "dkim.key_found" not in codes and codes["dkim.none_found"][0]["count"] == len(KNOWN)


def test_a_named_selector_answered_by_the_wildcard_is_reported_as_found():
    report, _ = run("wildnone.dkim.example", ["mine"])
    assert found(report)["dkim.key_found"] == [
        {"selector": "mine", "name": "mine._domainkey.wildnone.dkim.example", "provider": None}]


# -- selectors named by the user ----------------------------------------------------------

def test_user_selectors_are_validated_and_probed_first_once():
    long_label = "a" * 64
    long_name = ".".join(["b" * 60] * 4)
    report, log = run("google.dkim.example", ["Google", " missing ", "bad_sel!", "", long_label, long_name,
                                              "-x", "ü"])
    codes = found(report)
    assert codes["dkim.selector_invalid"] == [
        {"selector": "bad_sel!", "reason": "bad_label"},
        {"selector": "", "reason": "empty"},
        {"selector": long_label, "reason": "label_too_long"},
        {"selector": long_name, "reason": "name_too_long"},
        {"selector": "-x", "reason": "bad_label"},
        {"selector": "ü", "reason": "bad_label"},
    ]
    assert codes["dkim.selector_not_found"] == [
        {"selector": "missing", "name": "missing._domainkey.google.dkim.example"}]
    assert report.details["selectors_named"] == ["google", "missing"]
    assert report.details["selectors_probed"][:2] == ["google", "missing"]
    assert len(report.details["selectors_probed"]) == len(KNOWN) + 1
    names = [entry.name for entry in log]
    assert names.count("google._domainkey.google.dkim.example") == 1
    assert not any("bad_sel" in name for name in names)


def test_selectors_are_probed_concurrently():
    resolver = memory_resolver(zone(), latency=0.1, timeout=1, concurrency=64)
    report = asyncio.run(dkim.check("none.dkim.example", resolver.session(), ()))
    log = resolver.transport.log
    assert resolver.transport.round_trips.count == 1  # one round trip, not 43 of them
    asked = [entry.name for entry in log]
    expected = [f"{s}._domainkey.none.dkim.example" for s in KNOWN] + ["_domainkey.none.dkim.example"]
    assert len(asked) == len(expected) + 1  # and one random name: the wildcard probe
    assert set(expected) <= set(asked)
    assert found(report)["dkim.none_found"]


# -- over the network: UDP/TCP and DoH ---------------------------------------------------

def test_check_over_the_fixture_server(dns, backend):
    dns.load(zone())
    resolver = make_resolver(dns, backend, timeout=2)
    report = run_session(resolver, lambda session: dkim.check("big.dkim.example", session))
    codes = found(report)
    # The 8192-bit record is larger than a UDP answer: the resolver must retry over TCP.
    assert codes["dkim.rsa_key_too_long"] == [{"selector": "key1", "bits": 8192}]
    assert codes["dkim.rsa_key_ok"] == [{"selector": "dkim", "bits": 4096}]


# -- every code comes from a fixture case ---------------------------------------------------

# code -> (domain, selectors named, params expected in one finding with that code)
CODE_FIXTURES: dict[str, tuple[str, tuple[str, ...], dict]] = {
    "dkim.selector_invalid": ("google.dkim.example", ("bad_sel!",), {"selector": "bad_sel!", "reason": "bad_label"}),
    "dkim.lookup_failed": ("flaky.dkim.example", (), {"selector": "google", "error": "timeout"}),
    "dkim.none_found": ("none.dkim.example", (), {"count": len(KNOWN), "domainkey": "nxdomain"}),
    "dkim.none_found_incomplete": ("flaky.dkim.example", (), {"failed": 2}),
    "dkim.selector_not_found": ("google.dkim.example", ("missing",), {"selector": "missing"}),
    "dkim.key_found": ("google.dkim.example", (), {"selector": "google", "provider": "Google Workspace"}),
    "dkim.wildcard_record": ("wildnone.dkim.example", (), {"revoked": True}),
    "dkim.multiple_records": ("multi.dkim.example", (), {"selector": "default", "count": 2}),
    "dkim.tag_syntax": ("syntax.dkim.example", (), {"selector": "default", "reason": "missing_equals",
                                                    "text": "k rsa"}),
    "dkim.duplicate_tag": ("dup.dkim.example", (), {"selector": "default", "tag": "k"}),
    "dkim.version_invalid": ("version.dkim.example", (), {"selector": "default", "value": "DKIM2"}),
    "dkim.version_not_first": ("version.dkim.example", (), {"selector": "dkim"}),
    "dkim.key_missing": ("nokey.dkim.example", (), {"selector": "default"}),
    "dkim.key_revoked": ("revoked.dkim.example", (), {"selector": "default"}),
    "dkim.key_base64_invalid": ("b64.dkim.example", (), {"selector": "default"}),
    "dkim.key_type_unknown": ("ktype.dkim.example", (), {"selector": "default", "value": "dsa", "case_only": False}),
    "dkim.key_der_invalid": ("der.dkim.example", (), {"selector": "default", "reason": "truncated"}),
    "dkim.key_pkcs1": ("pkcs1.dkim.example", (), {"selector": "mail", "bits": 2048}),
    "dkim.key_algorithm_mismatch": ("mismatch.dkim.example", (), {"selector": "default", "key_type": "rsa",
                                                                  "algorithm": "ed25519"}),
    "dkim.rsa_key_too_short": ("weak.dkim.example", (), {"selector": "default", "bits": 512}),
    "dkim.rsa_key_short": ("google.dkim.example", (), {"selector": "selector1", "bits": 1024}),
    "dkim.rsa_key_ok": ("google.dkim.example", (), {"selector": "google", "bits": 2048}),
    "dkim.rsa_key_too_long": ("big.dkim.example", (), {"selector": "key1", "bits": 8192}),
    "dkim.ed25519_key_ok": ("football.example.com", ("brisbane",), {"selector": "brisbane"}),
    "dkim.ed25519_key_invalid": ("edbad.dkim.example", (), {"selector": "default", "bytes": 44,
                                                            "spki_wrapped": True}),
    "dkim.testing": ("testing.dkim.example", (), {"selector": "s1"}),
    "dkim.strict_identity": ("testing.dkim.example", (), {"selector": "s1"}),
    "dkim.hash_sha1_only": ("hashes.dkim.example", (), {"selector": "k1"}),
    "dkim.hash_unusable": ("hashes.dkim.example", (), {"selector": "k2", "value": "md5"}),
    "dkim.service_not_email": ("service.dkim.example", (), {"selector": "default", "value": "tlsrpt"}),
    "dkim.unknown_tags": ("unknown.dkim.example", (), {"selector": "default", "tags": ["g", "P"]}),
}

# More situations of the same codes, with their exact findings.
MORE_FIXTURES = [
    ("ktype.dkim.example", "dkim.key_type_unknown", {"selector": "dkim", "value": "RSA", "case_only": True}),
    ("ktype.dkim.example", "dkim.rsa_key_short", {"selector": "dkim", "bits": 1024}),
    ("mismatch.dkim.example", "dkim.key_algorithm_mismatch", {"selector": "dkim", "key_type": "ed25519",
                                                              "algorithm": "rsa"}),
    ("mismatch.dkim.example", "dkim.key_der_invalid", {"selector": "mail", "reason": "raw_32_bytes"}),
    ("edbad.dkim.example", "dkim.ed25519_key_invalid", {"selector": "dkim", "bytes": 33, "spki_wrapped": False}),
    ("pkcs1.dkim.example", "dkim.rsa_key_ok", {"selector": "mail", "bits": 2048}),
]


@pytest.mark.parametrize("code", sorted(CODE_FIXTURES))
def test_code_is_produced_by_its_fixture(dns_server, code):
    domain, selectors, params = CODE_FIXTURES[code]
    report = check_on(dns_server, zone(), lambda session: dkim.check(domain, session, selectors), timeout=1.0)
    produced = found(report).get(code, [])
    assert any(params.items() <= finding.items() for finding in produced), produced


@pytest.mark.parametrize("domain, code, params", MORE_FIXTURES)
def test_more_situations(domain, code, params):
    report, _ = run(domain)
    assert any(params.items() <= finding.items() for finding in found(report)[code]), found(report)[code]


def test_pkcs1_key_comes_with_the_same_key_as_spki():
    report, _ = run("pkcs1.dkim.example")
    [params] = found(report)["dkim.key_pkcs1"]
    assert params == {"selector": "mail", "bits": 2048, "record": "v=DKIM1; p=" + KEY_2048,
                      "name": "mail._domainkey.pkcs1.dkim.example"}


def test_corrections_of_ed25519_mistakes():
    report, _ = run("mismatch.dkim.example")
    by_selector = {p["selector"]: p for p in found(report)["dkim.key_algorithm_mismatch"]}
    assert by_selector["default"]["record"] == "v=DKIM1; k=ed25519; p=" + RFC8463_ED25519_KEY
    assert by_selector["dkim"]["record"].startswith("v=DKIM1; k=rsa; p=MIGf")
    [raw] = found(report)["dkim.key_der_invalid"]
    assert raw["record"] == "v=DKIM1; k=ed25519; p=" + RFC8463_ED25519_KEY
    report, _ = run("edbad.dkim.example")
    wrapped = [p for p in found(report)["dkim.ed25519_key_invalid"] if p["spki_wrapped"]]
    assert wrapped[0]["record"] == "v=DKIM1; k=ed25519; p=" + RFC8463_ED25519_KEY


def test_no_correction_when_the_tag_list_is_broken():
    report, _ = run("dup.dkim.example")
    assert not any("record" in finding.params for finding in report.findings)


def test_every_dkim_code_has_a_fixture():
    defined = {code for code in CATALOGUE if code.startswith("dkim.")}
    assert defined == set(CODE_FIXTURES)


def test_every_code_links_to_a_dkim_anchor():
    anchors = {"selectors", "key-record", "key-size", "ed25519", "revoked-key", "testing-flag", "not-found"}
    for code, entry in CATALOGUE.items():
        if code.startswith("dkim."):
            page, _, anchor = entry.article.partition("#")
            assert page == "dkim.md" and anchor in anchors, (code, entry.article)


def test_report_is_json_ready():
    import json

    report, _ = run("google.dkim.example", ["nope"])
    assert json.loads(json.dumps(report.to_json()))["protocol"] == "dkim"
