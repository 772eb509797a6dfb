"""A one-line progress bar on a terminal: done, rate, time left. Silent when not a terminal."""

from __future__ import annotations

import time
from typing import TextIO

from ..i18n import Messages

WIDTH = 24
EVERY = 0.2   # seconds between redraws


class Progress:
    def __init__(self, total: int, stream: TextIO, msgs: Messages, *, already: int = 0):
        self.total, self.done = total, 0
        self.stream, self.msgs = stream, msgs
        self.enabled = stream.isatty()
        self._already = already      # done by an earlier run (--resume): not part of the rate
        self._start = time.monotonic()
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= EVERY or self.done >= self.total):
            self._drawn = now
            self._draw(now)

    def finish(self) -> None:
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, now: float) -> None:
        total = max(self.total, 1)
        shown = self._already + self.done
        filled = WIDTH * min(shown, total) // total
        elapsed = max(now - self._start, 1e-6)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else None
        eta = _clock(left) if left is not None else "?"
        text = self.msgs.text("cli.survey.progress", done=shown, total=self._already + self.total,
                              rate=f"{rate:.1f}", eta=eta)
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {text}\x1b[K")
        self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
