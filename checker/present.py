"""What a reader is shown about a report, in their language, independent of the medium.

The terminal (:mod:`checker.render`) and the browser (:mod:`checker.browser`) both
present the same things: findings worst first, each with its words, the fix to publish
when there is one, and the article that explains it; the SPF include tree with its
lookup count; the verdict. This module holds those pieces; :func:`present_domain`
assembles them into plain JSON data for a page to display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .findings import CATALOGUE, Finding, Severity
from .folding import Shown, fold_findings
from .i18n import Messages
from .names import is_address, to_unicode
from .numbers import format_number
from .proposals import proposals_of
from .report import worst_first

# Worst first: findings are shown in this order.
SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK)


@dataclass(frozen=True)
class Fix:
    """A record to publish: at ``name``, the text ``record``; ``placeholder``: example values to replace."""

    name: str
    record: str
    placeholder: bool

    def label(self, msgs: Messages) -> str:
        return msgs.text("ui.fix.placeholder" if self.placeholder else "ui.fix", name=self.name)


def fix_of(finding: Finding) -> Fix | None:
    """The record a finding tells the reader to publish, if it carries one."""
    record, name = finding.params.get("record"), finding.params.get("name")
    if isinstance(record, str) and record and isinstance(name, str):
        return Fix(name, record, bool(finding.params.get("placeholder")))
    return None


def article_url(msgs: Messages, code: str, site_root: str = "") -> str:
    """Link to the section explaining ``code``: ``site_root`` + the page in the reader's language.

    ``site_root`` is where the site is published ("https://kb.example/", "/" or "" for a
    link from the site's root path).
    """
    return f"{site_root.rstrip('/')}/{msgs.article_path(code)}"


def article_label(msgs: Messages, code: str) -> str:
    """The words of the link to ``code``'s article: its page and section titles."""
    article = CATALOGUE[code].article
    page_key, section_key = f"article.{article.partition('#')[0]}", f"article.{article}"
    if not msgs.has(page_key):
        return msgs.text("ui.more")
    if "#" in article and msgs.has(section_key):
        return msgs.text("ui.more.section", page=msgs.text(page_key), section=msgs.text(section_key))
    return msgs.text(page_key)


def shown_domain(domain: str, msgs: Messages) -> str:
    """The name as typed, in Unicode, with the A-label the DNS knows beside it when they differ."""
    unicode = to_unicode(domain)
    return domain if unicode == domain else msgs.text("ui.report.domain_idn", unicode=unicode, ascii=domain)


def input_note(given: str | None, domain: str, msgs: Messages) -> str | None:
    """Which name was checked when the visitor gave an address rather than a domain."""
    if given is None or not is_address(given):
        return None
    return msgs.text("ui.report.taken_from", domain=shown_domain(domain, msgs), given=given.strip())


def footer(report, msgs: Messages) -> str:
    return msgs.text("ui.report.footer", queries=format_number(report.queries, msgs.lang),
                     seconds=format_number(report.seconds, msgs.lang, 2), resolver=report.resolver)


def dkim_record_labels(report, msgs: Messages) -> list[str] | None:
    """For each DKIM record shown, the selector it was found at (same order as the records)."""
    keys = list(report.details.get("found") or [])
    wildcard = report.details.get("wildcard") or {}
    keys += wildcard.get("keys") or []
    if [k.get("record") for k in keys] != list(report.records):
        return None
    return [msgs.text("ui.dkim.wildcard_key", name=k["name"]) if k["selector"] == "*"
            else msgs.text("ui.dkim.key", selector=k["selector"], name=k["name"]) for k in keys]


def spf_total(details: dict, msgs: Messages) -> str:
    """The worst-case lookup count, as "at least N" when macros hide some."""
    total = details.get("lookups", 0)
    return msgs.text("ui.spf.total_at_least", count=total) if details.get("lower_bound") else str(total)


def spf_node_label(node: dict, msgs: Messages) -> str:
    """One line of the include tree: the domain, its lookups, and why it failed if it did."""
    label = msgs.text("ui.spf.node", domain=node["domain"], lookups=node.get("cost", 0))
    if node.get("error"):
        label += f" — {spf_node_error(node, msgs)}"
    return label


def spf_node_error(node: dict, msgs: Messages) -> str:
    return msgs.text("ui.spf.node_error", error=node["error"])


# -- for a page: everything as JSON data ------------------------------------------------

def present_domain(report, msgs: Messages, site_root: str = "", given: str | None = None) -> dict[str, Any]:
    """The words and links of a :class:`checker.domain.DomainReport`, as JSON data.

    ``given``: what the visitor typed, to say which name was taken from an address.
    """
    return {
        "lang": msgs.lang,
        "title": msgs.text("ui.report.title", domain=shown_domain(report.domain, msgs)),
        "input_note": input_note(given, report.domain, msgs),
        "verdict": present_verdict(report.verdict, msgs, site_root),
        "strip": [present_status(name, r, msgs) for name, r in report.reports.items()],
        "protocols": [present_protocol(name, r, msgs, site_root, with_proposals=not _no_domain(report))
                      for name, r in report.reports.items()],
        "lookup_failures": len(report.dns_failures),
        "footer": footer(report, msgs),
    }


def present_verdict(verdict, msgs: Messages, site_root: str = "") -> dict[str, Any] | None:
    """The headline: grade (none for a name that does not exist), what it means, and why."""
    if verdict is None:
        return None
    return {
        "outcome": verdict.outcome,
        "grade": verdict.grade,
        "grade_text": grade_text(verdict, msgs),
        "spoofable": verdict.spoofable,
        "finding": present_finding(verdict.finding, msgs, site_root) if verdict.finding else None,
        "reasons_label": msgs.text("ui.verdict.reasons"),
        "reasons": [{"protocol": reason.protocol, "text": reason_text(reason, msgs)} for reason in verdict.reasons],
        "try_again": msgs.text("ui.verdict.try_again") if verdict.outcome == "unknown" else None,
    }


def grade_text(verdict, msgs: Messages) -> str:
    return msgs.text("ui.verdict.no_grade") if verdict.grade is None else msgs.text("ui.verdict.grade",
                                                                                    grade=verdict.grade)


def reason_text(reason, msgs: Messages) -> str:
    return msgs.text(f"verdict.reason.{reason.key}", protocol=msgs.text(f"ui.protocol.{reason.protocol}"),
                     **reason.params)


def present_status(protocol: str, report, msgs: Messages) -> dict[str, Any]:
    """One protocol in the strip under the verdict: its name and status, linking to its section."""
    return {"protocol": protocol, "name": msgs.text(f"ui.protocol.{protocol}"), "status": report.status.value,
            "status_text": msgs.text(f"ui.status.{report.status.value}")}


def _no_domain(report) -> bool:
    """A name that does not exist (a typo, most likely) gets no records to publish."""
    return report.verdict is not None and report.verdict.outcome == "no_domain"


def present_protocol(protocol: str, report, msgs: Messages, site_root: str = "",
                     with_proposals: bool = True) -> dict[str, Any]:
    status = report.status
    view = {
        "protocol": protocol,
        "name": msgs.text(f"ui.protocol.{protocol}"),
        "status": status.value,
        "status_text": msgs.text(f"ui.status.{status.value}"),
        "records": list(report.records),
        "record_label": msgs.text("ui.record"),
        "findings": [present_finding(f, msgs, site_root) if isinstance(f, Finding) else present_folded(f, msgs, site_root)
                     for f in fold_findings(protocol, report.domain, worst_first(report.findings))],
        "proposals": [present_proposal(item, msgs) for item in proposals_of(report)] if with_proposals else [],
    }
    passed = sum(1 for f in report.findings if f.severity is Severity.OK)
    if passed:
        view["ok_summary"] = msgs.text("ui.findings.passed", count=passed)
    if protocol == "dkim":
        view["record_labels"] = dkim_record_labels(report, msgs)
    if protocol == "spf" and report.details.get("tree"):
        view["spf_tree"] = {
            "summary": msgs.text("ui.spf.tree", total=spf_total(report.details, msgs)),
            "lookups": report.details.get("lookups", 0),
            "lower_bound": bool(report.details.get("lower_bound")),
            "usable": bool(report.details.get("usable")),
            "root": present_spf_node(report.details["tree"], msgs),
        }
    return view


def present_proposal(item: dict[str, Any], msgs: Messages) -> dict[str, Any]:
    """One record to publish (or, when one record is not enough, the steps in order)."""
    fix = Fix(item["name"], item["record"], bool(item["placeholder"]))
    return {"name": fix.name, "type": item["type"], "record": fix.record, "placeholder": fix.placeholder,
            "label": fix.label(msgs), "addresses": item["addresses"],
            "steps": [{"label": msgs.text(f"ui.fix.step.{step['step']}", name=step["name"]),
                       "name": step["name"], "record": step["record"]} for step in item["steps"]]}


def present_finding(finding: Finding, msgs: Messages, site_root: str = "") -> dict[str, Any]:
    """A finding's words and link. What to publish is shown once per record name, with the
    protocol's proposals, not under each finding that asks for it."""
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "severity_text": msgs.text(f"ui.status.{finding.severity.value}"),
        "message": msgs.finding(finding),
        "article_url": article_url(msgs, finding.code, site_root),
        "article_label": article_label(msgs, finding.code),
    }


def present_folded(group: Shown, msgs: Messages, site_root: str = "") -> dict[str, Any]:
    """Findings shown together or in fewer words (see :mod:`checker.folding`); the report keeps each."""
    return {
        "code": group.code,
        "severity": group.severity.value,
        "severity_text": msgs.text(f"ui.status.{group.severity.value}"),
        "message": group.message(msgs),
        "article_url": article_url(msgs, group.code, site_root),
        "article_label": article_label(msgs, group.code),
        "folded": len(group.findings),
    }


def present_spf_node(node: dict, msgs: Messages) -> dict[str, Any]:
    return {
        "domain": node["domain"],
        "label": spf_node_label(node, msgs),
        "via": node.get("via"),
        "term": node.get("term"),
        "record": node.get("record"),
        "lookups": node.get("cost", 0),
        "error": node.get("error"),
        "error_text": spf_node_error(node, msgs) if node.get("error") else None,
        "children": [present_spf_node(child, msgs) for child in node.get("children", [])],
    }
