"""How many domains are checked at once: bounded, and backing off when the resolver fails.

The window is the last ``max(8, limit)`` domains completed. When more than a
quarter of them could not be checked because lookups failed (timeouts,
SERVFAIL: the resolver is overloaded, or rate-limits us), the limit halves;
after a window without any such failure it grows by a quarter, up to the
ceiling the user gave. One broken domain among many does not slow a run down.
"""

from __future__ import annotations

import asyncio

MIN_WINDOW = 8
FAILING_SHARE = 0.25


class AdaptiveLimit:
    def __init__(self, ceiling: int, floor: int = 1):
        self.ceiling = max(1, ceiling)
        self.floor = max(1, min(floor, self.ceiling))
        self.limit = float(self.ceiling)
        self.lowest = self.ceiling      # the lowest limit reached, for the run's statistics
        self.backoffs = 0
        self.in_flight = 0
        self._window: list[bool] = []
        self._changed = asyncio.Condition()

    async def acquire(self) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < int(self.limit))
            self.in_flight += 1

    async def release(self, failed: bool) -> None:
        async with self._changed:
            self.in_flight -= 1
            self._record(failed)
            self._changed.notify_all()

    def _record(self, failed: bool) -> None:
        self._window.append(failed)
        if len(self._window) < max(MIN_WINDOW, int(self.limit)):
            return
        share = sum(self._window) / len(self._window)
        if share > FAILING_SHARE:
            self.limit = max(float(self.floor), self.limit / 2)
            self.lowest = min(self.lowest, int(self.limit))
            self.backoffs += 1
        elif share == 0:
            self.limit = min(float(self.ceiling), self.limit + max(1.0, self.limit / 4))
        self._window.clear()
