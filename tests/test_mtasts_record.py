"""The _mta-sts record parser: examples, and properties over random and mutated input."""

from __future__ import annotations

import string

from hypothesis import given, settings, strategies as st

from checker.findings import CATALOGUE
from checker.mtasts.record import parse, select

NAME = "_mta-sts.example.com"
MTASTS_CODES = {c for c in CATALOGUE if c.startswith("mtasts.")}


def codes(record) -> list[str]:
    return [f.code for f in record.findings]


def test_example_of_rfc_8461():
    record = parse("v=STSv1; id=20160831085700Z;", NAME)
    assert record.valid and record.id == "20160831085700Z" and codes(record) == []


def test_id_rules():
    assert codes(parse("v=STSv1;", NAME)) == ["mtasts.missing_id"]
    assert codes(parse("v=STSv1; id=", NAME)) == ["mtasts.invalid_id"]
    assert codes(parse("v=STSv1; id=" + "a" * 33, NAME)) == ["mtasts.invalid_id"]
    assert codes(parse("v=STSv1; id=2024-01-01", NAME)) == ["mtasts.invalid_id"]
    assert parse("v=STSv1; id=" + "Z9" * 16, NAME).valid


def test_extensions_and_blanks():
    record = parse("v=STSv1;\tid=abc ; ext_1.x=some:value ;", NAME)
    assert record.valid and record.fields["ext_1.x"] == "some:value"


def test_bad_fields_make_the_record_invalid():
    for text in ("v=STSv1; id=1; bad field", "v=STSv1; id=1;; x=1", "v=STSv1; id=1; x=a b",
                 "v=STSv1; id=1; v=STSv1", "v=STSv1; id=1; -x=1"):
        record = parse(text, NAME)
        assert codes(record) == ["mtasts.record_syntax"] and not record.valid, text


def test_duplicate_id_first_wins():
    record = parse("v=STSv1; id=one; id=two", NAME)
    assert record.id == "one" and codes(record) == ["mtasts.record_duplicate_field"]


def test_selection():
    chosen, lookalikes = select(["v=STSv1; id=1", "v=STSv1 ; id=1", "v=stsv1; id=1", "v=STSv1", "other"])
    assert chosen == ["v=STSv1; id=1"]
    assert lookalikes == ["v=STSv1 ; id=1", "v=stsv1; id=1", "v=STSv1"]


# -- properties ---------------------------------------------------------------------

_id = st.from_regex(r"[A-Za-z0-9]{1,32}", fullmatch=True)
_ext = st.tuples(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", fullmatch=True)
                 .filter(lambda n: n not in ("v", "id")),
                 st.from_regex(r"[\x21-\x3a\x3c\x3e-\x7e]{1,20}", fullmatch=True))
_wsp = st.sampled_from(["", " ", "\t"])


@st.composite
def valid_records(draw):
    policy_id = draw(_id)
    fields = [f"id={policy_id}"] + [f"{n}={v}" for n, v in
                                     draw(st.lists(_ext, max_size=3, unique_by=lambda e: e[0]))]
    fields = draw(st.permutations(fields))
    text = "v=STSv1;" + ";".join(draw(_wsp) + f + draw(_wsp) for f in fields)
    if draw(st.booleans()):
        text += ";" + draw(_wsp)
    return text, policy_id


@given(valid_records())
def test_every_valid_record_parses_cleanly(case):
    text, policy_id = case
    record = parse(text, NAME)
    assert codes(record) == [] and record.valid and record.id == policy_id


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_any_text_parses_without_raising(text):
    for candidate in (text, "v=STSv1;" + text):
        record = parse(candidate, NAME)
        assert set(codes(record)) <= MTASTS_CODES
        assert record.id is None or (record.id.isascii() and record.id.isalnum() and len(record.id) <= 32)


@given(valid_records(), st.data())
def test_mutated_records_parse_without_raising(case, data):
    text = case[0]
    position = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.text(alphabet=string.printable + "é\x00;=", max_size=5))
    cut = data.draw(st.integers(0, 3))
    record = parse(text[:position] + insert + text[position + cut:], NAME)
    assert set(codes(record)) <= MTASTS_CODES
