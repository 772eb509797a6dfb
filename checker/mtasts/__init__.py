"""MTA-STS (RFC 8461): the _mta-sts TXT record, the HTTPS policy, and the MX hosts it covers.

``check(domain, session, mx_hosts, http)``: ``mx_hosts`` are the domain's MX hosts in
preference order (from the MX check's details; None = look them up here);
``http`` fetches the policy (None = do not fetch: reported as not verifiable here).
"""

from __future__ import annotations

import asyncio
from typing import Callable
from urllib.parse import urlsplit

from ..dns import Answer, DnsError, LookupSession, Status
from ..dns.http import HttpClient
from ..proposals import proposal
from ..report import ProtocolReport
from . import codes
from .fetch import DEFAULT_TIMEOUT, MAX_POLICY_BYTES, FetchResult, fetch_policy, policy_host, policy_url
from .policy import SHORT_MAX_AGE, Policy, parse as parse_policy, uncovered_hosts
from .record import parse as parse_record, select

PLACEHOLDER_ID = "1"


async def check(domain: str, session: LookupSession, mx_hosts: list[str] | None = None,
                http: HttpClient | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                policy_url_for: Callable[[str], str] | None = None) -> ProtocolReport:
    """``policy_url_for`` replaces the policy URL; tests use it to reach a local server."""
    report = ProtocolReport("mtasts", domain)
    name = f"_mta-sts.{domain}"
    host = policy_host(domain)
    url = (policy_url_for or policy_url)(domain)
    report.details.update(name=name, policy_url=url)

    txt, host_a, host_aaaa, mx = await asyncio.gather(
        session.query_or_error(name, "TXT"), session.query_or_error(host, "A"), session.query_or_error(host, "AAAA"),
        session.query_or_error(domain, "MX") if mx_hosts is None else _none())
    if mx_hosts is None and isinstance(mx, Answer):
        mx_hosts = [h for h in mx.hostnames() if h != "."]
    if mx_hosts is not None:
        mx_hosts = [h for h in mx_hosts if h != "."]
        report.details["mx_hosts"] = mx_hosts

    if isinstance(txt, DnsError):
        report.add(_failed(txt))
        return report
    texts = [t.decode("utf-8", errors="replace") for t in txt.texts()]
    report.records = texts
    chosen, lookalikes = select(texts)
    for text in lookalikes:
        report.add(codes.RECORD_DISCARDED(name=name, published=text))
    if not chosen:
        policy = _policy_text("testing", mx_hosts or [f"mail.{domain}"], 86400)
        report.add(codes.NO_RECORD(name=name, policy_url=policy_url(domain), policy=policy))
        report.details["proposals"] = [setup_steps(domain, name, policy)]
        return report
    parsed = [parse_record(text, name) for text in chosen]
    report.details["record"] = [{"text": r.text, "id": r.id, "fields": r.fields, "valid": r.valid}
                                for r in parsed]
    if len(parsed) > 1:
        report.add(codes.MULTIPLE_RECORDS(name=name, count=len(parsed), records=chosen))
    else:
        record = parsed[0]
        report.findings.extend(record.findings)
        if record.valid:
            report.add(codes.RECORD_VALID(name=name, published=record.text, id=record.id))

    if not _policy_host_ok(report, host, url, host_a, host_aaaa):
        return report
    if http is None:
        report.add(codes.POLICY_UNVERIFIABLE(url=url, reason="not_fetched"))
        return report
    # The fetch ends within the check's own deadline, whatever the server does.
    # ... and connects where the check's resolver (--nameserver, --doh) says the host is.
    address = _first_address(host_a, host_aaaa) if urlsplit(url).hostname == host else None
    fetched = await fetch_policy(http, url, min(timeout, max(session.time_left(), 0.1)), address=address)
    report.details["fetch"] = fetched.to_json()
    policy = _read_policy(report, fetched, timeout)
    if policy is None:
        return report
    report.details["policy"] = policy.to_json()
    report.findings.extend(policy.findings)
    if not policy.valid:
        return report
    report.add(codes.POLICY_VALID(mode=policy.mode, max_age=policy.max_age, mx=policy.mx))
    _judge_policy(report, policy, mx, mx_hosts)
    return report



async def _none() -> None:
    return None


def _first_address(*answers: Answer | DnsError) -> str | None:
    for answer in answers:
        if isinstance(answer, Answer) and answer.addresses():
            return answer.addresses()[0]
    return None


def _failed(error: DnsError):
    return codes.LOOKUP_FAILED(name=error.name, type=error.rdtype, error=error.kind.value)


def _policy_host_ok(report: ProtocolReport, host: str, url: str,
                    a: Answer | DnsError, aaaa: Answer | DnsError) -> bool:
    """False when DNS shows the policy host has no address (then no sender can fetch)."""
    failures = [r for r in (a, aaaa) if isinstance(r, DnsError)]
    for error in failures:
        report.add(_failed(error))
    if failures or a.records or aaaa.records:
        return True
    status = Status.NXDOMAIN if Status.NXDOMAIN in (a.status, aaaa.status) else Status.NODATA
    report.add(codes.POLICY_HOST_MISSING(host=host, status=status.value, url=url))
    return False


def _read_policy(report: ProtocolReport, fetched: FetchResult, timeout: float) -> Policy | None:
    url = fetched.url
    if fetched.outcome == "network":
        report.add(codes.POLICY_UNVERIFIABLE(url=url, reason="network"))
    elif fetched.outcome == "certificate":
        report.add(codes.POLICY_CERTIFICATE(url=url))
    elif fetched.outcome == "timeout":
        report.add(codes.POLICY_TIMEOUT(url=url, seconds=timeout))
    elif fetched.outcome == "redirect":
        report.add(codes.POLICY_REDIRECT(url=url, status=fetched.status, location=fetched.location))
    elif fetched.outcome == "status":
        report.add(codes.POLICY_HTTP_STATUS(url=url, status=fetched.status))
    elif fetched.outcome == "too_large":
        report.add(codes.POLICY_TOO_LARGE(url=url, limit=MAX_POLICY_BYTES, size=fetched.size))
    else:
        if fetched.content_type != "text/plain":
            report.add(codes.POLICY_CONTENT_TYPE(url=url, content_type=fetched.content_type))
        text = fetched.body.decode("utf-8", errors="replace")
        report.details["policy_text"] = text
        return parse_policy(text)
    return None


def _judge_policy(report: ProtocolReport, policy: Policy, mx: Answer | DnsError | None,
                  mx_hosts: list[str] | None) -> None:
    if policy.mode == "enforce":
        report.add(codes.MODE_ENFORCE())
    elif policy.mode == "testing":
        missing = uncovered_hosts(policy.mx, mx_hosts or [])
        report.add(codes.MODE_TESTING(reports_only=True, enforce_policy=_policy_text(
            "enforce", policy.mx + missing, policy.max_age)))
    else:
        report.add(codes.MODE_NONE())
        return  # a withdrawn policy covers nothing
    if policy.max_age < SHORT_MAX_AGE:
        report.add(codes.MAX_AGE_SHORT(max_age=policy.max_age, recommended_minimum=SHORT_MAX_AGE))
    if isinstance(mx, DnsError):
        report.add(_failed(mx))
        return
    if not mx_hosts:
        report.add(codes.MX_NONE_TO_MATCH())
        return
    missing = uncovered_hosts(policy.mx, mx_hosts)
    for host in missing:
        if policy.mode == "enforce":
            report.add(codes.MX_NOT_COVERED(host=host, patterns=policy.mx))
        else:
            report.add(codes.MX_NOT_COVERED_TESTING(host=host, patterns=policy.mx, mode=policy.mode))
    if not missing:
        report.add(codes.MX_COVERED(hosts=mx_hosts))


def setup_steps(domain: str, name: str, policy: str) -> dict:
    """MTA-STS needs three things, in this order: a web host, its policy file, then the
    TXT record (RFC 8461 3). The record alone, published first, makes senders look for
    a policy that is not there: never offered as a single record to copy."""
    record = f"v=STSv1; id={PLACEHOLDER_ID}"
    steps = [{"name": f"mta-sts.{domain}", "type": "HTTPS", "record": "", "step": "host"},
             {"name": policy_url(domain), "type": "HTTPS", "record": policy, "step": "policy"},
             {"name": name, "type": "TXT", "record": record, "step": "record"}]
    return proposal(name, record, placeholder=True, addresses=[codes.NO_RECORD.code], steps=steps)


def _policy_text(mode: str, mx: list[str], max_age: int) -> str:
    lines = ["version: STSv1", f"mode: {mode}", *(f"mx: {m}" for m in mx), f"max_age: {max_age}"]
    return "\n".join(lines) + "\n"
