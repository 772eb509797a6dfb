"""The MTA-STS policy parser and MX pattern matching: examples and properties."""

from __future__ import annotations

import string

from hypothesis import given, settings, strategies as st

from checker.findings import CATALOGUE
from checker.mtasts.policy import MAX_AGE_LIMIT, mx_matches, parse, uncovered_hosts

POLICY_CODES = {c for c in CATALOGUE if c.startswith("mtasts.policy_")}


def codes(policy) -> list[str]:
    return [f.code for f in policy.findings]


def test_example_of_rfc_8461_with_crlf():
    policy = parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
                   "mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n")
    assert codes(policy) == [] and policy.valid
    assert (policy.version, policy.mode, policy.max_age) == ("STSv1", "enforce", 604800)
    assert policy.mx == ["mail.example.com", "*.example.net", "backupmx.example.com"]


def test_mode_none_needs_no_mx_and_lf_lines_are_fine():
    policy = parse("version: STSv1\nmode: none\nmax_age: 0")
    assert policy.valid and policy.max_age == 0


def test_missing_keys():
    policy = parse("version: STSv1\nmode: testing\n")
    assert [f.params["key"] for f in policy.findings if f.code == "mtasts.policy_missing_key"] == ["max_age", "mx"]


def test_bad_values():
    policy = parse("version: STSv2\nmode: Enforce\nmax_age: 31557601\nmx: mail.example.com.\nmx: *.*.example.com")
    assert codes(policy) == ["mtasts.policy_bad_version", "mtasts.policy_bad_mode", "mtasts.policy_bad_max_age",
                             "mtasts.policy_bad_mx", "mtasts.policy_bad_mx"]
    assert not policy.valid
    assert parse("version: STSv1\nmode: none\nmax_age: 12345678901").findings[0].params == {
        "value": "12345678901", "maximum": MAX_AGE_LIMIT}
    assert parse(f"version: STSv1\nmode: none\nmax_age: {MAX_AGE_LIMIT}").valid


def test_first_of_a_duplicated_key_wins_but_mx_repeats():
    policy = parse("version: STSv1\nmode: testing\nmode: enforce\nmx: a.example\nmx: b.example\nmax_age: 86400")
    assert policy.mode == "testing" and policy.mx == ["a.example", "b.example"]
    assert [f.params for f in policy.findings] == [{"key": "mode", "used": "testing", "ignored": ["enforce"]}]
    assert policy.valid  # a warning, not an error


def test_unknown_and_miscased_keys_are_ignored_and_listed():
    policy = parse("version: STSv1\nMode: enforce\nmode: testing\nmx: a.example\nmax_age: 86400\nx-note: hello world")
    assert policy.mode == "testing"
    assert [f.params for f in policy.findings] == [{"keys": ["Mode", "x-note"]}]


def test_lines_that_are_not_key_value():
    policy = parse("version: STSv1\nmode : enforce\nmx: a.example\nmax_age: 86400\n\n  \ngarbage\n")
    assert [(f.code, f.params.get("line_number")) for f in policy.findings] == [
        ("mtasts.policy_syntax", 2), ("mtasts.policy_syntax", 7), ("mtasts.policy_missing_key", None)]


def test_html_page_served_instead_of_a_policy():
    policy = parse("<!DOCTYPE html>\n<html><body>Welcome</body></html>\n")
    assert "mtasts.policy_missing_key" in codes(policy) and not policy.valid


def test_wildcard_matches_exactly_one_leftmost_label():
    assert mx_matches("*.example.com", "mail.example.com")
    assert mx_matches("*.example.com", "MAIL.Example.com.")
    assert not mx_matches("*.example.com", "example.com")
    assert not mx_matches("*.example.com", "foo.bar.example.com")
    assert not mx_matches("*.example.com", ".example.com")
    assert mx_matches("mail.example.com", "mail.example.com")
    assert not mx_matches("mail.example.com", "mail2.example.com")
    assert uncovered_hosts(["*.example.net", "mx.example.com"],
                           ["a.example.net", "mx.example.com", "a.b.example.net"]) == ["a.b.example.net"]


# -- properties ---------------------------------------------------------------------

_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_domain = st.lists(_label, min_size=2, max_size=4).map(".".join)
_pattern = st.builds(lambda wild, d: ("*." if wild else "") + d, st.booleans(), _domain)
_ext = st.tuples(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", fullmatch=True)
                 .filter(lambda k: k not in ("version", "mode", "max_age", "mx")),
                 st.from_regex(r"[!-~]([!-~ ]{0,20}[!-~])?", fullmatch=True))


@st.composite
def valid_policies(draw):
    mode = draw(st.sampled_from(["enforce", "testing", "none"]))
    max_age = draw(st.integers(0, MAX_AGE_LIMIT))
    mx = draw(st.lists(_pattern, min_size=0 if mode == "none" else 1, max_size=4))
    lines = ["version: STSv1", f"mode:{draw(st.sampled_from(['', ' ', chr(9)]))}{mode}", f"max_age: {max_age}"]
    lines += [f"mx: {p}" for p in mx]
    lines += [f"{k}: {v}" for k, v in draw(st.lists(_ext, max_size=2))]
    lines = draw(st.permutations(lines))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(lines) + draw(st.sampled_from(["", end]))
    return text, mode, max_age, mx


@given(valid_policies())
def test_every_valid_policy_parses(case):
    text, mode, max_age, mx = case
    policy = parse(text)
    assert policy.valid
    assert set(codes(policy)) <= {"mtasts.policy_unknown_keys", "mtasts.policy_duplicate_key"}
    assert (policy.mode, policy.max_age) == (mode, max_age)
    assert sorted(policy.mx) == sorted(mx)  # order of mx lines kept among themselves
    assert [p for p in policy.mx] == [line.split(": ", 1)[1] for line in text.replace("\r", "").split("\n")
                                      if line.startswith("mx: ")]


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_any_text_parses_without_raising(text):
    policy = parse(text)
    assert set(codes(policy)) <= POLICY_CODES
    assert policy.max_age is None or 0 <= policy.max_age <= MAX_AGE_LIMIT
    assert policy.to_json()["valid"] == policy.valid


@given(valid_policies(), st.data())
def test_mutated_policies_parse_without_raising(case, data):
    text = case[0]
    position = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.text(alphabet=string.printable + "é\x00\ufeff:*", max_size=6))
    cut = data.draw(st.integers(0, 4))
    policy = parse(text[:position] + insert + text[position + cut:])
    assert set(codes(policy)) <= POLICY_CODES


@given(_label, _domain)
def test_wildcard_covers_one_label_below_and_nothing_else(label, domain):
    assert mx_matches(f"*.{domain}", f"{label}.{domain}")
    assert not mx_matches(f"*.{domain}", domain)
    assert not mx_matches(f"*.{domain}", f"{label}.{label}.{domain}")
    assert mx_matches(domain, domain.upper())
