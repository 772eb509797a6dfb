"""SPF record grammar (RFC 7208 sections 4.5, 4.6.1, 5, 6, 12): terms, and errors with their place."""

from __future__ import annotations

import ipaddress

import pytest

from checker.spf import Mechanism, Modifier, SpfSyntaxError, parse_record
from checker.spf.parser import is_spf_record


def test_a_full_record_becomes_its_terms_in_order():
    record = parse_record("v=spf1 +mx a:colo.example.com/28 ~ip4:192.0.2.0/24 ip6:2001:db8::/32 "
                          "-include:_spf.example.net ?exists:%{ir}.bl.example.org ptr "
                          "-all redirect=_spf.example.com exp=explain.%{d} x-note=hello")
    kinds = [(t.qualifier, t.kind) if isinstance(t, Mechanism) else ("=", t.name) for t in record.terms]
    assert kinds == [("+", "mx"), ("+", "a"), ("~", "ip4"), ("+", "ip6"), ("-", "include"),
                     ("?", "exists"), ("+", "ptr"), ("-", "all"),
                     ("=", "redirect"), ("=", "exp"), ("=", "x-note")]
    a = record.terms[1]
    assert (a.domain_spec.text, a.cidr4, a.cidr6) == ("colo.example.com", 28, None)
    assert record.terms[2].network == ipaddress.ip_network("192.0.2.0/24")
    assert record.terms[3].network == ipaddress.ip_network("2001:db8::/32")
    assert record.redirect.value.text == "_spf.example.com"
    assert record.exp.value.letters == {"d"}
    assert [t.position for t in record.terms[:3]] == [7, 11, 33]


def test_dual_cidr_and_defaults():
    a, mx, bare = parse_record("v=spf1 a/24//64 mx:example.org//48 a").mechanisms
    assert (a.cidr4, a.cidr6, a.domain_spec) == (24, 64, None)
    assert (mx.cidr4, mx.cidr6, mx.domain_spec.text) == (None, 48, "example.org")
    assert (bare.cidr4, bare.cidr6) == (None, None)


def test_ip4_ip6_networks_keep_the_prefix_not_the_host_bits():
    ip4, ip6 = parse_record("v=spf1 ip4:192.0.2.77/24 ip6:2001:DB8::1/48").mechanisms
    assert ip4.network == ipaddress.ip_network("192.0.2.0/24")
    assert ip6.network == ipaddress.ip_network("2001:db8::/48")


def test_names_and_version_are_case_insensitive():
    record = parse_record("V=SpF1 MX IP4:192.0.2.1 Include:Example.COM -ALL Redirect=x.example")
    assert [m.kind for m in record.mechanisms] == ["mx", "ip4", "include", "all"]
    assert record.redirect is not None


def test_domain_specs_may_hold_any_visible_character_but_must_end_well():
    spec = parse_record("v=spf1 a:foo:bar/baz.example.com").mechanisms[0].domain_spec
    assert spec.text == "foo:bar/baz.example.com"
    assert parse_record("v=spf1 a:foo.example.xn--zckzah a:%{d} a:x.example.com.").mechanisms


def test_extra_spaces_between_terms_and_at_the_end_are_allowed():
    assert [m.text for m in parse_record("v=spf1  a   -all ").mechanisms] == ["a", "-all"]
    assert parse_record("v=spf1").terms == ()


def test_redirect_is_ignored_when_the_record_has_all():
    record = parse_record("v=spf1 redirect=x.example.com a -all mx")
    assert record.effective_redirect is None
    assert [m.text for m in record.evaluated_mechanisms] == ["a", "-all"]
    assert [t.text for t in record.dns_terms()] == ["a"]
    assert [t.text for t in parse_record("v=spf1 a redirect=x.example.com").dns_terms()] == \
        ["a", "redirect=x.example.com"]


@pytest.mark.parametrize("text", ["v=spf1", "v=spf1 -all", "V=SPF1 a", b"v=spf1 \xff"])
def test_records_are_selected_on_their_version(text):
    assert is_spf_record(text)


@pytest.mark.parametrize("text", ["v=spf10", "v=spf1mx", "spf1", "", " v=spf1", b"\x96", "v=spf2.0/pra"])
def test_other_texts_are_not_spf_records(text):
    assert not is_spf_record(text)


# (record, reason, term, position, offset)
ERRORS = [
    ("v=spf1 ip4:1.2.3.4 -all moo", "mechanism_unknown", "moo", 24, 24),
    ("v=spf1 -all.", "mechanism_unknown", "-all.", 7, 8),
    ("v=spf1 -all:foobar", "argument_unexpected", "-all:foobar", 7, 11),
    ("v=spf1 -all/8", "argument_unexpected", "-all/8", 7, 11),
    ("v=spf1 redirect:t2.example.com", "mechanism_unknown", "redirect:t2.example.com", 7, 7),
    ("v=spf1 moo.cow/far_out=man:dog/cat", "mechanism_unknown", "moo.cow/far_out=man:dog/cat", 7, 7),
    ("v=spf1 1up=foo", "mechanism_unknown", "1up=foo", 7, 7),
    ("v=spf1 =all", "mechanism_unknown", "=all", 7, 7),
    ("v=spf1 include", "domain_spec_missing", "include", 7, 14),
    ("v=spf1 include: -all", "domain_spec_empty", "include:", 7, 15),
    ("v=spf1 include:ip5.example.com/24", "domain_spec_invalid_end", "include:ip5.example.com/24", 7, 32),
    ("v=spf1 exists", "domain_spec_missing", "exists", 7, 13),
    ("v=spf1 ptr/0", "argument_unexpected", "ptr/0", 7, 10),
    ("v=spf1 a:", "domain_spec_empty", "a:", 7, 9),
    ("v=spf1 a:museum", "domain_spec_invalid_end", "a:museum", 7, 14),
    ("v=spf1 a:museum.", "domain_spec_invalid_end", "a:museum.", 7, 15),
    ("v=spf1 a:abc.123", "domain_spec_invalid_end", "a:abc.123", 7, 15),
    ("v=spf1 a:example.-com", "domain_spec_invalid_end", "a:example.-com", 7, 20),
    ("v=spf1 a:example.com:8080", "domain_spec_invalid_end", "a:example.com:8080", 7, 24),
    ("v=spf1 a/33", "cidr_invalid", "a/33", 7, 8),
    ("v=spf1 a//129", "cidr_invalid", "a//129", 7, 8),
    ("v=spf1 a/24/64", "argument_unexpected", "a/24/64", 7, 8),
    ("v=spf1 ip4:1.2.3.4/032", "cidr_invalid", "ip4:1.2.3.4/032", 7, 18),
    ("v=spf1 ip4:1.2.3.4/33", "cidr_invalid", "ip4:1.2.3.4/33", 7, 18),
    ("v=spf1 ip4:1.2.3.4//32", "cidr_invalid", "ip4:1.2.3.4//32", 7, 18),
    ("v=spf1 ip4:1.2.3", "ip4_invalid", "ip4:1.2.3", 7, 11),
    ("v=spf1 ip4:01.2.3.4", "ip4_invalid", "ip4:01.2.3.4", 7, 11),
    ("v=spf1 ip4:1.2.3.4:8080", "ip4_invalid", "ip4:1.2.3.4:8080", 7, 11),
    ("v=spf1 ip4", "network_missing", "ip4", 7, 10),
    ("v=spf1 -all ip6", "network_missing", "ip6", 12, 15),
    ("v=spf1 ip6::CAFE::BABE", "ip6_invalid", "ip6::CAFE::BABE", 7, 11),
    ("v=spf1 ip6:fe80::1%eth0", "ip6_invalid", "ip6:fe80::1%eth0", 7, 11),
    ("v=spf1 ip6:::1.1.1.1//33", "cidr_invalid", "ip6:::1.1.1.1//33", 7, 20),
    ("v=spf1 exp= -all", "domain_spec_empty", "exp=", 7, 11),
    ("v=spf1 exp=-all", "domain_spec_invalid_end", "exp=-all", 7, 14),
    ("v=spf1 ?all redirect=", "domain_spec_empty", "redirect=", 12, 21),
    ("v=spf1 exp=a.example exp=b.example", "modifier_repeated", "exp=b.example", 21, 21),
    ("v=spf1 redirect=a.example -all Redirect=a.example", "modifier_repeated", "Redirect=a.example", 31, 31),
    ("v=spf1 -all foo=%abc", "macro_invalid_percent", "foo=%abc", 12, 16),
    ("v=spf1 -exists:%(ir).sbl.example.com", "macro_invalid_percent", "-exists:%(ir).sbl.example.com", 7, 15),
    ("v=spf1 exists:foo%.sbl.example.com", "macro_invalid_percent", "exists:foo%.sbl.example.com", 7, 17),
    ("v=spf1 a:%{a}.example.com", "macro_unknown_letter", "a:%{a}.example.com", 7, 9),
    ("v=spf1 -all exp=%{r}.example.com", "macro_letter_explanation_only", "exp=%{r}.example.com", 12, 16),
    ("v=spf1 a:%{d0}.example.com", "macro_zero_digits", "a:%{d0}.example.com", 7, 9),
    ("v=spf1 a:%{d.example.com", "macro_unterminated", "a:%{d.example.com", 7, 9),
    ("v=spf1 a:%{d2x}.example.com", "macro_invalid", "a:%{d2x}.example.com", 7, 9),
    ("v=spf1 a:ctrl.example.com\rptr -all", "invalid_character", "a:ctrl.example.com\\x0dptr", 7, 25),
    ("v=spf1 ip4:192.0.2.5\n include:x.example.com", "invalid_character", "ip4:192.0.2.5\\x0a", 7, 20),
    ("v=spf1 a:foo.example.com\0", "invalid_character", "a:foo.example.com\\x00", 7, 24),
    ("v=spf1 a:example.net \x96all", "non_ascii", "\\x96all", 21, 21),
    ("v=spf10 a", "version_missing", "v=spf10 a", 0, 0),
    ("spf1", "version_missing", "spf1", 0, 0),
]


@pytest.mark.parametrize(("record", "reason", "term", "position", "offset"), ERRORS,
                         ids=[e[0][7:] or e[0] for e in ERRORS])
def test_syntax_errors_name_the_term_its_position_and_a_reason(record, reason, term, position, offset):
    with pytest.raises(SpfSyntaxError) as caught:
        parse_record(record)
    error = caught.value
    assert (error.reason, error.term, error.position, error.offset) == (reason, term, position, offset)
    assert error.params() == {"reason": reason, "term": term, "position": position, "offset": offset}


def test_bytes_that_are_not_utf8_are_a_syntax_error_not_a_crash():
    with pytest.raises(SpfSyntaxError) as caught:
        parse_record(b"v=spf1 \x80a:example.net -all")
    assert (caught.value.reason, caught.value.term, caught.value.offset) == ("non_ascii", "\\x80a:example.net", 7)
    with pytest.raises(SpfSyntaxError) as caught:
        parse_record("v=spf1 a:\ufeffgarbage.example.net -all")  # a BOM inside, as text
    assert caught.value.reason == "non_ascii" and caught.value.term == "a:\\ufeffgarbage.example.net"


def test_a_syntax_error_is_a_value_error():
    assert issubclass(SpfSyntaxError, ValueError)


def test_unknown_modifiers_are_kept_and_ignored():
    record = parse_record("v=spf1 default=pass moo.cow-far_out=man:dog/cat include=x.example -all")
    assert [(t.name, t.value.text) for t in record.terms if isinstance(t, Modifier)] == \
        [("default", "pass"), ("moo.cow-far_out", "man:dog/cat"), ("include", "x.example")]
    assert record.redirect is None and record.exp is None
