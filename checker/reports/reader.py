"""Read files and folders of reports into an :class:`Analysis`, one error per bad file.

    analysis = read_paths(["reports/", "one.xml.gz"])
    read_file(analysis, "name.zip", stream)           # a file already open (the browser)

A folder is read recursively, in name order. A file that cannot be read, or a member
of an archive, adds an error (file, reason code, parameters) and the others are
still read.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Callable, Iterable

from .aggregate import read_aggregate
from .analysis import Analysis
from .containers import parts, read_chunks
from .errors import ReportError
from .failure import read_failure
from .limits import DEFAULT_LIMITS, ReadLimits
from .tls import read_tls

Progress = Callable[[str, int], None]   # (file, bytes read so far)


def read_paths(paths: Iterable[str], limits: ReadLimits = DEFAULT_LIMITS, analysis: Analysis | None = None,
               progress: Progress | None = None) -> Analysis:
    analysis = analysis or Analysis()
    for path in paths:
        for file in _files(path):
            try:
                stream = open(file, "rb")
            except OSError as error:
                analysis.add_error(file, "unreadable", {"detail": error.strerror or str(error)})
                continue
            with stream:
                read_file(analysis, file, stream, limits, progress)
    return analysis


def _files(path: str) -> list[str]:
    if not os.path.isdir(path):
        return [path]
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders.sort()
        found.extend(os.path.join(folder, name) for name in sorted(names) if not name.startswith("."))
    return found


def read_file(analysis: Analysis, name: str, stream: BinaryIO, limits: ReadLimits = DEFAULT_LIMITS,
              progress: Progress | None = None) -> None:
    entry = {"file": name, "dmarc": 0, "tls": 0, "failure": 0, "errors": 0}
    analysis.files.append(entry)
    chunks = read_chunks(_Counting(stream, name, progress), limits)
    try:
        for part in parts(name, chunks, limits):
            if part.error is None:
                try:
                    _read_part(analysis, part, limits, entry)
                    continue
                except ReportError as error:
                    part.error = error
            entry["errors"] += 1
            analysis.add_error(part.name, part.error.code, part.error.params)
    except OSError as error:
        entry["errors"] += 1
        analysis.add_error(name, "unreadable", {"detail": error.strerror or str(error)})
    except (ValueError, LookupError, EOFError) as error:
        # a library refusing input none of our checks foresaw (a message's odd
        # encoding, say): this file is not read, the others are
        entry["errors"] += 1
        analysis.add_error(name, "unreadable", {"detail": f"{type(error).__name__}: {error}"[:200]})


def _read_part(analysis: Analysis, part, limits: ReadLimits, entry: dict) -> None:
    if part.kind == "xml":
        tally = analysis.tally()
        report = read_aggregate(part.chunks, tally.add, limits)
        analysis.add_aggregate(tally, report)
        entry["dmarc"] += 1
    elif part.kind == "arf":
        analysis.add_failure(read_failure(part.chunks, part.reporter, limits))
        entry["failure"] += 1
    else:
        analysis.add_tls(read_tls(part.chunks, limits))
        entry["tls"] += 1


class _Counting:
    """A stream that reports how far it has been read (progress for large files)."""

    def __init__(self, stream: BinaryIO, name: str, progress: Progress | None):
        self.stream = stream
        self.name = name
        self.progress = progress
        self.done = 0

    def read(self, size: int) -> bytes:
        data = self.stream.read(size)
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.name, self.done)
        return data
