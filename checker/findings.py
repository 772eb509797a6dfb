"""Findings are data: a stable code, a severity and parameters. No prose here.

Each protocol module declares its codes with :func:`define`; words are
attached at the edges (command line, browser) from the message catalogs, and
each code names the article section that explains it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"


@dataclass(frozen=True)
class Code:
    code: str                 # "spf.too_many_lookups"
    severity: Severity
    article: str              # knowledge-base page and anchor, "spf-limits.md#ten-lookups"

    def __call__(self, **params: Any) -> "Finding":
        return Finding(self.code, self.severity, params)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "params": self.params}


CATALOGUE: dict[str, Code] = {}


def define(code: str, severity: Severity, article: str) -> Code:
    if code in CATALOGUE:
        raise ValueError(f"finding code {code} defined twice")
    CATALOGUE[code] = entry = Code(code, severity, article)
    return entry
