"""The readable report for a terminal, in the reader's language.

Everything that came from DNS (records, names) is printed as plain text; the
words around it come from the catalogs.
"""

from __future__ import annotations

from .domain import DomainReport
from .findings import Finding, Severity
from .i18n import Messages
from .present import Fix, article_url, fix_of, grade_text, reason_text, spf_node_label, spf_total
from .proposals import proposals_of
from .report import ProtocolReport, worst_first

ICONS = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i", Severity.OK: "✓"}
INDENT = "    "


def render_domain(report: DomainReport, msgs: Messages, site_url: str = "") -> str:
    lines = [msgs.text("ui.report.title", domain=report.domain), ""]
    verdict = report.verdict
    if verdict is not None:
        lines.extend(_verdict(verdict, msgs))
    lines.append(" · ".join(f"{msgs.text(f'ui.protocol.{name}')} {ICONS[r.status]}"
                            for name, r in report.reports.items()))
    no_domain = verdict is not None and verdict.outcome == "no_domain"   # a typo: nothing to publish
    for protocol, protocol_report in report.reports.items():
        lines.append("")
        lines.extend(_protocol(protocol, protocol_report, msgs, site_url, with_proposals=not no_domain))
    lines.append("")
    lines.append(msgs.text("ui.report.footer", queries=report.queries, seconds=f"{report.seconds:.2f}",
                           resolver=report.resolver))
    return "\n".join(lines)


def _verdict(verdict, msgs: Messages) -> list[str]:
    """The grade, what it means, why it is not better, and "try again" when not known."""
    lines = [grade_text(verdict, msgs)]
    if verdict.finding is not None:
        lines.append(f"{ICONS[verdict.finding.severity]} {msgs.finding(verdict.finding)}")
    if verdict.outcome == "unknown":
        lines.append(msgs.text("ui.verdict.try_again"))
    if verdict.reasons:
        lines.append(msgs.text("ui.verdict.reasons"))
        lines.extend(f"{INDENT}- {reason_text(reason, msgs)}" for reason in verdict.reasons)
    lines.append("")
    return lines


def _protocol(protocol: str, report: ProtocolReport, msgs: Messages, site_url: str,
              with_proposals: bool = True) -> list[str]:
    status = report.status
    lines = [f"{msgs.text(f'ui.protocol.{protocol}')} — {ICONS[status]} {msgs.text(f'ui.status.{status.value}')}"]
    for record in report.records:
        lines.append(f"{INDENT}{msgs.text('ui.record')} {record}")
    if protocol == "spf" and report.details.get("tree"):
        lines.append(f"{INDENT}{msgs.text('ui.spf.tree', total=spf_total(report.details, msgs))}")
        lines.extend(_spf_tree(report.details["tree"], msgs, 2))
    for finding in worst_first(report.findings):
        lines.extend(_finding(finding, msgs, site_url, with_fix=False))
    for item in proposals_of(report) if with_proposals else ():
        lines.extend(_proposal(item, msgs))
    return lines


def _proposal(item: dict, msgs: Messages) -> list[str]:
    """One record to publish per name; several steps when one record is not enough."""
    if item["steps"]:
        lines = []
        for number, step in enumerate(item["steps"], 1):
            lines.append(f"{INDENT}{number}. {msgs.text('ui.fix.step.' + step['step'], name=step['name'])}")
            lines.extend(f"{INDENT * 3}{line}" for line in step["record"].splitlines())
        return lines
    fix = Fix(item["name"], item["record"], bool(item["placeholder"]))
    return [f"{INDENT}{fix.label(msgs)}", f"{INDENT * 3}{fix.record}"]


def _finding(finding: Finding, msgs: Messages, site_url: str, with_fix: bool = True) -> list[str]:
    lines = [f"{INDENT}{ICONS[finding.severity]} {msgs.finding(finding)}"]
    fix = fix_of(finding) if with_fix else None
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
    return "\n".join(lines)
