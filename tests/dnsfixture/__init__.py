"""DNS test fixture: authoritative data in memory, served for real or without sockets.

- :class:`ZoneDB` — the data: zone files under ``tests/zones/`` (see :mod:`.zonefile`
  for the format and the fault directives), RFC 7208 suite scenarios, or code.
- :class:`DnsFixture` — a real server on 127.0.0.1: UDP and TCP on one port, and DoH.
- :class:`MemoryTransport` / :func:`memory_resolver` — the same answers with no socket.
- :mod:`.clock` — how long something waited, in round trips of known latency (no stopwatch);
  :mod:`.silent` — a nameserver that never answers and counts what it received.

Import as ``from tests.dnsfixture import ...`` (the project root is importable).
"""

from pathlib import Path

from .memory import MemoryTransport, memory_resolver
from .querylog import LoggedQuery
from .zonedb import FaultKind, ZoneDB

ZONES_DIR = Path(__file__).resolve().parent.parent / "zones"


def __getattr__(name: str):
    # Imported on first use, so ``python -m tests.dnsfixture.server`` runs that module once.
    if name == "DnsFixture":
        from .server import DnsFixture

        return DnsFixture
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_zones(*names: str) -> ZoneDB:
    """``load_zones("resolver.zone", "spf.zone")``: files of tests/zones/ merged into one ZoneDB."""
    db = ZoneDB()
    for name in names:
        db.merge(ZoneDB.from_zonefile(ZONES_DIR / name))
    return db


__all__ = ["DnsFixture", "FaultKind", "LoggedQuery", "MemoryTransport", "ZONES_DIR", "ZoneDB",
           "load_zones", "memory_resolver"]
