"""The DMARC record parser and the report URI syntax (pure functions, no DNS)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.dmarc.destinations import authorization_name, parse_uri, parse_uri_list
from checker.dmarc.parser import classify, lower_policy, parse_fo, parse_record, starts_with_version, suggest_policy

# Records from RFC 9989 appendix B.2, as the zone-file strings join them.
RFC_RECORDS = [
    "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com",
    "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@example.com",
    "v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com; ruf=mailto:auth-reports@thirdparty.example.net",
    "v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net; t=y",
    "v=DMARC1; p=reject; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net",
    "v=DMARC1; rua=mailto:aggregate-reports@thirdparty.example.net; "
    "ruf=mailto:failure-reports@thirdparty.example.net",
]


def codes_of(record) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in record.findings:
        found.setdefault(finding.code, []).append(finding.params)
    return found


@pytest.mark.parametrize("text", RFC_RECORDS)
def test_rfc_example_records_parse_without_findings(text):
    record = parse_record(text)
    assert record.is_dmarc
    assert record.findings == []


def test_rfc_b25_record_with_defaults_applied():
    record = parse_record(RFC_RECORDS[3])
    assert record.effective() == {
        "v": "DMARC1", "p": "quarantine", "sp": "quarantine", "np": "quarantine",
        "adkim": "r", "aspf": "r", "t": "y", "psd": "u", "fo": ["0"],
        "rua": ["mailto:dmarc-feedback@example.com", "mailto:tld-test@thirdparty.example.net"],
        "ruf": []}


def test_np_defaults_to_sp_then_p():
    assert parse_record("v=DMARC1; p=reject; sp=quarantine").policies() == {
        "p": "reject", "sp": "quarantine", "np": "quarantine"}
    assert parse_record("v=DMARC1; p=reject; np=none").policies() == {"p": "reject", "sp": "reject", "np": "none"}
    assert parse_record("v=DMARC1").policies() == {"p": "none", "sp": "none", "np": "none"}


@pytest.mark.parametrize("text, is_dmarc", [
    ("v=DMARC1", True),
    ("v=DMARC1;", True),
    ("v = DMARC1 ; p=none", True),          # equals and dmarc-sep allow WSP
    ("V=DMARC1; p=none", True),             # the tag name is not case-sensitive
    ("v=dmarc1; p=none", False),            # the value is (%s"DMARC1")
    ("v=DMARC10; p=none", False),
    ("v=DMARC1 p=none", False),
    (" v=DMARC1; p=none", False),
    ("p=none; v=DMARC1", False),
    ("", False),
])
def test_version_must_come_first_and_exactly(text, is_dmarc):
    assert starts_with_version(text) is is_dmarc
    assert parse_record(text).is_dmarc is is_dmarc


@pytest.mark.parametrize("text, kind, reason, corrected", [
    ("v=DMARC1; p=reject", "dmarc", None, None),
    ("v=dmarc1; p=reject", "near_miss", "version_case", "v=DMARC1; p=reject"),
    ("V=Dmarc1;p=reject", "near_miss", "version_case", "v=DMARC1;p=reject"),
    ("v=DMARC2; p=reject", "near_miss", "version_value", None),
    ("v=DMARC1 p=reject", "near_miss", "missing_separator", "v=DMARC1; p=reject"),
    ("v=DMARC1, p=reject", "near_miss", "missing_separator", None),
    ("  v=DMARC1; p=reject", "near_miss", "leading_space", "v=DMARC1; p=reject"),
    ('"v=DMARC1; p=reject"', "near_miss", "quoted", "v=DMARC1; p=reject"),
    ("p=reject; v=DMARC1", "near_miss", "not_first", "v=DMARC1; p=reject"),
    ("v=spf1 -all", "unrelated", None, None),
    ("google-site-verification=abc", "unrelated", None, None),
])
def test_classify_names_the_mistake(text, kind, reason, corrected):
    assert classify(text) == (kind, reason, corrected)


def test_trailing_separators_and_empty_parts_are_fine():
    record = parse_record("v=DMARC1; p=reject;; rua=mailto:a@example.com ;  ")
    assert record.findings == []
    assert record.values["p"] == "reject"


def test_values_and_tag_names_compare_without_case():
    record = parse_record("v=DMARC1; P=Reject; ADKIM=S; t=Y")
    assert record.values == {"p": "reject", "adkim": "s", "t": "y"}


def test_empty_record_after_version():
    for text in ("v=DMARC1", "v=DMARC1;", "v=DMARC1; ;"):
        record = parse_record(text)
        assert record.empty and record.findings == []


def test_duplicate_tag_keeps_the_first_value():
    record = parse_record("v=DMARC1; p=reject; p=none")
    assert record.values["p"] == "reject"
    assert codes_of(record) == {"dmarc.duplicate_tag": [{"tag": "p", "values": ["reject", "none"]}]}


def test_malformed_parts():
    record = parse_record("v=DMARC1; p=none; reports please; 9x=1; x=caf\u00e9")
    assert codes_of(record) == {"dmarc.tag_malformed": [
        {"text": "reports please", "reason": "no_equals"},
        {"text": "9x=1", "reason": "bad_name"},
        {"text": "x=caf\u00e9", "reason": "bad_character"}]}


@pytest.mark.parametrize("tag, value, allowed, default", [
    ("adkim", "x", ["r", "s"], "r"),
    ("aspf", "relaxed", ["r", "s"], "r"),
    ("t", "maybe", ["y", "n"], "n"),
    ("psd", "q", ["y", "n", "u"], "u"),
    ("fo", "0:1", ["0", "1", "d", "s"], "0"),
    ("fo", "", ["0", "1", "d", "s"], "0"),
])
def test_invalid_values_fall_back_to_defaults(tag, value, allowed, default):
    record = parse_record(f"v=DMARC1; p=none; {tag}={value}")
    assert codes_of(record)["dmarc.tag_value_invalid"] == [
        {"tag": tag, "value": value, "allowed": allowed, "default": default}]
    assert tag not in record.values
    assert record.effective()[tag] == ([default] if tag == "fo" else default)


@pytest.mark.parametrize("value, options", [
    ("0", ["0"]), ("1", ["1"]), ("d", ["d"]), ("s", ["s"]), ("0:d", ["0", "d"]),
    ("d:1:s", ["d", "1", "s"]), ("1 : d", ["1", "d"]),
    ("0:1", None), ("d:d", None), ("2", None), ("", None), ("0;", None),
])
def test_fo_options(value, options):
    assert parse_fo(value) == options


def test_invalid_policy_with_valid_rua_acts_as_none():
    record = parse_record("v=DMARC1; p=reject; sp=block; rua=mailto:d@example.com")
    assert record.invalid_policy == [("sp", "block")]
    assert record.applies
    assert record.policies() == {"p": "none", "sp": "none", "np": "none"}


def test_invalid_policy_without_valid_rua_means_no_dmarc():
    for text in ("v=DMARC1; p=block", "v=DMARC1; p=; rua=nobody@example.com", "v=DMARC1; np=x; rua=mailto:"):
        assert not parse_record(text).applies


def test_absent_p_is_none_not_invalid():
    record = parse_record("v=DMARC1; rua=mailto:d@example.com")
    assert record.invalid_policy == [] and record.applies
    assert record.policies()["p"] == "none"


def test_obsolete_rfc7489_tags():
    record = parse_record("v=DMARC1; p=quarantine; pct=25; rf=afrf; ri=86400")
    assert codes_of(record) == {
        "dmarc.obsolete_tag": [{"tag": "pct", "value": "25"}, {"tag": "rf", "value": "afrf"},
                               {"tag": "ri", "value": "86400"}],
        "dmarc.pct_ignored": [{"value": 25, "policy": "quarantine", "replacement": None}]}
    assert codes_of(parse_record("v=DMARC1; p=reject; pct=0"))["dmarc.pct_ignored"] == [
        {"value": 0, "policy": "reject", "replacement": "t=y"}]
    assert "dmarc.pct_ignored" not in codes_of(parse_record("v=DMARC1; p=reject; pct=100"))


def test_unknown_tags_are_reported_and_ignored():
    record = parse_record("v=DMARC1; p=reject; foo=bar")
    assert codes_of(record) == {"dmarc.unknown_tag": [{"tag": "foo", "value": "bar"}]}
    assert "foo" not in record.effective()


def test_fo_without_ruf():
    assert codes_of(parse_record("v=DMARC1; p=none; fo=1")) == {"dmarc.fo_without_ruf": [{"fo": "1"}]}
    assert codes_of(parse_record("v=DMARC1; p=none; fo=1; ruf=mailto:f@example.com")) == {}


def test_rebuilt_replaces_adds_and_drops_tags():
    record = parse_record("v=DMARC1; p=none; t=y; rua=mailto:d@example.com")
    assert record.rebuilt({"p": "quarantine"}, drop=("t",)) == "v=DMARC1; p=quarantine; rua=mailto:d@example.com"
    assert record.rebuilt({"sp": "reject"}) == "v=DMARC1; p=none; t=y; rua=mailto:d@example.com; sp=reject"
    assert parse_record("v=DMARC1; rua=mailto:d@example.com").rebuilt({"p": "none"}) == \
        "v=DMARC1; p=none; rua=mailto:d@example.com"


def test_policy_helpers():
    assert [lower_policy(p) for p in ("reject", "quarantine", "none")] == ["quarantine", "none", "none"]
    assert suggest_policy("rejected") == "reject"
    assert suggest_policy("quarantined") == "quarantine"
    assert suggest_policy("Rej") == "reject"
    assert suggest_policy("block") == "none"


# -- report URIs ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("mailto:d@example.com", {"scheme": "mailto", "host": "example.com", "size": None, "error": None}),
    ("MAILTO:D@Example.COM.", {"scheme": "mailto", "host": "example.com", "size": None, "error": None}),
    ("mailto:d@example.com!10m", {"scheme": "mailto", "host": "example.com", "size": "10m", "error": None}),
    ("mailto:d@example.com!50", {"scheme": "mailto", "host": "example.com", "size": "50", "error": None}),
    ("mailto:d%40x@example.com?subject=x", {"scheme": "mailto", "host": "example.com", "size": None, "error": None}),
    ("mailto:d@[192.0.2.1]", {"scheme": "mailto", "host": "192.0.2.1", "size": None, "error": None}),
    ("https://reports.example.net/dmarc", {"scheme": "https", "host": "reports.example.net", "size": None,
                                           "error": None}),
    ("mailto:d@example.com!big", {"error": "bad_size"}),
    ("mailto:nobody", {"error": "bad_address"}),
    ("mailto:@example.com", {"error": "bad_address"}),
    ("mailto:d@exa_mple.com", {"error": "bad_host"}),
    ("mailto:d@localhost", {"error": "bad_host"}),
    ("mailto:d@192.0.2.1", {"error": "bad_host"}),
    ("mailto:d@[not-an-ip]", {"error": "bad_host"}),
    ("mailto:d @example.com", {"error": "bad_character"}),
    ("https:///path", {"error": "bad_host"}),
    ("d@example.com", {"error": "no_scheme", "suggestion": "mailto:d@example.com"}),
    ("", {"error": "empty"}),
])
def test_parse_uri(text, expected):
    uri = parse_uri("rua", text)
    for key, value in expected.items():
        assert getattr(uri, key) == value, key


def test_uri_list_findings():
    uris, findings = parse_uri_list("rua", "mailto:a@example.com!1g , d@example.com,,https://r.example.net/x")
    assert [u.valid for u in uris] == [True, False, False, True]
    assert [(f.code, f.params) for f in findings] == [
        ("dmarc.uri_size_obsolete", {"tag": "rua", "uri": "mailto:a@example.com!1g", "size": "1g"}),
        ("dmarc.uri_invalid", {"tag": "rua", "uri": "d@example.com", "reason": "no_scheme",
                               "suggestion": "mailto:d@example.com"}),
        ("dmarc.uri_invalid", {"tag": "rua", "uri": "", "reason": "empty", "suggestion": None}),
        ("dmarc.uri_scheme_unsupported", {"tag": "rua", "uri": "https://r.example.net/x", "scheme": "https"}),
    ]


def test_authorization_name_and_dns_limits():
    assert authorization_name("blue.example.com", "red.example.net") == (
        "blue.example.com._report._dmarc.red.example.net", True)
    long_domain = ".".join(["a" * 63] * 2) + ".example"
    long_host = ".".join(["b" * 63] * 2) + ".example"
    assert authorization_name(long_domain, long_host)[1] is False


# -- properties ----------------------------------------------------------------

TAG_VALUES = {
    "p": st.sampled_from(["none", "quarantine", "reject"]),
    "sp": st.sampled_from(["none", "quarantine", "reject"]),
    "np": st.sampled_from(["none", "quarantine", "reject"]),
    "adkim": st.sampled_from(["r", "s"]),
    "aspf": st.sampled_from(["r", "s"]),
    "t": st.sampled_from(["y", "n"]),
    "psd": st.sampled_from(["y", "n", "u"]),
    "fo": st.sampled_from(["0", "1", "d", "s", "0:d", "1:s", "d:s:1"]),
    "rua": st.lists(st.sampled_from(["mailto:a@example.com", "mailto:b@example.net!10m",
                                     "mailto:c@sub.example.org"]), min_size=1, max_size=3).map(",".join),
    "ruf": st.sampled_from(["mailto:f@example.com", "mailto:f@example.com,mailto:g@example.net"]),
}


@st.composite
def valid_records(draw):
    names = draw(st.lists(st.sampled_from(sorted(TAG_VALUES)), unique=True))
    sep = draw(st.sampled_from([";", "; ", " ;", "\t;  "]))
    tags = [(name, draw(TAG_VALUES[name])) for name in names]
    trailing = draw(st.sampled_from(["", ";", "; "]))
    return "v=DMARC1" + "".join(f"{sep}{n}={v}" for n, v in tags) + trailing, dict(tags)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_without_raising(text):
    record = parse_record(text)
    assert record.is_dmarc is starts_with_version(text)
    assert classify(text)[0] in ("dmarc", "near_miss", "unrelated")
    record.effective(), record.policies(), record.to_json()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii")), st.sampled_from(["rua", "ruf"]))
def test_any_uri_list_parses_without_raising(value, tag):
    uris, findings = parse_uri_list(tag, value)
    assert len(uris) == value.count(",") + 1
    assert all(u.valid or u.error for u in uris)


@settings(max_examples=300, deadline=None)
@given(valid_records())
def test_valid_records_give_their_values_and_no_syntax_findings(case):
    text, tags = case
    record = parse_record(text)
    # 4.10.1: without p, receivers apply DMARC (as p=none) only when rua has a valid URI
    assert record.is_dmarc and record.applies == ("p" in tags or bool(record.valid_uris("rua")))
    assert [f.code for f in record.findings if f.code != "dmarc.fo_without_ruf"] == \
        ["dmarc.uri_size_obsolete"] * sum(u.count("!10m") for u in [tags.get("rua", "")])
    effective = record.effective()
    for name, value in tags.items():
        if name in ("rua", "ruf"):
            assert effective[name] == value.split(",")
        elif name == "fo":
            assert effective[name] == value.split(":")
        else:
            assert effective[name] == value
    # a record rebuilt from the parse means the same
    assert parse_record(record.rebuilt()).effective() == effective


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RFC_RECORDS), st.data())
def test_mutated_records_never_raise(text, data):
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(chars)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        char = data.draw(st.sampled_from(list(";=,!: \t\"'vV") + [data.draw(st.characters())]))
        if action == "insert":
            chars.insert(position, char)
        elif chars and position < len(chars):
            if action == "delete":
                del chars[position]
            else:
                chars[position] = char
    mutated = "".join(chars)
    record = parse_record(mutated)
    assert record.is_dmarc is starts_with_version(mutated)
    if record.is_dmarc:
        record.policies(), record.effective(), record.rebuilt()
