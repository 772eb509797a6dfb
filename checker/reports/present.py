"""The analysis in the reader's words: the same view for the terminal and the page.

    view = present(document, msgs, site_root="/")

Every sentence comes from the catalogs (``report.*``); values from the reports are
passed as parameters, never as markup. Each recommendation carries the site path of
the article section that explains it.
"""

from __future__ import annotations

from ..i18n import Messages, page_path
from .visible import visible

ARTICLES = {
    "aligned": "dmarc/index.md#alignment",
    "authorised_unaligned": "dmarc/index.md#alignment",
    "forwarded": "spf/limits.md#forwarding",
    "unauthorised": "dmarc/enforcement.md#read-reports",
    "unverified": "spf/limits.md#dns-errors",
    "bounce_domain": "dmarc/index.md#alignment",
    "dkim_sign": "dkim.md#selectors",
    "readiness": "dmarc/enforcement.md#quarantine",
    "tls": "tls-rpt.md",
}
FAILURES_SHOWN = 20  # failure reports in words; the JSON lists more
CLASSES = ("aligned", "authorised_unaligned", "forwarded", "unauthorised", "unverified")


def link(msgs: Messages, key: str, site_root: str = "/") -> str:
    return site_root + msgs.site_prefix + page_path(ARTICLES[key])


def percent(value: float | None, msgs: Messages) -> str:
    if value is None:
        return "–"
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    # French: a narrow no-break space before % (glossary/fr.md)
    return f"{text.replace('.', ',')}\u202f%" if msgs.lang == "fr" else f"{text}%"


def present(document: dict, msgs: Messages, site_root: str = "/") -> dict:
    dmarc = document["dmarc"]
    share = dmarc["pass"] / dmarc["messages"] if dmarc["messages"] else None
    classes = {c: {"label": msgs.text(f"report.class.{c}"), "advice": msgs.text(f"report.advice.{c}"),
                   "link": link(msgs, c, site_root)} for c in CLASSES}
    fixes = {f: {"link": link(msgs, f, site_root)} for f in ("bounce_domain", "dkim_sign")}
    return {
        "summary": msgs.text("report.summary", reports=dmarc["reports"], messages=dmarc["messages"],
                             passing=dmarc["pass"], share=percent(share, msgs)),
        "tls_summary": _tls_summary(document["tls"], msgs),
        "failure_summary": (msgs.text("report.failure.summary", reports=document["failure"]["reports"])
                            if document["failure"]["reports"] else ""),
        "failure_lines": [failure_line(f, msgs) for f in document["failure"]["listed"][:FAILURES_SHOWN]],
        "readiness": [_readiness(row, msgs, site_root) for row in document["readiness"]],
        "classes": classes,
        "fixes": fixes,
        "source_fixes": {f"{s['domain']} {s['ip']}": [msgs.text(f"report.fix.{f}", domain=s["domain"]) for f in s["fixes"]]
                         for s in document["sources"] if s["fixes"]},
        "errors": [{"file": e["file"], "code": e["code"], "message": error_text(e, msgs)} for e in document["errors"]],
        "tls_link": link(msgs, "tls", site_root),
        "unverified": sum(1 for s in document["sources"] if s["classification"] == "unverified"),
    }


def failure_line(report: dict, msgs: Messages) -> str:
    """One failure report in a sentence; its values are data, shown visibly."""
    shown = {k: visible(v) or "–" for k, v in report.items()}
    return msgs.text("report.failure.line", arrival_date=shown["arrival_date"], reporter=shown["reporter"],
                     source_ip=shown["source_ip"], domain=shown["reported_domain"], auth_failure=shown["auth_failure"])


def error_text(error: dict, msgs: Messages) -> str:
    params = {k: visible(v) if isinstance(v, str) else v for k, v in error["params"].items()}
    return msgs.text(f"report.error.{error['code']}", **params)


def _readiness(row: dict, msgs: Messages, site_root: str) -> dict:
    if not row["legitimate"]:
        text = msgs.text("report.readiness.unknown", domain=row["domain"])
    elif row["to_fix"]:
        text = msgs.text("report.readiness.fix", domain=row["domain"], share=percent(row["share"], msgs),
                         count=len(row["to_fix"]), ips=[s["ip"] for s in row["to_fix"][:10]])
    else:
        text = msgs.text("report.readiness.ready", domain=row["domain"], share=percent(row["share"], msgs))
    return {"domain": row["domain"], "ready": row["ready"], "text": text, "link": link(msgs, "readiness", site_root)}


def _tls_summary(tls: dict, msgs: Messages) -> str:
    if not tls["reports"]:
        return ""
    failed = sum(p["failed"] for p in tls["policies"])
    return msgs.text("report.tls.summary", reports=tls["reports"], sessions=tls["sessions"], failed=failed)
