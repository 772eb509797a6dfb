"""DMARC check (RFC 9989), with report destination verification (RFC 9990 4, RFC 9991 5).

Round trips: (1) the tree walk's names, the apex TXT and the existence query, all at
once; (2) report destinations: their hosts' walks and authorization records, at once;
rarely (3) an authorization record for a host found external only by its walk.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ..facts import DmarcFacts
from ..proposals import proposal
from ..report import MAX_RECORDS, ProtocolReport
from . import codes
from .repair import repair
from .destinations import ReportUri, verify_destinations
from ..dns import DnsError
from .discovery import (Discovery, WalkEntry, destination_organizational_domain, discover,
                        name_exists, run_walk, skipped_names, walk_failures)
from .parser import ParsedRecord, classify, is_spf, lower_policy, parse_record, starts_with_version, suggest_policy

__all__ = ["check"]

_NEXT = {"none": "quarantine", "quarantine": "reject"}
_RANK = {"none": 0, "quarantine": 1, "reject": 2}


async def check(domain: str, session) -> ProtocolReport:
    report = ProtocolReport("dmarc", domain)
    walk, apex, existence = await asyncio.gather(
        run_walk(domain, session), session.query_or_error(domain, "TXT"), session.query_or_error(domain, "A"))
    start = walk.entries[0]
    exists = name_exists(existence, start)
    found = discover(walk, exists)
    details: dict[str, Any] = {
        "walk": walk.to_json(), "walk_unread": walk.unread, "walk_skipped": skipped_names(domain),
        "organizational_domain": found.organizational_domain, "domain_exists": exists,
        "applies": found.applies, "policy_domain": None, "source": None, "record": None,
        "tags": None, "parsed": None, "policy": None, "subdomain_policy": None, "apex_records": [],
        "destinations": [],
    }
    report.details = details
    report.records = list(start.dmarc)
    report.facts = _facts(walk, found, exists, "unknown" if found.applies is None else "missing")

    skipped = skipped_names(domain)
    if skipped:
        report.add(codes.WALK_SHORTENED(domain=domain, labels=len(domain.split(".")), skipped=skipped))
    for finding in walk_failures(walk, "policy"):
        report.add(finding)
    policy_domain = found.entry.domain if found.entry else None
    for entry in walk.entries:
        _report_name(report, entry, with_unrelated=entry.domain in (domain, policy_domain))
    _report_apex(report, domain, apex, start)

    if found.source not in (None, "domain") and isinstance(existence, DnsError):
        report.add(codes.LOOKUP_FAILED(name=domain, type="A", error=existence.kind.value, step="existence"))

    if found.applies is False:
        _propose_for_discarded(report, start, domain)
        report.add(codes.NO_RECORD(domain=domain, queried=[e.name for e in walk.entries],
                                   name=f"_dmarc.{domain}", record=starting_record(domain),
                                   placeholder=True, next_records=[starting_record(domain, "quarantine"),
                                                                   starting_record(domain, "reject")],
                                   discarded=[t for t in start.texts if classify(t)[0] != "unrelated"]))
        return report
    if found.applies is None:
        return report   # a lookup failed: reported above, the policy stays unknown

    entry, record = found.entry, found.entry.record
    if entry.domain != domain:
        report.records.append(record.text)
    details.update(policy_domain=entry.domain, source=found.source, record=record.text,
                   tags=record.effective(), parsed=record.to_json())
    _report_record(report, domain, found, record)
    if found.source != "public_suffix":
        _propose_repair(report, entry, record)
    if not record.applies:
        details["applies"] = False
        report.facts = _facts(walk, found, exists, "not_applied")
        return report
    _report_policy(report, found, record)
    policy = details["policy"]
    report.facts = _facts(walk, found, exists, "applied", effective=policy["effective"],
                          requested=policy["requested"], **details["subdomain_policy"])

    uris = record.valid_uris("rua")
    if record.psd == "y" and record.valid_uris("ruf"):
        report.add(codes.RUF_IGNORED_PSD(policy_domain=entry.domain,
                                         ruf=[u.text for u in record.valid_uris("ruf")]))
    else:
        uris += record.valid_uris("ruf")
    destinations, findings = await verify_destinations(
        uris, entry.domain, walk.organizational_domain(entry.domain), session,
        lambda host: destination_organizational_domain(host, session), _read_authorization)
    details["destinations"] = [d.to_json() for d in destinations]
    for finding in findings:
        report.add(finding)
    return report


# Findings about the record itself that the repaired record resolves.
_REPAIRED = {codes.VERSION_INVALID.code, codes.POLICY_MISSING.code, codes.POLICY_INVALID.code,
             codes.NO_RUA.code, codes.SUBDOMAIN_POLICY_WEAKER.code, codes.RECORD_EMPTY.code,
             codes.MULTIPLE_RECORDS.code, codes.TAG_MALFORMED.code, codes.DUPLICATE_TAG.code,
             codes.TAG_VALUE_INVALID.code, codes.OBSOLETE_TAG.code, codes.PCT_IGNORED.code,
             codes.UNKNOWN_TAG.code, codes.FO_WITHOUT_RUF.code, codes.URI_INVALID.code,
             codes.URI_SIZE_OBSOLETE.code, codes.URI_SCHEME_UNSUPPORTED.code, codes.POLICY_MISSING_NO_RUA.code}


def _propose_repair(report: ProtocolReport, entry: WalkEntry, record: ParsedRecord) -> None:
    """One record for ``entry.name`` that fixes every problem listed for it, if any."""
    fixed = repair(record, entry.domain)
    if not fixed.changed and entry.status != "multiple":
        return
    addresses = [f.code for f in report.findings if f.code in _REPAIRED]
    report.details["proposals"] = [proposal(entry.name, fixed.record, placeholder=fixed.placeholder,
                                            addresses=addresses, replaces=_replaced(entry))]


def _propose_for_discarded(report: ProtocolReport, start: WalkEntry, domain: str) -> None:
    """Records at the checked name that receivers discard: one of them, repaired."""
    candidates = list(start.dmarc) + [corrected for corrected in map(_corrected, start.texts) if corrected]
    for text in candidates:
        parsed = parse_record(text)
        if parsed.is_dmarc:
            fixed = repair(parsed, domain)
            addresses = [f.code for f in report.findings if f.code in _REPAIRED]
            report.details["proposals"] = [proposal(start.name, fixed.record, placeholder=fixed.placeholder,
                                                    addresses=addresses, replaces=_replaced(start))]
            return


def _replaced(entry: WalkEntry) -> list[str]:
    """The records at the name that the proposal replaces: DMARC records and near misses
    (the first MAX_RECORDS of them; a name may carry hundreds)."""
    texts = [text for text in entry.texts if classify(text)[0] != "unrelated"]
    return texts[:MAX_RECORDS]


def _corrected(text: str) -> str | None:
    """A near miss with each of its mistakes corrected in turn ("v=dmarc1 p=reject" has two)."""
    for _ in range(4):
        kind, _, corrected = classify(text)
        if kind != "near_miss" or corrected is None:
            return text if kind == "dmarc" else None
        text = corrected
    return None


def _facts(walk, found: Discovery, exists: bool | None, state: str, **policy) -> DmarcFacts:
    org = found.organizational_domain or walk.organizational_domain(walk.entries[0].domain)
    org_entry = next((e for e in walk.entries if e.domain == org and e.record is not None), None)
    org_policies = org_entry.record.policies() if org_entry and org_entry.record.applies else {}
    start = walk.entries[0]
    if state == "missing" and (start.status == "multiple"
                               or any(classify(text)[0] == "near_miss" for text in start.texts)):
        state = "not_applied"   # records are published at the name, but receivers discard them
    pct = found.entry.record.effective().get("pct") if found.entry and found.entry.record else None
    return DmarcFacts(state, policy.get("effective"), policy.get("requested"),
                      found.entry.domain if found.entry else None, org, org_policies.get("p"),
                      org_policies.get("sp"), policy.get("sp"), policy.get("np"), pct, exists)


def starting_record(domain: str, policy: str = "none") -> str:
    return f"v=DMARC1; p={policy}; rua=mailto:dmarc-reports@{domain}"


def _report_name(report: ProtocolReport, entry: WalkEntry, with_unrelated: bool) -> None:
    """Findings about the TXT records at one _dmarc name of the walk."""
    if entry.status == "multiple":
        report.add(codes.MULTIPLE_RECORDS(name=entry.name, count=len(entry.dmarc), records=entry.dmarc))
    for text in entry.texts:
        kind, reason, corrected = classify(text)
        if kind == "near_miss":
            report.add(codes.VERSION_INVALID(name=entry.name, published=text, reason=reason, record=corrected))
        elif kind == "unrelated" and with_unrelated:
            report.add(codes.UNRELATED_TXT(name=entry.name, published=text, kind="spf" if is_spf(text) else "other"))


def _report_apex(report: ProtocolReport, domain: str, apex, start: WalkEntry) -> None:
    if isinstance(apex, DnsError):
        report.add(codes.LOOKUP_FAILED(name=domain, type="TXT", error=apex.kind.value, step="apex"))
        return
    texts = [t.decode("utf-8", errors="replace") for t in apex.texts()]
    misplaced = [t for t in texts if starts_with_version(t.strip())]
    report.details["apex_records"] = misplaced
    for text in misplaced:
        report.add(codes.RECORD_AT_APEX(domain=domain, record=text, name=f"_dmarc.{domain}",
                                        published=start.record is not None or start.status == "multiple"))


def _report_record(report: ProtocolReport, domain: str, found: Discovery, record: ParsedRecord) -> None:
    """Where the applied record is, and its syntax."""
    entry = found.entry
    report.add(codes.RECORD_FOUND(name=entry.name, policy_domain=entry.domain, source=found.source))
    if found.organizational_domain:
        report.add(codes.ORGANIZATIONAL_DOMAIN(domain=domain, organizational_domain=found.organizational_domain))
    if found.source != "domain":
        report.add(codes.POLICY_INHERITED(domain=domain, policy_domain=entry.domain, tag=found.tag,
                                          exists=report.details["domain_exists"]))
    if found.source == "public_suffix":
        org = found.organizational_domain
        report.add(codes.PSD_POLICY_ONLY(domain=domain, policy_domain=entry.domain, organizational_domain=org,
                                         name=f"_dmarc.{org}", record=starting_record(org), placeholder=True))
    for finding in record.findings:
        report.add(finding)
    if record.empty:
        report.add(codes.RECORD_EMPTY(name=entry.name, record=starting_record(entry.domain), placeholder=True))
    elif "p" not in record.values and not any(tag == "p" for tag, _ in record.invalid_policy):
        missing = codes.POLICY_MISSING if record.applies else codes.POLICY_MISSING_NO_RUA
        report.add(missing(name=entry.name, record=record.rebuilt({"p": "none"})))
    fixes = {tag: suggest_policy(value) for tag, value in record.invalid_policy}
    for tag, value in record.invalid_policy:
        report.add(codes.POLICY_INVALID(tag=tag, value=value,
                                        effect="treated_as_none" if record.applies else "not_applied",
                                        suggested=fixes[tag], name=entry.name, record=record.rebuilt(fixes)))
    # A public suffix operator's record is not the owner's to change: psd_policy_only
    # already says to publish one's own.
    if record.applies and not record.empty and not record.valid_uris("rua") and found.source != "public_suffix":
        report.add(codes.NO_RUA(name=entry.name, present=any(tag == "rua" for tag, _ in record.tags),
                                record=record.rebuilt({"rua": f"mailto:dmarc-reports@{entry.domain}"}),
                                placeholder=True))


def _report_policy(report: ProtocolReport, found: Discovery, record: ParsedRecord) -> None:
    entry, tag = found.entry, found.tag
    policies = record.policies()
    requested = policies[tag]
    testing = record.values.get("t") == "y"
    effective = lower_policy(requested) if testing else requested
    fixes = {t: suggest_policy(v) for t, v in record.invalid_policy}
    if (requested == "reject" and not testing) or found.source == "public_suffix":
        next_record = None
    elif testing and requested != "none":
        next_record = record.rebuilt(fixes, drop=("t",))
    else:
        next_record = record.rebuilt({**fixes, tag: _NEXT.get(requested, "reject")}, drop=("t",))
    policy_code = {"reject": codes.POLICY_REJECT, "quarantine": codes.POLICY_QUARANTINE}.get(effective,
                                                                                              codes.POLICY_NONE)
    report.add(policy_code(policy_domain=entry.domain, tag=tag, requested=requested, effective=effective,
                           testing=testing, record=next_record, name=entry.name))
    report.details["policy"] = {"tag": tag, "requested": requested, "effective": effective, "testing": testing}
    report.details["subdomain_policy"] = {"sp": policies["sp"], "np": policies["np"]}
    if testing:
        report.add(codes.TESTING(tag=tag, requested=requested, effective=effective, name=entry.name,
                                 record=None if found.source == "public_suffix"
                                 else record.rebuilt(fixes, drop=("t",))))

    org = found.organizational_domain
    if found.source == "domain" and (entry.domain == org or record.psd == "n"):
        sp_source = "sp" if "sp" in record.values else "p"
        np_source = "np" if "np" in record.values else sp_source
        report.add(codes.SUBDOMAIN_POLICY(sp=policies["sp"], np=policies["np"], sp_source=sp_source,
                                          np_source=np_source))
        for sub in ("sp", "np"):
            if _RANK[policies[sub]] < _RANK[policies["p"]]:
                report.add(codes.SUBDOMAIN_POLICY_WEAKER(tag=sub, value=policies[sub], p=policies["p"],
                                                         name=entry.name,
                                                         record=record.rebuilt({sub: policies["p"]})))
    elif found.source == "domain" and org is not None:
        for sub in ("sp", "np"):
            if sub in record.values:
                report.add(codes.SP_IGNORED(tag=sub, value=record.values[sub], organizational_domain=org))

    report.add(codes.ALIGNMENT(adkim=_mode(record.values.get("adkim", "r")),
                               aspf=_mode(record.values.get("aspf", "r")),
                               explicit=[t for t in ("adkim", "aspf") if t in record.values]))
    if "fo" in record.values and record.valid_uris("ruf"):
        report.add(codes.FAILURE_OPTIONS(fo=record.values["fo"]))
    if record.psd in ("y", "n"):
        report.add(codes.PSD_FLAG(value=record.psd, policy_domain=entry.domain))


def _mode(value: str) -> str:
    return "strict" if value == "s" else "relaxed"


def _read_authorization(text: str) -> tuple[bool, dict[str, list[ReportUri]]]:
    """RFC 9990 4 step 6: a record starting v=DMARC1 authorizes; its rua/ruf override."""
    record = parse_record(text)
    if not record.is_dmarc:
        return False, {}
    return True, {tag: record.valid_uris(tag) for tag in ("rua", "ruf")}
