"""Static analysis of a domain's SPF policy, with no client IP.

The include/redirect tree is fetched breadth-first in effect: every node asks
for all its children (and the lookups of its a, mx and exists terms) at once,
so the wall time is about the depth of the tree times a round trip. The lookup
total is the worst case check_host() could count; where a target depends on
the message (macros) or could not be fetched, it is a lower bound, flagged.
"""

from __future__ import annotations

import asyncio
import ipaddress
import struct
from dataclasses import dataclass, field
from typing import Any

import dns.exception
import dns.message
import dns.name
import dns.rrset

from ..dns import Answer, DnsError, LookupSession, Resolver
from ..findings import Finding, Severity
from . import codes, records
from .evaluate import drop
from .limits import DEADLINE_GRACE, LOOKUP_LIMIT, MX_LIMIT, VOID_LIMIT
from .macro import MacroString, expand
from .names import checked_domain, query_name, target_name
from .parser import Mechanism, SpfRecord, is_spf_record, printable
from .records import dns_problem, fetch_record, spf_texts

MAX_NODES = 64               # records followed; beyond, the total is a lower bound
MAX_STRING = 255             # RFC 1035 character-string
SIZE_GUIDELINE = 450         # 3.4: DNS name plus all TXT text at it
UDP_SIZE = 512               # 3.4: a plain DNS answer over UDP
MAX_MESSAGE = 65535          # any DNS message
TYPE99_GRACE = 2.0           # seconds granted to the type 99 query once the tree is done
STATIC_LETTERS = frozenset("do")  # known without a message: <domain>, and the sender's domain

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass
class SpfNode:
    """One record of the tree: the checked domain, or an include or redirect target."""

    domain: str
    via: str                       # "top", "include" or "redirect"
    term: str | None = None        # the parent's term that leads here
    record: str | None = None      # the SPF record, as published
    cost: int = 0                  # its own DNS-querying terms check_host() may count (4.6.4)
    address_lookups: int = 0       # address lookups its mx terms make (at most 10 each, not counted)
    children: list["SpfNode"] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)   # ip4/ip6 networks it authorises ("+")
    void_terms: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # (term, IP versions)
    complete: bool = True          # False: some lookups below this record could not be counted
    matches_all: dict[str, tuple[int, ...]] = field(default_factory=dict)  # term -> IP versions it matches whole
    open_to: frozenset = frozenset()   # IP versions (4, 6) of which every sender gets "pass"
    open_terms: list[str] = field(default_factory=list)    # the terms that make it so
    can_pass: bool = False         # some sender can get "pass" from this record

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def total(self) -> int:
        return self.cost + sum(child.total for child in self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> dict[str, Any]:
        return {"domain": self.domain, "via": self.via, "term": self.term, "record": self.record,
                "cost": self.cost, "address_lookups": self.address_lookups,
                "networks": [str(n) for n in self.networks],
                "void_terms": [{"term": t, "ip_versions": list(v)} for t, v in self.void_terms],
                "complete": self.complete, "open_to": sorted(self.open_to), "open_terms": self.open_terms,
                "can_pass": self.can_pass, "findings": [f.to_json() for f in self.findings],
                "children": [c.to_json() for c in self.children]}


@dataclass
class SpfLint:
    """``lookups`` is the worst-case total; with ``lower_bound`` it is "at least"."""

    domain: str
    tree: SpfNode
    lookups: int
    lower_bound: bool
    void_lookups: int
    findings: list[Finding]
    failed_lookups: int = 0        # lookups that failed (timeout, SERVFAIL, deadline...)

    def to_json(self) -> dict[str, Any]:
        return {"domain": self.domain, "lookups": self.lookups, "lower_bound": self.lower_bound,
                "void_lookups": self.void_lookups, "findings": [f.to_json() for f in self.findings],
                "tree": self.tree.to_json()}


async def lint(domain: str, *, resolver: Resolver | None = None, session: LookupSession | None = None) -> SpfLint:
    """Fetch and analyse the SPF policy tree of ``domain``; DNS failures become findings."""
    if session is None:
        session = (resolver or Resolver.system()).session()
    domain, reason = checked_domain(domain)
    root = SpfNode(domain, "top")
    linter = _Linter(session, domain)
    if reason:
        root.findings.append(codes.INVALID_DOMAIN(domain=domain, reason=reason))
        root.complete = False
    else:
        type99 = asyncio.ensure_future(linter.type99(root))
        try:
            async with asyncio.timeout(max(session.time_left(), 0.0) + DEADLINE_GRACE):
                await linter.visit(root, (), None, policy=True)
        except TimeoutError:
            root.findings.append(codes.DEADLINE(seconds=session.limits.deadline, domain=domain))
            root.complete = False
            linter.failed_lookups += 1
        await asyncio.wait({type99}, timeout=max(min(TYPE99_GRACE, session.time_left()), 0.0))
        if type99.done() and type99.result() is not None:
            root.findings.append(type99.result())
        drop([type99])  # some servers never answer type 99: not worth waiting for
    return linter.report(root)


class _Linter:
    def __init__(self, session: LookupSession, domain: str):
        self.session = session
        self.domain = domain
        self.nodes = 0
        self.skipped_checks = 0
        self.failed_lookups = 0

    # -- the tree -----------------------------------------------------------------

    async def visit(self, node: SpfNode, ancestors: tuple[str, ...], parent: str | None, policy: bool) -> None:
        """Fetch ``node``'s record, analyse it, and visit its children all at once.

        ``parent``: the domain whose record leads here; ``policy``: the record's
        "all" decides the result (the top and its redirects).
        """
        self.nodes += 1
        if self.nodes > MAX_NODES:
            node.complete = False
            return
        record = await self.fetch(node, parent)
        if record is None:
            return
        chain = (*ancestors, node.domain.lower())
        work = []
        for mechanism in record.evaluated_mechanisms:
            work.extend(self.mechanism(node, mechanism, chain, policy))
        for mechanism in record.mechanisms[len(record.evaluated_mechanisms):]:
            if mechanism.kind == "ptr":  # never evaluated, still worth removing
                node.findings.append(codes.PTR_USED(domain=node.domain, term=mechanism.text))
        redirect = record.effective_redirect
        if record.redirect is not None and redirect is None:
            node.findings.append(codes.REDIRECT_IGNORED(domain=node.domain, term=record.redirect.text))
        if redirect is not None:
            node.cost += 1
            work.extend(self.follow(node, "redirect", redirect.text, redirect.value, chain, policy))
        elif policy and not record.has_all:
            node.findings.append(codes.NO_ALL(domain=node.domain))
        await asyncio.gather(*work)
        judge_openness(node, record)

    def mechanism(self, node: SpfNode, m: Mechanism, chain: tuple[str, ...], policy: bool) -> list:
        """Note what ``m`` costs and says; return the lookups to make for it."""
        domain = node.domain
        if m.queries_dns:
            node.cost += 1
        if m.kind in ("ip4", "ip6") and m.qualifier == "+":
            node.networks.append(m.network)
        elif m.kind == "ptr":
            node.findings.append(codes.PTR_USED(domain=domain, term=m.text))
        elif m.kind == "all" and m.qualifier == "+":
            node.findings.append(codes.PASS_ALL(domain=domain, term=m.text))
        elif m.kind == "all" and m.qualifier == "?" and policy:
            node.findings.append(codes.NEUTRAL_ALL(domain=domain, term=m.text))
        elif m.kind == "include":
            return self.follow(node, "include", m.text, m.domain_spec, chain, False)
        elif m.kind in ("a", "mx", "exists"):
            target = self.static_target(m.domain_spec, domain)
            if target is not None:
                return [self.check_term(node, m, target)]
        return []

    def follow(self, node: SpfNode, via: str, term: str, spec: MacroString, chain: tuple[str, ...],
               policy: bool) -> list:
        target = self.static_target(spec, node.domain)
        if target is None:  # depends on the message: its own lookups cannot be counted
            node.findings.append(codes.LOOKUPS_UNKNOWN(domain=node.domain, term=term))
            node.complete = False
            return []
        child = SpfNode(target, via, term)
        if target.lower() in chain:
            loop = [*chain[chain.index(target.lower()):], target.lower()]
            node.findings.append(codes.INCLUDE_LOOP(domain=node.domain, term=term, chain=loop))
            node.complete = False  # check_host() would go round until the limit of 10
            return []
        node.children.append(child)  # in record order: appended before any lookup
        return [self.visit(child, chain, node.domain, policy)]

    async def fetch(self, node: SpfNode, parent: str | None) -> SpfRecord | None:
        """The node's one valid record, or None with the reason among its findings."""
        fetched = await fetch_record(self.session, node.domain)
        if fetched.text is not None:
            node.record = printable(fetched.text.decode("latin-1"))
        if fetched.answer is not None and fetched.status != records.NO_RECORD:
            node.findings.extend(size_findings(node.domain, fetched.name, fetched.answer))
        if fetched.status == records.DNS_FAILURE:
            node.complete = False  # what lies below is unknown
            self.failed_lookups += 1
        if fetched.status in (records.INVALID_DOMAIN, records.NO_RECORD) and parent is not None:
            # 5.2, 6.1: permerror at evaluation
            code = codes.INCLUDE_TARGET_NO_RECORD if node.via == "include" else codes.REDIRECT_TARGET_NO_RECORD
            reason = "invalid_domain" if fetched.status == records.INVALID_DOMAIN else "no_record"
            node.findings.append(code(domain=parent, term=node.term, target=node.domain, reason=reason))
        elif fetched.problem is not None:
            node.findings.append(fetched.problem)
        return fetched.record

    # -- lookups of a, mx and exists ----------------------------------------------

    async def check_term(self, node: SpfNode, m: Mechanism, target: str) -> None:
        """Void lookups (per IP version of the client) and the mx host count of one term."""
        name = query_name(target)
        if name is None:
            node.void_terms.append((m.text, (4, 6)))
            return
        rdtypes = {"a": ("A", "AAAA"), "mx": ("MX",), "exists": ("A",)}[m.kind]
        if self.session.queries_sent + len(rdtypes) > self.session.limits.max_queries - MAX_NODES:
            self.skipped_checks += 1  # keep the query cap for the records themselves
            return
        answers = await asyncio.gather(*(self.session.query(name, t) for t in rdtypes), return_exceptions=True)
        for answer in answers:
            if isinstance(answer, DnsError):
                node.findings.append(dns_problem(answer, node.domain, self.session.limits.deadline))
                if _could_match_everyone(m):
                    self.failed_lookups += 1   # whether SPF passes everyone is then not known
            elif isinstance(answer, BaseException):
                raise answer
        if m.kind == "a":
            void = tuple(v for v, answer in zip((4, 6), answers) if isinstance(answer, Answer) and answer.is_void)
        else:
            void = (4, 6) if isinstance(answers[0], Answer) and answers[0].is_void else ()
        if void:
            node.void_terms.append((m.text, void))
        whole = _matches_whole(m, void, answers)
        if whole:
            node.matches_all[m.text] = whole
        if m.kind == "mx" and isinstance(answers[0], Answer):
            hosts = [h for h in answers[0].hostnames() if h != "."]
            node.address_lookups += len(hosts)
            if len(hosts) > MX_LIMIT:
                node.findings.append(codes.TOO_MANY_MX(domain=node.domain, term=m.text, count=len(hosts),
                                                       limit=MX_LIMIT))

    # -- the name itself ----------------------------------------------------------

    async def type99(self, root: SpfNode) -> Finding | None:
        """14.1: a type 99 SPF record is obsolete; worth saying, never an error."""
        try:
            answer = await self.session.query(query_name(root.domain) or root.domain, "SPF")
            txt = await self.session.query(query_name(root.domain) or root.domain, "TXT")
        except DnsError:
            return None
        published = [t for t in answer.texts() if is_spf_record(t)]
        if not published:
            return None
        same = sorted(published) == sorted(spf_texts(txt))
        return codes.TYPE99_PRESENT(domain=root.domain, same_as_txt=same)

    # -- helpers ------------------------------------------------------------------

    def static_target(self, spec: MacroString | None, domain: str) -> str | None:
        """The target name, when it depends on no message: only %{d} and %{o} macros."""
        if spec is None:
            return domain
        if not spec.letters <= STATIC_LETTERS:
            return None
        return target_name(expand(spec, {"d": domain, "o": self.domain}))

    def report(self, root: SpfNode) -> SpfLint:
        nodes = list(root.walk())
        findings = [finding for node in nodes for finding in node.findings]
        total = root.total
        lower_bound = not all(node.complete for node in nodes)
        if total > LOOKUP_LIMIT:
            findings.append(codes.TOO_MANY_LOOKUPS(total=total, limit=LOOKUP_LIMIT, lower_bound=lower_bound,
                                                   domain=root.domain))
        voids = {version: [f"{node.domain}: {term}" for node in nodes for term, versions in node.void_terms
                           if version in versions] for version in (4, 6)}
        worst = max(voids.values(), key=len)
        if len(worst) > VOID_LIMIT:
            findings.append(codes.TOO_MANY_VOID_LOOKUPS(total=len(worst), limit=VOID_LIMIT, domain=root.domain,
                                                        terms=worst))
        if root.open_to and not any(f.code == codes.PASS_ALL.code for f in root.findings):
            findings.append(codes.PASSES_EVERY_SENDER(domain=root.domain, terms=root.open_terms,
                                                      ip_versions=[f"IPv{v}" for v in sorted(root.open_to)]))
        if self.nodes > MAX_NODES or self.skipped_checks:
            findings.append(codes.LINT_TRUNCATED(nodes=min(self.nodes, MAX_NODES),
                                                 skipped_checks=self.skipped_checks))
        return SpfLint(root.domain, root, total, lower_bound, len(worst), findings, self.failed_lookups)


def judge_openness(node: SpfNode, record: SpfRecord) -> None:
    """Which senders get "pass" (RFC 7208 5): every one of an IP version, or at least some.

    Evaluation stops at the first match (4.6.2), so the record passes every sender of
    a version once the "+" terms met before any other match cover that version: "+all";
    a fixed ``exists`` name that resolves; ``a/0`` or ``mx/0`` with addresses; networks
    adding up to 0.0.0.0/0, or to 2000::/3 (every global unicast IPv6 address); an
    include or redirect of a record that is itself open. What fails first still
    counts: a "-" term met before that matches a whole version, and a permerror met
    before (over 10 lookups, an include without a record, 4.6.4 and 5.2) means no pass.
    """
    networks: dict[int, list[Network]] = {4: [], 6: []}
    excluded: dict[int, list[Network]] = {4: [], 6: []}   # matched first by a term that is not "+"
    closed: set[int] = set()       # versions that every sender fails first
    open_to: set[int] = set()
    terms: list[str] = []
    children = {child.term: child for child in node.children}
    lookups = 0

    def opens(versions, term: str) -> None:
        new = {v for v in versions if v not in open_to and v not in closed and not _covers_all(excluded[v])}
        if new:
            open_to.update(new)
            terms.append(term)

    for m in record.evaluated_mechanisms:
        child = children.get(m.text) if m.kind == "include" else None
        lookups += (1 if m.queries_dns else 0) + (child.total if child is not None else 0)
        if lookups > LOOKUP_LIMIT or (child is not None and _broken(child)):
            break   # permerror here, for every sender not matched before (4.6.4, 5.2)
        whole = _whole_versions(node, m, child)
        if m.qualifier != "+":
            closed.update(whole)
            if m.kind in ("ip4", "ip6"):
                excluded[m.network.version].append(m.network)
            if closed >= {4, 6}:
                break   # every sender has matched a term that does not pass: nothing after counts
            continue
        if m.kind in ("a", "mx", "ptr", "exists", "all") or (child is not None and child.can_pass):
            node.can_pass = True
        if m.kind in ("ip4", "ip6"):
            node.can_pass = True
            networks[m.network.version].append(m.network)
            whole = {m.network.version} if _covers_all(networks[m.network.version]) else set()
        opens(whole, m.text)
    else:
        redirect = record.effective_redirect
        target = next((c for c in node.children if c.via == "redirect"), None)
        if redirect is not None and target is not None and lookups + 1 + target.total <= LOOKUP_LIMIT:
            node.can_pass = node.can_pass or target.can_pass
            opens(target.open_to, redirect.text)
    node.open_to = frozenset(open_to)
    node.open_terms = terms


def _whole_versions(node: SpfNode, m: Mechanism, child: SpfNode | None) -> set[int]:
    """The IP versions every sender of which this term matches."""
    if m.kind == "all":
        return {4, 6}
    if child is not None:
        return set(child.open_to)
    return set(node.matches_all.get(m.text, ()))


def _could_match_everyone(m: Mechanism) -> bool:
    return m.qualifier == "+" and (m.kind == "exists" or m.cidr4 == 0 or m.cidr6 == 0)


def _matches_whole(m: Mechanism, void: tuple[int, ...], answers) -> tuple[int, ...]:
    """The IP versions an a, mx or exists term matches whole: a fixed exists name that
    resolves matches everyone; a/0 or mx/0 with addresses every sender of that version."""
    if not answers or not isinstance(answers[0], Answer):
        return ()
    if m.kind == "exists":
        return () if void else (4, 6)
    return tuple(v for v, cidr in ((4, m.cidr4), (6, m.cidr6)) if cidr == 0 and v not in void)


def _broken(child: SpfNode) -> bool:
    """An include whose evaluation is a permerror: no record, or one that does not parse."""
    return child.record is None and child.complete


# Every global unicast IPv6 address lies in 2000::/3 (RFC 4291 2.4, IANA's allocations).
_GLOBAL_IPV6 = ipaddress.ip_network("2000::/3")


def _covers_all(networks: list[Network]) -> bool:
    for network in ipaddress.collapse_addresses(networks):
        if network.prefixlen == 0 or (network.version == 6 and _GLOBAL_IPV6.subnet_of(network)):
            return True
    return False


def size_findings(domain: str, name: str, answer: Answer) -> list[Finding]:
    """3.4: fit in one 512-octet UDP answer; guideline: name plus all TXT text under 450."""
    findings = [codes.STRING_TOO_LONG(domain=domain, length=len(string), limit=MAX_STRING)
                for strings in answer.strings() for string in strings if len(string) > MAX_STRING]
    size = len(name) + sum(len(text) for text in answer.texts())
    if size > SIZE_GUIDELINE:
        findings.append(codes.RECORD_OVER_GUIDELINE(domain=domain, size=size, limit=SIZE_GUIDELINE))
    wire = response_size(name, answer)
    if wire > UDP_SIZE:
        findings.append(codes.RESPONSE_OVER_512(domain=domain, size=wire))
    return findings


def response_size(name: str, answer: Answer) -> int:
    """Octets of the plain DNS response carrying ``answer`` (no EDNS)."""
    try:
        query = dns.message.make_query(name, answer.rdtype)
        response = dns.message.make_response(query)
        response.answer.append(dns.rrset.from_rdata_list(dns.name.from_text(name), answer.ttl, answer.records))
        return len(response.to_wire())
    except (dns.exception.DNSException, ValueError, struct.error):  # too big for any DNS message
        return MAX_MESSAGE + 1
