"""DNS over HTTPS for the fixture (RFC 8484), over plain HTTP on 127.0.0.1.

GET ``/dns-query?dns=<base64url, no padding>`` and POST with an
``application/dns-message`` body; answers ``application/dns-message``. Every
response carries ``Access-Control-Allow-Origin: *`` and OPTIONS preflights are
answered, so a page in a browser can use it.
"""

from __future__ import annotations

import base64
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .wire import MAX_TCP, BadQuery

PATH = "/dns-query"
MESSAGE_TYPE = "application/dns-message"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


class DohServer(ThreadingHTTPServer):
    # The default backlog (5) drops bursts of new connections; clients then wait
    # a full SYN retransmission (1 s) before the fixture sees them.
    request_queue_size = 128
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, fixture):
        self.fixture = fixture
        super().__init__(address, DohHandler)

    def handle_error(self, request, client_address):
        pass


class DohHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so clients reuse connections
    disable_nagle_algorithm = True  # small answers leave at once, not after the delayed-ACK wait
    server_version = "dnsfixture"
    sys_version = ""

    def log_message(self, format, *args):
        pass  # tests read fixture.log, not stderr

    def do_OPTIONS(self) -> None:
        headers = {"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                   "Access-Control-Allow-Headers": "Content-Type, Accept",
                   "Access-Control-Max-Age": "600"}
        if self.headers.get("Access-Control-Request-Private-Network"):
            headers["Access-Control-Allow-Private-Network"] = "true"
        self._send(204, b"", headers)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != PATH:
            return self._error(404, f"not found; the endpoint is {PATH}")
        values = parse_qs(url.query, keep_blank_values=True).get("dns", [])
        if len(values) != 1 or not _BASE64URL.fullmatch(values[0]):
            return self._error(400, "expected one 'dns' parameter in base64url")
        encoded = values[0].rstrip("=")
        try:
            wire = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError:
            return self._error(400, "the 'dns' parameter is not base64url")
        self._answer(wire)

    def do_POST(self) -> None:
        if urlsplit(self.path).path != PATH:
            return self._error(404, f"not found; the endpoint is {PATH}", close=True)
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != MESSAGE_TYPE:
            return self._error(415, f"the body must be {MESSAGE_TYPE}", close=True)
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            return self._error(411, "Content-Length required", close=True)
        if int(length) > MAX_TCP:
            return self._error(413, f"a DNS message has at most {MAX_TCP} bytes", close=True)
        self._answer(self.rfile.read(int(length)))

    def _answer(self, wire: bytes) -> None:
        fixture = self.server.fixture
        try:
            query = fixture.receive(wire, "doh")
        except BadQuery as error:
            return self._error(400, str(error))
        failure = fixture.doh_fail
        if failure == "hang":
            return self._hang()
        if failure:
            status = 500 if failure is True else int(failure)
            return self._error(status, "failure injected by the test")
        reply = fixture.reply(query, MAX_TCP)
        if reply is None:
            return self._hang()
        # no-store: the data changes between tests, a browser must not keep old answers
        self._send(200, reply, {"Content-Type": MESSAGE_TYPE, "Cache-Control": "no-store"})

    def _hang(self) -> None:
        self.server.fixture.hang()
        self.close_connection = True  # then drop the connection without a response

    def _error(self, status: int, text: str, close: bool = False) -> None:
        if close:  # the request body was not read: the connection cannot be reused
            self.close_connection = True
        self._send(status, (text + "\n").encode(), {"Content-Type": "text/plain; charset=utf-8"})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
