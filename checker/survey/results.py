"""The results file: JSON Lines, one line per domain, appended as each domain completes.

Each line is written whole with one ``write`` and flushed, so an interrupted run
leaves complete lines (and at worst one cut line, which reading skips and
``--resume`` removes). When a domain appears more than once (a domain not
known, checked again by ``--resume``), the last line is the one that counts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator, TextIO


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete, well-formed result line of ``path``."""
    with open(path, encoding="utf-8") as handle:
        for text in handle:
            if not text.endswith("\n"):
                return  # cut by an interruption
            try:
                line = json.loads(text)
            except ValueError:
                continue
            if isinstance(line, dict) and isinstance(line.get("domain"), str):
                yield line


def latest_by_domain(lines) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for line in lines:
        latest[line["domain"]] = line
    return latest


def drop_cut_line(path: Path) -> None:
    """Remove an incomplete last line, so that appending starts on a fresh line."""
    with open(path, "rb+") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        end = size
        while end > 0:
            step = min(65536, end)
            handle.seek(end - step)
            chunk = handle.read(step)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                handle.truncate(end - step + cut + 1)
                return
            end -= step
        handle.truncate(0)


class ResultWriter:
    """Appends lines to a file (or writes them to a stream such as stdout)."""

    def __init__(self, path: Path | None, stream: TextIO | None = None):
        self.path = path
        self._stream = stream
        self._fd = None if path is None else os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, line: dict[str, Any]) -> None:
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        if self._fd is not None:
            data = text.encode("utf-8")
            written = os.write(self._fd, data)
            while written < len(data):   # rare short write: finish the same line
                written += os.write(self._fd, data[written:])
        else:
            self._stream.write(text)
            self._stream.flush()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
