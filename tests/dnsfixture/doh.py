"""DNS over HTTPS for the fixture (RFC 8484), over plain HTTP on 127.0.0.1.

GET ``/dns-query?dns=<base64url, no padding>`` and POST with an
``application/dns-message`` body; answers ``application/dns-message``. Every
response carries ``Access-Control-Allow-Origin: *`` and OPTIONS preflights are
answered, so a page in a browser can use it.
"""

from __future__ import annotations

import base64
import functools
import re
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .wire import MAX_TCP, BadQuery

PATH = "/dns-query"
HOSTILE_BODIES = ("huge", "gzip", "drip", "truncated")
DRIP_SECONDS = 0.3
BOMB_MIB = 64  # what the gzip bomb inflates to: a thousand times the DNS message limit
MESSAGE_TYPE = "application/dns-message"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


@functools.lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    """About 64 KB of gzip that inflates to 64 MiB of zeros (made once, in 1 MiB steps)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join(compressor.compress(block) for _ in range(BOMB_MIB)) + compressor.flush()


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
        if failure in HOSTILE_BODIES:
            return self._hostile(failure, fixture.reply(query, MAX_TCP) or b"")
        if failure:
            status = 500 if failure is True else int(failure)
            return self._error(status, "failure injected by the test")
        reply = fixture.reply(query, MAX_TCP)
        if reply is None:
            return self._hang()
        # no-store: the data changes between tests, a browser must not keep old answers
        self._send(200, reply, {"Content-Type": MESSAGE_TYPE, "Cache-Control": "no-store"})

    def _hostile(self, kind: str, reply: bytes) -> None:
        """Answers that attack the client; ``fixture.hostile_bytes`` counts what was sent."""
        fixture = self.server.fixture
        if kind == "truncated":  # the real answer with TC set
            return self._send(200, reply[:2] + bytes([reply[2] | 0x02]) + reply[3:],
                              {"Content-Type": MESSAGE_TYPE, "Cache-Control": "no-store"})
        self.close_connection = True
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Type", MESSAGE_TYPE)
        self.send_header("Connection", "close")
        if kind == "gzip":
            body = gzip_bomb()
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))
        elif kind == "huge":  # no length, 1 GiB unless the client hangs up first
            chunks = (b"\0" * 65536 for _ in range(16384))
        else:  # "drip": the real answer, one byte every DRIP_SECONDS
            self.send_header("Content-Length", str(len(reply)))
            chunks = (reply[i:i + 1] for i in range(len(reply)))
        self.end_headers()
        try:
            for chunk in chunks:
                if kind == "drip" and fixture._stopping.wait(DRIP_SECONDS):
                    return
                self.wfile.write(chunk)
                self.wfile.flush()
                fixture.hostile_bytes += len(chunk)
        except OSError:
            pass  # the client hung up: what the test wants

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
