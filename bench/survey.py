"""Surveys: dmarc-check survey against checkdmarc's bulk mode, and a 100,000-domain run.

    .venv/bin/python -m bench.survey compare [--domains 2000] [--peer-domains 40] [--latency 0.05]
    .venv/bin/python -m bench.survey scale [--domains 100000] [--concurrency 64] [--keep DIR]

Both generate their domains and records (bench.survey.generate), and serve them with
the fixture DNS server in its own process. ``compare``: the same list, the same server
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
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .common import ROOT

SUFFIX = "bench-survey.example"
POLICIES = ("reject", "quarantine", "none", "none", None)   # None: no DMARC record


def generate(count: int) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Records (name, type, value) for ``count`` domains of a realistic shape, and their names.

    Every domain has SPF (its own address, and a shared mail provider two levels
    deep); DMARC cycles through reject, quarantine, none and none, and every fifth
    domain has none; every 50th domain has two SPF records."""
    records = [(f"_spf.provider.{SUFFIX}", "TXT", f'"v=spf1 include:_spf2.provider.{SUFFIX} ~all"'),
               (f"_spf2.provider.{SUFFIX}", "TXT", '"v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/48 ~all"')]
    domains = []
    for i in range(count):
        domain = f"d{i}.{SUFFIX}"
        records.append((domain, "TXT", f'"v=spf1 ip4:192.0.2.{i % 250} include:_spf.provider.{SUFFIX} -all"'))
        if i % 50 == 7:
            records.append((domain, "TXT", f'"v=spf1 ip4:203.0.113.{i % 250} -all"'))
        policy = POLICIES[i % len(POLICIES)]
        if policy:
            records.append((f"_dmarc.{domain}", "TXT", f'"v=DMARC1; p={policy}; rua=mailto:dmarc@{domain}"'))
        domains.append(domain)
    return records, domains


def _serve(records, latency: float, ready) -> None:
    """In the server's own process: the data built in code (a zone file this size parses slowly)."""
    import signal

    from tests.dnsfixture import DnsFixture, ZoneDB

    db = ZoneDB.from_text(f"$ORIGIN {SUFFIX}.\n@ SOA ns1 hostmaster 1 3600 600 86400 60\n")
    for name, rdtype, value in records:
        db.add(name, rdtype, value)
    db.exists(SUFFIX)   # computes the set of existing names now, not on the first query
    with DnsFixture(db, latency=latency) as fixture:
        ready.send(fixture.nameserver)
        signal.sigwait({signal.SIGTERM})


@contextmanager
def generated_server(records, latency: float):
    """The fixture DNS server serving ``records``, in a separate process; yields its nameserver."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(records, latency, sender))
    process.start()
    try:
        yield receiver.recv()
    finally:
        process.terminate()
        process.join(timeout=10)


def survey_seconds(listed: Path, nameserver: str, out: Path, concurrency: int, *extra: str
                   ) -> tuple[float, float, dict]:
    """Wall time and CPU time of the whole command, and its summary."""
    summary = out.with_suffix(".summary.json")
    cpu_before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "checker", "survey", str(listed), "--out", str(out),
                           "--summary", str(summary), "--concurrency", str(concurrency),
                           "--nameserver", nameserver, *extra], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 3):
        raise RuntimeError(done.stderr)
    return seconds, _children_cpu() - cpu_before, json.loads(summary.read_text())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    return "load average %.1f" % os.getloadavg()[0] + f" on {os.cpu_count()} CPUs"


def checkdmarc_bulk_seconds(listed: Path, nameserver: str, count: int) -> float:
    """checkdmarc's bulk mode on the first ``count`` domains of the list."""
    sample = listed.with_name("peer-domains.txt")
    sample.write_text("".join(listed.read_text().splitlines(keepends=True)[:count]))
    host, port = nameserver.rsplit(":", 1)
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "peer_checkdmarc.py"), "bulk", str(sample), host, port],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])["seconds"]


def compare(count: int, peer_count: int, latency: float, concurrency: int) -> None:
    records, domains = generate(count)
    with tempfile.TemporaryDirectory() as folder, generated_server(records, latency) as nameserver:
        listed = Path(folder) / "domains.txt"
        listed.write_text("\n".join(domains) + "\n")
        ours, cpu, summary = survey_seconds(listed, nameserver, Path(folder) / "out.jsonl", concurrency)
        peer = checkdmarc_bulk_seconds(listed, nameserver, peer_count)
    ours_each, peer_each = ours / count, peer / peer_count
    print(f"{latency * 1000:.0f} ms injected per answer, fixture DNS server, generated domains, {load_average()}")
    print(f"dmarc-check survey, {count} domains (whole command, --concurrency {concurrency}): {ours:7.2f} s = "
          f"{ours_each * 1000:7.1f} ms per domain  (CPU {cpu / count * 1000:.1f} ms per domain; "
          f"not known: {summary['dmarc']['not_known']['count']})")
    print(f"checkdmarc check_domains (bulk mode), first {peer_count} of them:        {peer:7.2f} s = "
          f"{peer_each * 1000:7.1f} ms per domain")
    print(f"checkdmarc / ours per domain = {peer_each / ours_each:.1f}x (target >= 50)")


def scale(count: int, concurrency: int, keep: Path | None) -> None:
    """``keep``: a folder for the list and the results, kept afterwards; a run cut short
    continues there with --resume (the figures then cover the resumed part only)."""
    start = time.perf_counter()
    records, domains = generate(count)
    with tempfile.TemporaryDirectory() as scratch, generated_server(records, 0.0) as nameserver:
        loaded = time.perf_counter() - start
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        listed = folder / "domains.txt"
        listed.write_text("\n".join(domains) + "\n")
        out = folder / "out.jsonl"
        resume = ("--resume",) if out.exists() else ()
        seconds, cpu, summary = survey_seconds(listed, nameserver, out, concurrency, *resume)
        lines = sum(1 for _ in open(out))
        queries = sum(json.loads(line)["queries"] for line in open(out))
    print(f"{count} domains generated and served in {loaded:.1f} s (fixture DNS server, no injected latency), "
          f"{load_average()}")
    print(f"dmarc-check survey --concurrency {concurrency}: {seconds:.1f} s, {count / seconds:.0f} domains/s, "
          f"{queries / seconds:.0f} queries/s asked by the checks, {queries / count:.1f} per domain, {lines} lines, "
          f"CPU {cpu:.0f} s ({cpu / count * 1000:.1f} ms per domain)")
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
    two.add_argument("--concurrency", type=int, default=64)
    two.add_argument("--keep", type=Path, metavar="DIR", help="keep the list and results here (resumed if present)")
    args = parser.parse_args(argv)
    if args.what == "compare":
        compare(args.domains, args.peer_domains, args.latency, args.concurrency)
    else:
        scale(args.domains, args.concurrency, args.keep)


if __name__ == "__main__":
    main()
