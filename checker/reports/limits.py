"""How much a report file may cost to read: bounds on bytes, expansion and records."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    # A file as given (compressed or not). Aggregate reports from the largest
    # receivers are a few MB once unpacked; 256 MB leaves a wide margin.
    max_file_bytes: int = 256 * MB
    # One report once decompressed, whatever the container.
    max_expanded_bytes: int = 512 * MB
    # Deflate reaches about 1000:1 on repetitive XML; real reports stay far below
    # 100:1, and bombs go beyond 1000:1. Checked once enough is decompressed to judge.
    max_ratio: int = 200
    ratio_grace_bytes: int = 4 * MB
    max_zip_members: int = 100
    max_nesting: int = 2          # an .eml holding a .zip holding an .xml is depth 2
    max_records: int = 2_000_000  # rows of one aggregate report
    max_text_chars: int = 1 * MB    # text between two tags (the longest field is short)
    max_json_bytes: int = 64 * MB  # a TLS report: tens of kB in practice
    chunk_bytes: int = 256 * 1024


DEFAULT_LIMITS = ReadLimits()
