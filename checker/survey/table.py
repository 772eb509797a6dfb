"""The results as CSV, one row per domain, for spreadsheets."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

COLUMNS = ("domain", "dmarc", "spf", "dmarc_records", "spf_records", "dmarc_source", "dmarc_record",
           "spf_record", "attempts")
# A spreadsheet runs a cell that starts with one of these as a formula; records come from DNS.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_csv(path: Path, lines: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for line in lines:
            writer.writerow([_cell(line.get(column)) for column in COLUMNS])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
