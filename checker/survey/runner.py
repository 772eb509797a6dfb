"""Check many domains at once; hand each result over as soon as it is final.

A domain whose categories are not known because lookups failed is tried
again later (after the others, with a growing pause), at most ``retries``
times; if it still fails it is handed over as not known, never as missing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..dns import Resolver
from ..domain import check_domain
from .facts import NOT_KNOWN, domain_facts
from .limit import AdaptiveLimit
from .shared import SharedAnswers

PROTOCOLS = ("spf", "dmarc")
QUERIES_IN_FLIGHT_MIN = 64   # queries sent at once: --concurrency, or at least this
RETRY_PAUSE = 1.0   # seconds before the first retry; doubled for each further one


@dataclass
class RunStats:
    checked: int = 0
    retried: int = 0
    not_known: int = 0
    lowest_concurrency: int = 0
    backoffs: int = 0
    queries: int = 0           # asked by the checks
    shared_answers: int = 0    # of those, answered by another domain's query (see shared.py)


async def check_one(domain: str, resolver: Resolver) -> dict[str, Any]:
    """One domain's result line (without ``attempts``)."""
    report = await check_domain(domain, resolver=resolver, protocols=PROTOCOLS, fetch_policies=False)
    line = {"domain": domain, **domain_facts(report), "queries": report.queries,
            "seconds": round(report.seconds, 3)}
    if NOT_KNOWN in (line["spf"], line["dmarc"]):
        line["failures"] = [{"code": f.code, **{k: f.params.get(k) for k in ("name", "type", "rdtype", "error", "kind")
                                                  if f.params.get(k) is not None}}
                            for f in report.dns_failures]
    return line


def unchecked_line(domain: str, error: Exception) -> dict[str, Any]:
    """The line of a domain the check itself failed on: not known, with the error, not retried."""
    return {"domain": domain, "spf": NOT_KNOWN, "spf_records": 0, "dmarc": NOT_KNOWN, "dmarc_records": 0,
            "dmarc_source": None, "spf_record": [], "dmarc_record": None, "codes": [], "queries": 0, "seconds": 0.0,
            "failures": [{"code": "survey.check_failed", "error": f"{type(error).__name__}: {error}"}]}


def is_not_known(line: dict[str, Any]) -> bool:
    return NOT_KNOWN in (line["spf"], line["dmarc"])


async def run_survey(domains: Iterable[str], resolver: Resolver, done: Callable[[dict[str, Any]], None], *,
                     concurrency: int = 100, retries: int = 2, retry_pause: float = RETRY_PAUSE) -> RunStats:
    """Check every domain; call ``done(line)`` once per domain, as soon as its result is final."""
    limit = AdaptiveLimit(concurrency)
    stats = RunStats()
    shared = SharedAnswers(resolver.transport, in_flight=max(QUERIES_IN_FLIGHT_MIN, concurrency))
    survey_resolver = Resolver(shared, resolver.limits)
    tasks: set[asyncio.Task] = set()

    async def attempt(domain: str, number: int) -> None:
        if number > 1:
            await asyncio.sleep(retry_pause * 2 ** (number - 2))
        await limit.acquire()
        lookups_failed = True     # what the adaptive limit counts
        try:
            line = await check_one(domain, survey_resolver)
            lookups_failed = is_not_known(line)
        except Exception as error:   # a bug met on one domain must not end a run of thousands
            line, lookups_failed = unchecked_line(domain, error), False
        finally:
            await limit.release(lookups_failed)
        stats.queries += line["queries"]
        if lookups_failed and number <= retries:
            stats.retried += 1
            start(domain, number + 1)
            return
        stats.checked += 1
        stats.not_known += is_not_known(line)
        done({**line, "attempts": number})

    def start(domain: str, number: int) -> None:
        task = asyncio.ensure_future(attempt(domain, number))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    pending = iter(domains)
    try:
        for domain in pending:
            # Keep only a bounded number of waiting tasks: a list of a million domains
            # must not become a million tasks at once.
            while len(tasks) >= 2 * limit.ceiling + 8:
                await _next_completed(tasks)
            start(domain, 1)
        while tasks:
            await _next_completed(tasks)
    finally:
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await _close(resolver)
    stats.lowest_concurrency, stats.backoffs, stats.shared_answers = limit.lowest, limit.backoffs, shared.hits
    return stats


async def _next_completed(tasks: set[asyncio.Task]) -> None:
    finished, _ = await asyncio.wait(set(tasks), return_when=asyncio.FIRST_COMPLETED)
    for task in finished:
        task.result()   # a bug in a check must stop the run, not vanish


async def _close(resolver: Resolver) -> None:
    http = getattr(resolver.transport, "http", None)
    if http is not None and hasattr(http, "aclose"):
        await http.aclose()
