"""The command line's own cost: `dmarc-check --help`, and a whole check, each in a fresh process.

- `dmarc-check --help`: wall and CPU time (user + system), fastest and median of N runs,
  beside `python -c pass` (the interpreter alone) measured the same way;
- `dmarc-check bench.example --nameserver <fixture>` with 50 ms added to every answer:
  wall time against 2 x the DNS lower bound (3 dependent queries x one round trip, see
  bench/full_check.py) plus the start-up (`--help`'s median), all measured in this run.

CPU time is printed because wall time on a busy machine mostly measures the others.
Run: .venv/bin/python -m bench.cli_speed [--runs 10]
Targets (issue 11): --help under 0.15 s; the check within 2 x the DNS lower bound + start-up.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .common import ROOT, fixture_server, round_trip

DOMAIN = "bench.example"
LATENCY = 0.05
CHAIN = 3
HELP_TARGET = 0.15
CLI = Path(sys.executable).with_name("dmarc-check")


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def series(command: list[str], runs: int) -> dict[str, float]:
    samples = [timed(command) for _ in range(runs)]
    walls, cpus = [w for w, _ in samples], [c for _, c in samples]
    return {"wall_min": min(walls), "wall_median": statistics.median(walls),
            "cpu_min": min(cpus), "cpu_median": statistics.median(cpus)}


def show(label: str, figures: dict[str, float]) -> None:
    print(f"  {label:38} wall {figures['wall_min'] * 1000:6.0f} ms fastest, {figures['wall_median'] * 1000:6.0f} ms "
          f"median | CPU {figures['cpu_min'] * 1000:5.0f} ms fastest, {figures['cpu_median'] * 1000:5.0f} ms median")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"load average of this machine: {', '.join(f'{x:.1f}' for x in os.getloadavg())}; {args.runs} runs each")
    bare = series([sys.executable, "-c", "pass"], args.runs)
    help_ = series([str(CLI), "--help"], args.runs)
    show("python -c pass", bare)
    show("dmarc-check --help", help_)
    with fixture_server(ROOT / "bench" / "zones" / "full.zone", LATENCY) as server:
        rtt = round_trip(server["nameserver"], DOMAIN)
        check = series([str(CLI), DOMAIN, "--nameserver", server["nameserver"], "--json"], max(3, args.runs // 2))
    show(f"dmarc-check {DOMAIN} ({LATENCY * 1000:.0f} ms per answer)", check)
    bound = CHAIN * rtt
    target = 2 * bound + help_["wall_median"]
    help_ok = help_["wall_min"] <= HELP_TARGET
    check_ok = check["wall_median"] <= target
    print(f"--help, fastest wall: {help_['wall_min'] * 1000:.0f} ms (target < {HELP_TARGET * 1000:.0f} ms) "
          f"{'met' if help_ok else 'MISSED'}")
    print(f"whole check, median wall: {check['wall_median'] * 1000:.0f} ms; DNS lower bound {bound * 1000:.0f} ms "
          f"({CHAIN} x round trip {rtt * 1000:.0f} ms); target 2 x bound + start-up ({help_['wall_median'] * 1000:.0f}"
          f" ms) = {target * 1000:.0f} ms {'met' if check_ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
