"""The TLS-RPT check against tests/zones/tlsrpt_cases.zone."""

from __future__ import annotations

import asyncio

import pytest

from checker import tlsrpt
from checker.findings import Severity
from tests.dnsfixture import load_zones, memory_resolver
from tests.dnsfixture.client import check_on, make_resolver, run_session
from tests.report_support import found

ZONE = "tlsrpt_cases.zone"


def run(case: str):
    resolver = memory_resolver(load_zones(ZONE), timeout=0.3)
    return asyncio.run(tlsrpt.check(f"{case}.tlsrpt.example", resolver.session()))



def name(case: str) -> str:
    return f"_smtp._tls.{case}.tlsrpt.example"


def test_valid_record_lists_its_reporting_uris():
    report = run("good")
    record = "v=TLSRPTv1; rua=mailto:tls@good.tlsrpt.example,https://reports.example.net/tlsrpt"
    assert found(report) == {"tlsrpt.record_valid": [{
        "name": name("good"), "published": record,
        "rua": ["mailto:tls@good.tlsrpt.example", "https://reports.example.net/tlsrpt"]}]}
    assert report.records == [record]
    assert report.status is Severity.OK


def test_strings_of_one_record_are_joined_without_spaces():
    report = run("split")
    assert found(report)["tlsrpt.record_valid"][0]["rua"] == ["mailto:tls@split.tlsrpt.example"]


def test_absent_record_comes_with_the_record_to_publish():
    report = run("none")
    assert found(report) == {"tlsrpt.no_record": [{
        "name": name("none"), "record": "v=TLSRPTv1; rua=mailto:tls-reports@none.tlsrpt.example",
        "placeholder": True}]}
    assert report.status is Severity.INFO


def test_two_records_mean_no_tlsrpt():
    report = run("multiple")
    assert found(report) == {"tlsrpt.multiple_records": [{
        "name": name("multiple"), "count": 2, "records": report.records}]}


def test_record_not_starting_exactly_with_the_version_is_discarded():
    report = run("lookalike")
    assert found(report) == {
        "tlsrpt.record_discarded": [{"name": name("lookalike"),
                                     "published": "v=tlsrptv1; rua=mailto:tls@lookalike.tlsrpt.example"}],
        "tlsrpt.no_record": [{"name": name("lookalike"),
                              "record": "v=TLSRPTv1; rua=mailto:tls-reports@lookalike.tlsrpt.example",
                              "placeholder": True}]}


def test_record_without_rua():
    report = run("norua")
    assert found(report) == {"tlsrpt.missing_rua": [
        {"name": name("norua"), "published": "v=TLSRPTv1; ruf=mailto:tls@norua.tlsrpt.example"}]}


def test_unsupported_scheme_is_skipped_and_the_rest_still_works():
    report = run("badscheme")
    codes = found(report)
    assert codes["tlsrpt.unsupported_scheme"] == [
        {"name": name("badscheme"), "uri": "http://reports.example.net/x", "scheme": "http"}]
    assert codes["tlsrpt.record_valid"][0]["rua"] == ["mailto:tls@badscheme.tlsrpt.example"]


def test_mailto_without_an_address():
    report = run("baduri")
    assert found(report) == {"tlsrpt.invalid_uri": [{"name": name("baduri"), "uri": "mailto:nobody"}]}


def test_field_that_is_not_name_value():
    report = run("syntax")
    assert found(report) == {"tlsrpt.record_syntax": [{
        "name": name("syntax"), "published": report.records[0], "field": "reports please"}]}


def test_duplicated_field_first_one_used():
    report = run("dup")
    codes = found(report)
    assert codes["tlsrpt.duplicate_field"] == [{"name": name("dup"), "published": report.records[0], "field": "rua"}]
    assert codes["tlsrpt.record_valid"][0]["rua"] == ["mailto:a@dup.tlsrpt.example"]


@pytest.mark.parametrize("case, error", [("timeout", "timeout"), ("servfail", "servfail")])
def test_failed_lookup_is_an_error_never_no_record(case, error):
    report = run(case)
    assert found(report) == {"tlsrpt.lookup_failed": [{"name": name(case), "type": "TXT", "error": error}]}
    assert report.status is Severity.ERROR


def test_over_a_real_server(dns, backend):
    dns.load(load_zones(ZONE))
    resolver = make_resolver(dns, backend, timeout=0.5)
    report = run_session(resolver, lambda session: tlsrpt.check("split.tlsrpt.example", session))
    assert set(found(report)) == {"tlsrpt.record_valid"}
    failed = run_session(resolver, lambda session: tlsrpt.check("servfail.tlsrpt.example", session))
    assert set(found(failed)) == {"tlsrpt.lookup_failed"}


# case -> the exact set of codes a user sees; together they produce every TLS-RPT code
SCENARIOS = {
    "good": {"tlsrpt.record_valid"},
    "split": {"tlsrpt.record_valid"},
    "none": {"tlsrpt.no_record"},
    "multiple": {"tlsrpt.multiple_records"},
    "lookalike": {"tlsrpt.record_discarded", "tlsrpt.no_record"},
    "norua": {"tlsrpt.missing_rua"},
    "badscheme": {"tlsrpt.unsupported_scheme", "tlsrpt.record_valid"},
    "baduri": {"tlsrpt.invalid_uri"},
    "syntax": {"tlsrpt.record_syntax"},
    "dup": {"tlsrpt.duplicate_field", "tlsrpt.record_valid"},
    "timeout": {"tlsrpt.lookup_failed"},
    "servfail": {"tlsrpt.lookup_failed"},
}


@pytest.mark.parametrize("case", SCENARIOS)
def test_scenario_shows_exactly_these_codes(dns_server, case):
    report = check_on(dns_server, load_zones(ZONE),
                      lambda session: tlsrpt.check(f"{case}.tlsrpt.example", session), timeout=1.0)
    assert set(found(report)) == SCENARIOS[case]


def test_every_tlsrpt_code_has_a_scenario():
    from checker.findings import CATALOGUE

    assert set().union(*SCENARIOS.values()) == {c for c in CATALOGUE if c.startswith("tlsrpt.")}
