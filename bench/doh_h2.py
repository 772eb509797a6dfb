"""DNS over HTTPS as real resolvers speak it: HTTP/2 over TLS, on 127.0.0.1.

The answers come from the DNS fixture (tests/dnsfixture: the same zone data, query log
and injected latency); this module only adds the transport. HTTP/1.1 would give a
browser six connections per host and queue the rest, which distorts the DNS part of a
check; public DoH resolvers speak HTTP/2, one connection, every query in its own stream.

The certificate is made when the server starts (openssl, a key that lives as long as the
server); a browser trusts it through its SPKI hash (``spki``, for Chromium's
--ignore-certificate-errors-spki-list), nothing is installed on the machine.

    with H2DohServer(fixture) as server:
        server.url    # "https://127.0.0.1:PORT/dns-query"
        server.spki   # base64 SHA-256 of the certificate's public key
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ssl
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import h2.config
import h2.connection
import h2.events
import h2.exceptions

from tests.dnsfixture.doh import MESSAGE_TYPE, PATH
from tests.dnsfixture.wire import MAX_TCP, BadQuery

HOST = "127.0.0.1"


def make_certificate(folder: Path) -> tuple[Path, Path, str]:
    """A self-signed certificate for 127.0.0.1: (cert file, key file, SPKI hash in base64)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    public_der = subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-outform", "DER"],
                                check=True, capture_output=True).stdout
    return cert, key, base64.b64encode(hashlib.sha256(public_der).digest()).decode("ascii")


class H2DohServer:
    def __init__(self, fixture):
        self.fixture = fixture
        self.port = 0
        self.spki = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="doh-h2", daemon=True)
        self._tmp = tempfile.TemporaryDirectory()

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.port}{PATH}"

    def __enter__(self) -> "H2DohServer":
        cert, key, self.spki = make_certificate(Path(self._tmp.name))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        context.set_alpn_protocols(["h2"])
        self._thread.start()
        started = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._connection, HOST, 0, ssl=context), self._loop)
        self._server = started.result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._tmp.cleanup()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False,
                                                                          header_encoding="utf-8"))
        connection.initiate_connection()
        writer.write(connection.data_to_send())
        requests: dict[int, dict] = {}
        try:
            while data := await reader.read(65536):
                for event in connection.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        requests[event.stream_id] = {"headers": dict(event.headers), "body": b""}
                    elif isinstance(event, h2.events.DataReceived):
                        requests[event.stream_id]["body"] += event.data
                        connection.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded):
                        request = requests.pop(event.stream_id)
                        asyncio.ensure_future(self._respond(connection, writer, event.stream_id, request))
                writer.write(connection.data_to_send())
                await writer.drain()
        except (ConnectionError, ssl.SSLError, h2.exceptions.ProtocolError):
            pass
        finally:
            writer.close()

    async def _respond(self, connection, writer, stream_id: int, request: dict) -> None:
        headers = request["headers"]
        # The latency is waited here, every stream at once; the answer itself takes a tenth
        # of a millisecond, less than handing it to a thread would (the loop serves all streams).
        if self.fixture.latency > 0:
            await asyncio.sleep(self.fixture.latency)
        status, body, content_type = self._answer(headers.get(":method", ""), headers.get(":path", ""),
                                                  request["body"])
        response = [(":status", str(status)), ("access-control-allow-origin", "*"),
                    ("content-length", str(len(body)))]
        if headers.get(":method") == "OPTIONS":
            response += [("access-control-allow-methods", "GET, POST, OPTIONS"),
                         ("access-control-allow-headers", "Content-Type, Accept"),
                         ("access-control-max-age", "600")]
        if content_type:
            response += [("content-type", content_type), ("cache-control", "no-store")]
        connection.send_headers(stream_id, response, end_stream=not body)
        if body:
            connection.send_data(stream_id, body, end_stream=True)
        writer.write(connection.data_to_send())
        await writer.drain()

    def _answer(self, method: str, path: str, body: bytes) -> tuple[int, bytes, str]:
        """(status, body, content type): the fixture's answer, the latency already waited."""
        url = urlsplit(path)
        if method == "OPTIONS":
            return 204, b"", ""
        if url.path != PATH:
            return 404, b"not found\n", "text/plain"
        if method == "GET":
            encoded = parse_qs(url.query).get("dns", [""])[0].rstrip("=")
            try:
                wire = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            except ValueError:
                return 400, b"bad dns parameter\n", "text/plain"
        else:
            wire = body
        try:
            query = self.fixture.receive(wire, "doh")
        except BadQuery as error:
            return 400, f"{error}\n".encode(), "text/plain"
        reply = self.fixture.reply_now(query, MAX_TCP)
        return (200, reply, MESSAGE_TYPE) if reply is not None else (504, b"no answer\n", "text/plain")


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.doh_h2 --zones FILE``: serve until stopped; the first line printed
    is {"url": ..., "spki": ...} (its own process, so a benchmark's client does not share
    the interpreter with the server)."""
    import argparse
    import json
    import signal

    from tests.dnsfixture import DnsFixture, ZoneDB

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--zones", type=Path, required=True)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added before every answer")
    args = parser.parse_args(argv)
    fixture = DnsFixture(ZoneDB.from_zonefile(args.zones), latency=args.latency)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with H2DohServer(fixture) as server:
        print(json.dumps({"url": server.url, "spki": server.spki}), flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
