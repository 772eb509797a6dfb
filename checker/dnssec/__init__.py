"""DNSSEC as the checker can see it: the AD flag a validating resolver sets on its answers.

The domain's SOA, MX and TXT answers are judged (NODATA and NXDOMAIN answers carry the
flag too, for an authenticated denial). A missing flag cannot tell an unsigned zone from
a resolver that does not validate; the findings say so.
"""

from __future__ import annotations

import asyncio

from ..dns import DnsError, DnsErrorKind, LookupSession
from ..report import ProtocolReport
from . import codes

RDTYPES = ("SOA", "MX", "TXT")


async def check(domain: str, session: LookupSession) -> ProtocolReport:
    report = ProtocolReport("dnssec", domain)
    results = await asyncio.gather(*(session.query_or_error(domain, t) for t in RDTYPES))
    validated, not_validated, answers = [], [], []
    for rdtype, result in zip(RDTYPES, results):
        label = f"{domain} {rdtype}"
        if isinstance(result, DnsError):
            causes = (["dnssec_validation_failure", "server_failure"]
                      if result.kind is DnsErrorKind.SERVFAIL else [result.kind.value])
            report.add(codes.LOOKUP_FAILED(name=result.name, type=result.rdtype,
                                           error=result.kind.value, possible_causes=causes))
            answers.append({"name": domain, "type": rdtype, "error": result.kind.value})
            continue
        (validated if result.authenticated else not_validated).append(label)
        answers.append({"name": domain, "type": rdtype, "status": result.status.value,
                        "authenticated": result.authenticated})
    report.details["answers"] = answers
    if validated and not not_validated:
        report.add(codes.VALIDATED(domain=domain, lookups=validated))
    elif validated:
        report.add(codes.PARTLY_VALIDATED(domain=domain, validated=validated, not_validated=not_validated))
    elif not_validated:
        report.add(codes.NOT_VALIDATED(domain=domain, lookups=not_validated,
                                       possible_causes=["zone_unsigned", "resolver_does_not_validate"],
                                       distinguishable=False))
    return report

