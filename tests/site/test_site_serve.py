"""scripts/serve.py: serves a built folder on 127.0.0.1 with the content types Pyodide
and ES modules need, and refuses bad input with a message instead of a traceback."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from site_support import PROJECT_ROOT

SERVE = PROJECT_ROOT / "scripts" / "serve.py"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    (tmp_path / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    (tmp_path / "pyodide.mjs").write_text("export {}", encoding="utf-8")
    (tmp_path / "worker.js").write_text("self.x = 1", encoding="utf-8")
    return tmp_path


@pytest.fixture
def server(folder):
    process = subprocess.Popen([sys.executable, str(SERVE), str(folder), "--port", "0", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_listens_on_loopback_on_a_free_port(server):
    assert server.startswith("http://127.0.0.1:") and server.endswith("/")
    assert int(server.rsplit(":", 1)[1].rstrip("/")) > 0


@pytest.mark.parametrize("name, content_type", [
    ("pyodide.asm.wasm", "application/wasm"),
    ("pyodide.mjs", "text/javascript"),
    ("worker.js", "text/javascript"),
    ("", "text/html; charset=utf-8"),
])
def test_content_types(server, name, content_type):
    with urllib.request.urlopen(server + name, timeout=10) as response:
        assert response.headers["Content-Type"] == content_type


def test_folder_without_a_site_is_refused(tmp_path):
    result = subprocess.run([sys.executable, str(SERVE), str(tmp_path / "missing"), "--port", "0"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "build the site first" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_port_is_refused(folder):
    result = subprocess.run([sys.executable, str(SERVE), str(folder), "--port", "70000"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_text_and_wasm_are_sent_compressed_when_accepted(tmp_path):
    """What a production host does: gzip for HTML and wasm, revalidation with 304."""
    import gzip as gzip_module
    import http.client
    import threading

    from scripts.serve import make_server

    (tmp_path / "index.html").write_text("<p>" + "bonjour " * 500 + "</p>", encoding="utf-8")
    (tmp_path / "a.wasm").write_bytes(b"\0asm" + bytes(4000))
    server = make_server(tmp_path, 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection(*server.server_address[:2])
        connection.request("GET", "/", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        assert response.getheader("Content-Encoding") == "gzip"
        assert gzip_module.decompress(body).decode().startswith("<p>bonjour")
        connection.request("GET", "/a.wasm", headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "application/wasm" and len(response.read()) < 200
        connection.request("GET", "/", headers={"Accept-Encoding": "gzip",
                                                "If-Modified-Since": response.getheader("Last-Modified")})
        assert connection.getresponse().status == 304
        connection.request("GET", "/")
        plain = connection.getresponse()
        assert plain.getheader("Content-Encoding") is None and plain.read().startswith(b"<p>bonjour")
    finally:
        server.shutdown()
        server.server_close()
