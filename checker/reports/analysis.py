"""What the reports say, summed: per source, per reporter, per day, and what to fix.

    analysis = Analysis()
    tally = analysis.tally()                       # one per aggregate report
    read_aggregate(chunks, tally.add, limits)      # records fold into the tally
    analysis.add_aggregate(tally, report)          # merged only once the report is whole
    analysis.add_tls(tls_report)
    await classify(analysis, resolver)             # see classify.py
    document = analysis.to_json()

Everything is weighted by ``count``: a row saying 5,000 messages weighs 5,000.
A source is one sending IP address for one domain (the From domain of its mail).
A report that fails half-way adds nothing: its rows wait in the tally.
"""

from __future__ import annotations

import ipaddress
import time
from collections import Counter

from .aggregate import AggregateReport, Record
from .failure import FailureReport
from .tls import TlsReport

FORMAT = "dmarc-check/reports/1"
MAX_FAILURES_LISTED = 1000  # failure reports listed one by one; all are counted
MAX_KEYS = 20  # distinct envelope or DKIM domains kept per source; the rest is summed as "…"
# Override reasons that mean "this failed, but the receiver knew it was forwarded mail".
FORWARDING_REASONS = {"forwarded", "mailing_list", "trusted_forwarder"}


class SourceStats:
    __slots__ = ("count", "dmarc_pass", "dkim_aligned", "spf_aligned", "dispositions", "overrides",
                 "envelope_from", "dkim_domains", "reporters", "classification", "spf", "fixes", "ptr")

    def __init__(self):
        self.count = self.dmarc_pass = self.dkim_aligned = self.spf_aligned = 0
        # plain dicts: a Counter costs more to make, and sources are made by the thousand
        self.dispositions: dict[str, int] = {}
        self.overrides: dict[str, int] = {}
        self.envelope_from: dict[str, int] = {}
        self.dkim_domains: dict[str, int] = {}       # DKIM signatures that verified, by d=
        self.reporters: set[str] = set()
        self.classification = ""
        self.spf = ""         # check_host() result against the domain's current record
        self.fixes: list[str] = []
        self.ptr: str | None = None

    def merge(self, other: "SourceStats") -> None:
        self.count += other.count
        self.dmarc_pass += other.dmarc_pass
        self.dkim_aligned += other.dkim_aligned
        self.spf_aligned += other.spf_aligned
        _add(self.dispositions, other.dispositions)
        _add(self.overrides, other.overrides)
        _bounded_update(self.envelope_from, other.envelope_from)
        _bounded_update(self.dkim_domains, other.dkim_domains)
        if len(self.reporters) < 100:
            self.reporters |= other.reporters

    @property
    def failing(self) -> int:
        return self.count - self.dmarc_pass


def _add(into: dict, other: dict) -> None:
    for key, value in other.items():
        into[key] = into.get(key, 0) + value


def _bounded_update(into: dict, other: dict) -> None:
    for key, value in other.items():
        if key not in into and len(into) >= MAX_KEYS:
            key = "…"
        into[key] = into.get(key, 0) + value


def _bounded_add(into: dict, key: str, value: int) -> None:
    """_bounded_update() for one key, without a dict made for it (once per record)."""
    if key in into:
        into[key] += value
    elif len(into) < MAX_KEYS:
        into[key] = value
    else:
        into["…"] = into.get("…", 0) + value


def _largest_first(counts: dict) -> dict:
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


class Tally:
    """The rows of one report, summed per source, waiting for the report to end well."""

    def __init__(self):
        self.sources: dict[tuple[str, str], SourceStats] = {}
        self.passing = 0
        self.dispositions: Counter = Counter()

    def add(self, report: AggregateReport, record: Record) -> None:
        domain = record.header_from or report.domain.lower()
        key = (domain, record.source_ip)
        stats = self.sources.get(key)
        if stats is None:
            stats = self.sources[key] = SourceStats()
        count = record.count
        stats.count += count
        dkim = record.dkim == "pass"
        spf = record.spf == "pass"
        if dkim or spf:
            stats.dmarc_pass += count
            self.passing += count
        if dkim:
            stats.dkim_aligned += count
        if spf:
            stats.spf_aligned += count
        disposition = record.disposition or "none"
        stats.dispositions[disposition] = stats.dispositions.get(disposition, 0) + count
        for reason in record.reasons:
            stats.overrides[reason] = stats.overrides.get(reason, 0) + count
        envelope = record.envelope_from
        if not envelope:  # the SPF domain of auth_results (a loop: no generator made per record)
            for d, _scope, _result in record.spf_results:
                if d:
                    envelope = d
                    break
        if envelope:
            _bounded_add(stats.envelope_from, envelope.lower(), count)
        for d, _selector, result in record.dkim_results:
            if result == "pass" and d:
                _bounded_add(stats.dkim_domains, d.lower(), count)
        self.dispositions[disposition] += count


class Analysis:
    def __init__(self):
        self.sources: dict[tuple[str, str], SourceStats] = {}
        self.aggregate_reports = 0
        self.tls_reports: list[TlsReport] = []
        self.failure_reports = 0
        self.failures: list[FailureReport] = []              # the first MAX_FAILURES_LISTED
        self.messages = 0
        self.passing = 0
        self.reporters: dict[str, list[int]] = {}           # org -> [reports, messages, passing]
        self.days: dict[str, list[int]] = {}                # YYYY-MM-DD -> [messages, passing]
        self.dispositions: Counter = Counter()
        self.policies: dict[str, tuple[int, dict]] = {}     # domain -> (end, policy) of the newest report
        self.errors: list[dict] = []
        self.files: list[dict] = []
        self.dns: dict = {}

    def tally(self) -> Tally:
        return Tally()

    def add_aggregate(self, tally: Tally, report: AggregateReport) -> None:
        self.aggregate_reports += 1
        messages = report.messages
        self.messages += messages
        self.passing += tally.passing
        reporter = report.org_name or report.email or "?"
        row = self.reporters.setdefault(reporter, [0, 0, 0])
        row[0] += 1
        row[1] += messages
        row[2] += tally.passing
        if report.begin is not None:
            day = time.strftime("%Y-%m-%d", time.gmtime(min(report.begin, 253402300799)))
            row = self.days.setdefault(day, [0, 0])
            row[0] += messages
            row[1] += tally.passing
        self.dispositions.update(tally.dispositions)
        domain = report.domain.lower()
        if domain and (domain not in self.policies or (report.end or 0) >= self.policies[domain][0]):
            self.policies[domain] = (report.end or 0, report.metadata()["policy"])
        for key, stats in tally.sources.items():
            stats.reporters.add(reporter)
            known = self.sources.get(key)
            if known is None:
                self.sources[key] = stats
            else:
                known.merge(stats)

    def add_tls(self, report: TlsReport) -> None:
        self.tls_reports.append(report)

    def add_failure(self, report: FailureReport) -> None:
        self.failure_reports += 1
        if len(self.failures) < MAX_FAILURES_LISTED:
            self.failures.append(report)

    def add_error(self, file: str, code: str, params: dict) -> None:
        self.errors.append({"file": file, "code": code, "params": params})

    # -- the document ------------------------------------------------------------------

    def ranked_sources(self) -> list[tuple[tuple[str, str], SourceStats]]:
        return sorted(self.sources.items(), key=lambda item: (-item[1].count, item[0]))

    def readiness(self) -> list[dict]:
        """Per domain: the share of its legitimate mail that passes DMARC, and what to fix first."""
        by_domain: dict[str, dict] = {}
        for (domain, ip), stats in self.ranked_sources():
            row = by_domain.setdefault(domain, {"domain": domain, "legitimate": 0, "passing": 0,
                                                "unauthorised": 0, "to_fix": [],
                                                "policy": self.policies.get(domain, (0, {}))[1].get("p", "")})
            if stats.classification in ("aligned", "authorised_unaligned", "forwarded"):
                row["legitimate"] += stats.count
                row["passing"] += stats.dmarc_pass
            elif stats.classification == "unauthorised":
                row["unauthorised"] += stats.failing
            if stats.classification == "authorised_unaligned":
                row["to_fix"].append({"ip": ip, "failing": stats.failing, "fixes": stats.fixes})
        rows = sorted(by_domain.values(), key=lambda r: -r["legitimate"])
        for row in rows:
            row["share"] = round(row["passing"] / row["legitimate"], 4) if row["legitimate"] else None
            row["ready"] = not row["to_fix"] and row["legitimate"] > 0
        return rows

    def to_json(self) -> dict:
        sources = []
        for (domain, ip), s in self.ranked_sources():
            sources.append({
                "ip": ip, "domain": domain, "count": s.count, "dmarc_pass": s.dmarc_pass,
                "dmarc_fail": s.failing, "dkim_aligned_pass": s.dkim_aligned, "spf_aligned_pass": s.spf_aligned,
                "dispositions": dict(s.dispositions), "overrides": dict(s.overrides),
                "envelope_from": _largest_first(s.envelope_from),
                "dkim_domains": _largest_first(s.dkim_domains),
                "reporters": sorted(s.reporters), "spf": s.spf or None,
                "classification": s.classification or None, "fixes": s.fixes, "ptr": s.ptr,
            })
        tls_messages = sum(r.sessions for r in self.tls_reports)
        return {
            "format": FORMAT,
            "reports": self.aggregate_reports + len(self.tls_reports) + self.failure_reports,
            "messages": self.messages,
            "dmarc": {
                "reports": self.aggregate_reports, "messages": self.messages, "pass": self.passing,
                "fail": self.messages - self.passing, "dispositions": dict(self.dispositions),
                "policies": {d: p for d, (_, p) in sorted(self.policies.items())},
                "reporters": [{"org_name": org, "reports": r, "messages": m, "pass": p}
                              for org, (r, m, p) in sorted(self.reporters.items(), key=lambda i: -i[1][1])],
                "days": [{"date": day, "messages": m, "pass": p} for day, (m, p) in sorted(self.days.items())],
            },
            "sources": sources,
            "readiness": self.readiness(),
            "tls": {"reports": len(self.tls_reports), "sessions": tls_messages, "policies": _tls_policies(self.tls_reports),
                    "receiving_mx": _tls_failures_by(self.tls_reports, "receiving_mx"),
                    "sending_ips": _tls_failures_by(self.tls_reports, "sending_ip")},
            "failure": {"reports": self.failure_reports, "listed": [f.to_json() for f in self.failures]},
            "files": self.files,
            "errors": self.errors,
            "dns": self.dns,
        }


def _tls_policies(reports: list[TlsReport]) -> list[dict]:
    merged: dict[tuple[str, str], dict] = {}
    for report in reports:
        for policy in report.policies:
            row = merged.setdefault((policy.domain, policy.policy_type), {
                "domain": policy.domain, "policy_type": policy.policy_type, "successful": 0, "failed": 0,
                "reporters": set(), "failures": Counter()})
            row["successful"] += policy.successful
            row["failed"] += policy.failed
            row["reporters"].add(report.org_name or "?")
            for failure in policy.failures:
                row["failures"][(failure.result_type, failure.receiving_mx, failure.reason_code)] += failure.count
    out = []
    for row in sorted(merged.values(), key=lambda r: -(r["successful"] + r["failed"])):
        row["reporters"] = sorted(row["reporters"])
        row["failures"] = [{"result_type": t, "receiving_mx": mx, "reason_code": code, "count": n}
                           for (t, mx, code), n in row["failures"].most_common(100)]
        out.append(row)
    return out


MAX_TLS_ROWS = 100  # hosts or addresses listed per breakdown, most failures first


def _same_address(text: str) -> str:
    """One spelling per address ("2001:db8::0012:1" and "2001:db8::12:1" are one sender)."""
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return text


def _tls_failures_by(reports: list[TlsReport], field: str) -> list[dict]:
    """Failed sessions summed per receiving MX host name or per sending MTA address (RFC 8460 4.3)."""
    rows: dict[str, dict] = {}
    for report in reports:
        for policy in report.policies:
            for failure in policy.failures:
                key = getattr(failure, field)
                if field == "sending_ip":
                    key = _same_address(key)
                row = rows.setdefault(key, {"failed": 0, "result_types": Counter(), "domains": set()})
                row["failed"] += failure.count
                row["result_types"][failure.result_type] += failure.count
                row["domains"].add(policy.domain)
    ranked = sorted(rows.items(), key=lambda item: (-item[1]["failed"], item[0]))[:MAX_TLS_ROWS]
    name = "mx" if field == "receiving_mx" else "ip"
    return [{name: key, "failed": row["failed"], "result_types": dict(row["result_types"].most_common()),
             "domains": sorted(row["domains"])} for key, row in ranked]
