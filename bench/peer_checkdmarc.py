"""Time checkdmarc on one domain against one nameserver; print {"seconds": ...}.

Run in a fresh process per measurement so checkdmarc's caches start empty.
Usage: peer_checkdmarc.py spf|full DOMAIN HOST PORT
       peer_checkdmarc.py bulk DOMAINS.txt HOST PORT   (bulk mode: one domain after another)
"""

import json
import sys
import time

import dns.resolver


def main() -> None:
    what, domain, host, port = sys.argv[1:5]
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = int(port)
    if what == "spf":
        from checkdmarc.spf import check_spf

        start = time.perf_counter()
        check_spf(domain, resolver=resolver)
    elif what == "bulk":
        from checkdmarc import check_domains

        with open(domain, encoding="utf-8") as handle:
            domains = [line.strip() for line in handle if line.strip()]
        start = time.perf_counter()
        check_domains(domains, resolver=resolver, skip_tls=True)
    else:
        from checkdmarc import check_domains

        start = time.perf_counter()
        check_domains([domain], resolver=resolver)
    print(json.dumps({"seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
