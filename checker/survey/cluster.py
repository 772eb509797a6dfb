"""``--dask SCHEDULER``: the same survey on a Dask cluster.

Domains go to the workers in batches (about a thousand each): one task per
domain would spend more on scheduling than on DNS. Each batch runs the same
asynchronous runner on its worker, with the same resolver options, and
returns its lines; they are written here as each batch completes, into the
same results file. dask and distributed are optional (``--group dask``).
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from ..cli import UsageError
from ..dns import Limits, Resolver
from ..i18n import Messages
from .runner import run_survey


def survey_batch(domains: list[str], options: dict[str, Any], concurrency: int, retries: int) -> list[dict]:
    """Runs on a worker: one batch, its lines in completion order."""
    lines: list[dict] = []
    asyncio.run(run_survey(domains, worker_resolver(options), lines.append, concurrency=concurrency,
                           retries=retries))
    return lines


def worker_resolver(options: dict[str, Any]) -> Resolver:
    limits = Limits(timeout=options["timeout"])
    if options["doh"]:
        return Resolver.from_doh(options["doh"], limits)
    if options["nameserver"]:
        return Resolver.from_nameservers(options["nameserver"], limits)
    return Resolver.system(limits)   # the worker's own resolver configuration


def batches(domains: list[str], size: int) -> list[list[str]]:
    return [domains[i:i + size] for i in range(0, len(domains), size)]


def run_on_dask(domains: list[str], scheduler: str, options: dict[str, Any], done: Callable[[dict], None], *,
                concurrency: int, retries: int, batch_size: int, msgs: Messages) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError(msgs.text("cli.error.survey.dask_missing")) from None
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as error:
        raise UsageError(msgs.text("cli.error.survey.dask_connect", scheduler=scheduler, detail=str(error))) from None
    with client:
        futures = [client.submit(survey_batch, batch, options, concurrency, retries, pure=False)
                   for batch in batches(domains, batch_size)]
        try:
            for future in as_completed(futures):
                for line in future.result():
                    done(line)
        finally:
            client.cancel([f for f in futures if not f.done()])
