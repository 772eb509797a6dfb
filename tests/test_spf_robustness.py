"""Hostile input: random and mutated records, and hostile zones served by the real fixture.

Parser and macro expander: only SpfSyntaxError ever escapes. check_host() and lint():
they end within the deadline and the query cap, with the result RFC 7208 prescribes
(permerror for loops and limits, temperror for DNS failures).
"""

from __future__ import annotations

import asyncio

import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.rrset
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.spf import Result, SpfRecord, SpfSyntaxError, check_host, lint, parse_record
from checker.spf.macro import EXPLAIN_LETTERS, expand, parse_domain_spec, parse_macro_string
from tests.dnsfixture import ZONES_DIR, ZoneDB, memory_resolver
from tests.dnsfixture.client import close, make_resolver
from tests.dnsfixture.clock import TICK, round_trips_during

# -- the parser and the macro expander -------------------------------------------------

VALID = [
    "v=spf1 +mx a:colo.example.com/28 -all",
    "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net ~all",
    "v=spf1 exists:%{ir}.%{l1r-}._spf.%{d} ptr:%{d2} a/24//64 -all exp=explain._spf.%{d}",
    "v=spf1 redirect=_spf.example.com x-tag=%{S}%%%_%-",
    "v=spf1 mx//48 ?a:%{H}.example.org -include:%{o}.x.example ip6:::ffff:192.0.2.1/120",
]
QUALIFIERS = st.sampled_from(["", "+", "-", "~", "?"])
NAMES = st.sampled_from(["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists", "redirect", "exp",
                         "default", "A", "Mx", "IP6", "x.y-z_", "1up", ""])
PIECES = st.sampled_from([":", "=", "/", "//", ":example.com", ".example.com.", ":%{d}", "%{ir}.%{v}", "%{L2r+-}",
                          "%{p}", "%{c}", "%{x}", "%{d0}", "%{d99999999999999999999}", "%", "%{", "}", "%%", "%_",
                          "%-", "1.2.3.4", "::1", "::ffff:1.2.3.4", "/0", "/24", "/33", "/129", "/032", "..",
                          "-", ".xn--zckzah", ".123", "\x80", "\x00", "\t", "\r\n", "\u00e9", "\udcff", " "])
TERMS = st.builds(lambda q, n, rest: q + n + "".join(rest), QUALIFIERS, NAMES, st.lists(PIECES, max_size=5))
RECORDS = st.lists(TERMS, max_size=12).map(lambda terms: "v=spf1 " + " ".join(terms))


def parse_or_syntax_error(text) -> SpfRecord | None:
    try:
        record = parse_record(text)
    except SpfSyntaxError as error:
        assert isinstance(error.reason, str) and isinstance(error.term, str)
        assert 0 <= error.position <= error.offset <= max(len(text), 1)
        return None
    source = text.decode("latin-1") if isinstance(text, bytes) else text
    assert [term.text for term in record.terms] == [t for t in source[6:].split(" ") if t]
    return record


@given(st.binary(max_size=400))
def test_random_bytes(data):
    parse_or_syntax_error(data)
    parse_or_syntax_error(b"v=spf1 " + data)


@given(st.text(max_size=300))
def test_random_text(text):
    parse_or_syntax_error(text)
    parse_or_syntax_error("v=spf1 " + text)


@given(RECORDS)
def test_random_terms(record):
    parse_or_syntax_error(record)


@given(st.sampled_from(VALID), st.data())
def test_mutated_valid_records(record, data):
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(record)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        char = data.draw(st.characters(max_codepoint=0x2FF) | st.sampled_from("%{}:/=.- "))
        if action == "insert":
            record = record[:position] + char + record[position:]
        elif action == "delete":
            record = record[:position] + record[position + 1:]
        else:
            record = record[:position] + char + record[position + 1:]
    parse_or_syntax_error(record)
    parse_or_syntax_error(record.encode("utf-8", "surrogatepass"))


def test_the_valid_records_are_valid():
    assert all(parse_or_syntax_error(record) for record in VALID)


MACRO_TEXT = st.text(st.sampled_from("%{}slodiphcrtvSLODIPHCRTVxr0123456789.-+,/_= ab\x00\u00e9"), max_size=40) \
    | st.text(max_size=40)
VALUES = st.fixed_dictionaries({letter: st.text(max_size=30) for letter in "slodiphcrtv"})


@given(MACRO_TEXT, VALUES)
def test_macro_strings_expand_or_raise_a_syntax_error(text, values):
    for parse in (lambda: parse_macro_string(text, letters=EXPLAIN_LETTERS, space=True),
                  lambda: parse_domain_spec(text)):
        try:
            spec = parse()
        except SpfSyntaxError:
            continue
        assert isinstance(expand(spec, values), str)


# -- check_host() with random records in memory ------------------------------------------

def _zone_with(record: bytes) -> ZoneDB:
    strings = [record[i:i + 255] for i in range(0, len(record), 255)] or [b""]
    rdata = dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings)
    db = ZoneDB.from_zonefile(ZONES_DIR / "spf_cases.zone")
    return db.add_rrset(dns.rrset.from_rdata_list("random.spf.example.", 300, [rdata]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORDS | st.sampled_from(VALID), st.sampled_from(["192.0.2.10", "2001:db8::11", "::ffff:192.0.2.1"]),
       st.text(max_size=20))
def test_check_host_gives_a_result_for_any_record(record, ip, local):
    db = _zone_with(record.encode("utf-8", "surrogatepass"))
    resolver = memory_resolver(db, timeout=0.2, deadline=2)
    result = asyncio.run(check_host(ip, f"{local}@random.spf.example", "helo.spf.example", resolver=resolver))
    assert result.result in Result
    assert result.lookups <= 11 and result.void_lookups <= 3
    report = asyncio.run(lint("random.spf.example", resolver=resolver))
    assert report.tree.domain == "random.spf.example"


# -- hostile zones on the real server ---------------------------------------------------

HOSTILE = ZoneDB.from_zonefile(ZONES_DIR / "spf_hostile.zone")
# Over DoH, many queries at once can wait a second for a connection to the fixture
# (its listen queue is short): DoH runs use a longer timeout and skip the timeout cases.
TIMEOUTS = {"dns": 0.5, "doh": 1.5}
DEADLINE = 8.0
MAX_QUERIES = 300

# (domain, client, result, problem code); at most 2 s, plus one timeout where a name never answers
CHECKS = [
    ("loop.hostile.example", "192.0.2.9", Result.PERMERROR, "spf.too_many_lookups"),
    ("self.hostile.example", "192.0.2.9", Result.PERMERROR, "spf.too_many_lookups"),
    ("chain1.hostile.example", "192.0.2.1", Result.PERMERROR, "spf.too_many_lookups"),
    ("chain45.hostile.example", "192.0.2.1", Result.PASS, None),
    ("wide.hostile.example", "192.0.2.9", Result.PERMERROR, "spf.too_many_lookups"),
    ("big.hostile.example", "192.0.2.1", Result.PASS, None),
    ("badbytes.hostile.example", "192.0.2.1", Result.PERMERROR, "spf.syntax_error"),
    ("badbytes2.hostile.example", "192.0.2.1", Result.PERMERROR, "spf.syntax_error"),
    ("otherbytes.hostile.example", "192.0.2.1", Result.PASS, None),
    ("cname1.hostile.example", "192.0.2.1", Result.TEMPERROR, "spf.dns_error"),
    ("cnameinc.hostile.example", "192.0.2.1", Result.TEMPERROR, "spf.dns_error"),
    ("cnamea.hostile.example", "192.0.2.1", Result.TEMPERROR, "spf.dns_error"),
    ("incservfail.hostile.example", "192.0.2.1", Result.TEMPERROR, "spf.dns_error"),
    ("inctimeout.hostile.example", "192.0.2.9", Result.TEMPERROR, "spf.dns_error"),
    ("inctimeout.hostile.example", "192.0.2.1", Result.PASS, None),  # matched before the timeout
    ("manyslow.hostile.example", "192.0.2.9", Result.TEMPERROR, "spf.dns_error"),  # ten timeouts at once
]
SLOW = ("inctimeout", "manyslow")  # names that never answer


def _backends(cases):
    return [(backend, *case) for case in cases for backend in ("dns", "doh")
            if backend == "dns" or not case[0].startswith(SLOW)]


def _run(fixture, backend, work, latency=0.0, **limits):
    """The outcome of ``work(session)``, the round trips of 0.1 s it lasted (tests/dnsfixture/clock.py),
    and the queries it sent."""
    fixture.reset(HOSTILE)
    fixture.latency = latency
    resolver = make_resolver(fixture, backend, **{"timeout": TIMEOUTS[backend], "deadline": DEADLINE,
                                                  "max_queries": MAX_QUERIES, **limits})

    async def main():
        session = resolver.session()
        try:
            outcome, ticks = await round_trips_during(work(session))
            if isinstance(outcome, Exception):
                raise outcome
            return outcome, ticks, session.queries_sent
        finally:
            await close(resolver)

    return asyncio.run(main())


@pytest.mark.parametrize(("backend", "domain", "ip", "expected", "problem"), _backends(CHECKS),
                         ids=[f"{c[1].split('.')[0]}-{c[2]}-{c[0]}" for c in _backends(CHECKS)])
def test_check_host_on_hostile_zones(dns_fixture, backend, domain, ip, expected, problem):
    result, ticks, sent = _run(dns_fixture, backend,
                               lambda session: check_host(ip, f"u@{domain}", "helo.example", session=session))
    assert result.result is expected, result
    assert (result.problem.code if result.problem else None) == problem
    assert result.lookups <= 11 and result.void_lookups <= 3
    assert ticks < (2 + TIMEOUTS[backend]) / TICK and sent <= MAX_QUERIES


# (domain, lookups, lower bound, finding codes expected among the findings)
LINTS = [
    ("loop.hostile.example", 2, True, {"spf.include_loop"}),
    ("chain1.hostile.example", 49, False, {"spf.too_many_lookups"}),
    ("wide.hostile.example", 60, False, {"spf.too_many_lookups", "spf.record_over_guideline",
                                         "spf.response_over_512"}),
    ("big.hostile.example", 0, False, {"spf.record_over_guideline", "spf.response_over_512"}),
    ("badbytes.hostile.example", 0, False, {"spf.syntax_error"}),
    ("cname1.hostile.example", 0, True, {"spf.dns_error"}),
    ("cnameinc.hostile.example", 1, True, {"spf.dns_error"}),
    ("incservfail.hostile.example", 1, True, {"spf.dns_error"}),
    ("inctimeout.hostile.example", 1, True, {"spf.dns_error"}),
    ("manyslow.hostile.example", 10, False, {"spf.dns_error"}),
]


@pytest.mark.parametrize(("backend", "domain", "lookups", "lower_bound", "expected"), _backends(LINTS),
                         ids=[f"{c[1].split('.')[0]}-{c[0]}" for c in _backends(LINTS)])
def test_lint_on_hostile_zones(dns_fixture, backend, domain, lookups, lower_bound, expected):
    report, ticks, sent = _run(dns_fixture, backend, lambda session: lint(domain, session=session))
    assert (report.lookups, report.lower_bound) == (lookups, lower_bound), report.findings
    assert expected <= {f.code for f in report.findings}, report.findings
    assert "spf.no_record" not in {f.code for f in report.findings}
    assert ticks < (3 + TIMEOUTS[backend]) / TICK and sent <= MAX_QUERIES


def test_the_query_cap_ends_a_check_with_temperror(dns_fixture):
    result, _, sent = _run(dns_fixture, "dns", lambda session: check_host(
        "192.0.2.9", "u@wide.hostile.example", "helo.example", session=session), max_queries=5)
    assert (result.result, result.problem.params["kind"]) == (Result.TEMPERROR, "query_limit")
    assert sent == 5


def test_the_query_cap_makes_lint_a_lower_bound(dns_fixture):
    report, _, sent = _run(dns_fixture, "dns", lambda session: lint("chain1.hostile.example", session=session),
                           max_queries=20)
    assert report.lower_bound and report.lookups < 49
    assert "query_limit" in {f.params.get("kind") for f in report.findings}
    assert sent == 20


def test_the_deadline_ends_a_check_with_temperror(dns_fixture):
    result, _, _ = _run(dns_fixture, "dns", lambda session: check_host(
        "192.0.2.9", "u@chain1.hostile.example", "helo.example", session=session), latency=0.2, deadline=0.7)
    # 0.7 s hold three round trips of 0.2 s and the start of a fourth (the chain is 49 deep)
    assert dns_fixture.round_trips.count <= 4
    assert (result.result, result.problem.code) == (Result.TEMPERROR, "spf.deadline")


def test_the_deadline_ends_lint_with_a_lower_bound(dns_fixture):
    report, _, _ = _run(dns_fixture, "dns", lambda session: lint("chain1.hostile.example", session=session),
                        latency=0.1, deadline=0.6)
    # 0.6 s hold six round trips of 0.1 s and the start of a seventh
    assert dns_fixture.round_trips.count <= 7
    assert report.lower_bound and "spf.deadline" in {f.code for f in report.findings}
    assert 0 < report.lookups < 49
