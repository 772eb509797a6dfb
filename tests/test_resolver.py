"""The resolver layer against a real DNS server: plain DNS (UDP/TCP) and DoH (httpx).

Data: tests/zones/resolver.zone. Tests taking ``resolver`` run once per backend.
"""

from __future__ import annotations

import asyncio

import pytest

from checker.dns import DnsError, DnsErrorKind, Limits, Resolver, Status
from tests.dnsfixture import DnsFixture, ZoneDB, load_zones
from tests.dnsfixture.client import lookup, run_session
from tests.dnsfixture.clock import round_trips_during

FAST = {"timeout": 0.3}


def failure(resolver: Resolver, name: str, rdtype: str = "TXT") -> DnsError:
    with pytest.raises(DnsError) as caught:
        lookup(resolver, name, rdtype)
    return caught.value


def clocked(resolver: Resolver, name: str, rdtype: str = "TXT") -> tuple[object, int]:
    """One lookup's answer (or DnsError) and the round trips of 0.1 s it took (tests/dnsfixture/clock.py)."""
    return run_session(resolver, lambda session: round_trips_during(session.query(name, rdtype)))


# -- answers ---------------------------------------------------------------------------

def test_records_of_several_types_are_found(resolver):
    r = resolver(**FAST)
    txt = lookup(r, "example.com", "TXT")
    assert (txt.status, txt.texts(), txt.name) == (Status.OK, [b"v=spf1 mx -all"], "example.com")
    assert lookup(r, "Example.COM.", "MX").hostnames() == ["mail.example.com"]
    assert lookup(r, "mail.example.com", "A").addresses() == ["192.0.2.25"]
    assert lookup(r, "mail.example.com", "AAAA").addresses() == ["2001:db8::25"]


def test_nxdomain_and_nodata_are_told_apart(resolver):
    r = resolver(**FAST)
    missing = lookup(r, "missing.example.com", "TXT")
    other_type = lookup(r, "a-only.example.com", "TXT")
    empty_parent = lookup(r, "deep.example.com", "TXT")  # only a.b.deep.example.com has records
    assert (missing.status, missing.exists, missing.is_void) == (Status.NXDOMAIN, False, True)
    assert (other_type.status, other_type.exists, other_type.is_void) == (Status.NODATA, True, True)
    assert empty_parent.status is Status.NODATA


def test_txt_record_of_several_strings_is_joined_and_records_stay_apart(resolver):
    r = resolver(**FAST)
    multi = lookup(r, "multi.example.com", "TXT")
    assert multi.texts() == [b"v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all"]
    assert multi.strings() == [(b"v=spf1 ip4:192.0.2.1 ", b"ip4:192.0.2.2 -all")]
    assert sorted(lookup(r, "two.example.com", "TXT").texts()) == [b"first record", b"second record"]
    assert lookup(r, "utf8.example.com", "TXT").texts() == ["café".encode()]


def test_cname_chain_is_followed_across_zones(resolver):
    answer = lookup(resolver(**FAST), "alias.example.com", "TXT")
    assert answer.status is Status.OK
    assert answer.texts() == [b"v=spf1 ip4:198.51.100.0/24 -all"]
    assert answer.canonical_name == "target.example.net"
    assert answer.name == "alias.example.com"


def test_cname_to_a_missing_name_is_nxdomain(resolver):
    answer = lookup(resolver(**FAST), "dangling.example.com", "A")
    assert (answer.status, answer.canonical_name) == (Status.NXDOMAIN, "nowhere.example.com")


@pytest.mark.parametrize("name", ["loop1.example.com", "self.example.com"])
def test_cname_loop_is_an_error_found_quickly(resolver, dns_server, name):
    async def body(session):
        try:
            await session.query(name, "TXT")
        except DnsError as error:
            return error, session.queries_sent

    error, sent = run_session(resolver(timeout=1), body)
    assert error.kind is DnsErrorKind.CNAME_LOOP
    # found in the first answer (the server follows the aliases): one query, not a retry or a wait
    assert sent == len(dns_server.log) == 1


# -- failures are errors, never absent records ----------------------------------------

def test_unanswered_query_times_out_within_the_timeout(resolver, dns_server):
    error, ticks = clocked(resolver(**FAST), "slow.example.com")
    assert error.kind is DnsErrorKind.TIMEOUT
    # 0.3 s hold about 3 round trips of 0.1 s (the 5 s default would hold 50);
    # how close to 0.3 s the wait is: bench/resolver_waits.py
    assert ticks < 8
    assert dns_server.queries("slow.example.com")  # it did reach the server


def test_timeout_for_one_type_leaves_the_others_answered(resolver):
    r = resolver(**FAST)
    assert lookup(r, "txt-timeout.example.com", "A").addresses() == ["192.0.2.9"]
    assert failure(r, "txt-timeout.example.com").kind is DnsErrorKind.TIMEOUT


@pytest.mark.parametrize("name, kind", [
    ("servfail.example.com", DnsErrorKind.SERVFAIL),
    ("refused.example.com", DnsErrorKind.REFUSED),
    ("garbage.example.com", DnsErrorKind.BAD_RESPONSE),
])
def test_server_failures_are_reported_by_kind(resolver, name, kind):
    assert failure(resolver(**FAST), name).kind is kind


def test_fault_set_at_run_time(resolver, dns_server):
    dns_server.db.set_fault("example.com", "TXT", "servfail")
    r = resolver(**FAST)
    assert failure(r, "example.com").kind is DnsErrorKind.SERVFAIL
    assert lookup(r, "example.com", "A").addresses() == ["192.0.2.1"]


# -- large answers ---------------------------------------------------------------------

def big_txt(records: int, strings: int = 4) -> ZoneDB:
    """``records`` TXT records of ``strings`` strings of 250 bytes at big.example.com."""
    values = [" ".join(f'"{i:03d}{j}{"x" * 246}"' for j in range(strings)) for i in range(records)]
    return load_zones("resolver.zone").add("big.example.com", "TXT", *values)


def test_60_kb_txt_rrset_arrives_complete(resolver, dns_server, backend):
    dns_server.load(big_txt(60))
    answer = lookup(resolver(timeout=2), "big.example.com", "TXT")
    texts = answer.texts()
    assert len(texts) == 60 and sum(map(len, texts)) == 60_000
    assert sorted(t[:3] for t in texts) == [f"{i:03d}".encode() for i in range(60)]
    vias = [q.via for q in dns_server.queries("big.example.com")]
    # over UDP the answer is truncated (TC), and asked again over TCP
    assert vias == (["udp", "tcp"] if backend == "dns" else ["doh"])


def test_answer_too_large_for_any_message_is_an_error_not_nodata(resolver, dns_server):
    dns_server.load(big_txt(70))  # about 70 KB: over the 65,535 bytes of a DNS message
    assert failure(resolver(timeout=2), "big.example.com").kind is DnsErrorKind.BAD_RESPONSE


# -- the session: cache, merging, limits -----------------------------------------------

def test_cache_answers_the_same_question_without_sending(resolver, dns_server):
    async def body(session):
        first = await session.query("example.com", "TXT")
        again = await session.query("EXAMPLE.com.", "txt")
        missing = await session.query("missing.example.com", "TXT")
        missing_again = await session.query("missing.example.com", "TXT")
        return first, again, missing, missing_again

    first, again, missing, missing_again = run_session(resolver(**FAST), body)
    assert again == first and missing_again == missing
    assert [(q.name, q.rdtype) for q in dns_server.log] == [("example.com", "TXT"), ("missing.example.com", "TXT")]


def test_failures_are_cached_too(resolver, dns_server):
    async def body(session):
        kinds = []
        for _ in range(2):
            try:
                await session.query("servfail.example.com", "TXT")
            except DnsError as error:
                kinds.append(error.kind)
        return kinds

    assert run_session(resolver(**FAST), body) == [DnsErrorKind.SERVFAIL] * 2
    assert len(dns_server.queries("servfail.example.com")) == 1


def test_identical_concurrent_queries_are_merged(resolver, dns_server):
    dns_server.latency = 0.1

    async def body(session):
        return await asyncio.gather(*(session.query("example.com", "TXT") for _ in range(5)))

    answers = run_session(resolver(**FAST), body)
    assert all(a.texts() == [b"v=spf1 mx -all"] for a in answers)
    assert len(dns_server.log) == 1 and dns_server.round_trips.count == 1  # one round trip, shared


def test_distinct_queries_run_concurrently(resolver, dns_server):
    dns_server.latency = 0.2
    names = ["example.com", "multi.example.com", "two.example.com", "mail.example.com", "missing.example.com"]

    async def body(session):
        await asyncio.gather(*(session.query(n, "TXT") for n in names))

    run_session(resolver(timeout=1), body)
    assert len(dns_server.log) == 5
    assert dns_server.round_trips.count == 1  # five queries side by side, not one after another


def test_query_cap_gives_query_limit(resolver, dns_server):
    async def body(session):
        await session.query("example.com", "TXT")
        await session.query("mail.example.com", "A")
        cached = await session.query("example.com", "TXT")  # from the cache: no query spent
        with pytest.raises(DnsError) as caught:
            await session.query("multi.example.com", "TXT")
        return cached, caught.value

    cached, error = run_session(resolver(max_queries=2, **FAST), body)
    assert cached.status is Status.OK
    assert error.kind is DnsErrorKind.QUERY_LIMIT
    assert len(dns_server.log) == 2


def test_deadline_ends_the_check(resolver, dns_server):
    dns_server.latency = 0.4

    async def body(session):
        kinds = []
        for name in ["example.com", "multi.example.com", "two.example.com"]:
            try:
                await session.query(name, "TXT")
                kinds.append("ok")
            except DnsError as error:
                kinds.append(error.kind)
        return kinds

    kinds = run_session(resolver(timeout=2, deadline=0.7), body)
    # the second query has at most 0.3 s left and runs out (a deadline, not the 2 s timeout);
    # the third is not even sent (on a loaded machine the second may not reach the server either)
    assert kinds == ["ok", DnsErrorKind.DEADLINE, DnsErrorKind.DEADLINE]
    assert 1 <= len(dns_server.log) <= 2 and not dns_server.queries("two.example.com")


# -- several servers or endpoints --------------------------------------------------------

def test_second_nameserver_answers_when_the_first_times_out(dns_server, silent_nameserver):
    r = Resolver.from_nameservers([silent_nameserver.address, dns_server.nameserver], Limits(timeout=1))
    answer = lookup(r, "example.com", "TXT")
    # the first server had a share of the timeout, not all of it (its length: bench/resolver_waits.py)
    assert answer.texts() == [b"v=spf1 mx -all"]
    assert (silent_nameserver.received(), len(dns_server.log)) == (1, 1)
    # the silent server was moved last: the next check asks the working one first
    assert lookup(r, "mail.example.com", "A").addresses() == ["192.0.2.25"]
    assert (silent_nameserver.received(), len(dns_server.log)) == (1, 2)


def test_second_nameserver_answers_when_the_first_port_is_closed(dns_server, closed_port):
    r = Resolver.from_nameservers([f"127.0.0.1:{closed_port}", dns_server.nameserver], Limits(timeout=0.6))
    # dnspython's asyncio UDP loses the ICMP "port unreachable" that arrives before it
    # listens, so the closed port costs its share of the timeout, like a silent server;
    # the second server still answers within the timeout (a lookup past it raises).
    assert lookup(r, "example.com", "TXT").texts() == [b"v=spf1 mx -all"]
    assert len(dns_server.log) == 1


def test_second_nameserver_answers_when_the_first_says_servfail(dns_server):
    broken = ZoneDB().set_fault("example.com", None, "servfail")
    with DnsFixture(broken) as first:
        r = Resolver.from_nameservers([first.nameserver, dns_server.nameserver], Limits(**FAST))
        assert lookup(r, "example.com", "TXT").texts() == [b"v=spf1 mx -all"]
        assert len(first.log) == 1 and len(dns_server.log) == 1


@pytest.mark.parametrize("how", ["http 500", "connection refused", "hanging"])
def test_doh_falls_back_to_the_second_endpoint(dns_server, closed_port, how):
    with DnsFixture(load_zones("resolver.zone")) as first:
        first.doh_fail = {"http 500": True, "hanging": "hang"}.get(how, False)
        first_url = f"http://127.0.0.1:{closed_port}/dns-query" if how == "connection refused" else first.doh_url
        r = Resolver.from_doh([first_url, dns_server.doh_url], Limits(timeout=1))

        answer, ticks = clocked(r, "example.com")
        assert answer.texts() == [b"v=spf1 mx -all"]
        # a failing endpoint is left at once (its share would be 0.5 s: 5 round trips of 0.1 s);
        # a hanging one costs its share (half the 1 s timeout: 5 round trips), not the whole timeout
        assert ticks < (8 if how == "hanging" else 4)
        assert len(first.log) == (0 if how == "connection refused" else 1)

        # later queries go to the endpoint that works first
        assert lookup(r, "mail.example.com", "A").addresses() == ["192.0.2.25"]
        assert len(first.log) == (0 if how == "connection refused" else 1)
        assert [q.via for q in dns_server.log] == ["doh", "doh"]


def test_doh_endpoint_failing_alone_is_a_network_error(dns_server):
    dns_server.doh_fail = 503
    r = Resolver.from_doh([dns_server.doh_url], Limits(**FAST))
    error = failure(r, "example.com")
    assert error.kind is DnsErrorKind.NETWORK and "503" in error.detail
