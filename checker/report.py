"""What one protocol check returns, and how it becomes JSON.

Every protocol module exposes ``async def check(domain, session, ...) ->
ProtocolReport``: the records found (verbatim), the findings (codes,
severities, parameters) and protocol-specific details that are plain JSON
data. Words come later, from the message catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, Severity

# Worst first: the status of a report is its worst finding.
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.OK: 3}


def worst_first(findings) -> list[Finding]:
    """Findings in the order a reader sees them: errors first."""
    return sorted(findings, key=lambda f: _RANK[f.severity])


@dataclass
class ProtocolReport:
    protocol: str                                           # "spf", "dmarc", ...
    domain: str                                             # the name checked (A-labels)
    records: list[str] = field(default_factory=list)        # as published, verbatim
    findings: list[Finding] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)   # JSON-ready, protocol-specific
    facts: Any = None   # typed facts for the verdict (checker.facts), when the protocol has any

    @property
    def status(self) -> Severity:
        if not self.findings:
            return Severity.INFO
        return min((f.severity for f in self.findings), key=_RANK.__getitem__)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "domain": self.domain,
            "status": self.status.value,
            "records": self.records,
            "findings": [f.to_json() for f in self.findings],
            "details": self.details,
            **({"facts": self.facts.to_json()} if self.facts is not None else {}),
        }
