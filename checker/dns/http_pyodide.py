"""Browser HTTP client: ``fetch`` from a small JavaScript function (Pyodide only).

The whole exchange (fetch, the deadline, reading the body within its limit) runs in
JavaScript and Python awaits it once: a check sends 70 DNS queries at once, and every
crossing between Python and JavaScript (a promise awaited, an object converted) costs
about as much on a slow phone as the network itself. ``pyodide.http.pyfetch`` and a
Python loop over the body's chunks took twice as long per request.
"""

from __future__ import annotations

from .http import HttpError, HttpErrorKind, HttpResponse

# Resolves to [status, headers (name, value pairs; names in lower case), body] or to
# [error kind, message]: it never rejects. The body is read chunk by chunk as the browser
# decodes it and the download stopped past maxBytes: a huge or gzip-bomb answer is never
# held whole (arrayBuffer() would buffer all of it). One deadline (timeoutMs) covers the
# headers and every chunk of the body; it aborts the request.
_EXCHANGE_JS = """
(url, init, timeoutMs, maxBytes) => {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
  const exchange = async () => {
    const response = await fetch(url, { ...init, signal: controller.signal });
    const chunks = [];
    let size = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > maxBytes) {
          reader.cancel().catch(() => {});
          return ["too_large", ""];
        }
        chunks.push(value);
      }
    }
    const body = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) { body.set(chunk, at); at += chunk.length; }
    return [response.status, [...response.headers], body];
  };
  return exchange()
    .catch((error) => [timedOut ? "timeout" : "network", String(error)])
    .finally(() => clearTimeout(timer));
}
"""
_exchange = None  # the JavaScript function, made at the first request


def _exchange_function():
    global _exchange
    if _exchange is None:
        from pyodide.code import run_js  # only importable under Pyodide

        _exchange = run_js(_EXCHANGE_JS)
    return _exchange


class PyfetchClient:
    def __init__(self) -> None:
        self._init_cache: dict = {}  # one JavaScript init object per (method, headers)

    async def request(self, method, url, *, headers=None, body=None, timeout, max_bytes, address=None):
        # ``address`` is ignored: a page cannot choose where fetch() connects.
        init = self._init(method, headers or {}, body)
        result = await _exchange_function()(url, init, round(timeout * 1000), max_bytes)
        first = result[0]
        if first == "timeout":
            raise HttpError(HttpErrorKind.TIMEOUT, f"{url}: no complete response in {timeout:.1f} s")
        if first == "too_large":
            raise HttpError(HttpErrorKind.TOO_LARGE, f"{url}: response larger than {max_bytes} bytes")
        if first == "network":  # fetch rejects with a JS TypeError on network/CORS failure
            raise HttpError(HttpErrorKind.NETWORK, f"{url}: {result[1]}")
        # An opaque redirect (status 0) is a redirect we refused to follow.
        return HttpResponse(first, dict(result[1].to_py()), result[2].to_bytes())

    def _init(self, method: str, headers: dict, body: bytes | None):
        """fetch()'s options as a JavaScript object, made once for requests without a body."""
        key = (method, tuple(sorted(headers.items())))
        init = self._init_cache.get(key) if body is None else None
        if init is None:
            from js import Object, Uint8Array
            from pyodide.ffi import to_js

            options = {"method": method, "headers": headers, "redirect": "manual",
                       "cache": "no-store", "credentials": "omit"}
            if body is not None:
                options["body"] = Uint8Array.new(body)  # a JS typed array is what fetch() takes
            init = to_js(options, dict_converter=Object.fromEntries)
            if body is None:
                self._init_cache[key] = init
        return init

    async def aclose(self) -> None:
        self._init_cache.clear()  # fetch keeps no connection of ours
