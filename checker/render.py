"""The readable report for a terminal, in the reader's language.

Everything that came from DNS (records, names) is printed as plain text; the
words around it come from the catalogs. Each line passes through
:func:`checker.inert.visible` last, so no record, name or quoted value can move the
cursor, hide text or reverse it (the catalogs' own words hold no such characters).
"""

from __future__ import annotations

from .domain import DomainReport
from .findings import Finding, Severity
from .i18n import Messages
from .inert import visible
from .present import article_url, fix_of, spf_node_label, spf_total, worst_first
from .report import ProtocolReport

ICONS = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i", Severity.OK: "✓"}
INDENT = "    "


def render_domain(report: DomainReport, msgs: Messages, site_url: str = "") -> str:
    lines = [msgs.text("ui.report.title", domain=report.domain), ""]
    verdict = report.verdict
    if verdict is not None:
        lines.append(msgs.text("ui.verdict.grade", grade=verdict.grade))
        if verdict.finding is not None:
            lines.append(f"{ICONS[verdict.finding.severity]} {msgs.finding(verdict.finding)}")
    for protocol, protocol_report in report.reports.items():
        lines.append("")
        lines.extend(_protocol(protocol, protocol_report, msgs, site_url))
    lines.append("")
    lines.append(msgs.text("ui.report.footer", queries=report.queries, seconds=f"{report.seconds:.2f}",
                           resolver=report.resolver))
    return _join(lines)


def _protocol(protocol: str, report: ProtocolReport, msgs: Messages, site_url: str) -> list[str]:
    status = report.status
    lines = [f"{msgs.text(f'ui.protocol.{protocol}')} — {ICONS[status]} {msgs.text(f'ui.status.{status.value}')}"]
    for record in report.records:
        lines.append(f"{INDENT}{msgs.text('ui.record')} {record}")
    if protocol == "spf" and report.details.get("tree"):
        lines.append(f"{INDENT}{msgs.text('ui.spf.tree', total=spf_total(report.details, msgs))}")
        lines.extend(_spf_tree(report.details["tree"], msgs, 2))
    for finding in worst_first(report.findings):
        lines.extend(_finding(finding, msgs, site_url))
    return lines


def _finding(finding: Finding, msgs: Messages, site_url: str) -> list[str]:
    lines = [f"{INDENT}{ICONS[finding.severity]} {msgs.finding(finding)}"]
    fix = fix_of(finding)
    if fix is not None:
        lines.append(f"{INDENT * 2}{fix.label(msgs)}")
        lines.append(f"{INDENT * 3}{fix.record}")
    lines.append(f"{INDENT * 2}{msgs.text('ui.more')} {article_url(msgs, finding.code, site_url)}")
    return lines


def _spf_tree(node: dict, msgs: Messages, depth: int) -> list[str]:
    lines = [INDENT * depth + spf_node_label(node, msgs)]
    for child in node.get("children", []):
        lines.extend(_spf_tree(child, msgs, depth + 1))
    return lines


def render_spf_result(result, msgs: Messages, site_url: str = "") -> str:
    lines = [msgs.text("ui.spf.result", domain=result.domain, result=result.result.value),
             msgs.text("ui.spf.result_meaning." + result.result.value)]
    if result.mechanism:
        lines.append(msgs.text("ui.spf.mechanism", mechanism=result.mechanism))
    if result.explanation:
        lines.append(msgs.text("ui.spf.explanation", explanation=result.explanation))
    lines.append(msgs.text("ui.spf.lookups", lookups=result.lookups, void_lookups=result.void_lookups))
    if result.problem is not None:
        lines.extend(_finding(result.problem, msgs, site_url))
    return _join(lines)


def _join(lines: list[str]) -> str:
    return "\n".join(visible(line) for line in lines)
