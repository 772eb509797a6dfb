"""Browser HTTP client: ``fetch`` through ``pyodide.http.pyfetch`` (Pyodide only)."""

from __future__ import annotations

import asyncio

from .http import HttpError, HttpResponse


class PyfetchClient:
    async def request(self, method, url, *, headers=None, body=None, timeout, max_bytes):
        from pyodide.http import pyfetch  # only importable under Pyodide

        options = {"method": method, "headers": headers or {}, "redirect": "manual",
                   "cache": "no-store", "credentials": "omit"}
        if body is not None:
            from js import Uint8Array  # a JS typed array is what fetch() takes

            options["body"] = Uint8Array.new(body)
        try:
            response = await asyncio.wait_for(pyfetch(url, **options), timeout)
            data = await asyncio.wait_for(response.bytes(), timeout)
        except asyncio.TimeoutError:
            raise HttpError(f"{url}: no response in {timeout:.1f} s", timeout=True) from None
        except Exception as error:  # fetch rejects with a JS TypeError on network/CORS failure
            raise HttpError(f"{url}: {error}") from None
        if len(data) > max_bytes:
            raise HttpError(f"{url}: response larger than {max_bytes} bytes")
        # An opaque redirect (status 0) is a redirect we refused to follow.
        return HttpResponse(response.status, {k.lower(): v for k, v in response.headers.items()}, data)
