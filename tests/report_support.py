"""Reading a ProtocolReport in tests."""

from __future__ import annotations


def found(report) -> dict[str, list[dict]]:
    """code -> the params of each finding with that code, in report order."""
    result: dict[str, list[dict]] = {}
    for finding in report.findings:
        result.setdefault(finding.code, []).append(finding.params)
    return result
