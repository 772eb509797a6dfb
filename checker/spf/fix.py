"""A proposal for an SPF policy over the 10-lookup limit.

The includes of the top record are ranked by what they cost; the costliest
ones whose whole subtree is only ip4/ip6 networks (no a, mx, exists, ptr,
macros or errors) are replaced by the networks they authorise today, until
the total fits. This is "flattening": it works now and goes stale when the
provider changes its addresses, which the finding says.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from .limits import LOOKUP_LIMIT
from .lint import SpfNode


@dataclass(frozen=True)
class Proposal:
    ranked: list[str]            # "include:_spf.example.net (4)", costliest first
    flattened: list[str]         # the include terms replaced by their networks
    record: str | None           # the record to publish; None when flattening cannot fit
    lookups_after: int


def propose(root: SpfNode, limit: int = LOOKUP_LIMIT) -> Proposal | None:
    total = root.total
    if total <= limit or root.record is None:
        return None
    children = sorted(root.children, key=lambda child: -_cost(child))
    ranked = [f"{child.term} ({_cost(child)})" for child in children]
    chosen, saved = [], 0
    for child in children:
        if saved >= total - limit:
            break
        if child.via == "include" and _plain_term(child.term) and _only_networks(child):
            chosen.append(child)
            saved += _cost(child)
    if saved < total - limit:
        return Proposal(ranked, [], None, total)
    return Proposal(ranked, [c.term for c in chosen], _rebuild(root.record, chosen), total - saved)


def _cost(child: SpfNode) -> int:
    """What removing the term saves: the include itself plus everything below it."""
    return 1 + child.total


def _plain_term(term: str | None) -> bool:
    """Only a passing include ("include:" or "+include:") means "these addresses pass"."""
    return bool(term) and term.lower().lstrip("+").startswith("include:")


def _only_networks(node: SpfNode) -> bool:
    """Every record below costs only its includes/redirects and has no error."""
    return all(n.record is not None and n.complete and n.cost == len(n.children) and not n.errors
               for n in node.walk())


def _networks(node: SpfNode) -> list[str]:
    """The networks the subtree authorises, merged: no 203.0.113.1 beside 203.0.113.0/24."""
    by_version: dict[int, list] = {4: [], 6: []}
    for n in node.walk():
        for network in n.networks:
            by_version[network.version].append(network)
    return [_term(network) for version in (4, 6) for network in ipaddress.collapse_addresses(by_version[version])]


def _term(network) -> str:
    single = network.prefixlen == network.max_prefixlen
    return f"ip{network.version}:{network.network_address if single else network.with_prefixlen}"


def _rebuild(record: str, chosen: list[SpfNode]) -> str:
    """The record with the chosen includes replaced by their networks; a "+all" becomes
    "~all", since a record that passes every sender is never offered (RFC 7208 5.1)."""
    replacements = {c.term.lower(): " ".join(_networks(c)) for c in chosen}
    replacements.update({"+all": "~all", "all": "~all"})
    terms = [replacements.get(term.lower(), term) for term in record.split()]
    return " ".join(t for t in terms if t)
