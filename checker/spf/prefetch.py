"""Start early the queries an SPF record's terms will make, so they overlap.

The evaluation still asks for every answer itself, in order, through the same
session (which merges identical queries and caches answers): prefetching only
changes when a query is sent, never what is counted or concluded. It stays
within the lookup budget left, skips %{p} (its PTR work is not free), and leaves
the session enough of its query cap for a sequential evaluation.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from ..futures import read_outcome_when_done
from .limits import MX_LIMIT
from .macro import expand
from ..dnsname import is_within
from .names import query_name, target_name
from .parser import Modifier, SpfRecord
from .records import fetch_record

if TYPE_CHECKING:
    from .evaluate import Evaluation

# Queries a sequential evaluation may still need: top TXT, 10 terms of up to
# 11 queries each (mx, ptr), %{p} and exp. Prefetching stops short of them.
RESERVED_QUERIES = 150


class Prefetch:
    def __init__(self, evaluation: "Evaluation"):
        self.evaluation = evaluation
        self.session = evaluation.session
        self.tasks: set[asyncio.Task] = set()
        self.seen: set[str] = set()  # domains whose records were prefetched
        self.closed = False

    def record(self, record: SpfRecord, domain: str, budget: int) -> None:
        """Start the lookups of the first ``budget`` DNS-querying terms of ``record``."""
        if self.closed or domain.lower() in self.seen:
            return
        self.seen.add(domain.lower())
        values = self.evaluation.macro_values(domain)
        rdtype = self.evaluation.client.rdtype
        for term in record.dns_terms()[:max(budget, 0)]:
            budget -= 1
            spec = term.value if isinstance(term, Modifier) else term.domain_spec
            if spec is not None and "p" in spec.letters:
                continue
            target = domain if spec is None else target_name(expand(spec, values))
            name = query_name(target)
            if name is None:
                continue
            kind = "redirect" if isinstance(term, Modifier) else term.kind
            if kind in ("include", "redirect"):
                self.spawn(self.child(target, budget))
            elif kind == "a":
                self.spawn(self.ask(name, rdtype))
            elif kind == "exists":
                self.spawn(self.ask(name, "A"))
            elif kind == "mx":
                self.spawn(self.mx(name, rdtype))
            elif kind == "ptr":
                self.spawn(self.ptr(name, rdtype))

    def close(self) -> None:
        """The evaluation is over: start nothing more. What is pending ends by itself
        within a query timeout (cancelling it would orphan the session's queries)."""
        self.closed = True

    # -- the work -----------------------------------------------------------------

    async def child(self, domain: str, budget: int) -> None:
        fetched = await fetch_record(self.session, domain)
        if fetched.record is not None:
            self.record(fetched.record, domain, budget)

    async def ask(self, name: str, rdtype: str) -> None:
        await self.session.query(name, rdtype)

    async def mx(self, name: str, rdtype: str) -> None:
        hosts = [host for host in (await self.session.query(name, "MX")).hostnames() if host != "."]
        if len(hosts) <= MX_LIMIT and self.allowed(len(hosts)):
            await asyncio.gather(*(self.session.query(host, rdtype) for host in hosts), return_exceptions=True)

    async def ptr(self, wanted: str, rdtype: str) -> None:
        names = [n for n in await self.evaluation.ptr_names() if is_within(n, wanted)]
        if self.allowed(len(names)):
            await asyncio.gather(*(self.session.query(n, rdtype) for n in names), return_exceptions=True)

    # -- bookkeeping --------------------------------------------------------------

    def allowed(self, queries: int = 1) -> bool:
        limit = self.session.limits.max_queries - RESERVED_QUERIES
        return not self.closed and self.session.queries_sent + queries <= limit

    def spawn(self, work) -> None:
        if not self.allowed():
            work.close()
            return
        # a DnsError in it is met again by the evaluation, if it gets there
        task = read_outcome_when_done(asyncio.ensure_future(work))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
