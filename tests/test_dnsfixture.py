"""The DNS fixture itself: zone data, fault directives, RFC 7208 scenarios, the servers."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
from pathlib import Path

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import httpx
import pytest
import yaml

from checker.dns import DnsError, DnsErrorKind, Status
from tests.dnsfixture import ZONES_DIR, ZoneDB, load_zones, memory_resolver
from tests.absent_material import absent
from tests.dnsfixture.client import lookup, make_resolver, run_session
from tests.dnsfixture.clock import round_trips_during
from tests.dnsfixture.wire import MalformedResponse, render
from tests.dnsfixture.zonefile import ZoneFileError

PROJECT = Path(__file__).resolve().parents[1]
RFC7208_SUITE = PROJECT.parent / "shared" / "corpus" / "spf" / "rfc7208-tests.yml"


def ask(db: ZoneDB, name: str, rdtype: str = "TXT") -> dns.message.Message | None:
    return db.answer(dns.message.make_query(name, rdtype))


def texts(response: dns.message.Message) -> list[bytes]:
    return sorted(b"".join(r.strings) for rrset in response.answer for r in rrset
                  if rrset.rdtype in (dns.rdatatype.TXT, dns.rdatatype.SPF))


# -- ZoneDB: answering like an authoritative server ---------------------------------------

@pytest.fixture(scope="module")
def zone() -> ZoneDB:
    return load_zones("resolver.zone")


def test_answer_is_authoritative_and_keeps_the_question_as_asked(zone):
    query = dns.message.make_query("MuLTi.Example.COM", "TXT")
    response = zone.answer(query)
    assert response.id == query.id and response.flags & dns.flags.AA and response.flags & dns.flags.QR
    assert response.question[0].name.to_text() == "MuLTi.Example.COM."
    assert response.answer[0].name.to_text() == "MuLTi.Example.COM."
    assert texts(response) == [b"v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all"]


def test_negative_answers_carry_the_zone_soa(zone):
    nxdomain, nodata = ask(zone, "missing.example.com"), ask(zone, "a-only.example.com")
    assert nxdomain.rcode() == dns.rcode.NXDOMAIN and nodata.rcode() == dns.rcode.NOERROR
    assert not nodata.answer
    for response in (nxdomain, nodata):  # synthesised: the file has no SOA for example.com
        (soa,) = response.authority
        assert (soa.name.to_text(), soa.rdtype) == ("example.com.", dns.rdatatype.SOA)
    (soa,) = ask(zone, "missing.example.net").authority  # the file's own SOA, TTL per RFC 2308
    assert soa[0].mname.to_text() == "ns1.example.net." and soa.ttl == 120


def test_names_outside_the_data_do_not_exist(zone):
    assert ask(zone, "example.org").rcode() == dns.rcode.NXDOMAIN
    assert ask(zone, "com").rcode() == dns.rcode.NXDOMAIN


def test_wildcard_answers_for_missing_names_only(zone):
    response = ask(zone, "anything.wild.example.com")
    assert texts(response) == [b"from the wildcard"]
    assert response.answer[0].name.to_text() == "anything.wild.example.com."
    assert texts(ask(zone, "deeper.anything.wild.example.com")) == [b"from the wildcard"]
    assert ask(zone, "host.wild.example.com").answer == []  # exists: the wildcard does not apply
    assert ask(zone, "wild.example.com").rcode() == dns.rcode.NOERROR  # parent of the wildcard


def test_cname_chains_and_loops_are_answered_as_far_as_they_go(zone):
    chain = ask(zone, "alias.example.com")
    assert [r.rdtype for r in chain.answer] == [dns.rdatatype.CNAME, dns.rdatatype.CNAME, dns.rdatatype.TXT]
    loop = ask(zone, "loop1.example.com")
    assert loop.rcode() == dns.rcode.NOERROR
    assert [r.name.to_text() for r in loop.answer] == ["loop1.example.com.", "loop2.example.com."]
    assert ask(zone, "alias.example.com", "CNAME").answer[0][0].target.to_text() == "alias2.example.com."
    assert ask(zone, "dangling.example.com").rcode() == dns.rcode.NXDOMAIN


def test_faults_from_the_zone_file_and_at_run_time():
    db = ZoneDB.from_text("""
$ORIGIN example.org.
www        A  192.0.2.1
www        TXT "hello"
; @timeout   www TXT
; @servfail  down
; @refused   no.example.com.
; @garbage   @
""")
    assert ask(db, "www.example.org") is None
    assert ask(db, "www.example.org", "A").answer
    assert ask(db, "down.example.org").rcode() == dns.rcode.SERVFAIL
    assert ask(db, "no.example.com", "MX").rcode() == dns.rcode.REFUSED
    assert isinstance(ask(db, "example.org"), MalformedResponse)
    db.set_fault("www.example.org", None, "refused")     # whole name...
    db.set_fault("www.example.org", "A", "answer")       # ...except A
    assert ask(db, "www.example.org", "A").answer
    assert ask(db, "www.example.org", "MX").rcode() == dns.rcode.REFUSED
    db.set_fault("www.example.org", "TXT", None)          # removed: the name-wide fault applies
    assert ask(db, "www.example.org").rcode() == dns.rcode.REFUSED


def test_garbage_cannot_be_parsed_but_names_the_query():
    query = dns.message.make_query("example.com", "TXT")
    wire = render(MalformedResponse(dns.message.make_response(query)))
    assert wire[:2] == query.id.to_bytes(2, "big")
    with pytest.raises(dns.exception.DNSException):
        dns.message.from_wire(wire)


@pytest.mark.parametrize("line", ["; @timeout", "; @timeout a b c", "; @answer www",
                                  "; @servfail www NOSUCHTYPE"])
def test_bad_fault_directives_are_reported_with_their_line(line):
    with pytest.raises(ZoneFileError, match="<zone>:3"):
        ZoneDB.from_text(f"$ORIGIN example.org.\nwww A 192.0.2.1\n{line}\n")


def test_merge_joins_records_and_faults():
    db = ZoneDB.from_text('$ORIGIN a.test.\n@ TXT "one"\n')
    db.merge(ZoneDB.from_text('$ORIGIN a.test.\n@ TXT "two"\n; @servfail b.test.\n'))
    assert texts(ask(db, "a.test")) == [b"one", b"two"]
    assert ask(db, "b.test").rcode() == dns.rcode.SERVFAIL


def test_names_added_at_run_time_stay_absolute():
    """A null MX ("0 .") or an SOA added by a test answers like one read from a zone file."""
    db = ZoneDB().add("nullmx.example", "MX", "0 .").add("nullmx.example", "SOA",
                                                          "ns1.nullmx.example. host.nullmx.example. 1 2 3 4 5")
    for rdtype in ("MX", "SOA"):
        response = db.answer(dns.message.make_query("nullmx.example", rdtype))
        wire = dns.message.from_wire(response.to_wire())
        assert wire.answer[0] == response.answer[0]
    assert str(db.rrset("nullmx.example", "MX")[0].exchange) == "."


def test_every_zone_file_parses():
    files = sorted(ZONES_DIR.glob("*.zone"))
    assert files
    for path in files:
        ZoneDB.from_zonefile(path)


# -- the RFC 7208 suite's zone data --------------------------------------------------------

def test_rfc7208_conventions():
    db = ZoneDB.from_rfc7208({
        "Both.Example.NET": [{"SPF": "v=spf1 -all"}, {"A": "192.0.2.1"}],
        "txtonly.example.net": [{"TXT": "v=spf1 ?all"}, {"SPF": "v=spf1 -all"}],
        "spfonly.example.net": [{"SPF": "v=spf1 -all"}, {"TXT": "NONE"}],
        "spftimeout.example.net": [{"TXT": "v=spf1 -all"}, "TIMEOUT"],
        "alltimeout.example.net": ["TIMEOUT"],
        "a.timeout.example.net": [{"A": "TIMEOUT"}, {"MX": [0, "mail.example.net"]}],
        "null.example.com": [{"SPF": ["v=spf1 ip4:", "192.0.2.5 -all"]}, {"SPF": []}],
        "nonascii.example.com": [{"SPF": "v=spf1 exp=\u00ef\u00bb\u00bf -all"}],
        "long.example.com": [{"TXT": "x" * 300}],
        "4.3.2.1.in-addr.arpa": [{"PTR": "mail.example.net"}],
        "deep.sub.example.org": [{"CNAME": "Both.example.net."}],
    })
    assert texts(ask(db, "both.example.net")) == [b"v=spf1 -all"]           # SPF copied to TXT
    assert texts(ask(db, "BOTH.example.net", "SPF")) == [b"v=spf1 -all"]    # and served as type 99
    assert texts(ask(db, "txtonly.example.net")) == [b"v=spf1 ?all"]        # explicit TXT: no copy
    spfonly = ask(db, "spfonly.example.net")
    assert spfonly.rcode() == dns.rcode.NOERROR and not spfonly.answer     # TXT: NONE
    assert texts(ask(db, "spftimeout.example.net")) == [b"v=spf1 -all"]     # listed before TIMEOUT
    assert ask(db, "spftimeout.example.net", "SPF") is None
    assert ask(db, "alltimeout.example.net", "A") is None
    assert ask(db, "a.timeout.example.net", "A") is None
    assert ask(db, "a.timeout.example.net", "MX").answer[0][0].exchange.to_text() == "mail.example.net."
    null = ask(db, "null.example.com")
    assert sorted(tuple(r.strings) for r in null.answer[0]) == [(b"",), (b"v=spf1 ip4:", b"192.0.2.5 -all")]
    assert texts(ask(db, "nonascii.example.com")) == ["v=spf1 exp=\u00ef\u00bb\u00bf -all".encode()]
    assert [len(s) for s in ask(db, "long.example.com").answer[0][0].strings] == [255, 45]
    assert ask(db, "4.3.2.1.in-addr.arpa", "PTR").answer[0][0].target.to_text() == "mail.example.net."
    assert ask(db, "both.example.net", "AAAA").rcode() == dns.rcode.NOERROR  # NODATA
    assert ask(db, "sub.example.org").rcode() == dns.rcode.NOERROR           # empty non-terminal
    assert ask(db, "nothere.example.net").rcode() == dns.rcode.NXDOMAIN
    assert texts(ask(db, "deep.sub.example.org")) == [b"v=spf1 -all"]


def test_every_rfc7208_scenario_loads_and_answers():
    if not RFC7208_SUITE.exists():
        absent("shared/corpus (the RFC 7208 suite) is not beside the project")
    scenarios = list(yaml.safe_load_all(RFC7208_SUITE.read_text(encoding="utf-8")))
    assert len(scenarios) == 16
    for scenario in scenarios:
        db = ZoneDB.from_rfc7208(scenario["zonedata"])
        for name in scenario["zonedata"]:
            for rdtype in ("TXT", "A", "MX"):
                response = ask(db, name, rdtype)
                if response is not None:  # None: a TIMEOUT entry
                    render(response)  # encodable


# -- MemoryTransport -------------------------------------------------------------------------

def test_memory_resolver_answers_fails_and_logs(zone):
    resolver = memory_resolver(zone, timeout=5)

    async def body(session):
        ok = await session.query("multi.example.com", "TXT")
        missing = await session.query("missing.example.com", "TXT")
        errors = []
        for name in ("slow.example.com", "garbage.example.com", "servfail.example.com"):
            try:
                await session.query(name, "TXT")
            except DnsError as error:
                errors.append(error.kind)
        return ok, missing, errors

    (ok, missing, errors), ticks = run_session(resolver, lambda session: round_trips_during(body(session)))
    assert ticks < 3  # a dropped query fails at once, not after 5 s (50 round trips of 0.1 s)
    assert ok.texts() == [b"v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all"] and missing.status is Status.NXDOMAIN
    assert errors == [DnsErrorKind.TIMEOUT, DnsErrorKind.BAD_RESPONSE, DnsErrorKind.SERVFAIL]
    assert [q.name for q in resolver.transport.log][:2] == ["multi.example.com", "missing.example.com"]


def test_memory_latency_is_per_query_and_concurrent(zone):
    resolver = memory_resolver(zone, latency=0.1)
    names = ["example.com", "multi.example.com", "two.example.com", "utf8.example.com"]

    async def body(session):
        return await asyncio.gather(*(session.query(n, "TXT") for n in names))

    assert len(run_session(resolver, body)) == 4
    assert resolver.transport.round_trips.count == 1  # all four in flight at once
    # every query waits for the latency: longer than the timeout is a timeout
    with pytest.raises(DnsError) as caught:
        lookup(memory_resolver(zone, latency=0.1, timeout=0.05), "example.com", "TXT")
    assert caught.value.kind is DnsErrorKind.TIMEOUT


# -- the real server: UDP, TCP, DoH ------------------------------------------------------------

def big_db(records: int = 10) -> ZoneDB:
    values = [f'"{i:02d}{"y" * 200}"' for i in range(records)]  # about 2 KB
    return ZoneDB().add("big.example.com", "TXT", *values)


def test_udp_truncates_to_the_client_payload_and_tcp_does_not(dns_server):
    dns_server.load(big_db())
    host, port = "127.0.0.1", dns_server.port
    plain = dns.query.udp(dns.message.make_query("big.example.com", "TXT"), host, 1, port)
    assert plain.flags & dns.flags.TC and not plain.answer  # 512 bytes without EDNS
    edns = dns.query.udp(dns.message.make_query("big.example.com", "TXT", use_edns=0, payload=4096),
                         host, 1, port)
    assert not edns.flags & dns.flags.TC and len(edns.answer[0]) == 10
    tcp = dns.query.tcp(dns.message.make_query("big.example.com", "TXT"), host, 1, port)
    assert not tcp.flags & dns.flags.TC and len(tcp.answer[0]) == 10
    assert [q.via for q in dns_server.log] == ["udp", "udp", "tcp"]


def test_dropped_query_gets_no_answer_over_udp_or_tcp(dns_server):
    query = dns.message.make_query("slow.example.com", "TXT")
    for send in (dns.query.udp, dns.query.tcp):
        with pytest.raises(dns.exception.Timeout):
            send(query, "127.0.0.1", 0.2, dns_server.port)


def test_latency_delays_concurrent_queries_in_parallel(dns_server):
    dns_server.latency = 0.2
    names = [f"n{i}.example.com" for i in range(8)]

    async def main():
        return await asyncio.gather(*(
            dns.asyncquery.udp(dns.message.make_query(n, "A"), "127.0.0.1", 2, dns_server.port) for n in names))

    responses = asyncio.run(main())
    assert all(r.rcode() == dns.rcode.NXDOMAIN for r in responses)
    assert sorted(q.name for q in dns_server.log) == names
    assert dns_server.round_trips.count == 1  # all eight received before the first answer went out
    # the latency delays every answer: a client waiting less gets none
    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(dns.message.make_query("late.example.com", "A"), "127.0.0.1", 0.05, dns_server.port)


def test_load_swaps_the_data_and_clear_log_empties_the_log(dns_server):
    dns_server.load(ZoneDB.from_text('$ORIGIN swapped.test.\n@ TXT "new data"\n'))
    resolver = make_resolver(dns_server, "dns")
    assert lookup(resolver, "swapped.test", "TXT").texts() == [b"new data"]
    assert lookup(resolver, "example.com", "TXT").status is Status.NXDOMAIN
    assert dns_server.log == [("swapped.test", "TXT", "udp"), ("example.com", "TXT", "udp")]
    dns_server.clear_log()
    assert dns_server.log == []


def doh_get(dns_fixture, wire: bytes, **params) -> httpx.Response:
    param = base64.urlsafe_b64encode(wire).rstrip(b"=").decode()
    return httpx.get(dns_fixture.doh_url, params={"dns": param, **params}, timeout=2)


def test_doh_get_and_post_answer_the_same(dns_server):
    query = dns.message.make_query("multi.example.com", "TXT")
    query.id = 0
    got = doh_get(dns_server, query.to_wire())
    posted = httpx.post(dns_server.doh_url, content=query.to_wire(), timeout=2,
                        headers={"content-type": "application/dns-message"})
    for response in (got, posted):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/dns-message"
        assert response.headers["access-control-allow-origin"] == "*"
        assert texts(dns.message.from_wire(response.content)) == [b"v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all"]
    assert got.content == posted.content
    assert [q.via for q in dns_server.log] == ["doh", "doh"]


def test_doh_answers_cors_preflight(dns_server):
    response = httpx.options(dns_server.doh_url, timeout=2, headers={
        "origin": "http://127.0.0.1:8000", "access-control-request-method": "POST",
        "access-control-request-headers": "content-type"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("request_args, status", [
    ({"method": "GET", "params": {"dns": "not base64!"}}, 400),
    ({"method": "GET", "params": {}}, 400),
    ({"method": "GET", "params": {"dns": "AAAA"}}, 400),  # decodes, but is no DNS message
    ({"method": "POST", "content": b"\x00\x01", "headers": {"content-type": "application/dns-message"}}, 400),
    ({"method": "POST", "content": b"x", "headers": {"content-type": "text/plain"}}, 415),
    ({"method": "GET", "path": "/other", "params": {"dns": "AAAA"}}, 404),
])
def test_doh_rejects_bad_requests(dns_server, request_args, status):
    args = dict(request_args)
    url = dns_server.doh_url.replace("/dns-query", args.pop("path", "/dns-query"))
    response = httpx.request(args.pop("method"), url, timeout=2, **args)
    assert response.status_code == status
    assert response.headers["access-control-allow-origin"] == "*"
    assert dns_server.log == []


def test_doh_fail_injects_http_errors(dns_server):
    wire = dns.message.make_query("example.com", "TXT").to_wire()
    dns_server.doh_fail = True
    assert doh_get(dns_server, wire).status_code == 500
    dns_server.doh_fail = 503
    assert doh_get(dns_server, wire).status_code == 503
    dns_server.doh_fail = "hang"
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(dns_server.doh_url, params={"dns": base64.urlsafe_b64encode(wire).rstrip(b"=").decode()},
                  timeout=0.2)
    assert [q.via for q in dns_server.log] == ["doh"] * 3  # failing or not, queries are logged


def test_standalone_server_prints_its_addresses_and_serves():
    zone_file = ZONES_DIR / "resolver.zone"
    process = subprocess.Popen([sys.executable, "-m", "tests.dnsfixture.server", "--zones", str(zone_file)],
                               cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        addresses = json.loads(process.stdout.readline())
        host, port = addresses["nameserver"].split(":")
        response = dns.query.udp(dns.message.make_query("example.com", "TXT"), host, 2, int(port))
        assert texts(response) == [b"v=spf1 mx -all"]
        assert addresses["doh_url"].startswith("http://127.0.0.1:")
    finally:
        process.terminate()
        process.wait(timeout=5)
    assert process.returncode == 0
    assert process.stderr.read() == ""


def test_standalone_server_reports_a_bad_zone_file_without_traceback(tmp_path):
    bad = tmp_path / "bad.zone"
    bad.write_text("$ORIGIN example.org.\nwww A not-an-address\n")
    result = subprocess.run([sys.executable, "-m", "tests.dnsfixture.server", "--zones", str(bad)],
                            cwd=PROJECT, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "bad.zone" in result.stderr and "Traceback" not in result.stderr
