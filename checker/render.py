"""The readable report for a terminal, in the reader's language.

Everything that came from DNS (records, names) is printed as plain text; the
words around it come from the catalogs. Each line passes through
:func:`checker.inert.visible` last, so no record, name or quoted value can move the
cursor, hide text or reverse it (the catalogs' own words hold no such characters).
"""

from __future__ import annotations

from .domain import DomainReport
from .findings import Finding, Severity
from .folding import fold_findings
from .i18n import Messages
from .inert import visible
from .present import (Fix, article_label, article_url, dkim_record_labels, fix_of, footer, grade_text, input_note,
                      reason_text, shown_domain, spf_node_label, spf_total)
from .proposals import proposals_of
from .report import ProtocolReport, worst_first

ICONS = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i", Severity.OK: "✓"}
INDENT = "    "


def render_domain(report: DomainReport, msgs: Messages, site_url: str = "", given: str | None = None) -> str:
    """``given``: what the user typed, to say which name was taken from an address."""
    lines = [msgs.text("ui.report.title", domain=shown_domain(report.domain, msgs))]
    note = input_note(given, report.domain, msgs)
    lines += [note, ""] if note else [""]
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
    lines.append(footer(report, msgs))
    return _join(lines)


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
    labels = dkim_record_labels(report, msgs) if protocol == "dkim" else None
    for index, record in enumerate(report.records):
        lines.append(f"{INDENT}{labels[index] if labels else msgs.text('ui.record')} {record}")
    if protocol == "spf" and report.details.get("tree"):
        lines.append(f"{INDENT}{msgs.text('ui.spf.tree', total=spf_total(report.details, msgs))}")
        lines.extend(_spf_tree(report.details["tree"], msgs, 2))
    for finding in fold_findings(protocol, report.domain, worst_first(report.findings)):
        if isinstance(finding, Finding):
            lines.extend(_finding(finding, msgs, site_url, with_fix=False))
        else:  # several lookup failures, one line
            lines.append(f"{INDENT}{ICONS[finding.severity]} {finding.message(msgs)}")
            lines.append(f"{INDENT * 2}{_more(finding.code, msgs, site_url)}")
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
    lines.append(f"{INDENT * 2}{_more(finding.code, msgs, site_url)}")
    return lines


def _more(code: str, msgs: Messages, site_url: str) -> str:
    return msgs.text("ui.more.terminal", label=article_label(msgs, code), url=article_url(msgs, code, site_url))


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
