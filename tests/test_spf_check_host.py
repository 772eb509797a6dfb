"""check_host() beyond the openspf suite: counters, prefetching, time limits, results as data.

Data: tests/zones/spf_cases.zone, answered in memory (fast) or by the real fixture server.
"""

from __future__ import annotations

import asyncio

import pytest

from checker.spf import Result, check_host
from tests.dnsfixture import ZONES_DIR, ZoneDB, memory_resolver
from tests.dnsfixture.client import close, make_resolver

ZONE = ZoneDB.from_zonefile(ZONES_DIR / "spf_cases.zone")


def check(ip, mail_from, helo="mail.example.net", **options):
    """check_host() over the zone in memory; returns the result and the queries sent."""
    result, transport = check_in_memory(ip, mail_from, helo, **options)
    return result, transport.log


def check_in_memory(ip, mail_from, helo="mail.example.net", *, latency=0.0, limits=None, **options):
    """The result and the memory transport (``round_trips.count``: round trips one after the other)."""
    resolver = memory_resolver(ZONE, latency=latency, **{"timeout": 0.5, **(limits or {})})
    result = asyncio.run(check_host(ip, mail_from, helo, resolver=resolver, **options))
    return result, resolver.transport


def test_counters_follow_the_evaluation():
    result, _ = check("192.0.2.99", "user@counted.spf.example")
    assert (result.result, result.mechanism) == (Result.PASS, "ip4:192.0.2.99")
    assert (result.lookups, result.void_lookups) == (5, 2)
    assert result.domain == "counted.spf.example"
    assert result.explanation is None and result.problem is None


def test_prefetching_never_counts_what_the_evaluation_did_not_reach():
    result, log = check("192.0.2.10", "user@counted.spf.example")
    assert (result.result, result.mechanism, result.lookups, result.void_lookups) == (Result.PASS, "a", 1, 0)
    asked = {(q.name, q.rdtype) for q in log}
    assert ("counted.spf.example", "MX") in asked  # asked ahead, never counted


def test_redirect_counts_as_a_lookup():
    result, _ = check("192.0.2.99", "user@redir.spf.example")
    assert (result.result, result.lookups, result.void_lookups) == (Result.PASS, 6, 2)


def test_the_default_result_is_neutral_with_no_mechanism():
    result, _ = check("192.0.2.1", "user@questionable.spf.example")
    assert (result.result, result.mechanism) == (Result.PASS, "ip4:192.0.2.1")
    result, _ = check("192.0.2.2", "user@noall.spf.example")
    assert (result.result, result.mechanism, result.problem) == (Result.NEUTRAL, None, None)


def test_independent_terms_are_asked_in_one_round_trip():
    result, transport = check_in_memory("192.0.2.1", "user@wide.spf.example", latency=0.1)
    assert (result.result, result.lookups) == (Result.FAIL, 7)
    # the record, then the seven a lookups together
    assert transport.round_trips.count == 2, "the seven a lookups were not asked together"


def test_an_include_tree_takes_its_depth_in_round_trips():
    result, transport = check_in_memory("203.0.113.32", "user@tree.spf.example", latency=0.1)
    assert (result.result, result.mechanism, result.lookups) == (Result.PASS, "include:t3.spf.example", 9)
    assert transport.round_trips.count == 3, "a tree three records deep: its depth in round trips"


@pytest.mark.parametrize("backend", ["dns", "doh"])
def test_round_trips_over_the_real_server(dns_server, backend):
    dns_server.load(ZONE)
    dns_server.latency = 0.3  # queries asked together arrive well within one round trip
    resolver = make_resolver(dns_server, backend, timeout=3)

    async def run():
        try:
            await resolver.session().query("warm.up.example", "A")  # opens the DoH connection first
            dns_server.clear_log()
            return await check_host("203.0.113.32", "user@tree.spf.example", "x.example", resolver=resolver)
        finally:
            await close(resolver)

    result = asyncio.run(run())
    assert (result.result, result.lookups) == (Result.PASS, 9)
    # counted by the server: a tree three records deep, three round trips one after the other
    assert dns_server.round_trips.count == 3


def test_the_overall_time_limit_gives_temperror():
    result, transport = check_in_memory("192.0.2.1", "user@chain.spf.example", latency=0.2, limits={"deadline": 0.5})
    assert result.result is Result.TEMPERROR
    assert result.problem.code == "spf.deadline" and result.problem.params["seconds"] == 0.5
    assert transport.round_trips.count <= 3  # 0.5 s at 0.2 s a round trip: the walk stopped there


def test_a_timeout_is_temperror_naming_the_lookup():
    result, _ = check("192.0.2.2", "user@incslow.spf.example")
    assert result.result is Result.TEMPERROR
    assert result.problem.code == "spf.dns_error"
    assert result.problem.params == {"domain": "slow.spf.example", "name": "slow.spf.example",
                                     "rdtype": "TXT", "kind": "timeout"}


def test_servfail_is_temperror():
    result, _ = check("192.0.2.2", "user@incbroken.spf.example")
    assert (result.result, result.problem.params["kind"]) == (Result.TEMPERROR, "servfail")


def test_a_failed_mx_host_lookup_before_a_match_is_temperror():
    result, _ = check("192.0.2.11", "user@mxslow.spf.example")
    assert result.result is Result.TEMPERROR and result.problem.params["name"] == "slowhost.spf.example"


def test_more_than_ten_mx_hosts_is_permerror():
    result, _ = check("192.0.2.1", "user@manymx.spf.example")
    assert result.result is Result.PERMERROR
    assert result.problem.code == "spf.too_many_mx"
    assert result.problem.params == {"domain": "manymx.spf.example", "term": "mx", "count": 11, "limit": 10}


def test_a_null_mx_matches_nothing_and_asks_nothing():
    result, log = check("192.0.2.1", "user@nullmx.spf.example")
    assert result.result is Result.SOFTFAIL
    assert not [q for q in log if q.name in ("", ".")]


def test_the_third_void_lookup_is_permerror_and_the_limit_can_be_raised():
    result, _ = check("192.0.2.1", "user@voids.spf.example")
    assert (result.result, result.void_lookups) == (Result.PERMERROR, 3)
    assert result.problem.code == "spf.too_many_void_lookups"
    assert result.problem.params["term"] == "a:nx3.spf.example"
    result, _ = check("192.0.2.1", "user@voids.spf.example", void_limit=3)
    assert (result.result, result.void_lookups) == (Result.PASS, 3)


def test_syntax_errors_say_where():
    result, _ = check("192.0.2.1", "user@syntax.spf.example")
    assert result.result is Result.PERMERROR
    assert result.problem.code == "spf.syntax_error"
    assert result.problem.params == {"domain": "syntax.spf.example", "reason": "mechanism_unknown",
                                     "term": "moo", "position": 14, "offset": 14}


def test_two_records_are_permerror():
    result, _ = check("192.0.2.1", "user@twice.spf.example")
    assert (result.result, result.problem.code, result.problem.params["count"]) == \
        (Result.PERMERROR, "spf.multiple_records", 2)


def test_include_and_redirect_targets_without_a_record_are_permerror():
    result, _ = check("192.0.2.1", "user@incnone.spf.example")
    assert (result.result, result.problem.code) == (Result.PERMERROR, "spf.include_target_no_record")
    assert result.problem.params["target"] == "norecord.spf.example"
    result, _ = check("192.0.2.1", "user@redirnone.spf.example")
    assert (result.result, result.problem.code) == (Result.PERMERROR, "spf.redirect_target_no_record")


def test_no_record_is_none_with_the_reason():
    result, _ = check("192.0.2.1", "user@norecord.spf.example")
    assert result.result is Result.NONE
    assert (result.problem.code, result.problem.params["nxdomain"]) == ("spf.no_record", False)
    result, _ = check("192.0.2.1", "user@absent.spf.example")
    assert (result.result, result.problem.params["nxdomain"]) == (Result.NONE, True)


@pytest.mark.parametrize(("mail_from", "helo", "reason"), [
    ("user@localhost", "x", "single_label"),
    ("user@a..example", "x", "label_empty"),
    ("user@" + "a" * 64 + ".example", "x", "label_too_long"),
    ("", "[192.0.2.1]", "domain_literal"),
    ("", "", "empty"),
])
def test_unusable_domains_are_none_without_a_query(mail_from, helo, reason):
    result, log = check("192.0.2.1", mail_from, helo)
    assert (result.result, result.problem.code, result.problem.params["reason"]) == \
        (Result.NONE, "spf.invalid_domain", reason)
    assert log == []


def test_the_helo_identity_and_the_explanation_macros():
    result, _ = check("192.0.2.1", "", "helo.spf.example", receiver="mx.receiver.example")
    assert (result.result, result.mechanism) == (Result.FAIL, "-all")
    assert result.explanation == ("postmaster at helo.spf.example from 192.0.2.1 for helo.spf.example "
                                  "(192.0.2.1, checked by mx.receiver.example)")


def test_a_null_reverse_path_checks_the_helo_identity():
    result, _ = check("192.0.2.1", "<>", "helo.spf.example")
    assert (result.domain, result.explanation.split(" ")[0]) == ("helo.spf.example", "postmaster")


def test_an_ipv6_zone_index_is_ignored():
    result, _ = check("2001:db8::11%eth0", "user@counted.spf.example")
    assert (result.result, result.mechanism) == (Result.PASS, "mx")


def test_an_ipv4_mapped_client_is_an_ipv4_client():
    result, log = check("::ffff:192.0.2.10", "user@counted.spf.example")
    assert (result.result, result.mechanism) == (Result.PASS, "a")
    assert ("counted.spf.example", "AAAA") not in {(q.name, q.rdtype) for q in log}


def test_ipv6_clients_get_aaaa_lookups_but_exists_asks_for_a():
    result, log = check("2001:db8::11", "user@counted.spf.example")
    assert (result.result, result.mechanism) == (Result.PASS, "mx")
    result, log = check("2001:db8::1", "user@v6exists.spf.example")
    assert result.result is Result.PASS
    assert [q.rdtype for q in log if q.name.endswith(".allow.spf.example")] == ["A"]


def test_international_domains_are_checked_as_a_labels():
    result, _ = check("192.0.2.7", "user@b\u00fccher.spf.example")
    assert (result.result, result.domain) == (Result.PASS, "xn--bcher-kva.spf.example")


def test_ptr_and_the_p_macro_use_validated_names():
    result, _ = check("192.0.2.50", "user@ptrcheck.spf.example")
    assert (result.result, result.mechanism, result.lookups) == (Result.PASS, "exists:%{p}.allow.spf.example", 1)
    result, _ = check("192.0.2.51", "user@ptrcheck.spf.example")  # no PTR: %{p} is "unknown"
    assert (result.result, result.mechanism, result.lookups) == (Result.FAIL, "-all", 2)


def test_a_session_can_be_given_and_is_used():
    resolver = memory_resolver(ZONE)

    async def run():
        session = resolver.session()
        result = await check_host("192.0.2.10", "u@counted.spf.example", "x", session=session)
        return result, session.queries_sent

    result, sent = asyncio.run(run())
    assert result.result is Result.PASS and sent >= 1


def test_a_bad_client_address_is_a_value_error():
    with pytest.raises(ValueError):
        check("not-an-ip", "user@counted.spf.example")


def test_results_serialise_to_json():
    result, _ = check("192.0.2.1", "user@syntax.spf.example")
    data = result.to_json()
    assert data["result"] == "permerror" and data["problem"]["code"] == "spf.syntax_error"
    assert data["problem"]["severity"] == "error"
