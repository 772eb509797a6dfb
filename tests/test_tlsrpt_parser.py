"""The _smtp._tls record parser: examples, and properties over random and mutated input."""

from __future__ import annotations

import string

from hypothesis import given, settings, strategies as st

from checker.findings import CATALOGUE
from checker.tlsrpt.parser import check_uri, parse, select

NAME = "_smtp._tls.example.com"
TLSRPT_CODES = {c for c in CATALOGUE if c.startswith("tlsrpt.")}


def codes(record) -> list[str]:
    return [f.code for f in record.findings]


def test_examples_of_rfc_8460():
    for text in ("v=TLSRPTv1;rua=mailto:reports@example.com",
                 "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt"):
        record = parse(text, NAME)
        assert record.valid and codes(record) == []


def test_blanks_around_delimiters_and_one_trailing_delimiter():
    record = parse("v=TLSRPTv1;  rua=mailto:a@example.com ,\thttps://r.example.net/x ; ", NAME)
    assert record.rua == ["mailto:a@example.com", "https://r.example.net/x"]
    assert codes(record) == []


def test_unknown_fields_are_ignored():
    record = parse("v=TLSRPTv1; rua=mailto:a@example.com; future-ext=42", NAME)
    assert record.valid and codes(record) == [] and record.fields["future-ext"] == "42"


def test_empty_field_between_delimiters_is_a_syntax_error():
    assert codes(parse("v=TLSRPTv1;; rua=mailto:a@example.com", NAME)) == ["tlsrpt.record_syntax"]


def test_version_alone_has_no_rua():
    assert codes(parse("v=TLSRPTv1;", NAME)) == ["tlsrpt.missing_rua"]
    assert codes(parse("v=TLSRPTv1; rua=", NAME)) == ["tlsrpt.missing_rua"]


def test_uris():
    assert check_uri("MAILTO:a@example.com", NAME) is None      # schemes ignore case
    assert check_uri("https://r.example.net", NAME) is None
    assert check_uri("ftp://r.example.net", NAME).code == "tlsrpt.unsupported_scheme"
    for bad in ("", "reports@example.com", "https://", "mailto:a@example.com!10m", "mailto:@x.com",
                "https://[::1", "mailto:a b@example.com"):
        assert check_uri(bad, NAME).code == "tlsrpt.invalid_uri", bad


def test_selection():
    chosen, lookalikes = select(["v=TLSRPTv1; rua=mailto:a@x.example", "v=TLSRPTv1 ;rua=mailto:a@x.example",
                                 "V=TLSRPTv1; rua=mailto:a@x.example", "unrelated", "v=TLSRPTv1"])
    assert chosen == ["v=TLSRPTv1; rua=mailto:a@x.example"]
    assert lookalikes == ["v=TLSRPTv1 ;rua=mailto:a@x.example", "V=TLSRPTv1; rua=mailto:a@x.example",
                          "v=TLSRPTv1"]


# -- properties ---------------------------------------------------------------------

_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_domain = st.lists(_label, min_size=2, max_size=4).map(".".join)
_mailto = st.builds(lambda local, d: f"mailto:{local}@{d}", st.from_regex(r"[a-z0-9._+-]{1,12}", fullmatch=True), _domain)
_https = st.builds(lambda d, p: f"https://{d}/{p}", _domain, st.from_regex(r"[a-z0-9/_-]{0,12}", fullmatch=True))
_uris = st.lists(st.one_of(_mailto, _https), min_size=1, max_size=4)
_ext = st.tuples(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", fullmatch=True)
                 .filter(lambda n: n not in ("v", "rua")),
                 st.from_regex(r"[\x21-\x3a\x3c\x3e-\x7e]{1,20}", fullmatch=True))
_wsp = st.sampled_from(["", " ", "\t", "  "])


@st.composite
def valid_records(draw):
    uris = draw(_uris)
    rua = "rua=" + ",".join(draw(_wsp) + u + draw(_wsp) if i else u for i, u in enumerate(uris)).rstrip(" \t")
    fields = [rua] + [f"{n}={v}" for n, v in draw(st.lists(_ext, max_size=3, unique_by=lambda e: e[0]))]
    fields = draw(st.permutations(fields))
    text = "v=TLSRPTv1;" + "".join(draw(_wsp) + f + draw(_wsp) + ";" for f in fields)
    if draw(st.booleans()):
        text = text[:-1]
    return text, uris


@given(valid_records())
def test_every_valid_record_parses_cleanly(case):
    text, uris = case
    record = parse(text, NAME)
    assert codes(record) == [] and record.valid
    assert record.rua == uris


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_any_text_parses_without_raising(text):
    for candidate in (text, "v=TLSRPTv1;" + text):
        record = parse(candidate, NAME)
        assert set(codes(record)) <= TLSRPT_CODES
        assert all(isinstance(u, str) for u in record.rua)
    chosen, lookalikes = select([text])
    assert not (chosen and lookalikes)


@given(valid_records(), st.data())
def test_mutated_records_parse_without_raising(case, data):
    text = case[0]
    position = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.text(alphabet=string.printable + "é\x00;,=!", max_size=5))
    cut = data.draw(st.integers(0, 3))
    mutated = text[:position] + insert + text[position + cut:]
    record = parse(mutated, NAME)
    assert set(codes(record)) <= TLSRPT_CODES
    assert record.valid == (bool(record.rua) and "tlsrpt.record_syntax" not in codes(record))
