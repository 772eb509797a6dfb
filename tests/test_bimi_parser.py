"""The BIMI record parser, the HTTPS URI judge and the DMARC prerequisite (pure functions)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.facts import DmarcFacts
from checker.bimi.parser import is_bimi_record, looks_like_bimi, parse_bimi_record
from checker.bimi.prerequisite import judge_dmarc
from checker.bimi.uri import URI_REASONS, judge_https_uri
from checker.findings import CATALOGUE, Severity

LOGO = "https://brand.example/logo.svg"
VMC = "https://brand.example/vmc.pem"


def codes(record) -> dict[str, dict]:
    return {f.code: f.params for f in record.findings}


# -- version --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("v=BIMI1; l=" + LOGO, True),
    ("v=BIMI1", True),
    ("v = BIMI1 ;l=", True),
    ("v=BIMI1;", True),
    ("v=bimi1; l=" + LOGO, False),
    ("V=BIMI1; l=" + LOGO, False),
    ("v=BIMI10; l=" + LOGO, False),
    (" v=BIMI1; l=" + LOGO, False),   # the version must come first, nothing before it
    ("l=" + LOGO + "; v=BIMI1", False),
])
def test_version_must_be_exact_and_first(text, expected):
    assert is_bimi_record(text) is expected
    assert ("bimi.version_invalid" not in codes(parse_bimi_record(text))) is expected


@pytest.mark.parametrize("text, corrected", [
    ("v=bimi1; l=" + LOGO, "v=BIMI1; l=" + LOGO),
    ("V = BIMI1 ; l=; a=;", "v=BIMI1; l=; a="),
    (" v=BIMI1;l=" + LOGO, "v=BIMI1; l=" + LOGO),
    ("v=BIMI2; l=" + LOGO, "v=BIMI1; l=" + LOGO),
    ("v=bimi1; l=" + LOGO + "; l=x", None),       # duplicate tags: which one was meant?
    ("v=bimi1 l=" + LOGO, None),                  # the version value is not just a version
    ("l=" + LOGO + "; v=BIMI1", None),
])
def test_version_lookalike_correction(text, corrected):
    params = codes(parse_bimi_record(text))["bimi.version_invalid"]
    assert params.get("record") == corrected and params["published"] == text
    if corrected:
        assert is_bimi_record(corrected)


def test_lookalikes():
    assert looks_like_bimi("V = bimi1; l=") and looks_like_bimi(" v=BIMI2")
    assert not looks_like_bimi("google-site-verification=x") and not looks_like_bimi("v=spf1 -all")


# -- records ---------------------------------------------------------------------------------

def test_complete_record():
    record = parse_bimi_record(f"v=BIMI1; l={LOGO}; a={VMC}")
    assert codes(record) == {"bimi.evidence_present": {"url": VMC}, "bimi.record_ok": {"location": LOGO}}
    assert record.valid and record.location_ok and record.evidence_ok and not record.declined
    assert record.avatar_preference == "brand" and record.lps is None


def test_declination():
    record = parse_bimi_record("v=BIMI1; l=; a=;")
    assert codes(record) == {"bimi.declined": {"lps": None}}
    assert record.declined and record.valid
    assert parse_bimi_record("v=BIMI1; l=").declined
    assert codes(parse_bimi_record("v=BIMI1; l=; a=; lps=brand-indicators-"))["bimi.declined"] == {
        "lps": ["brand-indicators-"]}


@pytest.mark.parametrize("text, code, params", [
    ("v=BIMI1; a=" + VMC, "bimi.location_missing", {}),
    ("v=BIMI1; L=" + LOGO, "bimi.location_missing", {}),
    ("v=BIMI1; L=" + LOGO, "bimi.unknown_tags", {"tags": ["L"]}),
    ("v=BIMI1; l=; a=" + VMC, "bimi.location_empty", {"evidence": VMC}),
    ("v=BIMI1; l=http://brand.example/logo.svg", "bimi.location_not_https",
     {"value": "http://brand.example/logo.svg", "scheme": "http"}),
    ("v=BIMI1; l=javascript:alert(1)", "bimi.location_not_https", {"value": "javascript:alert(1)",
                                                                    "scheme": "javascript"}),
    ("v=BIMI1; l=data:image/svg+xml,<svg/>", "bimi.location_not_https",
     {"value": "data:image/svg+xml,<svg/>", "scheme": "data"}),
    ("v=BIMI1; l=//brand.example/logo.svg", "bimi.location_invalid",
     {"value": "//brand.example/logo.svg", "reason": "no_scheme"}),
    ("v=BIMI1; l=https://brand.example/a.svg,https://brand.example/b.svg", "bimi.location_invalid",
     {"value": "https://brand.example/a.svg,https://brand.example/b.svg", "reason": "comma"}),
    ("v=BIMI1; l=https://brand.example/logo.jpg?x.svg", "bimi.logo_not_svg",
     {"value": "https://brand.example/logo.jpg?x.svg", "suffix": ".jpg"}),
    ("v=BIMI1; l=https://brand.example/", "bimi.logo_suffix_missing", {"value": "https://brand.example/"}),
    ("v=BIMI1; l=" + LOGO, "bimi.evidence_missing", {}),
    ("v=BIMI1; l=" + LOGO + "; a=ftp://brand.example/vmc.pem", "bimi.evidence_not_https",
     {"value": "ftp://brand.example/vmc.pem", "scheme": "ftp"}),
    ("v=BIMI1; l=" + LOGO + "; a=https://localhost/vmc.pem", "bimi.evidence_invalid",
     {"value": "https://localhost/vmc.pem", "reason": "host"}),
    ("v=BIMI1; l=" + LOGO + "; lps=a, b_c", "bimi.lps_invalid", {"value": "a, b_c"}),
    ("v=BIMI1; l=" + LOGO + "; lps=,", "bimi.lps_invalid", {"value": ","}),
    ("v=BIMI1; l=" + LOGO + "; avp=BRAND", "bimi.avp_invalid", {"value": "BRAND"}),
    ("v=BIMI1; l=" + LOGO + "; l=" + LOGO, "bimi.duplicate_tag", {"tag": "l"}),
    ("v=BIMI1; l=" + LOGO + "; oops", "bimi.tag_syntax", {"reason": "missing_equals", "text": "oops"}),
])
def test_record_problems(text, code, params):
    assert codes(parse_bimi_record(text))[code] == params


def test_valid_options_are_read():
    record = parse_bimi_record(f"v=BIMI1; l={LOGO}; a={VMC}; lps = news , alerts-2 ; avp=personal")
    assert record.lps == ["news", "alerts-2"] and record.avatar_preference == "personal"
    assert record.valid and "bimi.record_ok" in codes(record)
    assert parse_bimi_record(f"v=BIMI1; l={LOGO}; lps=").lps == []


def test_uppercase_scheme_and_svgz_are_accepted():
    record = parse_bimi_record("v=BIMI1; l=HTTPS://Brand.Example/LOGO.SVGZ; a=" + VMC)
    assert record.location_ok and "bimi.record_ok" in codes(record)


# -- URIs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, problem", [
    ("https://brand.example/logo.svg", None),
    ("https://brand.example./a%20b.svg", None),
    ("https://brand.example:8443/logo.svg", None),
    ("https://xn--bcher-kva.example/logo.svg", None),
    ("http://brand.example/logo.svg", "not_https"),
    ("JavaScript:alert(1)", "not_https"),
    ("brand.example/logo.svg", "no_scheme"),
    ("", "no_scheme"),
    ("https://brand.example/logo .svg", "characters"),
    ("https://brand.example/<script>.svg", "characters"),
    ("https://bücher.example/logo.svg", "characters"),
    ("https://brand.example/a%zz.svg", "percent"),
    ("https:brand.example/logo.svg", "no_host"),
    ("https:///logo.svg", "no_host"),
    ("https://192.0.2.1/logo.svg", "ip_address"),
    ("https://[2001:db8::1]/logo.svg", "ip_address"),
    ("https://[2001:db8::1/logo.svg", "host"),
    ("https://brand/logo.svg", "host"),
    ("https://-brand.example/logo.svg", "host"),
    ("https://brand.example:99999/logo.svg", "port"),
    ("https://brand.example:x/logo.svg", "port"),
])
def test_https_uri_judge(value, problem):
    assert judge_https_uri(value).problem == problem


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120))
def test_uri_judge_is_total(value):
    verdict = judge_https_uri(value)
    assert verdict.problem in (None, "not_https", *URI_REASONS)


# -- DMARC prerequisite --------------------------------------------------------------------

def applied(p, sp=None, pct=None, org_p=None) -> DmarcFacts:
    return DmarcFacts("applied", effective=p, requested=p, organizational_p=org_p, subdomain_policy=sp, pct=pct)


@pytest.mark.parametrize("policy, expected", [
    (None, [("bimi.dmarc_unknown", {})]),
    (DmarcFacts("unknown"), [("bimi.dmarc_unknown", {})]),
    (DmarcFacts("missing"), [("bimi.dmarc_missing", {})]),
    (DmarcFacts("not_applied"), [("bimi.dmarc_missing", {})]),
    (applied("reject"), [("bimi.dmarc_enforced", {"p": "reject", "sp": None, "pct": None})]),
    (applied("quarantine", "reject", 100),
     [("bimi.dmarc_enforced", {"p": "quarantine", "sp": "reject", "pct": 100})]),
    # the draft asks for pct=100 only with quarantine; RFC 9989 has no pct at all
    (applied("reject", pct=50), [("bimi.dmarc_enforced", {"p": "reject", "sp": None, "pct": 50})]),
    (applied("none"), [("bimi.dmarc_not_enforced", {"reason": "p_none", "p": "none", "sp": None, "pct": None})]),
    (applied("reject", org_p="none"),
     [("bimi.dmarc_not_enforced", {"reason": "org_p_none", "p": "reject", "sp": None, "pct": None})]),
    (applied("reject", "none"),
     [("bimi.dmarc_not_enforced", {"reason": "sp_none", "p": "reject", "sp": "none", "pct": None})]),
    (applied("quarantine", pct=50),
     [("bimi.dmarc_not_enforced", {"reason": "pct_below_100", "p": "quarantine", "sp": None, "pct": 50})]),
    (applied("none", "none", 10),
     [("bimi.dmarc_not_enforced", {"reason": r, "p": "none", "sp": "none", "pct": 10})
      for r in ("p_none", "sp_none")]),
])
def test_dmarc_prerequisite(policy, expected):
    findings, details = judge_dmarc(policy)
    assert [(f.code, f.params) for f in findings] == expected
    assert details["blocking"] == ([] if expected[0][0] == "bimi.dmarc_enforced"
                                   else ["no_dmarc"] if expected[0][0] == "bimi.dmarc_missing"
                                   else ["unknown"] if expected[0][0] == "bimi.dmarc_unknown"
                                   else [params["reason"] for _, params in expected])


# -- property tests on the record parser ------------------------------------------------------

def _judge(text: str) -> None:
    record = parse_bimi_record(text)
    for finding in record.findings:
        assert CATALOGUE[finding.code].severity is finding.severity
        assert finding.code.startswith("bimi.")
    if "bimi.record_ok" in codes(record):
        assert record.valid and record.location_ok
        assert not any(CATALOGUE[f.code].severity is Severity.ERROR for f in record.findings
                       if f.code not in ("bimi.evidence_not_https", "bimi.evidence_invalid"))
    record.to_json()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    _judge(text)


PIECES = st.sampled_from([
    "v=BIMI1", "v=bimi1", "l=", "l=" + LOGO, "l=http://x.example/a.svg", "l=https://x.example/a.png",
    "a=", "a=" + VMC, "a=javascript:x", "lps=", "lps=a,b", "lps=_", "avp=brand", "avp=personal", "avp=x",
    "z=1", "oops", "=", ";", " ", "l=https://[::1/a.svg",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=8), st.lists(st.tuples(st.integers(0, 5000), st.characters()), max_size=3))
def test_assembled_and_mutated_records_never_raise(pieces, changes):
    text = list("; ".join(pieces))
    for position, character in changes:
        if text:
            text[position % len(text)] = character
    _judge("".join(text))
