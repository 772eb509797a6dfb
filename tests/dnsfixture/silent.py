"""A UDP nameserver that receives queries and never answers, and counts what it received."""

from __future__ import annotations

import socket

from .server import HOST


class SilentServer:
    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind((HOST, 0))
        self._sock.setblocking(False)
        self._received = 0

    @property
    def address(self) -> str:
        """"127.0.0.1:PORT", as ``--nameserver`` takes it."""
        return f"{HOST}:{self._sock.getsockname()[1]}"

    def received(self) -> int:
        """Datagrams received so far (the queries wait, unread, in the socket until counted)."""
        while True:
            try:
                self._sock.recv(65535)
            except BlockingIOError:
                return self._received
            self._received += 1

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> "SilentServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
