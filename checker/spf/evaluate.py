"""RFC 7208 check_host(): is this client IP allowed to send mail for this sender?

Terms are evaluated strictly left to right with one global count of DNS-querying
terms and void lookups (4.6.4); queries the record will need are started ahead
(:mod:`.prefetch`) but never counted before the evaluation reaches them.
"""

from __future__ import annotations

import asyncio
import enum
import ipaddress
import time
from dataclasses import dataclass
from typing import Any

import dns.reversename

from ..dns import Answer, DnsError, LookupSession, Resolver
from ..findings import Finding
from ..futures import read_outcome_when_done
from . import codes, records
from .errors import SpfSyntaxError
from .limits import DEADLINE_GRACE, LOOKUP_LIMIT, MX_LIMIT, PTR_LIMIT, VOID_LIMIT
from .macro import EXPLAIN_LETTERS, MacroString, expand, parse_macro_string
from ..dnsname import is_within
from .names import checked_domain, identity, query_name, target_name
from .parser import Mechanism, SpfRecord
from .prefetch import Prefetch
from .records import dns_problem, fetch_record



class Result(str, enum.Enum):
    NONE = "none"
    NEUTRAL = "neutral"
    PASS = "pass"
    FAIL = "fail"
    SOFTFAIL = "softfail"
    TEMPERROR = "temperror"
    PERMERROR = "permerror"


QUALIFIER_RESULTS = {"+": Result.PASS, "-": Result.FAIL, "~": Result.SOFTFAIL, "?": Result.NEUTRAL}


@dataclass(frozen=True)
class SpfResult:
    """What check_host() concluded.

    ``mechanism`` is the term that decided, as published (None for the default
    result and for errors); ``problem`` says why the result is none, temperror
    or permerror; ``lookups`` and ``void_lookups`` are the 4.6.4 counters.
    """

    result: Result
    domain: str
    explanation: str | None = None
    mechanism: str | None = None
    problem: Finding | None = None
    lookups: int = 0
    void_lookups: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"result": self.result.value, "domain": self.domain, "explanation": self.explanation,
                "mechanism": self.mechanism, "problem": self.problem.to_json() if self.problem else None,
                "lookups": self.lookups, "void_lookups": self.void_lookups}


async def check_host(ip: str | ipaddress.IPv4Address | ipaddress.IPv6Address, mail_from: str, helo: str, *,
                     resolver: Resolver | None = None, session: LookupSession | None = None,
                     receiver: str = "unknown", void_limit: int = VOID_LIMIT) -> SpfResult:
    """Evaluate the SPF policy for a client ``ip`` and the MAIL FROM and HELO identities.

    An empty ``mail_from`` checks the HELO identity (as ``postmaster@helo``).
    ``session`` is used as given; else one is opened on ``resolver`` (default:
    the system's nameservers). ``receiver`` is the %{r} macro, ``void_limit``
    the 4.6.4 limit of void lookups. The session's deadline is the overall time
    limit (temperror when exceeded). Raises ValueError only when ``ip`` is not
    an IP address.
    """
    client = Client(ip)
    local, raw_domain = identity(mail_from, helo)
    domain, reason = checked_domain(raw_domain)
    if reason:  # 4.3: not a usable domain name
        return SpfResult(Result.NONE, domain, problem=codes.INVALID_DOMAIN(domain=domain, reason=reason))
    if session is None:
        session = (resolver or Resolver.system()).session()
    evaluation = Evaluation(session, client, local, domain, (helo or "").strip(), receiver, void_limit)
    try:
        async with asyncio.timeout(max(session.time_left(), 0.0) + DEADLINE_GRACE):
            outcome = await evaluation.evaluate(domain)
    except Stop as stop:
        outcome = Outcome(stop.result, problem=stop.problem)
    except TimeoutError:
        outcome = Outcome(Result.TEMPERROR, problem=codes.DEADLINE(seconds=session.limits.deadline, domain=domain))
    finally:
        evaluation.prefetch.close()
    explanation = None
    if outcome.result is Result.FAIL and outcome.exp is not None:
        try:
            async with asyncio.timeout(max(session.time_left(), 0.0) + DEADLINE_GRACE):
                explanation = await evaluation.explain(*outcome.exp)
        except TimeoutError:
            pass  # no time left for the explanation: proceed as without exp (6.2)
    return SpfResult(outcome.result, domain, explanation, outcome.mechanism, outcome.problem,
                     evaluation.lookups, evaluation.voids)


class Client:
    """The <ip> argument; an IPv4-mapped IPv6 address is the IPv4 address (5)."""

    def __init__(self, ip):
        address = ipaddress.ip_address(ip.strip() if isinstance(ip, str) else ip)
        if address.version == 6 and address.scope_id:
            address = ipaddress.IPv6Address(int(address))  # a zone index is not part of the address
        if address.version == 6 and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        self.address = address
        self.version = address.version
        self.rdtype = "A" if address.version == 4 else "AAAA"
        if address.version == 4:
            self.i = self.c = str(address)
            self.v = "in-addr"
        else:
            # 7.3: dot-format nibbles; upper case, as the openspf suite expects (DNS ignores case)
            self.i = ".".join(address.exploded.replace(":", "").upper())
            self.c = str(address)
            self.v = "ip6"
        self.reverse_name = dns.reversename.from_address(str(address)).to_text(omit_final_dot=True)

    def matches(self, addresses: list[str], prefix: int | None) -> bool:
        """Any of ``addresses`` equal to the client on the first ``prefix`` bits."""
        bits = 32 if self.version == 4 else 128
        shift = bits - (bits if prefix is None else prefix)
        mine = int(self.address) >> shift
        for text in addresses:
            try:
                other = ipaddress.ip_address(text)
            except ValueError:
                continue
            if other.version == self.version and int(other) >> shift == mine:
                return True
        return False


class Stop(Exception):
    """temperror or permerror: ends the whole evaluation (5.2: include passes them up)."""

    def __init__(self, result: Result, problem: Finding):
        self.result = result
        self.problem = problem
        super().__init__(problem.code)


@dataclass(frozen=True)
class Outcome:
    result: Result
    mechanism: str | None = None
    problem: Finding | None = None
    exp: tuple | None = None  # (exp modifier, domain) of the record whose mechanism gave "fail"


class Evaluation:
    """One check_host() call: its macro values, counters and session."""

    def __init__(self, session: LookupSession, client: Client, local: str, domain: str, helo: str,
                 receiver: str, void_limit: int):
        self.session = session
        self.client = client
        self.values = {"s": f"{local}@{domain}", "l": local, "o": domain, "h": helo,
                       "i": client.i, "v": client.v}
        self.receiver = receiver
        self.void_limit = void_limit
        self.lookups = 0
        self.voids = 0
        self.prefetch = Prefetch(self)

    # -- records ------------------------------------------------------------------

    async def evaluate(self, domain: str) -> Outcome:
        """check_host() for <domain> (4.3 to 4.7); temperror and permerror raise Stop."""
        fetched = await fetch_record(self.session, domain)
        if fetched.status in (records.INVALID_DOMAIN, records.NO_RECORD):
            return Outcome(Result.NONE, problem=fetched.problem)
        if fetched.status == records.DNS_FAILURE:
            raise Stop(Result.TEMPERROR, fetched.problem)
        if fetched.status != records.OK:
            raise Stop(Result.PERMERROR, fetched.problem)
        return await self.run(fetched.record, domain)

    async def run(self, record: SpfRecord, domain: str) -> Outcome:
        self.prefetch.record(record, domain, LOOKUP_LIMIT - self.lookups)
        for mechanism in record.evaluated_mechanisms:
            if await self.matches(mechanism, domain):
                result = QUALIFIER_RESULTS[mechanism.qualifier]
                exp = (record.exp, domain) if result is Result.FAIL and record.exp else None
                return Outcome(result, mechanism.text, exp=exp)
        redirect = record.effective_redirect
        if redirect is None:
            return Outcome(Result.NEUTRAL)  # 4.7
        self.count_lookup(redirect.text, domain)
        target = await self.target(redirect.value, domain)
        outcome = await self.evaluate(target)
        if outcome.result is Result.NONE:  # 6.1: permerror, not none
            raise Stop(Result.PERMERROR, codes.REDIRECT_TARGET_NO_RECORD(
                domain=domain, term=redirect.text, target=target, reason=_none_reason(outcome)))
        return outcome

    # -- mechanisms ---------------------------------------------------------------

    async def matches(self, mechanism: Mechanism, domain: str) -> bool:
        kind = mechanism.kind
        if kind == "all":
            return True
        if kind in ("ip4", "ip6"):
            return self.client.address in mechanism.network  # never across IP versions
        self.count_lookup(mechanism.text, domain)
        spec = mechanism.domain_spec
        target = domain if spec is None else await self.target(spec, domain)
        if kind == "include":
            return await self.include(mechanism, domain, target)
        if kind == "ptr":
            return await self.ptr(target)
        name = query_name(target)
        if name is None:  # 4.8: a name no query can carry is treated as non-existent
            self.count_void(mechanism.text, domain)
            return False
        rdtype = {"a": self.client.rdtype, "mx": "MX", "exists": "A"}[kind]  # 5.7: exists asks for A
        answer = await self.query(name, rdtype, domain)
        if answer.is_void:
            self.count_void(mechanism.text, domain)
            return False
        if kind == "exists":
            return True
        prefix = mechanism.cidr4 if self.client.version == 4 else mechanism.cidr6
        if kind == "a":
            return self.client.matches(answer.addresses(), prefix)
        return await self.mx(mechanism, domain, answer, prefix)

    async def include(self, mechanism: Mechanism, domain: str, target: str) -> bool:
        outcome = await self.evaluate(target)  # temperror and permerror pass through (5.2)
        if outcome.result is Result.NONE:
            raise Stop(Result.PERMERROR, codes.INCLUDE_TARGET_NO_RECORD(
                domain=domain, term=mechanism.text, target=target, reason=_none_reason(outcome)))
        return outcome.result is Result.PASS

    async def mx(self, mechanism: Mechanism, domain: str, answer: Answer, prefix: int | None) -> bool:
        hosts = [host for host in answer.hostnames() if host != "."]  # "." is a null MX (RFC 7505)
        if len(hosts) > MX_LIMIT:
            raise Stop(Result.PERMERROR, codes.TOO_MANY_MX(
                domain=domain, term=mechanism.text, count=len(hosts), limit=MX_LIMIT))
        lookups = self.ask_all(hosts, self.client.rdtype)
        try:
            for lookup in lookups:  # in preference order, as a sequential evaluation would
                try:
                    addresses = (await lookup).addresses()
                except DnsError as error:
                    raise Stop(Result.TEMPERROR, self.dns_problem(error, domain)) from None
                if self.client.matches(addresses, prefix):
                    return True
            return False
        finally:
            drop(lookups)

    async def ptr(self, target: str) -> bool:
        wanted = query_name(target)
        if wanted is None:
            return False
        candidates = [name for name in await self.ptr_names() if is_within(name, wanted)]
        return bool(await self.validated(candidates, first_only=True))

    # -- %{p} and ptr (5.5) -------------------------------------------------------

    async def ptr_names(self) -> list[str]:
        """The first 10 PTR names of the client; none on a DNS error (5.5: no match)."""
        try:
            answer = await self.session.query(self.client.reverse_name, "PTR")
        except DnsError:
            return []
        return answer.hostnames()[:PTR_LIMIT]

    async def validated(self, names: list[str], first_only: bool = False) -> list[str]:
        """Names among ``names`` with an address equal to the client; failed lookups are skipped."""
        found: list[str] = []
        lookups = self.ask_all(names, self.client.rdtype)
        try:
            for name, lookup in zip(names, lookups):
                try:
                    addresses = (await lookup).addresses()
                except DnsError:
                    continue  # 5.5: that name is skipped, the search goes on
                if self.client.matches(addresses, None):
                    found.append(name)
                    if first_only:
                        break
            return found
        finally:
            drop(lookups)

    async def validated_name(self, domain: str) -> str:
        """7.3 %{p}: <domain> itself, else a subdomain of it, else any validated name, else "unknown"."""
        names = await self.validated(await self.ptr_names())
        for preferred in (lambda n: n == domain.lower(), lambda n: is_within(n, domain)):
            for name in names:
                if preferred(name):
                    return name
        return names[0] if names else "unknown"

    # -- helpers ------------------------------------------------------------------

    def macro_values(self, domain: str, explain: bool = False) -> dict[str, str]:
        values = {**self.values, "d": domain}
        if explain:
            values.update(c=self.client.c, r=self.receiver, t=str(int(time.time())))
        return values

    async def target(self, spec: MacroString, domain: str) -> str:
        """A domain-spec expanded into a <target-name> (4.8)."""
        values = self.macro_values(domain)
        if "p" in spec.letters:
            values["p"] = await self.validated_name(domain)
        return target_name(expand(spec, values))

    async def query(self, name: str, rdtype: str, domain: str) -> Answer:
        try:
            return await self.session.query(name, rdtype)
        except DnsError as error:  # 4.4, 5: DNS errors and timeouts are temperror
            raise Stop(Result.TEMPERROR, self.dns_problem(error, domain)) from None

    def ask_all(self, names: list[str], rdtype: str) -> list[asyncio.Future]:
        """Start the lookups of ``names`` at once; the caller reads them in order."""
        return [asyncio.ensure_future(self.session.query(name, rdtype)) for name in names]

    def dns_problem(self, error: DnsError, domain: str) -> Finding:
        return dns_problem(error, domain, self.session.limits.deadline)

    def count_lookup(self, term: str, domain: str) -> None:
        self.lookups += 1
        if self.lookups > LOOKUP_LIMIT:
            raise Stop(Result.PERMERROR, codes.TOO_MANY_LOOKUPS(
                total=self.lookups, limit=LOOKUP_LIMIT, domain=domain, term=term))

    def count_void(self, term: str, domain: str) -> None:
        self.voids += 1
        if self.voids > self.void_limit:
            raise Stop(Result.PERMERROR, codes.TOO_MANY_VOID_LOOKUPS(
                total=self.voids, limit=self.void_limit, domain=domain, term=term))

    # -- exp (6.2) ----------------------------------------------------------------

    async def explain(self, exp, domain: str) -> str | None:
        """The explanation string, or None where 6.2 says to proceed as if there were no exp."""
        try:
            name = query_name(await self.target(exp.value, domain))
            if name is None:
                return None
            texts = (await self.session.query(name, "TXT")).texts()
        except DnsError:
            return None
        if len(texts) != 1:
            return None
        try:
            spec = parse_macro_string(texts[0].decode("ascii"), letters=EXPLAIN_LETTERS, space=True)
        except (UnicodeDecodeError, SpfSyntaxError):
            return None
        values = self.macro_values(domain, explain=True)
        if "p" in spec.letters:
            values["p"] = await self.validated_name(domain)
        explanation = expand(spec, values)
        return explanation if explanation.isascii() else None  # 6.2: US-ASCII only


def drop(lookups: list[asyncio.Future]) -> None:
    """Let go of lookups no longer needed; they end by themselves, their errors unread.

    Not cancelled: a cancelled waiter would leave the session's shared query unread.
    """
    for lookup in lookups:
        read_outcome_when_done(lookup)


def _none_reason(outcome: Outcome) -> str:
    invalid = outcome.problem is not None and outcome.problem.code == codes.INVALID_DOMAIN.code
    return "invalid_domain" if invalid else "no_record"
