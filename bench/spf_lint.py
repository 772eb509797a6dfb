"""SPF lint wall time against its lower bound and against checkdmarc.

The fixture DNS server adds 50 ms to every answer. The domain's SPF tree is
3 records deep and costs 9 DNS-querying terms. Lower bound: tree depth x
round trip (no client can fetch a record before the one that names it).
Run: .venv/bin/python -m bench.spf_lint
"""

from __future__ import annotations

import asyncio

from checker.dns import Resolver
from checker.spf import lint

from .common import ROOT, checkdmarc_seconds, fixture_server, median_of, median_seconds, round_trip

DOMAIN = "bench.example"
LATENCY = 0.05
RUNS = 5


def depth(node) -> int:
    return 1 + max((depth(child) for child in node.children), default=0)


def main() -> None:
    with fixture_server(ROOT / "bench" / "zones" / "spf_tree.zone", LATENCY) as server:
        nameserver = server["nameserver"]
        rtt = round_trip(nameserver, DOMAIN)
        result = asyncio.run(lint(DOMAIN, resolver=Resolver.from_nameservers([nameserver])))
        tree_depth = depth(result.tree)

        our_time = median_seconds(RUNS, lambda: asyncio.run(
            lint(DOMAIN, resolver=Resolver.from_nameservers([nameserver]))))
        peer_time = median_of(3, lambda: checkdmarc_seconds(DOMAIN, nameserver, "spf"))
    bound = tree_depth * rtt
    print(f"domain {DOMAIN}: SPF tree depth {tree_depth}, {result.lookups} lookups, "
          f"{LATENCY * 1000:.0f} ms injected per query, round trip {rtt * 1000:.1f} ms")
    print(f"our lint (median of {RUNS}):        {our_time * 1000:7.1f} ms")
    print(f"lower bound (depth x round trip):   {bound * 1000:7.1f} ms   ours / bound = {our_time / bound:.2f} (target <= 1.5)")
    print(f"checkdmarc check_spf (median of 3): {peer_time * 1000:7.1f} ms   checkdmarc / ours = "
          f"{peer_time / our_time:.1f}x (target >= 4)")


if __name__ == "__main__":
    main()
