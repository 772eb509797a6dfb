"""Plain DNS for the fixture: UDP (truncating to the client's payload size) and TCP."""

from __future__ import annotations

import socket
import socketserver

from .wire import MAX_TCP, BadQuery, udp_limit

IDLE_SECONDS = 10  # a TCP connection with no query for this long is closed


class UdpServer(socketserver.ThreadingUDPServer):
    daemon_threads = True      # one thread per query: latency is applied in parallel
    block_on_close = False
    max_packet_size = 65535

    def __init__(self, address, fixture):
        self.fixture = fixture
        super().__init__(address, _UdpHandler)

    def handle_error(self, request, client_address):
        pass  # a client that went away is not the fixture's problem


class TcpServer(socketserver.ThreadingTCPServer):
    # The default backlog (5) drops bursts of new connections; clients then wait
    # a full SYN retransmission (1 s) before the fixture sees them.
    request_queue_size = 128
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, address, fixture):
        self.fixture = fixture
        super().__init__(address, _TcpHandler)

    def handle_error(self, request, client_address):
        pass


class _UdpHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data, sock = self.request
        fixture = self.server.fixture
        try:
            query = fixture.receive(data, "udp")
        except BadQuery:
            return  # unparsable datagrams are dropped, as servers do
        reply = fixture.reply(query, udp_limit(query))
        if reply is not None:
            sock.sendto(reply, self.client_address)


class _TcpHandler(socketserver.BaseRequestHandler):
    """RFC 1035 4.2.2 / RFC 7766: two-byte length prefix, several queries per connection."""

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(IDLE_SECONDS)
        fixture = self.server.fixture
        while True:
            prefix = _recv_exactly(sock, 2)
            data = prefix and _recv_exactly(sock, int.from_bytes(prefix, "big"))
            if not data:
                return
            try:
                query = fixture.receive(data, "tcp")
            except BadQuery:
                return
            reply = fixture.reply(query, MAX_TCP)
            if reply is None:
                fixture.hang()  # keep the connection open, silent, like a dead server
                return
            sock.sendall(len(reply).to_bytes(2, "big") + reply)


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
