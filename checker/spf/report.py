"""SPF as one protocol of the whole-domain check: the lint as a ProtocolReport."""

from __future__ import annotations

import asyncio

from ..dns import DnsError, LookupSession
from ..facts import SpfFacts
from ..findings import Severity
from ..proposals import proposal as make_proposal
from ..report import MAX_ALIKE, ProtocolReport
from . import codes
from .fix import propose
from .merge import merge_records
from .limits import LOOKUP_LIMIT
from .lint import SpfLint, lint
from .names import checked_domain
from .records import spf_texts

# Findings after which check_host() gives permerror or temperror for some or all senders
# (it stops at the first match, 4.6.2, so a sender matched earlier still passes): SPF
# cannot be counted on to pass one's own mail.
_UNUSABLE = {codes.NO_RECORD.code, codes.MULTIPLE_RECORDS.code, codes.SYNTAX_ERROR.code,
             codes.TOO_MANY_LOOKUPS.code, codes.TOO_MANY_VOID_LOOKUPS.code, codes.INCLUDE_LOOP.code,
             codes.INCLUDE_TARGET_NO_RECORD.code, codes.REDIRECT_TARGET_NO_RECORD.code,
             codes.DNS_ERROR.code, codes.DEADLINE.code, codes.INVALID_DOMAIN.code, codes.TOO_MANY_MX.code}


# A label no one publishes: the name it makes under the domain is answered by a wildcard, if any.
WILDCARD_PROBE = "spf-wildcard-probe-of-dmarc-check"
CLOSED_RECORD = "v=spf1 -all"


async def check(domain: str, session: LookupSession) -> ProtocolReport:
    result, wildcard = await asyncio.gather(lint(domain, session=session), _wildcard(domain, session))
    report = to_report(result)
    if wildcard is not None:
        report.add(wildcard)
    return report


async def _wildcard(domain: str, session: LookupSession):
    """The finding when ``*.domain`` gives subdomains an SPF record that passes every sender.

    RFC 4592: a wildcard answers for every name under the domain that does not exist, and
    a forger may send from any of them (RFC 9989 4.4.2 aligns a subdomain's own SPF pass).
    """
    probe = f"{WILDCARD_PROBE}.{domain}"
    if checked_domain(domain)[1] or checked_domain(probe)[1]:
        return None   # malformed, or too long to probe under
    # One TXT query decides in the usual case (no wildcard, or one without SPF); only an SPF
    # record there is worth the lint, which reads the same answer from the session's cache.
    answer = await session.query_or_error(probe, "TXT")
    if isinstance(answer, DnsError) or not spf_texts(answer):
        return None
    result = await lint(probe, session=session)
    if result.tree.record is None or not result.tree.open_to:
        return None
    return codes.WILDCARD_PASSES_EVERY_SENDER(name=f"*.{domain}", published=result.tree.record,
                                               record=CLOSED_RECORD)


def to_report(result: SpfLint) -> ProtocolReport:
    report = ProtocolReport("spf", result.domain)
    if result.tree.record is not None:
        report.records.append(result.tree.record)
    for finding in result.tree.findings:
        if finding.code == codes.MULTIPLE_RECORDS.code:
            report.records.extend(finding.params["records"])  # show every one of them
            # A few records published side by side are merged; hundreds are not a policy to merge.
            merged = merge_records(finding.params["records"]) if finding.params["count"] <= MAX_ALIKE else None
            if merged is not None:
                report.details["proposals"] = [make_proposal(result.domain, merged, addresses=[finding.code],
                                                        replaces=finding.params["records"])]
    report.findings.extend(result.findings)
    codes_found = {f.code for f in result.findings}
    usable = result.tree.record is not None and not (codes_found & _UNUSABLE)
    if usable and not any(f.severity is Severity.ERROR for f in result.findings):
        report.add(codes.LOOKUPS_WITHIN_LIMIT(total=result.lookups, limit=LOOKUP_LIMIT,
                                              lower_bound=result.lower_bound))
    proposal = propose(result.tree)
    if proposal is not None and proposal.record is not None:
        report.add(codes.FLATTEN_PROPOSAL(name=result.domain, record=proposal.record, flattened=proposal.flattened,
                                          lookups_after=proposal.lookups_after, ranked=proposal.ranked))
    elif proposal is not None:
        report.add(codes.NO_FLATTEN_PROPOSAL(total=result.lookups, limit=LOOKUP_LIMIT, ranked=proposal.ranked))
    report.details = {**report.details, **result.to_json(), "usable": usable, "limit": LOOKUP_LIMIT}
    report.facts = SpfFacts(published=result.tree.record is not None, usable=usable,
                            passes_everyone=bool(result.tree.open_to),
                            passes_no_one=result.tree.record is not None and not result.tree.can_pass,
                            lookup_failed=result.failed_lookups > 0)
    return report
