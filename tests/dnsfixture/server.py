"""A real DNS server for tests: UDP and TCP on one port, and DNS over HTTP(S) beside it.

    with DnsFixture(ZoneDB.from_zonefile("tests/zones/resolver.zone")) as fx:
        Resolver.from_nameservers([fx.nameserver])   # "127.0.0.1:PORT"
        Resolver.from_doh([fx.doh_url])              # "http://127.0.0.1:PORT/dns-query"

Each query is answered in its own thread, so ``fx.latency`` delays concurrent
queries in parallel, and the code under test keeps its own event loop.

Standalone, for benchmarks and browser tests (prints one JSON line, serves until killed):

    python -m tests.dnsfixture.server --zones tests/zones/resolver.zone [--latency 0.05]
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

import dns.message

from .do53 import TcpServer, UdpServer
from .doh import PATH, DohServer
from .querylog import LoggedQuery, RoundTrips
from .wire import parse_query, render
from .zonedb import ZoneDB

HOST = "127.0.0.1"
HANG_SECONDS = 30  # how long a dropped query keeps its TCP/HTTP connection silent


class DnsFixture:
    def __init__(self, db: ZoneDB | None = None, *, latency: float = 0.0):
        self.db = db if db is not None else ZoneDB()
        self.latency = latency      # seconds added before every answer
        self.slow_names: dict[str, float] = {}  # name (lower case, no final dot) -> seconds more
        # True: HTTP 500; an int: that status; "hang"; or a hostile answer (doh.HOSTILE_BODIES):
        # "huge" (1 GiB), "gzip" (a gzip bomb), "drip" (one byte at a time), "truncated" (TC set)
        self.doh_fail: bool | int | str = False
        self.hostile_bytes = 0  # body bytes a hostile answer managed to send
        self.round_trips = RoundTrips()  # .count: the client's round trips one after the other
        self.log: list[LoggedQuery] = []
        self._stopping = threading.Event()
        self._servers: list = []
        self._threads: list[threading.Thread] = []

    # -- life cycle ---------------------------------------------------------------

    def start(self) -> "DnsFixture":
        udp, tcp = _bind_same_port(self)
        self._servers = [udp, tcp, DohServer((HOST, 0), self)]
        for server in self._servers:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"dnsfixture-{type(server).__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that sleep or hang
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._servers, self._threads = [], []

    def __enter__(self) -> "DnsFixture":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- what tests use -----------------------------------------------------------

    @property
    def port(self) -> int:
        return self._servers[0].server_address[1]

    @property
    def nameserver(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def doh_url(self) -> str:
        return f"http://{HOST}:{self._servers[2].server_address[1]}{PATH}"

    def load(self, db: ZoneDB) -> None:
        """Serve ``db`` from now on."""
        self.db = db

    def clear_log(self) -> None:
        self.log.clear()
        self.round_trips.reset()

    def reset(self, db: ZoneDB | None = None) -> None:
        """Back to a clean state between tests: data (if given), no log, no latency or slow name, no failure."""
        if db is not None:
            self.load(db)
        self.clear_log()
        self.latency = 0.0
        self.slow_names = {}
        self.doh_fail = False
        self.hostile_bytes = 0

    def queries(self, name: str | None = None, rdtype: str | None = None) -> list[LoggedQuery]:
        """The logged queries, optionally only those for ``name`` and/or ``rdtype``."""
        name = name.rstrip(".").lower() if name else None
        return [q for q in list(self.log)
                if (name is None or q.name == name) and (rdtype is None or q.rdtype == rdtype.upper())]

    # -- what the protocol handlers call (in their own threads) -------------------

    def receive(self, wire: bytes, via: str) -> dns.message.Message:
        """Parse and log one query; raises BadQuery."""
        query = parse_query(wire)
        for question in query.question[:1]:
            self.log.append(LoggedQuery.of(question.name, question.rdtype, via))
        query.round_trip_ticket = self.round_trips.asked()
        return query

    def reply(self, query: dns.message.Message, max_size: int) -> bytes | None:
        """The response bytes after the injected latency (and a slow name's own); None to stay silent."""
        delay = self.latency + sum(self.slow_names.get(LoggedQuery.of(q.name, q.rdtype, "").name, 0.0)
                                   for q in query.question[:1])
        if delay > 0:
            self._stopping.wait(delay)
        return self.reply_now(query, max_size)

    def reply_now(self, query: dns.message.Message, max_size: int) -> bytes | None:
        """The response bytes at once, for a server that waits ``latency`` itself (asynchronously)."""
        response = self.db.answer(query)
        if response is None:
            return None
        self.round_trips.answered(getattr(query, "round_trip_ticket", None))
        return render(response, max_size)

    def hang(self) -> None:
        self._stopping.wait(HANG_SECONDS)


def _bind_same_port(fixture: DnsFixture) -> tuple[UdpServer, TcpServer]:
    """A UDP port chosen by the OS whose TCP twin is free as well."""
    for _ in range(50):
        udp = UdpServer((HOST, 0), fixture)
        try:
            return udp, TcpServer((HOST, udp.server_address[1]), fixture)
        except OSError:
            udp.server_close()
    raise OSError("no port free for both UDP and TCP")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.dnsfixture.server",
                                     description="Serve zone files over DNS (UDP, TCP) and DoH on 127.0.0.1.")
    parser.add_argument("--zones", action="append", default=[], metavar="FILE",
                        help="zone file to serve (repeat for several)")
    parser.add_argument("--latency", type=float, default=0.0, metavar="SECONDS",
                        help="delay before every answer")
    args = parser.parse_args(argv)
    db = ZoneDB()
    for path in args.zones:
        try:
            db.merge(ZoneDB.from_zonefile(path))
        except Exception as error:  # unreadable file, dnspython syntax error: one line, no traceback
            parser.error(f"{path}: {error}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with DnsFixture(db, latency=args.latency) as fixture:
        print(json.dumps({"nameserver": fixture.nameserver, "doh_url": fixture.doh_url}), flush=True)
        try:
            while True:
                signal.pause()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
