"""Hostile HTTP servers cannot stall or swamp the checker: real servers on 127.0.0.1 drip
bytes, send gigabytes, gzip bombs and truncated answers. Every exchange has one total
deadline and a size limit enforced while the body streams in (what is checked here is
what a user sees, and bytes counted on the server side, never a stopwatch)."""

from __future__ import annotations

import asyncio
import gzip
import json
import subprocess
import sys
import tracemalloc

import pytest

from checker.dns.http import HttpError, HttpErrorKind
from tests.dnsfixture import DnsFixture, load_zones
from tests.policyserver import PolicyServer, TrustingHttpxClient, openssl_available


@pytest.fixture(scope="module")
def second():
    """A second, well-behaved DoH endpoint with the same data."""
    with DnsFixture(load_zones("cli.zone")) as fixture:
        yield fixture


def spf_over_doh(first, second) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "spf", "good.example", "--ip", "198.51.100.7",
                           "--json", "--timeout", "10", "--doh", first.doh_url, "--doh", second.doh_url],
                          capture_output=True, text=True, timeout=120, env={"LANG": "C", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("attack", ["huge", "gzip", "drip", "truncated"])
def test_hostile_first_endpoint_falls_to_the_second(dns_server, second, attack):
    dns_server.load(load_zones("cli.zone"))
    dns_server.doh_fail = attack
    second.clear_log()
    done = spf_over_doh(dns_server, second)
    # "pass" needs both records (good.example, then _spf.good.example): the second
    # endpoint gave them, the first could neither stall nor swamp the client.
    assert (done.returncode, json.loads(done.stdout)["result"]) == (0, "pass"), done.stderr
    assert second.queries("good.example", "TXT") and second.queries("_spf.good.example", "TXT")
    # The client stopped reading each answer: far less than what was on offer was sent
    # (what remains is what the sockets' buffers took before the client hung up).
    asked = len(dns_server.queries())
    assert asked and dns_server.hostile_bytes / asked < 8 * 1024 * 1024


def test_gzip_bomb_is_refused_without_inflating_it(dns_server):
    """In this process: the body is decoded within the 64 KiB DNS message limit."""
    from checker.dns.doh import MAX_MESSAGE
    from checker.dns.http import HttpxClient

    dns_server.doh_fail = "gzip"

    async def ask():
        client = HttpxClient()
        try:
            await client.request("GET", dns_server.doh_url + "?dns=AAABAAABAAAAAAAAB2V4YW1wbGUAABAAAQ",
                                 timeout=10, max_bytes=MAX_MESSAGE)
        finally:
            await client.aclose()

    tracemalloc.start()
    try:
        with pytest.raises(HttpError) as raised:
            asyncio.run(ask())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert raised.value.kind is HttpErrorKind.TOO_LARGE
    assert peak < 16 * 1024 * 1024  # the bomb inflates to 64 MiB


# -- the MTA-STS policy fetch ------------------------------------------------------------

@pytest.fixture(scope="module")
def policy_server():
    if not openssl_available():
        pytest.fail("the openssl command line is needed to make the test certificate")
    with PolicyServer() as server:
        yield server


def fetch(server, path, timeout=20.0, **route):
    from checker.mtasts.fetch import fetch_policy

    url = server.route(path, **route)

    async def main():
        client = TrustingHttpxClient(server.ssl_context())
        try:
            return await fetch_policy(client, url, timeout=timeout)
        finally:
            await client.aclose()

    return asyncio.run(main())


def test_policy_server_that_drips_is_cut_at_the_total_deadline(policy_server):
    body = b"version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: 86400\n" * 10
    result = fetch(policy_server, "/drip/.well-known/mta-sts.txt", timeout=5.0, body=body, drip=0.1)
    assert result.outcome == "timeout"
    # 5 s at one byte per 0.1 s: some fifty bytes left, not the whole policy (httpx's own
    # timeout is per read, which a drip never reaches).
    assert policy_server.sent["/drip/.well-known/mta-sts.txt"] < len(body) // 4


def test_policy_limit_holds_while_streaming(policy_server):
    body = b"x" * (64 * 1024 * 1024)
    result = fetch(policy_server, "/big/.well-known/mta-sts.txt", body=body, chunked=True)
    assert (result.outcome, result.size) == ("too_large", 0)
    # What the server wrote before the client hung up: the 64 KB the client read, plus what
    # the kernel's socket buffers took meanwhile (several MB on loopback), far from the whole.
    assert policy_server.sent["/big/.well-known/mta-sts.txt"] < len(body) // 4


def test_policy_gzip_bomb_is_too_large(policy_server):
    bomb = gzip.compress(bytes(64 * 1024 * 1024))
    result = fetch(policy_server, "/bomb/.well-known/mta-sts.txt", body=bomb,
                   headers={"Content-Encoding": "gzip"})
    assert result.outcome == "too_large"


def test_untrusted_certificate_is_a_typed_kind(policy_server):
    from checker.dns.http import HttpxClient
    from checker.mtasts.fetch import fetch_policy

    url = policy_server.route("/cert/.well-known/mta-sts.txt", body=b"version: STSv1\n")

    async def main():
        client = HttpxClient()  # trusts the system's authorities, not this test certificate
        try:
            return await fetch_policy(client, url, timeout=20.0)
        finally:
            await client.aclose()

    assert asyncio.run(main()).outcome == "certificate"
