"""A full check (every protocol, 20+ DKIM selectors) against its lower bound and checkdmarc.

The fixture DNS server adds 50 ms to every answer. The longest chain of
dependent queries for this domain is 3: the SPF tree is 3 records deep
(the top record names _spf.crm, which names _spf2.crm); the other chains are
shorter (DMARC walk -> report-destination authorisation: 2; DMARC -> BIMI: 2;
MX -> MX host addresses: 2; DKIM selectors, TLS-RPT, MTA-STS record: 1).
Lower bound: 3 x round trip. checkdmarc probes no DKIM selectors.
Run: .venv/bin/python -m bench.full_check
"""

from __future__ import annotations

import asyncio

from checker.dns import Resolver
from checker.domain import check_domain

from .common import ROOT, checkdmarc_seconds, fixture_server, median_of, median_seconds, round_trip

DOMAIN = "bench.example"
LATENCY = 0.05
CHAIN = 3
RUNS = 5


def main() -> None:
    with fixture_server(ROOT / "bench" / "zones" / "full.zone", LATENCY) as server:
        nameserver = server["nameserver"]
        rtt = round_trip(nameserver, DOMAIN)

        def run():
            return asyncio.run(check_domain(DOMAIN, resolver=Resolver.from_nameservers([nameserver])))

        report = run()
        selectors = len(report.reports["dkim"].details["selectors_probed"])

        our_time = median_seconds(RUNS, run)
        peer_time = median_of(3, lambda: checkdmarc_seconds(DOMAIN, nameserver, "full"))
    bound = CHAIN * rtt
    print(f"domain {DOMAIN}: {len(report.reports)} protocols, {selectors} DKIM selectors probed, "
          f"{report.queries} queries, {LATENCY * 1000:.0f} ms injected per query, round trip {rtt * 1000:.1f} ms")
    print(f"our full check (median of {RUNS}):      {our_time * 1000:7.1f} ms")
    print(f"lower bound ({CHAIN} x round trip):        {bound * 1000:7.1f} ms   ours / bound = "
          f"{our_time / bound:.2f} (target <= 1.5)")
    print(f"checkdmarc check_domains (median of 3): {peer_time * 1000:7.1f} ms   checkdmarc / ours = "
          f"{peer_time / our_time:.1f}x (target >= 5)")


if __name__ == "__main__":
    main()
