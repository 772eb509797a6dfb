"""Surveys: dmarc-check survey against checkdmarc's bulk mode, and a 100,000-domain run.

    .venv/bin/python -m bench.survey compare [--domains 2000] [--peer-domains 40] [--latency 0.05]
    .venv/bin/python -m bench.survey scale [--domains 100000] [--concurrency 300]

Both generate their domains and zone (bench.survey.generate), and serve it with the
fixture DNS server in its own process. ``compare``: the same list, the same server
and injected latency per answer, checkdmarc's ``check_domains`` (one domain after
another) against ``dmarc-check survey``; the figure is seconds per domain, and the target
is ours at least 50 times faster. checkdmarc checks only the first ``--peer-domains``
of the list: one domain after another, its time per domain does not depend on how many
there are, and the whole list would take it hours. ``scale``: the whole command (JSON lines, summary) on
many domains, with no injected latency: the figure is domains per second on this machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, fixture_server

SUFFIX = "bench-survey.example"
POLICIES = ("reject", "quarantine", "none", "none", None)   # None: no DMARC record


def generate(count: int, folder: Path) -> tuple[Path, Path]:
    """A zone with ``count`` domains of a realistic shape, and the list of their names.

    Every domain has SPF (its own address, and a shared mail provider two levels
    deep); DMARC cycles through reject, quarantine, none and none; every fifth domain
    has none, every 50th has two SPF records."""
    zone, listed = folder / "survey.zone", folder / "domains.txt"
    with open(zone, "w") as out, open(listed, "w") as names:
        out.write(f"$TTL 300\n$ORIGIN {SUFFIX}.\n@ SOA ns1 hostmaster 1 3600 600 86400 60\n"
                  '_spf.provider TXT "v=spf1 include:_spf2.provider.bench-survey.example ~all"\n'
                  '_spf2.provider TXT "v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/48 ~all"\n')
        for i in range(count):
            label = f"d{i}"
            out.write(f'{label} TXT "v=spf1 ip4:192.0.2.{i % 250} include:_spf.provider.{SUFFIX} -all"\n')
            if i % 50 == 7:
                out.write(f'{label} TXT "v=spf1 ip4:203.0.113.{i % 250} -all"\n')
            policy = POLICIES[i % len(POLICIES)]
            if policy:
                out.write(f'_dmarc.{label} TXT "v=DMARC1; p={policy}; rua=mailto:dmarc@{label}.{SUFFIX}"\n')
            names.write(f"{label}.{SUFFIX}\n")
    return zone, listed


def survey_seconds(listed: Path, nameserver: str, out: Path, concurrency: int) -> tuple[float, dict]:
    """Wall time of the whole command, and its summary."""
    summary = out.with_suffix(".summary.json")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "checker", "survey", str(listed), "--out", str(out),
                           "--summary", str(summary), "--concurrency", str(concurrency),
                           "--nameserver", nameserver], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 3):
        raise RuntimeError(done.stderr)
    return seconds, json.loads(summary.read_text())


def checkdmarc_bulk_seconds(listed: Path, nameserver: str, count: int) -> float:
    """checkdmarc's bulk mode on the first ``count`` domains of the list."""
    sample = listed.with_name("peer-domains.txt")
    sample.write_text("".join(listed.read_text().splitlines(keepends=True)[:count]))
    host, port = nameserver.rsplit(":", 1)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "peer_checkdmarc.py"), "bulk", str(sample), host, port],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])["seconds"]


def compare(count: int, peer_count: int, latency: float, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        zone, listed = generate(count, Path(folder))
        with fixture_server(zone, latency) as server:
            ours, summary = survey_seconds(listed, server["nameserver"], Path(folder) / "out.jsonl", concurrency)
            peer = checkdmarc_bulk_seconds(listed, server["nameserver"], peer_count)
    ours_each, peer_each = ours / count, peer / peer_count
    print(f"{latency * 1000:.0f} ms injected per answer, fixture DNS server, generated domains")
    print(f"dmarc-check survey, {count} domains (whole command, --concurrency {concurrency}): {ours:7.2f} s = "
          f"{ours_each * 1000:7.1f} ms per domain  (not known: {summary['dmarc']['not_known']['count']})")
    print(f"checkdmarc check_domains (bulk mode), first {peer_count} of them:        {peer:7.2f} s = "
          f"{peer_each * 1000:7.1f} ms per domain")
    print(f"checkdmarc / ours per domain = {peer_each / ours_each:.1f}x (target >= 50)")


def scale(count: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        zone, listed = generate(count, Path(folder))
        with fixture_server(zone, 0.0) as server:
            loaded = time.perf_counter() - start
            out = Path(folder) / "out.jsonl"
            seconds, summary = survey_seconds(listed, server["nameserver"], out, concurrency)
            lines = sum(1 for _ in open(out))
            queries = sum(json.loads(line)["queries"] for line in open(out))
    print(f"{count} domains generated and served in {loaded:.1f} s (fixture DNS server, no injected latency)")
    print(f"dmarc-check survey --concurrency {concurrency}: {seconds:.1f} s, {count / seconds:.0f} domains/s, "
          f"{queries / seconds:.0f} queries/s, {queries / count:.1f} queries per domain, {lines} lines")
    print("summary: " + json.dumps({g: {c: f["count"] for c, f in summary[g].items()}
                                    for g in ("dmarc", "spf", "duplicates")}))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.survey", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("compare")
    one.add_argument("--domains", type=int, default=2000)
    one.add_argument("--peer-domains", type=int, default=40)
    one.add_argument("--latency", type=float, default=0.05)
    one.add_argument("--concurrency", type=int, default=300)
    two = sub.add_parser("scale")
    two.add_argument("--domains", type=int, default=100_000)
    two.add_argument("--concurrency", type=int, default=300)
    args = parser.parse_args(argv)
    if args.what == "compare":
        compare(args.domains, args.peer_domains, args.latency, args.concurrency)
    else:
        scale(args.domains, args.concurrency)


if __name__ == "__main__":
    main()
