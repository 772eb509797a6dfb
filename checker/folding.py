"""Findings as a reader is shown them: the DKIM lookups that failed become one line.

When a resolver fails for a domain it fails for every DKIM selector probed: forty
"lookup failed" findings that say one thing. The report (JSON) keeps each of them;
a reader sees one line with the count, and "no key found" no longer lists those
selectors again. The random name probed to detect a wildcard record
(``x3f9c…._domainkey.example.com``) means nothing to a reader and is never named:
its failure reads as "the wildcard test failed".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .findings import Finding, Severity
from .i18n import Messages

LOOKUP_FAILED = "dkim.lookup_failed"
NONE_FOUND_INCOMPLETE = "dkim.none_found_incomplete"
# From this many selectors that could not be checked, one line says it for all.
FOLD_FROM = 2


@dataclass(frozen=True)
class FailedLookups:
    """Several dkim.lookup_failed findings of one domain, shown as one line."""

    findings: tuple[Finding, ...]
    domain: str
    code: ClassVar[str] = LOOKUP_FAILED
    severity: ClassVar[Severity] = Severity.ERROR

    @property
    def selectors(self) -> list[str]:
        return [f.params["selector"] for f in self.findings if f.params.get("selector")]

    def message(self, msgs: Messages) -> str:
        kinds = list(dict.fromkeys(str(f.params.get("error")) for f in self.findings))
        words = [msgs.text(f"value.error.{kind}") if msgs.has(f"value.error.{kind}") else kind for kind in kinds]
        if self.selectors:
            return msgs.text("ui.dkim.selectors_failed", count=len(self.selectors), error=words)
        return msgs.text("ui.dkim.wildcard_test_failed", name=f"*._domainkey.{self.domain}", error=words)


@dataclass(frozen=True)
class Reworded:
    """A finding whose own words would repeat the folded line: shorter words, same data."""

    finding: Finding
    key: str

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (self.finding,)

    def message(self, msgs: Messages) -> str:
        return msgs.text(self.key, **self.finding.params)


Shown = Finding | FailedLookups | Reworded


def fold_findings(protocol: str, domain: str, findings: list[Finding]) -> list[Shown]:
    """``findings`` (already in display order) with DKIM lookup failures folded where they belong."""
    if protocol != "dkim":
        return list(findings)
    failed = [f for f in findings if f.code == LOOKUP_FAILED]
    with_selector = [f for f in failed if f.params.get("selector")]
    if len(with_selector) >= FOLD_FROM:
        folded = failed
    else:  # few failures keep their own lines, except the random wildcard probe's
        folded = [f for f in failed if _is_wildcard_probe(f, domain)]
    if not folded:
        return list(findings)
    group = FailedLookups(tuple(folded), domain)
    shown: list[Shown] = []
    for finding in findings:
        if finding is folded[0]:
            shown.append(group)
        elif group.selectors and finding.code == NONE_FOUND_INCOMPLETE:
            shown.append(Reworded(finding, "ui.dkim.none_found_incomplete"))
        elif not any(finding is f for f in folded):
            shown.append(finding)
    return shown


def _is_wildcard_probe(finding: Finding, domain: str) -> bool:
    """The helper lookup of a random name under _domainkey (not of _domainkey itself)."""
    return not finding.params.get("selector") and finding.params.get("name") != f"_domainkey.{domain}"
