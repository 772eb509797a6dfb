"""The whole-domain check: every protocol, concurrently, one lookup session.

Dependent checks wait only for what they need: BIMI for the DMARC policy,
MTA-STS for the MX hosts. Everything else runs at once, so the wall time is
about the longest chain of dependent queries times the round trip.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Callable

from . import __version__, bimi, dkim, dmarc, dnssec, mtasts, mx, tlsrpt
from .dns import DnsErrorKind, Resolver
from .dns.http import HttpClient
from .facts import DmarcFacts, DomainFacts
from .findings import Severity
from .futures import read_outcome_when_done
from .report import ProtocolReport
from .spf.report import check as check_spf
from .verdict import Verdict, judge

FORMAT = "dmarc-check/2"
PROTOCOLS = ("spf", "dmarc", "dkim", "bimi", "mtasts", "tlsrpt", "mx", "dnssec")
_DNS_ERROR_KINDS = {kind.value for kind in DnsErrorKind}
_DEADLINE_CODES = {"spf.deadline"}  # SPF reports its deadline with a code of its own


@dataclass
class DomainReport:
    domain: str
    reports: dict[str, ProtocolReport]
    verdict: Verdict | None        # None when DMARC was not among the protocols checked
    resolver: str
    queries: int
    seconds: float

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for r in self.reports.values() for f in r.findings)

    @property
    def dns_failures(self) -> list:
        """One finding per failed lookup: the answer to those questions is not known.

        Several protocols may report the same failed lookup (MX for MX and MTA-STS): the
        reader is told how many lookups failed, not how many findings mention one."""
        failures: dict[tuple, Any] = {}
        for finding in (f for r in self.reports.values() for f in r.findings if is_dns_failure(f)):
            params = finding.params
            lookup = (params.get("name", params.get("domain")), params.get("type", params.get("rdtype")),
                      params.get("error", params.get("kind", finding.code)))
            failures.setdefault(lookup, finding)
        return list(failures.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "checker_version": __version__,
            "domain": self.domain,
            "verdict": self.verdict.to_json() if self.verdict else None,
            "protocols": {name: report.to_json() for name, report in self.reports.items()},
            "resolver": self.resolver,
            "queries": self.queries,
            "seconds": round(self.seconds, 3),
        }


def is_dns_failure(finding) -> bool:
    """Every protocol reports a failed lookup with an ``error`` (or ``kind``) that is a DnsErrorKind."""
    value = finding.params.get("error", finding.params.get("kind"))
    if finding.code in _DEADLINE_CODES:  # the check's time ran out: answers not known either
        return True
    return finding.severity is not Severity.OK and value in _DNS_ERROR_KINDS


async def check_domain(domain: str, *, resolver: Resolver | None = None, selectors: list[str] | tuple = (),
                       protocols: tuple[str, ...] = PROTOCOLS, http: HttpClient | None = None,
                       fetch_policies: bool = True,
                       on_report: Callable[[str, ProtocolReport], Any] | None = None) -> DomainReport:
    """Check ``domain`` (already normalised, see checker.names) for every protocol in ``protocols``.

    ``on_report(name, report)`` is called as each protocol's report is ready, before the
    others and the verdict (a page shows that section at once); it must not change it."""
    resolver = resolver or Resolver.system()
    session = resolver.session()
    start = time.monotonic()
    own_http = http is None and fetch_policies and "mtasts" in protocols
    if own_http:  # closed here; a client handed in is closed by whoever made it
        from .dns.http import default_http_client

        http = default_http_client()
    tasks: dict[str, asyncio.Task] = {}

    def run(name: str, start) -> None:
        if name in protocols:
            tasks[name] = asyncio.ensure_future(start())

    async def dmarc_policy() -> DmarcFacts | None:
        return (await tasks["dmarc"]).facts

    async def mx_hosts() -> list[str] | None:
        if "mx" not in tasks:
            return None
        return (await tasks["mx"]).details.get("mx_hosts")

    # BIMI and MTA-STS need the DMARC policy and the MX hosts only to judge
    # their records, not to fetch them: ask now, the session keeps the answers.
    if "bimi" in protocols:
        _prefetch(session, f"default._bimi.{domain}", "TXT")
    if "mtasts" in protocols:
        for name, rdtype in ((f"_mta-sts.{domain}", "TXT"), (f"mta-sts.{domain}", "A"),
                             (f"mta-sts.{domain}", "AAAA")):
            _prefetch(session, name, rdtype)
    run("spf", lambda: check_spf(domain, session))
    if "dmarc" in protocols or "bimi" in protocols:   # BIMI depends on the DMARC policy
        tasks["dmarc"] = asyncio.ensure_future(dmarc.check(domain, session))
    run("dkim", lambda: dkim.check(domain, session, selectors))
    run("mx", lambda: mx.check(domain, session))
    run("tlsrpt", lambda: tlsrpt.check(domain, session))
    run("dnssec", lambda: dnssec.check(domain, session))
    run("bimi", lambda: _after(dmarc_policy(), lambda policy: bimi.check(domain, session, policy)))
    run("mtasts", lambda: _after(mx_hosts(), lambda hosts: mtasts.check(domain, session, hosts, http)))
    if on_report is not None:
        for name, task in tasks.items():
            if name in protocols:  # DMARC may run only for BIMI's sake
                task.add_done_callback(lambda done, name=name: _tell(on_report, name, done))
    try:
        done = await asyncio.gather(*tasks.values())
    finally:
        if own_http:
            await http.aclose()
    reports = dict(zip(tasks.keys(), done))
    ordered = {name: reports[name] for name in PROTOCOLS if name in reports and name in protocols}
    verdict = judge(domain_facts(domain, ordered))   # None without DMARC: the verdict rests on it
    for report in ordered.values():  # judged on everything; shown (CLI, JSON, page) bounded
        report.bound()
    return DomainReport(domain, ordered, verdict, resolver.transport.describe(),
                        session.queries_sent, time.monotonic() - start)


def _tell(on_report, name: str, task: asyncio.Task) -> None:
    if task.cancelled() or task.exception() is not None:
        return  # gather raises it
    try:
        on_report(name, task.result())
    except Exception:  # noqa: BLE001 - a listener failing must not fail the check
        pass


def _prefetch(session, name: str, rdtype: str) -> None:
    read_outcome_when_done(asyncio.ensure_future(session.query(name, rdtype)))  # the check asks again later


async def _after(first, then):
    return await then(await first)


def domain_facts(domain: str, reports: dict[str, ProtocolReport]) -> DomainFacts:
    """The typed facts of the protocols checked, for the verdict."""
    facts = {name: reports[name].facts for name in ("spf", "dkim", "dmarc", "mx") if name in reports}
    return DomainFacts(domain, statuses={name: r.status.value for name, r in reports.items()}, **facts)
