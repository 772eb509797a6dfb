"""MX records: the hosts that receive the domain's mail, null MX (RFC 7505), and host faults.

``report.details["mx_hosts"]``: the MX host names in preference order (without a null MX),
for the MTA-STS check; None when the MX lookup failed.
"""

from __future__ import annotations

import asyncio
import ipaddress

from ..dns import Answer, DnsError, LookupSession, Status
from ..facts import MxFacts
from ..report import ProtocolReport
from . import codes

NULL_MX_RECORD = "0 ."


async def check(domain: str, session: LookupSession) -> ProtocolReport:
    report = await _check(domain, session)
    report.facts = MxFacts(null_mx=bool(report.details["null_mx"]),
                           lookup_failed=any(f.code == codes.LOOKUP_FAILED.code for f in report.findings))
    return report


async def _check(domain: str, session: LookupSession) -> ProtocolReport:
    report = ProtocolReport("mx", domain)
    report.details.update(mx_hosts=None, null_mx=False, implicit_mx=False, hosts=[])
    try:
        answer = await session.query(domain, "MX")
    except DnsError as error:
        report.add(_failed(error))
        return report
    if answer.status is Status.NXDOMAIN:
        report.details["mx_hosts"] = []
        report.add(codes.DOMAIN_NOT_FOUND(domain=domain))
        return report
    if not answer.records:
        report.details["mx_hosts"] = []
        await _no_mx(report, domain, session)
        return report

    ordered = sorted(answer.records, key=lambda r: (r.preference, r.exchange.to_text().lower()))
    report.records = [r.to_text() for r in ordered]
    entries = [(r.preference, _exchange_text(r.exchange)) for r in ordered]
    hosts = [(p, x) for p, x in entries if x != "."]
    report.details["mx_hosts"] = [x for _, x in hosts]
    _judge_null_mx(report, domain, entries, hosts)
    if hosts:
        report.add(codes.HOSTS_FOUND(domain=domain, hosts=[x for _, x in hosts],
                                     preferences=[p for p, _ in hosts]))
    checked = await asyncio.gather(*(_check_host(session, p, x) for p, x in hosts))
    for entry, findings in checked:  # in preference order, whatever order the answers came in
        report.details["hosts"].append(entry)
        report.findings.extend(findings)
    return report


def _exchange_text(name) -> str:
    return "." if name.labels == (b"",) else name.to_text(omit_final_dot=True).lower()


def _failed(error: DnsError):
    return codes.LOOKUP_FAILED(name=error.name, type=error.rdtype, error=error.kind.value)



async def _no_mx(report: ProtocolReport, domain: str, session: LookupSession) -> None:
    """No MX: RFC 5321 5.1 delivers to the domain's own addresses, if it has any."""
    results = await asyncio.gather(session.query_or_error(domain, "A"), session.query_or_error(domain, "AAAA"))
    addresses = [a for r in results if isinstance(r, Answer) for a in r.addresses()]
    for result in results:
        if isinstance(result, DnsError):
            report.add(_failed(result))
    if addresses:
        report.details["implicit_mx"] = True
        report.add(codes.NO_MX_IMPLICIT(domain=domain, addresses=addresses, name=domain, type="MX",
                                        record=f"10 {domain}.", null_mx_record=NULL_MX_RECORD))
    elif not any(isinstance(r, DnsError) for r in results):
        report.add(codes.NO_MX_NO_ADDRESS(domain=domain, name=domain, type="MX", record=NULL_MX_RECORD))


def _judge_null_mx(report: ProtocolReport, domain: str, entries: list[tuple[int, str]],
                   hosts: list[tuple[int, str]]) -> None:
    nulls = [p for p, x in entries if x == "."]
    if not nulls:
        return
    report.details["null_mx"] = True
    for preference in nulls:
        if preference != 0:
            report.add(codes.NULL_MX_PREFERENCE(domain=domain, preference=preference, record=NULL_MX_RECORD))
    if hosts:
        report.add(codes.NULL_MX_MIXED(domain=domain, hosts=[x for _, x in hosts]))
    elif 0 in nulls:
        report.add(codes.NULL_MX(domain=domain))


def ip_literal(exchange: str) -> str | None:
    """The IP address an exchange spells ("192.0.2.1", "[192.0.2.1]"), or None."""
    try:
        return str(ipaddress.ip_address(exchange.strip("[]")))
    except ValueError:
        return None


async def _check_host(session: LookupSession, preference: int, exchange: str) -> tuple[dict, list]:
    """The host's details and findings; an IP literal is not looked up."""
    entry = {"preference": preference, "exchange": exchange, "addresses": [], "alias_target": ""}
    findings = []
    address = ip_literal(exchange)
    if address is not None:
        findings.append(codes.MX_IP_LITERAL(exchange=exchange, preference=preference, address=address))
        return entry, findings
    results = await asyncio.gather(session.query_or_error(exchange, "A"), session.query_or_error(exchange, "AAAA"))
    answers = [r for r in results if isinstance(r, Answer)]
    for result in results:
        if isinstance(result, DnsError):
            findings.append(_failed(result))
    entry["addresses"] = [a for r in answers for a in r.addresses()]
    target = next((r.canonical_name for r in answers if r.canonical_name), "")
    if target:
        entry["alias_target"] = target
        findings.append(codes.MX_CNAME(exchange=exchange, preference=preference, target=target))
    if len(answers) == 2 and not entry["addresses"]:
        status = Status.NXDOMAIN if any(r.status is Status.NXDOMAIN for r in answers) else Status.NODATA
        findings.append(codes.NO_ADDRESS(exchange=exchange, preference=preference, status=status.value))
    return entry, findings
