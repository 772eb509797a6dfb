"""Futures left to finish on their own."""

from __future__ import annotations

import asyncio


def read_outcome_when_done(future: asyncio.Future) -> asyncio.Future:
    """Read ``future``'s exception as soon as it ends, so a future nobody awaits in the end
    (a shared query whose callers gave up, a lookup no longer needed) is not logged by
    asyncio as "exception never retrieved". Whoever still awaits it gets the outcome as usual."""
    future.add_done_callback(_read_exception)
    return future


def _read_exception(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()
