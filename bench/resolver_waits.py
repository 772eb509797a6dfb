"""How long the resolver waits for servers that do not answer, against the time it was given.

The tests bound these waits from above in round trips (tests/test_resolver.py); the
seconds themselves are measured here, in the same run as what they are compared to:
- a query nobody answers, against the per-query timeout;
- a silent first nameserver and a hanging first DoH endpoint, against their share
  (half of the timeout when two are configured);
- a DoH endpoint answering HTTP 500, against a lookup with no failing endpoint.
Run: .venv/bin/python -m bench.resolver_waits
"""

from __future__ import annotations

from checker.dns import DnsError, Limits, Resolver
from tests.dnsfixture import DnsFixture, load_zones
from tests.dnsfixture.client import lookup
from tests.dnsfixture.silent import SilentServer

from .common import median_seconds

TIMEOUT = 1.0
RUNS = 5


def seconds(resolver_for, name: str = "example.com") -> float:
    """Median wall time of a lookup in a fresh resolver (a failing server is asked first each time)."""
    def one() -> None:
        try:
            lookup(resolver_for(), name, "TXT")
        except DnsError:
            pass
    return median_seconds(RUNS, one)


def show(what: str, measured: float, compared: str, reference: float) -> None:
    print(f"{what:<36} {measured * 1000:7.1f} ms   {compared:<26} {reference * 1000:7.1f} ms"
          f"   ratio {measured / reference:.2f}")


def main() -> None:
    limits = Limits(timeout=TIMEOUT)
    share = TIMEOUT / 2
    with DnsFixture(load_zones("resolver.zone")) as good, DnsFixture(load_zones("resolver.zone")) as bad, \
            SilentServer() as silent:
        direct = seconds(lambda: Resolver.from_doh([good.doh_url], limits))
        show("unanswered query (plain DNS)", seconds(lambda: Resolver.from_nameservers([good.nameserver], limits),
                                                     "slow.example.com"), "timeout", TIMEOUT)
        show("silent first nameserver", seconds(lambda: Resolver.from_nameservers(
            [silent.address, good.nameserver], limits)), "its share of the timeout", share)
        bad.doh_fail = "hang"
        show("hanging first DoH endpoint", seconds(lambda: Resolver.from_doh([bad.doh_url, good.doh_url], limits)),
             "its share of the timeout", share)
        bad.doh_fail = True
        show("first DoH endpoint says HTTP 500", seconds(lambda: Resolver.from_doh(
            [bad.doh_url, good.doh_url], limits)), "one endpoint, no failure", direct)
    print(f"(median of {RUNS}; a wait should be close to, and not over, what it is compared to,"
          " except the HTTP 500 case, which should cost about one more round trip)")


if __name__ == "__main__":
    main()
