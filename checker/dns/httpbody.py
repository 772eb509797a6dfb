"""Reading a response body without trusting its size: the limit holds while bytes arrive.

A hostile server can send gigabytes, or a few kilobytes of gzip that inflate to
gigabytes. Both HTTP clients feed the body to :class:`BoundedBody` chunk by chunk; it
stops at ``max_bytes`` of decoded content, and it decodes gzip and deflate itself, never
producing more than the limit from one chunk.
"""

from __future__ import annotations

import zlib

from .http import HttpError, HttpErrorKind

# wbits: 16 + MAX_WBITS reads gzip, MAX_WBITS zlib-wrapped deflate (HTTP's "deflate")
_DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class BoundedBody:
    def __init__(self, url: str, max_bytes: int, content_encoding: str = ""):
        self.url = url
        self.max_bytes = max_bytes
        self._chunks: list[bytes] = []
        self._size = 0
        encoding = content_encoding.strip().lower()
        if encoding in ("", "identity"):
            self._decoder = None
        elif encoding in _DECODERS:
            self._decoder = zlib.decompressobj(_DECODERS[encoding])
        else:  # br, zstd, chains: not asked for (we send Accept-Encoding: identity)
            raise HttpError(HttpErrorKind.NETWORK, f"{url}: unsupported content encoding {encoding!r}")

    def check_declared(self, content_length: str | None) -> None:
        """Refuse at once a body whose announced length is already too large."""
        if self._decoder is None and content_length and content_length.strip().isdigit() \
                and int(content_length) > self.max_bytes:
            raise self._too_large()

    def feed(self, chunk: bytes) -> None:
        if self._decoder is not None:
            try:
                # Never more than one byte past the limit from one chunk, however it inflates.
                chunk = self._decoder.decompress(chunk, self.max_bytes - self._size + 1)
            except zlib.error as error:
                raise HttpError(HttpErrorKind.NETWORK, f"{self.url}: bad compressed body: {error}") from None
            if self._decoder.unconsumed_tail:
                raise self._too_large()
        self._size += len(chunk)
        if self._size > self.max_bytes:
            raise self._too_large()
        self._chunks.append(chunk)

    def content(self) -> bytes:
        return b"".join(self._chunks)

    def _too_large(self) -> HttpError:
        return HttpError(HttpErrorKind.TOO_LARGE, f"{self.url}: response larger than {self.max_bytes} bytes")
