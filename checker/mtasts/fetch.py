"""Fetching the policy file over HTTPS (RFC 8461 3.3), through the HttpClient interface.

The outcome is data: a body to parse, or the reason there is none. Redirects are
reported, never followed; a response that never came is "unverifiable from here"
(a browser usually refuses cross-origin reads), not a fault of the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dns.http import HttpClient, HttpError

WELL_KNOWN_PATH = "/.well-known/mta-sts.txt"
MAX_POLICY_BYTES = 64 * 1024      # RFC 8461 3.3: the suggested size limit
DEFAULT_TIMEOUT = 10.0            # senders may wait a minute; a checker should not


def policy_host(domain: str) -> str:
    return f"mta-sts.{domain}"


def policy_url(domain: str) -> str:
    return f"https://{policy_host(domain)}{WELL_KNOWN_PATH}"


@dataclass(frozen=True)
class FetchResult:
    url: str
    outcome: str            # "ok", "redirect", "status", "too_large", "timeout", "certificate", "network"
    status: int = 0
    content_type: str = ""
    location: str = ""
    body: bytes = b""
    size: int = 0
    error: str = ""         # the client's own description, for diagnostics only

    def to_json(self) -> dict:
        return {"url": self.url, "outcome": self.outcome, "status": self.status,
                "content_type": self.content_type, "location": self.location,
                "size": self.size, "error": self.error}


async def fetch_policy(http: HttpClient, url: str, timeout: float = DEFAULT_TIMEOUT,
                       address: str | None = None) -> FetchResult:
    """``address``: the policy host's address as the check's resolver gave it."""
    try:
        options = {"address": address} if address else {}
        response = await http.request("GET", url, headers={"Accept": "text/plain",
                                                           "Cache-Control": "no-cache"},
                                      timeout=timeout, max_bytes=MAX_POLICY_BYTES, **options)
    except HttpError as error:
        # A browser says nothing specific: its failures are all "network".
        return FetchResult(url, error.kind.value, error=str(error))
    size = len(response.body)
    common = dict(status=response.status, content_type=response.content_type, size=size)
    # status 0: a browser's opaque answer to a redirect it was told not to follow
    if response.status == 0 or 300 <= response.status < 400:
        return FetchResult(url, "redirect", location=response.headers.get("location", ""), **common)
    if response.status != 200:
        return FetchResult(url, "status", **common)
    return FetchResult(url, "ok", body=response.body, **common)
