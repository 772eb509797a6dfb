"""Who is each source? Classification with the checker's own SPF evaluation.

A source's mail that passes DMARC needs no explanation. For a source whose mail
fails, the question is whether it is one of yours: its IP address is evaluated with
:func:`checker.spf.check_host` against the domain's SPF record as published now,
through the configured resolver (one lookup session per domain, so the record and
its includes are fetched once).

  aligned               all its mail passes DMARC
  authorised_unaligned  your SPF authorises it, yet some of its mail fails DMARC: it
                        sends with someone else's bounce domain (Return-Path) or
                        without a DKIM signature of yours. Fixes: bounce_domain, dkim_sign
  forwarded             not authorised, but the receiver named forwarding or a mailing
                        list, or part of its mail still passes (DKIM survived forwarding)
  unauthorised          not authorised and failing everything: likely spoofing, or a
                        service you use and never set up
  unverified            SPF could not be evaluated (DNS failure, lookups off, or past
                        the cap on evaluations)

Reverse DNS, when asked for, names at most ``reverse_dns`` sources (largest first).
"""

from __future__ import annotations

import asyncio
import ipaddress

import dns.reversename

from ..dns import Answer, Resolver
from ..spf import check_host
from .analysis import FORWARDING_REASONS, Analysis, SourceStats

MAX_SPF_CHECKS = 500     # sources evaluated, largest failing ones first
MAX_REVERSE_DNS = 100


def classify_offline(stats: SourceStats) -> str:
    if stats.failing == 0:
        return "aligned"
    if FORWARDING_REASONS & set(stats.overrides) or stats.dmarc_pass:
        return "forwarded"
    return ""


async def classify(analysis: Analysis, resolver: Resolver | None, reverse_dns: int = 0) -> None:
    pending: dict[str, list[tuple[str, SourceStats]]] = {}
    checks = 0
    for (domain, ip), stats in analysis.ranked_sources():
        stats.classification = classify_offline(stats)
        if stats.classification == "aligned":
            continue
        if resolver is None or checks >= MAX_SPF_CHECKS or not _is_ip(ip):
            stats.classification = stats.classification or "unverified"
            continue
        checks += 1
        pending.setdefault(domain, []).append((ip, stats))
    if resolver is not None:
        await asyncio.gather(*(_check_domain(resolver, domain, sources) for domain, sources in pending.items()))
        if reverse_dns:
            await _reverse(analysis, resolver, min(reverse_dns, MAX_REVERSE_DNS))
    analysis.dns = {"spf_checks": checks, "reverse_dns": sum(1 for s in analysis.sources.values() if s.ptr is not None)}


async def _check_domain(resolver: Resolver, domain: str, sources: list[tuple[str, SourceStats]]) -> None:
    session = resolver.session()

    async def one(ip: str, stats: SourceStats) -> None:
        result = await check_host(ip, f"postmaster@{domain}", domain, session=session)
        stats.spf = result.result.value
        if stats.spf == "pass":
            stats.classification = "authorised_unaligned"
            stats.fixes = _fixes(stats)
        elif stats.spf in ("temperror",) and not stats.classification:
            stats.classification = "unverified"
        elif not stats.classification:
            stats.classification = "unauthorised"

    await asyncio.gather(*(one(ip, stats) for ip, stats in sources))


def _fixes(stats: SourceStats) -> list[str]:
    fixes = []
    if stats.count - stats.spf_aligned > 0:
        fixes.append("bounce_domain")
    if stats.count - stats.dkim_aligned > 0:
        fixes.append("dkim_sign")
    return fixes


async def _reverse(analysis: Analysis, resolver: Resolver, cap: int) -> None:
    session = resolver.session()
    targets = [(ip, stats) for (_, ip), stats in analysis.ranked_sources() if _is_ip(ip)][:cap]

    async def one(ip: str, stats: SourceStats) -> None:
        answer = await session.query_or_error(dns.reversename.from_address(ip).to_text(), "PTR")
        names = answer.hostnames() if isinstance(answer, Answer) else []
        stats.ptr = names[0] if names else ""

    await asyncio.gather(*(one(ip, stats) for ip, stats in targets))


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
