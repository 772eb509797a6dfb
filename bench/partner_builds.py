"""Partner build time: the base site and every partner site in one run of
scripts/build_all.py, against the same sites built one command at a time, in the same
run of this benchmark, into temporary folders (site/ and build/partners/ are untouched).

Usage: python bench/partner_builds.py [--runs 3]

Measured (wall clock and CPU time of whole commands, median of --runs; on a busy
machine the wall clock varies from run to run, the CPU time much less):
  one run              scripts/build_all.py (runtime prepared once, builds side by side)
  one run, --jobs 1    the same, one build at a time: what sharing alone gives
  separately           scripts/build_site.py for the base, then
                       scripts/build_all.py --partner <id> for each partner
The checker runtime cache (build/checker-runtime/) is warm for all three: it is filled
by the first build ever and only copied afterwards, in every mode.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_ALL = ROOT / "scripts" / "build_all.py"
BUILD_SITE = ROOT / "scripts" / "build_site.py"
sys.path.insert(0, str(ROOT / "scripts"))

import partners  # noqa: E402


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: list[float] = []  # CPU seconds of each command timed, in order


def timed(command: list[str]) -> tuple[float, str]:
    """Wall time of one command (run from the project root); its output. Fails loudly.
    Its CPU time (user + system, children included) is appended to CPU."""
    cpu = cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - started
    CPU.append(cpu_of_children() - cpu)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:])} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return seconds, done.stdout


def per_site(output: str) -> dict[str, float]:
    """The "built: <name> in <s> s" lines of build_all.py."""
    return {m[1]: float(m[2]) for m in re.finditer(r"^built: (\S+) in ([\d.]+) s", output, re.M)}


def one_run(tmp: Path, jobs: int | None) -> tuple[float, dict[str, float]]:
    command = [sys.executable, str(BUILD_ALL), "--site-dir", str(tmp / "site"), "--out", str(tmp / "partners")]
    if jobs:
        command += ["--jobs", str(jobs)]
    seconds, output = timed(command)
    return seconds, per_site(output)


def separately(tmp: Path, ids: list[str]) -> tuple[float, dict[str, float]]:
    each = {"base": timed([sys.executable, str(BUILD_SITE), "-d", str(tmp / "site")])[0]}
    for pid in ids:
        each[pid] = timed([sys.executable, str(BUILD_ALL), "--partner", pid, "--out", str(tmp / "partners")])[0]
    return sum(each.values()), each


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the base and partner builds: one run vs separately.")
    parser.add_argument("--runs", type=int, default=1, help="repetitions; medians are reported (default: 1)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    ids = partners.partner_ids()
    modes = {"one run": lambda t: one_run(t, None), "one run, --jobs 1": lambda t: one_run(t, 1),
             "separately": lambda t: separately(t, ids)}
    totals: dict[str, list[float]] = {mode: [] for mode in modes}
    cpu: dict[str, list[float]] = {mode: [] for mode in modes}
    sites: dict[str, dict[str, list[float]]] = {mode: {} for mode in modes}
    try:
        # Warm-up: fills the checker runtime cache if it is cold, so no mode pays for it.
        with tempfile.TemporaryDirectory() as tmp:
            one_run(Path(tmp), None)
        for run in range(args.runs):
            # Rotate the order so that no mode always runs first (file cache, CPU boost).
            order = list(modes)[run % len(modes):] + list(modes)[:run % len(modes)]
            for mode in order:
                first = len(CPU)
                with tempfile.TemporaryDirectory() as tmp:
                    total, each = modes[mode](Path(tmp))
                totals[mode].append(total)
                cpu[mode].append(sum(CPU[first:]))
                for name, seconds in each.items():
                    sites[mode].setdefault(name, []).append(seconds)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    print(f"partner builds: base + {len(ids)} partners ({', '.join(ids)}), {os.cpu_count()} CPU cores, "
          f"load average {os.getloadavg()[0]:.1f}, median of {args.runs} run(s)")
    print("  wall clock and CPU time (user + system) of whole commands; per site: its build's wall clock")
    wall = {mode: statistics.median(values) for mode, values in totals.items()}
    used = {mode: statistics.median(values) for mode, values in cpu.items()}
    for mode in modes:
        detail = ", ".join(f"{name} {statistics.median(v):.2f}" for name, v in sites[mode].items())
        print(f"  {mode:<18} {wall[mode]:6.2f} s wall {used[mode]:6.2f} s CPU   ({detail})")
    for mode in ("one run", "one run, --jobs 1"):
        ratio = wall[mode] / wall["separately"]
        verdict = "not slower" if ratio <= 1 else "SLOWER"
        print(f"  {mode} / separately: wall {ratio:.2f}, CPU {used[mode] / used['separately']:.2f} "
              f"({verdict} than building each site on its own)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
