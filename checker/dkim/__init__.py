"""DKIM key records (RFC 6376 3.6, RFC 8301, RFC 8463): probe selectors, judge the keys.

DNS cannot list a domain's selectors, so the check probes a curated list
(:mod:`.selectors`) plus the selectors the user names, all at once. "Not found"
is always "not found among these selectors", never "no DKIM".

Besides one TXT query per selector, two helper queries run alongside:
``_domainkey.<domain>`` (NXDOMAIN there means no selector exists at all) and a
random name under ``_domainkey`` (an answer there reveals a wildcard, whose
record would otherwise look like a key at every guessed selector).
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Iterable

from ..dns import Answer, DnsError, LookupSession, Status
from ..facts import DkimFacts, DkimKey
from ..findings import Finding, complete
from ..report import ProtocolReport
from . import codes
from .keyrecord import KeyRecord, parse_key_record
from .selectors import KNOWN_SELECTORS, provider_of, selector_problem

__all__ = ["check"]

WILDCARD = "*"


async def check(domain: str, session: LookupSession, selectors: Iterable[str] | None = ()) -> ProtocolReport:
    report = ProtocolReport("dkim", domain)
    named, invalid = _named_selectors(selectors, domain, report)
    probed = named + [s for s in KNOWN_SELECTORS if s not in named]
    probe_name = f"x{secrets.token_hex(8)}._domainkey.{domain}"
    answers = await asyncio.gather(
        *(session.query_or_error(_key_name(s, domain), "TXT") for s in probed),
        session.query_or_error(f"_domainkey.{domain}", "TXT"),
        session.query_or_error(probe_name, "TXT"),
    )
    by_selector = dict(zip(probed, answers))
    domainkey = _domainkey_state(answers[-2], f"_domainkey.{domain}", report)
    wildcard = _wildcard_texts(answers[-1], probe_name, report)

    found: list[dict] = []
    absent: list[str] = []
    failed: list[str] = []
    covered: list[str] = []
    for selector, answer in by_selector.items():
        name = _key_name(selector, domain)
        if isinstance(answer, DnsError):
            failed.append(selector)
            report.add(codes.LOOKUP_FAILED(selector=selector, name=name, error=answer.kind.value))
        elif not answer.records:
            absent.append(selector)
            if selector in named:
                report.add(codes.SELECTOR_NOT_FOUND(selector=selector, name=name))
        elif selector not in named and wildcard is not None and sorted(answer.texts()) == wildcard:
            covered.append(selector)
        else:
            report.add(codes.KEY_FOUND(selector=selector, name=name, provider=provider_of(selector)))
            found.extend(_judge(selector, name, answer, report))

    wildcard_keys: list[dict] = []
    if wildcard is not None:
        answer = answers[-1]
        assert isinstance(answer, Answer)
        revoked = all(parse_key_record(_text(t)).revoked for t in answer.texts())
        report.add(codes.WILDCARD_RECORD(name=f"*._domainkey.{domain}", revoked=revoked))
        wildcard_keys = _judge(WILDCARD, f"*._domainkey.{domain}", answer, report)

    usable_wildcard = any(k["valid"] and not k["revoked"] for k in wildcard_keys)
    if not found and not usable_wildcard:
        missing = absent + covered
        if failed:
            report.add(codes.NONE_FOUND_INCOMPLETE(count=len(missing), selectors=missing, failed=len(failed),
                                                   failed_selectors=failed, domainkey=domainkey))
        else:
            report.add(codes.NONE_FOUND(count=len(probed), selectors=probed, domainkey=domainkey))

    report.details = {
        "selectors_probed": probed,
        "selectors_named": named,
        "selectors_invalid": invalid,
        "found": found,
        "absent": absent,
        "failed": failed,
        "wildcard": {"name": f"*._domainkey.{domain}", "keys": wildcard_keys, "covered": covered}
        if wildcard is not None else None,
        "domainkey": domainkey,
    }
    report.facts = DkimFacts(tuple(key_fact(k) for k in found + wildcard_keys), len(failed))
    return report


def key_fact(details: dict) -> DkimKey:
    """Whether verifiers accept signatures made with this key (RFC 6376 3.6.1, RFC 8301).

    ``valid`` is False for keys verifiers refuse: RSA under 1024 bits, no sha256 in h=,
    a service other than email, a malformed key. A revoked key (empty p=) and a key in
    testing mode (t=y: verifiers must not treat its results differently from no
    signature, RFC 6376 3.6.1) do not authenticate anything either.
    """
    problem = ("revoked" if details["revoked"] else "invalid" if not details["valid"]
               else "testing" if details["testing"] else None)
    return DkimKey(details["selector"], problem is None, problem)


def _named_selectors(selectors: Iterable[str] | None, domain: str,
                     report: ProtocolReport) -> tuple[list[str], list[str]]:
    """The user's selectors that can be queried (lower case, in order, once each), and the others."""
    named: list[str] = []
    invalid: list[str] = []
    for given in selectors or ():
        given = given if isinstance(given, str) else str(given)
        selector = given.strip().lower()
        problem = selector_problem(selector, domain)
        if problem:
            invalid.append(given)
            report.add(codes.SELECTOR_INVALID(selector=given, reason=problem))
        elif selector not in named:
            named.append(selector)
    return named, invalid


def _judge(selector: str, name: str, answer: Answer, report: ProtocolReport) -> list[dict]:
    """Parse every TXT record at ``name``; add the findings; return the details."""
    texts = [_text(t) for t in answer.texts()]
    if len(texts) > 1:
        report.add(codes.MULTIPLE_RECORDS(selector=selector, name=name, count=len(texts)))
    details = []
    for text in texts:
        report.records.append(text)
        record: KeyRecord = parse_key_record(text)
        for finding in record.findings:
            report.add(_for_selector(finding, selector, name))
        details.append({
            "selector": selector,
            "name": name,
            "provider": provider_of(selector),
            "cname": answer.canonical_name or None,
            "record": text,
            **record.to_json(),
        })
    return details


def _for_selector(finding: Finding, selector: str, name: str) -> Finding:
    """The parser's finding with the selector, and where to publish a corrected record."""
    where = {"name": name} if "record" in finding.params else {}
    return complete(finding, selector=selector, **where)


def _domainkey_state(answer: Answer | DnsError, name: str, report: ProtocolReport) -> str:
    if isinstance(answer, DnsError):
        report.add(codes.LOOKUP_FAILED(selector=None, name=name, error=answer.kind.value))
        return "unknown"
    return "nxdomain" if answer.status is Status.NXDOMAIN else "exists"


def _wildcard_texts(answer: Answer | DnsError, name: str, report: ProtocolReport) -> list[bytes] | None:
    """The records a random selector gets (sorted), or None when there is no wildcard."""
    if isinstance(answer, DnsError):
        report.add(codes.LOOKUP_FAILED(selector=None, name=name, error=answer.kind.value))
        return None
    return sorted(answer.texts()) if answer.records else None



def _key_name(selector: str, domain: str) -> str:
    return f"{selector}._domainkey.{domain}"


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")
