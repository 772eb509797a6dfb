"""A minimal async HTTP client interface, with one implementation per runtime.

DNS over HTTPS and the MTA-STS policy fetch only need this much; the command
line uses httpx, the browser ``pyodide.http.pyfetch`` (see ``http_pyodide``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol


class HttpError(Exception):
    """No HTTP response: connection failed, timed out, or the body was too large."""

    def __init__(self, message: str, *, timeout: bool = False):
        self.timeout = timeout
        super().__init__(message)


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
                      body: bytes | None = None, timeout: float, max_bytes: int) -> HttpResponse:
        """One request, redirects not followed; raises HttpError when no response."""
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

    async def request(self, method, url, *, headers=None, body=None, timeout, max_bytes):
        import httpx

        client = self._get_client()
        try:
            async with client.stream(method, url, headers=headers, content=body, timeout=timeout) as response:
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise HttpError(f"{url}: response larger than {max_bytes} bytes")
                    chunks.append(chunk)
                return HttpResponse(response.status_code,
                                    {k.lower(): v for k, v in response.headers.items()},
                                    b"".join(chunks))
        except httpx.TimeoutException:
            raise HttpError(f"{url}: no response in {timeout:.1f} s", timeout=True) from None
        except httpx.HTTPError as error:
            raise HttpError(f"{url}: {error.__class__.__name__}: {error}") from None

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def default_http_client() -> HttpClient:
    if sys.platform == "emscripten":
        from .http_pyodide import PyfetchClient

        return PyfetchClient()
    return HttpxClient()
