"""Macro strings (RFC 7208 section 7): parsing, transformers, escaping, and the 7.4 examples."""

from __future__ import annotations

import pytest

from checker.spf import SpfSyntaxError
from checker.spf.evaluate import Client
from checker.spf.macro import EXPLAIN_LETTERS, expand, parse_domain_spec, parse_macro_string
from checker.spf.names import target_name


def values_for(ip: str, sender: str = "strong-bad@email.example.com", domain: str = "email.example.com") -> dict:
    client = Client(ip)
    local, _, origin = sender.rpartition("@")
    return {"s": sender, "l": local, "o": origin, "d": domain, "i": client.i, "v": client.v,
            "h": "mx.example.org", "p": "mx.example.org", "c": client.c, "r": "receiver.example", "t": "0"}


IPV4 = values_for("192.0.2.3")

# RFC 7208 section 7.4, IPv4 client 192.0.2.3
EXAMPLES = [
    ("%{s}", "strong-bad@email.example.com"),
    ("%{o}", "email.example.com"),
    ("%{d}", "email.example.com"),
    ("%{d4}", "email.example.com"),
    ("%{d3}", "email.example.com"),
    ("%{d2}", "example.com"),
    ("%{d1}", "com"),
    ("%{dr}", "com.example.email"),
    ("%{d2r}", "example.email"),
    ("%{l}", "strong-bad"),
    ("%{l-}", "strong.bad"),
    ("%{lr}", "strong-bad"),
    ("%{lr-}", "bad.strong"),
    ("%{l1r-}", "strong"),
    ("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
    ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
    ("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"),
    ("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"),
    ("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"),
]


@pytest.mark.parametrize(("macro", "expansion"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_rfc7208_section_7_4_examples(macro, expansion):
    assert expand(parse_macro_string(macro), IPV4) == expansion


def test_rfc7208_section_7_4_ipv6_example():
    spec = parse_macro_string("%{ir}.%{v}._spf.%{d2}")
    expanded = expand(spec, values_for("2001:db8::cb01"))
    # DNS names ignore case: the RFC prints lower-case nibbles, the openspf suite upper case
    assert expanded.lower() == ("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2"
                                ".ip6._spf.example.com")


def test_explanation_letters_and_spaces():
    spec = parse_macro_string("%{c} is not allowed by %{r} at %{t}, see %{o}", letters=EXPLAIN_LETTERS, space=True)
    assert expand(spec, IPV4) == "192.0.2.3 is not allowed by receiver.example at 0, see email.example.com"
    assert expand(parse_macro_string("%{c}", letters=EXPLAIN_LETTERS), values_for("2001:DB8::CB01")) == \
        "2001:db8::cb01"


def test_escapes_percent_space_and_url_space():
    assert expand(parse_macro_string("macro%%percent%_%_space%-url-space"), IPV4) == \
        "macro%percent  space%20url-space"


def test_upper_case_letters_are_url_escaped_after_transformation():
    values = {**IPV4, "l": "~jack&jill=up-a_b3.c"}
    assert expand(parse_macro_string("%{L}"), values) == "~jack%26jill%3Dup-a_b3.c"
    assert expand(parse_macro_string("%{L1r=}"), values) == "~jack%26jill"
    assert expand(parse_macro_string("%{S}"), {**IPV4, "s": "a b@x.example"}) == "a%20b%40x.example"


def test_several_delimiters_and_empty_parts():
    assert expand(parse_macro_string("%{l2r+-}"), {**IPV4, "l": "foo-bar+zip+quux"}) == "bar.foo"
    assert expand(parse_macro_string("%{lr-}"), {**IPV4, "l": "-a--b-"}) == ".b..a."
    assert expand(parse_macro_string("%{l1}"), {**IPV4, "l": "a.b.c."}) == ""
    assert expand(parse_macro_string("%{l1r}"), {**IPV4, "l": "a.b.c."}) == "a"


def test_digit_transformer_keeps_everything_when_larger_and_accepts_huge_values():
    assert expand(parse_macro_string("%{d127}"), IPV4) == "email.example.com"
    assert expand(parse_macro_string("%{d" + "9" * 5000 + "}"), IPV4) == "email.example.com"
    assert expand(parse_macro_string("%{d0002}"), IPV4) == "example.com"


@pytest.mark.parametrize(("text", "reason"), [
    ("%", "macro_invalid_percent"),
    ("%x", "macro_invalid_percent"),
    ("%{", "macro_unterminated"),
    ("%{}", "macro_invalid"),
    ("%{d-2}", "macro_invalid"),
    ("%{dr2}", "macro_invalid"),
    ("%{x}", "macro_unknown_letter"),
    ("%{c}", "macro_letter_explanation_only"),
    ("%{d0}", "macro_zero_digits"),
    ("a b", "invalid_character"),
    ("caf\u00e9", "non_ascii"),
])
def test_macro_syntax_errors(text, reason):
    with pytest.raises(SpfSyntaxError) as caught:
        parse_macro_string(text)
    assert caught.value.reason == reason


def test_explain_string_accepts_spaces_but_not_control_characters():
    assert expand(parse_macro_string("a  b ", space=True), IPV4) == "a  b "
    with pytest.raises(SpfSyntaxError):
        parse_macro_string("a\tb", space=True)


@pytest.mark.parametrize("spec", ["example.com", "example.com.", "%{d}", "%{d}.", "_spf.%{d2}", "x.%-",
                                  "foo.example.xn--zckzah", "a.b-c", "a.9a", "a.a9"])
def test_valid_domain_ends(spec):
    if spec == "%{d}.":  # domain-end needs a toplabel after a literal dot
        with pytest.raises(SpfSyntaxError):
            parse_domain_spec(spec)
    else:
        parse_domain_spec(spec)


@pytest.mark.parametrize("spec", ["", "com", "com.", "example.123", "example.-com", "example.com-", "a.b_c",
                                  "example.com:80", "%{d}com"])
def test_invalid_domain_ends(spec):
    with pytest.raises(SpfSyntaxError):
        parse_domain_spec(spec)


def test_long_expansions_are_cut_from_the_left_to_253_octets():
    labels = ["somewhat.long.exp.example.com"] * 8
    name = target_name("foobar." + ".".join(labels) + ".example.com")
    assert name == ".".join(labels) + ".example.com"
    assert len(name) <= 253
    assert target_name("example.com.") == "example.com"
