"""What one protocol check returns, and how it becomes JSON.

Every protocol module exposes ``async def check(domain, session, ...) ->
ProtocolReport``: the records found (verbatim), the findings (codes,
severities, parameters) and protocol-specific details that are plain JSON
data. Words come later, from the message catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, Severity, define

# Worst first: the status of a report is its worst finding.
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.OK: 3}

# What one report keeps and shows: a name may carry hundreds of records (a wildcard with
# 800 TXT records answers every DKIM selector probed), and a page that shows them all
# takes gigabytes. The first ones are enough to judge; the rest are counted.
MAX_RECORDS = 50        # records of one report
MAX_ALIKE = 5           # findings with the same code about the same name
MAX_DETAILS = 20        # entries of one details list about the same name

# Records beyond the first MAX_RECORDS of a report, not shown.
MORE_RECORDS = define("report.more_records", Severity.INFO, "checker.md#what-it-checks", params={
    "count": int,                     # how many more
    "shown": int,                     # MAX_RECORDS
})

# Findings beyond the first MAX_ALIKE with one code about one name, not shown.
MORE_FINDINGS = define("report.more_findings", Severity.INFO, "checker.md#what-it-checks", params={
    "name": str,                      # the name they are about
    "count": int,                     # how many more
    "shown": int,                     # MAX_ALIKE
})


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

    def bound(self) -> "ProtocolReport":
        """Keep the first records, findings and details entries per name; count the rest."""
        if len(self.records) > MAX_RECORDS:
            self.findings.append(MORE_RECORDS(count=len(self.records) - MAX_RECORDS, shown=MAX_RECORDS))
            self.records = self.records[:MAX_RECORDS]
        for finding in self.findings:  # a finding that quotes every record quotes the first ones
            for param, value in finding.params.items():
                if isinstance(value, list) and len(value) > MAX_RECORDS:
                    finding.params[param] = value[:MAX_RECORDS]
        kept, extra = _first_per_name(self.findings, lambda f: (f.code, _about(f.params)), MAX_ALIKE)
        self.findings = kept + [MORE_FINDINGS(name=name, count=count, shown=MAX_ALIKE)
                                for (_, name), count in extra.items()]
        self.details = _bounded(self.details)
        return self

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


def _bounded(value):
    """``value`` (JSON data) with every list cut: entries about a name to the first
    MAX_DETAILS per name, other lists to their first MAX_RECORDS entries."""
    if isinstance(value, dict):
        return {key: _bounded(item) for key, item in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "name" in v for v in value):
            value = _first_per_name(value, _about, MAX_DETAILS)[0]
        return [_bounded(item) for item in value[:MAX_RECORDS]]
    return value


def _about(params: dict) -> str:
    value = params.get("name", params.get("domain", ""))
    return value if isinstance(value, str) else ""


def _first_per_name(items: list, key, limit: int) -> tuple[list, dict]:
    """The items whose key was seen at most ``limit`` times so far; counts of the others by key."""
    seen: dict = {}
    kept, extra = [], {}
    for item in items:
        k = key(item)
        seen[k] = seen.get(k, 0) + 1
        if seen[k] <= limit:
            kept.append(item)
        else:
            extra[k] = extra.get(k, 0) + 1
    return kept, extra
