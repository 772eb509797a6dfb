"""The survey's figures in the study's categories, absolute and in percent of the domains.

Format ``dmarc-check-survey-summary/1`` (documented in CHECKER.md)::

    {"format": ..., "domains": N,
     "dmarc": {"reject": {"count": n, "percent": p}, "quarantine", "none", "missing", "invalid", "not_known"},
     "spf": {"valid", "invalid", "missing", "not_known"},
     "duplicates": {"spf", "dmarc"},
     "study": {"dmarc_enforced", "dmarc_any_policy"}}

The categories of ``dmarc`` and of ``spf`` each add up to ``domains``.
``duplicates`` counts, apart, the domains with more than one record at their own
name. ``study`` gives the figures the New Zealand survey quotes that are sums of
categories: enforcement (quarantine or reject) and a policy in force at any level.
"""

from __future__ import annotations

from typing import Any, Iterable

from .facts import DMARC_CATEGORIES, SPF_CATEGORIES

FORMAT = "dmarc-check-survey-summary/1"


def summarize(lines: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """``lines``: one final line per domain (see results.latest_by_domain)."""
    lines = list(lines)
    total = len(lines)

    def figure(count: int) -> dict[str, Any]:
        return {"count": count, "percent": round(100 * count / total, 1) if total else 0.0}

    def count(test) -> dict[str, Any]:
        return figure(sum(1 for line in lines if test(line)))

    return {
        "format": FORMAT,
        "domains": total,
        "dmarc": {c: count(lambda line, c=c: line["dmarc"] == c) for c in DMARC_CATEGORIES},
        "spf": {c: count(lambda line, c=c: line["spf"] == c) for c in SPF_CATEGORIES},
        "duplicates": {"spf": count(lambda line: line.get("spf_records", 0) > 1),
                       "dmarc": count(lambda line: line.get("dmarc_records", 0) > 1)},
        "study": {"dmarc_enforced": count(lambda line: line["dmarc"] in ("quarantine", "reject")),
                  "dmarc_any_policy": count(lambda line: line["dmarc"] in ("none", "quarantine", "reject"))},
    }
