"""A real HTTPS server on 127.0.0.1 for MTA-STS policy tests.

    with PolicyServer() as server:
        server.route("/good.example/.well-known/mta-sts.txt", body=b"version: STSv1\\n...")
        client = TrustingHttpxClient(server.ssl_context())   # trusts this server's certificate
        url = server.url("/good.example/.well-known/mta-sts.txt")

The certificate is self-signed for IP 127.0.0.1, made with the ``openssl`` command
line when the server starts (tests skip when ``openssl`` is missing). Each route
answers with a status, headers, a body and an optional delay; the paths asked are
logged in ``server.requests``.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from checker.dns.http import HttpxClient

HOST = "127.0.0.1"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/plain"})
    delay: float = 0.0   # seconds before answering
    drip: float = 0.0    # seconds between bytes of the body (a server that stalls a client)
    chunked: bool = False  # no Content-Length: the client learns the size only by reading


def openssl_available() -> bool:
    return shutil.which("openssl") is not None


def make_certificate(directory: Path, names: tuple[str, ...] = ()) -> tuple[Path, Path]:
    """A self-signed EC certificate for 127.0.0.1 (and ``names``), valid for two days: (cert, key)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    alt_names = ",".join([f"IP:{HOST}", *(f"DNS:{name}" for name in names)])
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                    "-subj", f"/CN={HOST}", "-addext", f"subjectAltName={alt_names}"],
                   check=True, capture_output=True, timeout=30)
    return cert, key


class PolicyServer:
    def __init__(self, names: tuple[str, ...] = ()) -> None:
        self.names = names  # host names the certificate is also valid for
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.sent: dict[str, int] = {}  # body bytes written per path, until the client hung up
        self._stopping = threading.Event()
        self._dir = tempfile.TemporaryDirectory(prefix="policyserver-")
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.cert_path: Path | None = None

    def route(self, path: str, *, status: int = 200, body: bytes = b"", content_type: str | None = "text/plain",
              headers: dict[str, str] | None = None, delay: float = 0.0, drip: float = 0.0,
              chunked: bool = False) -> str:
        """Serve ``path``; returns its URL. ``content_type=None`` sends no Content-Type."""
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers.setdefault("Content-Type", content_type)
        self.routes[path] = Route(status, body, all_headers, delay, drip, chunked)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"https://{HOST}:{self.port}{path}"

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts this server's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert_path))

    def start(self) -> "PolicyServer":
        self.cert_path, key_path = make_certificate(Path(self._dir.name), self.names)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, key_path)
        server = ThreadingHTTPServer((HOST, 0), _handler_for(self))
        server.daemon_threads = True
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="policyserver", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that wait out a delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._dir.cleanup()

    def __enter__(self) -> "PolicyServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _handler_for(owner: PolicyServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            owner.requests.append(self.path)
            route = owner.routes.get(self.path, Route(404, b"not found\n"))
            if route.delay and owner._stopping.wait(route.delay):
                return
            try:
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.chunked:
                    self.send_header("Connection", "close")
                else:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                step = 1 if route.drip else 65536
                for start in range(0, len(route.body), step):
                    if route.drip and owner._stopping.wait(route.drip):
                        return
                    self.wfile.write(route.body[start:start + step])
                    self.wfile.flush()
                    owner.sent[self.path] = owner.sent.get(self.path, 0) + len(route.body[start:start + step])
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
                pass  # the client gave up first (a timeout test): nothing to do

        def log_message(self, *args) -> None:  # keep test output clean
            pass

    return Handler


class TrustingHttpxClient(HttpxClient):
    """The checker's httpx client, trusting the given TLS context (the test server's certificate)."""

    def __init__(self, verify: ssl.SSLContext | bool = True) -> None:
        super().__init__()
        self._verify = verify

    def _get_client(self):
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(follow_redirects=False, http2=False, trust_env=False,
                                             verify=self._verify)
        return self._client
