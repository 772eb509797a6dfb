"""The DKIM key-record parser (RFC 6376 3.2, 3.6.1; RFC 8301; RFC 8463) and the tag-list reader."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.dkim.keyrecord import parse_key_record
from checker.dkim.selectors import KNOWN_SELECTORS, selector_problem
from checker.taglist import BAD_NAME, BAD_VALUE, MISSING_EQUALS, parse_tag_list
from checker.findings import CATALOGUE, Severity
from tests.test_dkim_keys import RFC8463_ED25519_RECORD, RFC8463_RSA_STRINGS, ed25519_spki, fixture_key

KEY_2048 = fixture_key(2048)


def codes(record) -> dict[str, dict]:
    return {f.code: f.params for f in record.findings}


# -- tag lists ---------------------------------------------------------------------------

def test_tag_list_whitespace_and_separators():
    tags = parse_tag_list(" v = DKIM1 ;\tk=rsa;\r\n p = ab cd ; ;")
    assert tags.tags == [("v", "DKIM1"), ("k", "rsa"), ("p", "ab cd")]
    assert tags.errors == []


def test_tag_list_keeps_case_and_reports_malformed_specs():
    tags = parse_tag_list("V=DKIM1; k rsa; 1x=2; _a=b; n=caf\u00e9; t=y")
    assert tags.tags == [("V", "DKIM1"), ("t", "y")]
    assert [(e.reason, e.text) for e in tags.errors] == [
        (MISSING_EQUALS, "k rsa"), (BAD_NAME, "1x=2"), (BAD_NAME, "_a=b"), (BAD_VALUE, "n=caf\u00e9")]


def test_tag_list_duplicates():
    assert parse_tag_list("a=1; b=2; a=3; b=4; a=5").duplicates() == ["a", "b"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True),
                       st.from_regex(r"[!-:<-~]{1,20}", fullmatch=True), max_size=6),
       st.sampled_from(["; ", ";", " ;\r\n\t", ";  "]))
def test_tag_list_reads_back_what_was_written(tags, separator):
    text = separator.join(f"{name}={value}" for name, value in tags.items())
    parsed = parse_tag_list(text)
    assert parsed.errors == [] and dict(parsed.tags) == tags


# -- key records --------------------------------------------------------------------------

def test_rfc8463_records():
    ed = parse_key_record(RFC8463_ED25519_RECORD)
    assert (ed.valid, ed.key_type, ed.key_bits, ed.key_format) == (True, "ed25519", 256, "raw")
    assert codes(ed) == {"dkim.ed25519_key_ok": {}}
    rsa = parse_key_record("".join(RFC8463_RSA_STRINGS))
    assert (rsa.valid, rsa.key_type, rsa.key_bits, rsa.key_format) == (True, "rsa", 1024, "spki")
    assert codes(rsa) == {"dkim.rsa_key_short": {"bits": 1024}}


def test_minimal_record_uses_defaults():
    record = parse_key_record("p=" + KEY_2048)
    assert record.valid and record.key_type == "rsa" and record.services == ["*"]
    assert record.hash_algorithms is None and record.flags == []
    assert codes(record) == {"dkim.rsa_key_ok": {"bits": 2048}}


def test_folded_key_is_read():
    folded = KEY_2048[:100] + " \r\n\t" + KEY_2048[100:200] + "  " + KEY_2048[200:]
    assert parse_key_record(f"v=DKIM1; p={folded}").key_bits == 2048


@pytest.mark.parametrize("text, code, params", [
    ("v=DKIM1.0; p=" + KEY_2048, "dkim.version_invalid", {"value": "DKIM1.0"}),
    ("v=dkim1; p=" + KEY_2048, "dkim.version_invalid", {"value": "dkim1"}),
    ("p=" + KEY_2048 + "; v=DKIM1", "dkim.version_not_first", {}),
    ("v=DKIM1; p=" + KEY_2048 + "; p=", "dkim.duplicate_tag", {"tag": "p"}),
    ("v=DKIM1", "dkim.key_missing", {}),
    ("v=DKIM1; p=abc", "dkim.key_base64_invalid", {}),
    ("v=DKIM1; p=ab=c", "dkim.key_base64_invalid", {}),
    ("v=DKIM1; p=" + KEY_2048[:-4], "dkim.key_der_invalid", {"reason": "truncated"}),
    ("v=DKIM1; k=ec; p=" + KEY_2048, "dkim.key_type_unknown", {"value": "ec", "case_only": False}),
    ("v=DKIM1; k=Ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "dkim.key_type_unknown",
     {"value": "Ed25519", "case_only": True}),
    ("v=DKIM1; h=sha1:md5; p=" + KEY_2048, "dkim.hash_sha1_only", {}),
    ("v=DKIM1; h=; p=" + KEY_2048, "dkim.hash_unusable", {"value": ""}),
    ("v=DKIM1; s=EMAIL; p=" + KEY_2048, "dkim.service_not_email", {"value": "EMAIL"}),
    ("v=DKIM1; t=y:x; p=" + KEY_2048, "dkim.testing", {}),
    ("v=DKIM1; p=" + base64.b64encode(ed25519_spki(bytes(32))).decode(), "dkim.key_algorithm_mismatch",
     {"key_type": "rsa", "algorithm": "ed25519"}),
    ("v=DKIM1; k=ed25519; p=" + base64.b64encode(bytes(31)).decode(), "dkim.ed25519_key_invalid",
     {"bytes": 31, "spki_wrapped": False}),
    ("v=DKIM1; k=rsa; p=" + fixture_key(2048, "pkcs1"), "dkim.key_pkcs1", {"bits": 2048}),
    ("v=DKIM1; x=1; p=" + KEY_2048, "dkim.unknown_tags", {"tags": ["x"]}),
])
def test_record_problems(text, code, params):
    produced = codes(parse_key_record(text))[code]
    produced.pop("record", None)  # corrections are tested below
    assert produced == params


def test_corrections_combine_and_fix_what_they_claim():
    text = "k=RSA; v=DKIM1; t=y:s; h=sha1; p=" + fixture_key(2048, "pkcs1")
    record = parse_key_record(text)
    assert record.corrected == "v=DKIM1; k=rsa; t=s; h=sha256; p=" + KEY_2048
    fixed = {f.code for f in record.findings if "record" in f.params}
    assert fixed == {"dkim.key_type_unknown", "dkim.version_not_first", "dkim.testing", "dkim.hash_sha1_only",
                     "dkim.key_pkcs1"}
    assert codes(parse_key_record(record.corrected)) == {"dkim.rsa_key_ok": {"bits": 2048},
                                                         "dkim.strict_identity": {}}


def test_rsa_key_under_k_ed25519_is_corrected_in_one_step():
    # Found by the property test below: k=ed25519 with a bare RSAPublicKey.
    record = parse_key_record("k=ed25519; p=" + fixture_key(2048, "pkcs1"))
    assert record.corrected == "k=rsa; p=" + KEY_2048
    assert codes(parse_key_record(record.corrected)) == {"dkim.rsa_key_ok": {"bits": 2048}}


def test_no_correction_without_a_key():
    assert parse_key_record("v=spf1 -all").corrected is None
    assert parse_key_record("v=DKIM1; t=y; n=no key").corrected is None


def test_list_values_allow_folding_around_colons():
    record = parse_key_record("v=DKIM1; h=sha256 :\r\n sha512; s = email : * ; t= s ; p=" + KEY_2048)
    assert record.hash_algorithms == ["sha256", "sha512"]
    assert record.services == ["email", "*"] and record.flags == ["s"]
    assert record.valid


# -- property tests --------------------------------------------------------------------------

ERRORS = {code for code, entry in CATALOGUE.items() if entry.severity is Severity.ERROR}


def _judge(text: str) -> None:
    record = parse_key_record(text)
    if record.corrected is not None:
        # A correction resolves every finding that offered it, and needs no further correction.
        again = parse_key_record(record.corrected)
        offered = {f.code for f in record.findings if "record" in f.params}
        assert again.corrected is None and not offered & {f.code for f in again.findings}
    for finding in record.findings:
        assert CATALOGUE[finding.code].severity is finding.severity
        assert finding.code.startswith("dkim.")
    # usable exactly when no error was found
    assert record.valid == (not any(f.code in ERRORS for f in record.findings))
    record.to_json()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    _judge(text)


TAG_PIECES = st.sampled_from([
    "v=DKIM1", "v=DKIM2", "k=rsa", "k=ed25519", "k=RSA", "h=sha256", "h=sha1", "s=email", "s=*", "s=x",
    "t=y", "t=s", "n=note", "p=", "p=" + KEY_2048, "p=" + fixture_key(512), "p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
    "p=" + fixture_key(2048, "pkcs1"), "g=*", "k rsa", "=", ";", " ", "\r\n ",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(TAG_PIECES, max_size=8), st.lists(st.tuples(st.integers(0, 5000), st.characters()), max_size=3))
def test_assembled_and_mutated_records_never_raise(pieces, changes):
    text = list("; ".join(pieces))
    for position, character in changes:
        if text:
            text[position % len(text)] = character
    _judge("".join(text))


# -- the selector list -----------------------------------------------------------------------

def test_curated_selectors():
    assert len(KNOWN_SELECTORS) >= 20
    for selector, provider in KNOWN_SELECTORS.items():
        assert selector_problem(selector, "example.com") is None
        assert provider is None or (isinstance(provider, str) and provider)
    expected = {"google": "Google Workspace", "selector1": "Microsoft 365", "selector2": "Microsoft 365",
                "s1": "SendGrid", "k1": "Mailchimp", "mandrill": "Mailchimp Transactional (Mandrill)",
                "protonmail": "Proton Mail", "fm1": "Fastmail", "zmail": "Zoho Mail", "default": None}
    assert expected.items() <= KNOWN_SELECTORS.items()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_selector_validation_is_total(text):
    assert selector_problem(text, "example.com") in (None, "empty", "bad_label", "label_too_long", "name_too_long")
