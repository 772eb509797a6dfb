"""A minimal async HTTP client interface, with one implementation per runtime.

DNS over HTTPS and the MTA-STS policy fetch only need this much; the command
line uses httpx, the browser ``pyodide.http.pyfetch`` (see ``http_pyodide``).
"""

from __future__ import annotations

import asyncio
import enum
import ssl
import sys
from dataclasses import dataclass
from typing import Protocol


class HttpErrorKind(enum.Enum):
    TIMEOUT = "timeout"            # no complete response within the exchange's total time
    TOO_LARGE = "too_large"        # the body (decoded) passed the caller's limit
    CERTIFICATE = "certificate"    # the server's TLS certificate was not accepted
    NETWORK = "network"            # anything else: refused, reset, DNS, bad encoding, CORS


class HttpError(Exception):
    """No usable HTTP response; ``kind`` says why (the message is for diagnostics only)."""

    def __init__(self, kind: HttpErrorKind, message: str):
        self.kind = kind
        super().__init__(message)

    @property
    def timeout(self) -> bool:
        return self.kind is HttpErrorKind.TIMEOUT


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class HttpClient(Protocol):
    async def request(self, method: str, url: str, *, headers: dict[str, str] | None = None,
                      body: bytes | None = None, timeout: float, max_bytes: int,
                      address: str | None = None) -> HttpResponse:
        """One request, redirects not followed; raises HttpError when no usable response.

        ``timeout`` bounds the whole exchange (connection, headers and every byte of the
        body); ``max_bytes`` the decoded body, enforced while it streams in. ``address``:
        connect to this IP address, already resolved by the check's own resolver, instead
        of asking the system for the URL's host (TLS still verifies the host name)."""
        ...

    async def aclose(self) -> None:
        """Close pooled connections; the client is not used afterwards."""
        ...


class HttpxClient:
    """CPython: one pooled httpx client; redirects are never followed."""

    def __init__(self) -> None:
        self._client = None

    def _get_client(self):
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(follow_redirects=False, http2=False, trust_env=False)
        return self._client

    async def request(self, method, url, *, headers=None, body=None, timeout, max_bytes, address=None):
        import httpx

        from .httpbody import BoundedBody

        client = self._get_client()
        # Raw bytes only: the body is decoded by BoundedBody, within the limit.
        headers = {**(headers or {}), "Accept-Encoding": "identity"}
        extensions = {}
        target = url
        if address:
            parsed = httpx.URL(url)
            headers["Host"] = parsed.netloc.decode("ascii")
            extensions["sni_hostname"] = parsed.host  # the certificate is checked for the name
            target = parsed.copy_with(host=address)
        try:
            # httpx's timeout is per read: a server that drips a byte at a time would never
            # reach it. This one covers the whole exchange.
            async with asyncio.timeout(timeout):
                async with client.stream(method, target, headers=headers, content=body, timeout=timeout,
                                         extensions=extensions) as response:
                    reader = BoundedBody(url, max_bytes, response.headers.get("content-encoding", ""))
                    reader.check_declared(response.headers.get("content-length"))
                    async for chunk in response.aiter_raw():
                        reader.feed(chunk)
                    return HttpResponse(response.status_code,
                                        {k.lower(): v for k, v in response.headers.items()}, reader.content())
        except (TimeoutError, httpx.TimeoutException):
            raise HttpError(HttpErrorKind.TIMEOUT, f"{url}: no complete response in {timeout:.1f} s") from None
        except httpx.HTTPError as error:
            kind = HttpErrorKind.CERTIFICATE if _certificate_refused(error) else HttpErrorKind.NETWORK
            raise HttpError(kind, f"{url}: {error.__class__.__name__}: {error}") from None

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _certificate_refused(error: BaseException | None) -> bool:
    """Whether an ssl certificate verification failure is among the causes of ``error``."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, ssl.SSLCertVerificationError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def default_http_client() -> HttpClient:
    if sys.platform == "emscripten":
        from .http_pyodide import PyfetchClient

        return PyfetchClient()
    return HttpxClient()
