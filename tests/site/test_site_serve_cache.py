"""scripts/serve.py as a production host: precompressed copies of the runtime sent when
the browser accepts them, the content-hashed runtime folder cacheable for a year, every
other file revalidated."""

from __future__ import annotations

import gzip
import http.client
import threading

import pytest

from scripts.serve import accepted_encodings, make_server

RUNTIME = "assets/pyodide/0123456789abcdef"


@pytest.fixture
def served(tmp_path):
    (tmp_path / "index.html").write_text("<p>" + "hello " * 300 + "</p>", encoding="utf-8")
    folder = tmp_path / RUNTIME
    folder.mkdir(parents=True)
    (folder / "pyodide.asm.wasm").write_bytes(b"\0asm" + bytes(5000))
    (folder / "pyodide.asm.wasm.br").write_bytes(b"brotli bytes")
    (folder / "pyodide.asm.wasm.gz").write_bytes(gzip.compress(b"\0asm" + bytes(5000)))
    (folder / "dnspython.whl").write_bytes(b"PK" + bytes(3000))  # no precompressed copy
    server = make_server(tmp_path, 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connection = http.client.HTTPConnection(*server.server_address[:2])

    def get(path: str, encodings: str | None = None):
        connection.request("GET", path, headers={"Accept-Encoding": encodings} if encodings is not None else {})
        response = connection.getresponse()
        return response, response.read()

    try:
        yield get
    finally:
        connection.close()
        server.shutdown()
        server.server_close()


def test_the_brotli_copy_is_sent_when_accepted(served):
    response, body = served(f"/{RUNTIME}/pyodide.asm.wasm", "gzip, deflate, br, zstd")
    assert (response.getheader("Content-Encoding"), body) == ("br", b"brotli bytes")
    assert response.getheader("Content-Type") == "application/wasm"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert int(response.getheader("Content-Length")) == len(b"brotli bytes")


def test_the_gzip_copy_when_brotli_is_not_accepted(served):
    for header in ("gzip, deflate", "gzip, br;q=0"):
        response, body = served(f"/{RUNTIME}/pyodide.asm.wasm", header)
        assert response.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(body) == b"\0asm" + bytes(5000)


def test_the_file_itself_without_accepted_encodings(served):
    response, body = served(f"/{RUNTIME}/pyodide.asm.wasm")
    assert response.getheader("Content-Encoding") is None
    assert body == b"\0asm" + bytes(5000)


def test_runtime_files_are_cached_for_a_year_other_files_revalidated(served):
    for path in (f"/{RUNTIME}/pyodide.asm.wasm", f"/{RUNTIME}/dnspython.whl"):
        response, _ = served(path, "br")
        assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable", path
    for path in ("/", "/index.html"):
        response, _ = served(path, "gzip")
        assert response.getheader("Cache-Control") == "no-cache", path


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
    ("br;q=0, gzip;q=0.5", {"gzip"}),
    ("", set()),
    ("gzip;q=nonsense", set()),
])
def test_accept_encoding_is_read_with_its_weights(header, expected):
    assert accepted_encodings(header) == expected
