"""What to publish: one proposal per record name, whatever number of findings ask for it.

A protocol may compute its own combined proposals (``details["proposals"]``, e.g. the
repaired DMARC record); otherwise the findings that carry a ``record`` are grouped by
the name they give, and the worst finding's record is proposed for that name, with
every finding that asks for the same record listed as addressed.
"""

from __future__ import annotations

from typing import Any

from .findings import Finding
from .report import worst_first


def proposal(name: str, record: str, *, rdtype: str = "TXT", placeholder: bool = False,
             addresses: list[str] | tuple = (), replaces: list[str] | tuple = (),
             steps: list[dict] | tuple = ()) -> dict[str, Any]:
    """``steps``: when one record is not enough, the records to publish in order
    (``{"name", "type", "record"}``), and ``record`` is the first of them."""
    return {"name": name, "type": rdtype, "record": record, "placeholder": placeholder,
            "addresses": list(dict.fromkeys(addresses)), "replaces": list(replaces), "steps": list(steps)}


def from_findings(findings: list[Finding], skip_names: set[str] = frozenset()) -> list[dict[str, Any]]:
    """Group the findings' records by name, worst finding first."""
    chosen: dict[str, dict[str, Any]] = {}
    for finding in worst_first(findings):
        record, name = finding.params.get("record"), finding.params.get("name")
        if not (isinstance(record, str) and record and isinstance(name, str)) or name in skip_names:
            continue
        if name not in chosen:
            chosen[name] = proposal(name, record, rdtype=str(finding.params.get("type") or "TXT"),
                                    placeholder=bool(finding.params.get("placeholder")))
        if chosen[name]["record"] == record:
            chosen[name]["addresses"].append(finding.code)
    for item in chosen.values():
        item["addresses"] = list(dict.fromkeys(item["addresses"]))
    return list(chosen.values())


def proposals_of(report) -> list[dict[str, Any]]:
    """The report's proposals: its own combined ones first, then those of its findings."""
    own = list(report.details.get("proposals") or [])
    names = {item["name"] for item in own}
    return own + from_findings(report.findings, names)
