"""Report URIs (rua, ruf): their syntax, and external destination verification.

Syntax (RFC 9989 4.8)::

    dmarc-urilist = (dmarc-uri / obs-dmarc-uri) *(*WSP "," *WSP (dmarc-uri / obs-dmarc-uri))
    obs-dmarc-uri = dmarc-uri "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]   ; obsolete size limit

Verification (RFC 9990 section 4, the same for ruf by RFC 9991 section 5): when the
organizational domain of the policy domain differs from the organizational domain
of a URI's host, a TXT record starting "v=DMARC1" must exist at
``<policy-domain>._report._dmarc.<host>``; otherwise receivers send nothing there.

How "external" is decided: RFC 9990 compares organizational domains, which RFC 9989
finds by the DNS tree walk. The walk on a destination host costs few queries (its
upper names are usually those the policy walk already asked, and the session caches
them) and it runs concurrently with the authorization lookup, so it adds no round
trip; this module therefore uses it. When that walk cannot finish (a lookup failed),
it falls back to a name comparison: the host is internal when it equals the policy's
organizational domain or is a subdomain of it. ``Destination.org_method`` says which
was used.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable
from urllib.parse import unquote, urlsplit

from ..dns import Answer, DnsError
from ..dnsname import is_host_name, is_within, length_problem
from ..findings import Finding
from . import codes

WSP = " \t"

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):(.*)\Z", re.S)
_SIZE = re.compile(r"[0-9]+[kmgtKMGT]?\Z")
# RFC 3986 characters (unreserved, reserved, "%"); "!" and "," never reach here.
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@$&'()*+;=%]*\Z")
_ADDRESS_SHAPE = re.compile(r"[^@\s:/]+@[^@\s:/]+\.[^@\s:/]+\Z")


@dataclass(frozen=True)
class ReportUri:
    tag: str                    # "rua" | "ruf"
    text: str                   # as written, size suffix included
    scheme: str | None = None   # lower case
    host: str | None = None     # lower case, no final dot; an address for IP literals
    ip_literal: bool = False
    size: str | None = None     # obsolete "!size" suffix, without the "!"
    error: str | None = None    # why the URI is invalid (codes.URI_INVALID reasons)
    suggestion: str | None = None

    @property
    def valid(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        return {"uri": self.text, "scheme": self.scheme, "host": self.host,
                "ip_literal": self.ip_literal, "size": self.size, "valid": self.valid,
                "error": self.error}


def parse_uri_list(tag: str, value: str) -> tuple[list[ReportUri], list[Finding]]:
    """A rua/ruf value as its URIs, with findings about their syntax. Never raises."""
    uris: list[ReportUri] = []
    findings: list[Finding] = []
    for text in value.split(","):
        uri = parse_uri(tag, text.strip(WSP))
        uris.append(uri)
        if uri.error:
            findings.append(codes.URI_INVALID(tag=tag, uri=uri.text, reason=uri.error,
                                              suggestion=uri.suggestion))
            continue
        if uri.size is not None:
            findings.append(codes.URI_SIZE_OBSOLETE(tag=tag, uri=uri.text, size=uri.size))
        if uri.scheme != "mailto":
            findings.append(codes.URI_SCHEME_UNSUPPORTED(tag=tag, uri=uri.text, scheme=uri.scheme))
    return uris, findings


def parse_uri(tag: str, text: str) -> ReportUri:
    if not text:
        return ReportUri(tag, text, error="empty")
    uri, bang, size = text.partition("!")
    if bang and not _SIZE.match(size):
        return ReportUri(tag, text, error="bad_size")
    size_value = size.lower() if bang else None
    if not _URI_CHARS.match(uri):
        return ReportUri(tag, text, error="bad_character")
    match = _SCHEME.match(uri)
    if not match:
        suggestion = f"mailto:{uri}" if _ADDRESS_SHAPE.match(uri) else None
        return ReportUri(tag, text, error="no_scheme", suggestion=suggestion)
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "mailto":
        return _mailto(tag, text, rest, size_value)
    host: str | None = None
    ip_literal = False
    if rest.startswith("//"):
        try:
            raw_host = urlsplit(uri).hostname
        except ValueError:
            return ReportUri(tag, text, scheme=scheme, error="bad_host")
        if not raw_host:
            return ReportUri(tag, text, scheme=scheme, error="bad_host")
        host, ip_literal = _host(raw_host)
        if host is None:
            return ReportUri(tag, text, scheme=scheme, error="bad_host")
    elif scheme in ("http", "https"):
        return ReportUri(tag, text, scheme=scheme, error="bad_host")
    return ReportUri(tag, text, scheme=scheme, host=host, ip_literal=ip_literal, size=size_value)


def _mailto(tag: str, text: str, rest: str, size: str | None) -> ReportUri:
    to = unquote(rest.split("?", 1)[0])
    local, at, domain = to.rpartition("@")
    if not at or not local or not domain or "," in to or any(c.isspace() for c in to):
        return ReportUri(tag, text, scheme="mailto", error="bad_address")
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        literal = literal[5:] if literal.lower().startswith("ipv6:") else literal
        try:
            address = str(ipaddress.ip_address(literal))
        except ValueError:
            return ReportUri(tag, text, scheme="mailto", error="bad_host")
        return ReportUri(tag, text, scheme="mailto", host=address, ip_literal=True, size=size)
    host, ip_literal = _host(domain)
    if host is None or ip_literal:   # a bare IP after "@" is not a mail domain
        return ReportUri(tag, text, scheme="mailto", error="bad_host")
    return ReportUri(tag, text, scheme="mailto", host=host, size=size)


def _host(raw: str) -> tuple[str | None, bool]:
    """(normalized host, is an IP address); (None, False) when not a valid host."""
    try:
        return str(ipaddress.ip_address(raw.strip("[]"))), True
    except ValueError:
        pass
    name = raw.lower().rstrip(".")
    return (name, False) if is_host_name(name) else (None, False)


# -- verification --------------------------------------------------------------

def authorization_name(policy_domain: str, host: str) -> tuple[str, bool]:
    """``<policy-domain>._report._dmarc.<host>`` and whether it fits DNS limits (step 4)."""
    name = f"{policy_domain}._report._dmarc.{host}"
    return name, length_problem(name) is None


@dataclass
class Destination:
    """One report URI and what became of it."""
    uri: ReportUri
    status: str = "invalid"     # invalid | no_host | internal | authorized | unauthorized |
                                # unverifiable | override_invalid | unknown (a lookup failed)
    host_organizational_domain: str | None = None
    org_method: str | None = None          # "tree_walk" | "name_comparison" | None
    external: bool | None = None
    authorization_name: str | None = None
    authorization_records: list[str] = field(default_factory=list)
    override: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"tag": self.uri.tag, **self.uri.to_json(), "status": self.status,
                "external": self.external,
                "host_organizational_domain": self.host_organizational_domain,
                "org_method": self.org_method,
                "authorization_name": self.authorization_name,
                "authorization_records": self.authorization_records,
                "override": self.override}


# An async function: host -> (its organizational domain or None when the walk could
# not finish, findings about failed lookups).
OrgWalker = Callable[[str], Awaitable[tuple[str | None, list[Finding]]]]
# Parses a TXT text as a DMARC record: (starts with v=DMARC1, {tag: [ReportUri]}).
RecordReader = Callable[[str], tuple[bool, dict[str, list[ReportUri]]]]


async def verify_destinations(uris: list[ReportUri], policy_domain: str, policy_org: str | None,
                              session, walk_org: OrgWalker, read_record: RecordReader
                              ) -> tuple[list[Destination], list[Finding]]:
    """Decide for each URI whether it is internal, and check external ones in DNS.

    ``policy_org`` is the organizational domain of ``policy_domain`` (None when the
    policy's own walk could not finish; the policy domain then stands in for it).
    """
    own_org = policy_org or policy_domain
    destinations = [Destination(uri) for uri in uris]
    findings: list[Finding] = []
    hosts = sorted({d.uri.host for d in destinations if d.uri.valid and d.uri.host and not d.uri.ip_literal})

    async def judge(host: str) -> tuple[str | None, str, list[Finding], Answer | DnsError | None]:
        """(host's org domain, method, findings, authorization answer if asked)."""
        if host == policy_domain:   # the same name walks to the same organizational domain
            return own_org, "tree_walk", [], None
        name, fits = authorization_name(policy_domain, host)
        likely_external = not is_within(host, own_org)
        walk = walk_org(host)
        if likely_external and fits:
            (org, walk_findings), answer = await asyncio.gather(walk, session.query_or_error(name, "TXT"))
        else:
            (org, walk_findings), answer = await walk, None
        return org, "tree_walk" if org else "name_comparison", walk_findings, answer

    judged = dict(zip(hosts, await asyncio.gather(*(judge(h) for h in hosts))))

    # A host found external by its walk but not asked yet (rare: a psd=n boundary
    # inside the policy's organizational domain) gets its authorization lookup now.
    late = []
    for host, (org, method, walk_findings, answer) in judged.items():
        findings.extend(walk_findings)
        external = (org != own_org) if org else not is_within(host, own_org)
        name, fits = authorization_name(policy_domain, host)
        if external and fits and answer is None:
            late.append(host)
    if late:
        answers = await asyncio.gather(*(session.query_or_error(authorization_name(policy_domain, h)[0], "TXT")
                                         for h in late))
        for host, answer in zip(late, answers):
            org, method, walk_findings, _ = judged[host]
            judged[host] = (org, method, walk_findings, answer)

    reported_errors: set[str] = set()
    for dest in destinations:
        uri = dest.uri
        if not uri.valid:
            continue
        if uri.host is None:
            dest.status = "no_host"
            continue
        if uri.ip_literal:
            dest.status, dest.external = "unverifiable", True
            findings.append(codes.DESTINATION_UNVERIFIABLE(tag=uri.tag, uri=uri.text, host=uri.host,
                                                           reason="ip_literal", name=None))
            continue
        org, method, _, answer = judged[uri.host]
        dest.host_organizational_domain, dest.org_method = org, method
        dest.external = (org != own_org) if org else not is_within(uri.host, own_org)
        if not dest.external:
            dest.status = "internal"
            findings.append(codes.DESTINATION_INTERNAL(tag=uri.tag, uri=uri.text, host=uri.host,
                                                       organizational_domain=own_org))
            continue
        name, fits = authorization_name(policy_domain, uri.host)
        dest.authorization_name = name
        if not fits:
            dest.status = "unverifiable"
            findings.append(codes.DESTINATION_UNVERIFIABLE(tag=uri.tag, uri=uri.text, host=uri.host,
                                                           reason="name_too_long", name=name))
            continue
        if isinstance(answer, DnsError):
            dest.status = "unknown"
            if name not in reported_errors:
                reported_errors.add(name)
                findings.append(codes.LOOKUP_FAILED(name=name, type="TXT", error=answer.kind.value,
                                                    step="destination_authorization"))
            continue
        texts = [t.decode("utf-8", errors="replace") for t in answer.texts()] if answer else []
        dest.authorization_records = texts
        authorizing = [read_record(t) for t in texts]
        authorizing = [tags for ok, tags in authorizing if ok]
        if not authorizing:
            dest.status = "unauthorized"
            findings.append(codes.DESTINATION_UNAUTHORIZED(tag=uri.tag, uri=uri.text, host=uri.host,
                                                           name=name, record="v=DMARC1;", found=texts))
            continue
        # Step 9: the consumer's own rua/ruf replaces ours, on the same host only.
        override = next((tags[uri.tag] for tags in authorizing if tags.get(uri.tag)), None)
        if override:
            dest.override = [o.text for o in override]
            others = sorted({o.host or o.text for o in override if o.host != uri.host})
            if others:
                dest.status = "override_invalid"
                findings.append(codes.DESTINATION_OVERRIDE_INVALID(
                    tag=uri.tag, uri=uri.text, host=uri.host, override=dest.override, other_hosts=others))
                continue
        dest.status = "authorized"
        findings.append(codes.DESTINATION_AUTHORIZED(tag=uri.tag, uri=uri.text, host=uri.host, name=name))
        if override:
            findings.append(codes.DESTINATION_OVERRIDE(tag=uri.tag, uri=uri.text, override=dest.override))
    return destinations, findings
