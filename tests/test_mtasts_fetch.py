"""The policy fetch as a browser sees it. The browser client (checker/dns/http_pyodide.py)
cannot run here; this client answers the way it does: a refused cross-origin request is an
HttpError, and a redirect it was told not to follow comes back as status 0."""

from __future__ import annotations

import asyncio

from checker.dns.http import HttpError, HttpErrorKind, HttpResponse
from checker.mtasts.fetch import fetch_policy, policy_url

URL = policy_url("example.com")


class BrowserLikeClient:
    def __init__(self, *, refuse: bool = False, status: int = 200, body: bytes = b""):
        self.refuse, self.status, self.body = refuse, status, body
        self.calls: list[tuple[str, str, int]] = []

    async def request(self, method, url, *, headers=None, body=None, timeout, max_bytes):
        self.calls.append((method, url, max_bytes))
        if self.refuse:
            raise HttpError(HttpErrorKind.NETWORK, f"{url}: TypeError: Failed to fetch")
        return HttpResponse(self.status, {"content-type": "text/plain"}, self.body)


def test_policy_url_is_the_well_known_one():
    assert URL == "https://mta-sts.example.com/.well-known/mta-sts.txt"


def test_cross_origin_refusal_is_a_network_outcome():
    result = asyncio.run(fetch_policy(BrowserLikeClient(refuse=True), URL))
    assert result.outcome == "network" and "Failed to fetch" in result.error


def test_opaque_redirect_is_a_redirect():
    result = asyncio.run(fetch_policy(BrowserLikeClient(status=0), URL))
    assert (result.outcome, result.status, result.location) == ("redirect", 0, "")


def test_get_bounded_by_the_policy_limit():
    client = BrowserLikeClient(body=b"version: STSv1\n")
    result = asyncio.run(fetch_policy(client, URL, timeout=1.0))
    assert result.outcome == "ok" and result.body == b"version: STSv1\n"
    assert client.calls == [("GET", URL, 64 * 1024)]  # RFC 8461 3.3, enforced while reading
