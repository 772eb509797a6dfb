"""Browser HTTP client: ``fetch`` through ``pyodide.http.pyfetch`` (Pyodide only)."""

from __future__ import annotations

import asyncio

from .http import HttpError, HttpErrorKind, HttpResponse
from .httpbody import BoundedBody


class PyfetchClient:
    async def request(self, method, url, *, headers=None, body=None, timeout, max_bytes, address=None):
        # ``address`` is ignored: a page cannot choose where fetch() connects.
        from pyodide.http import pyfetch  # only importable under Pyodide

        options = {"method": method, "headers": headers or {}, "redirect": "manual",
                   "cache": "no-store", "credentials": "omit"}
        if body is not None:
            from js import Uint8Array  # a JS typed array is what fetch() takes

            options["body"] = Uint8Array.new(body)
        try:
            # One deadline for the whole exchange, headers and every chunk of the body.
            async with asyncio.timeout(timeout):
                response = await pyfetch(url, **options)
                data = await _read_bounded(response.js_response, url, max_bytes)
        except TimeoutError:
            raise HttpError(HttpErrorKind.TIMEOUT, f"{url}: no complete response in {timeout:.1f} s") from None
        except HttpError:
            raise
        except Exception as error:  # fetch rejects with a JS TypeError on network/CORS failure
            raise HttpError(HttpErrorKind.NETWORK, f"{url}: {error}") from None
        # An opaque redirect (status 0) is a redirect we refused to follow.
        return HttpResponse(response.status, {k.lower(): v for k, v in response.headers.items()}, data)

    async def aclose(self) -> None:
        pass  # fetch keeps no connection of ours


async def _read_bounded(js_response, url: str, max_bytes: int) -> bytes:
    """The body, chunk by chunk as the browser decodes it, stopped past ``max_bytes``: a huge
    or gzip-bomb answer is never held whole (``response.bytes()`` would buffer all of it)."""
    bounded = BoundedBody(url, max_bytes)  # the browser has already undone Content-Encoding
    stream = js_response.body
    if stream is None:
        return b""
    reader = stream.getReader()
    finished = False
    try:
        while True:
            chunk = await reader.read()
            if chunk.done:
                finished = True
                return bounded.content()
            bounded.feed(chunk.value.to_bytes())
    finally:
        if not finished:
            reader.cancel()  # stop the download; the promise needs no waiting for
