"""Python's own work in one whole check, inside Pyodide (the browser's interpreter) beside CPython.

The check of bench.example (bench/zones/full.zone: 71 queries, every protocol, what
checker.browser.run does: sections as they come, then the whole report and its view),
answered from memory with the answers' wire bytes (bench/check_cpu_probe.py): what is
left is the work no network makes shorter: encoding queries and decoding answers
(dnspython), the checks, the report, and asyncio's scheduling, which inside Pyodide goes
through JavaScript for every callback. Inside Pyodide it runs under Node with the wheels
the site ships (hooks/checker_runtime.py) and the same V8 as Chromium. Each interpreter
times 15 checks after 2 untimed ones; the medians and their ratio are printed.

A second check in the browser (bench/visitor_speed.py) cannot take less than this on top
of whatever part of the DNS lower bound it does not overlap.
Run: .venv/bin/python -m bench.check_cpu
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.pyodide.node_runner import HOST_SITE_PACKAGES, run_in_pyodide

from .common import ROOT

PROBE = ROOT / "bench" / "check_cpu_probe.py"


def in_cpython() -> dict:
    done = subprocess.run([sys.executable, str(PROBE), str(ROOT)], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.splitlines()[-1])


def in_pyodide() -> dict:
    sys.path.insert(0, str(ROOT))
    from hooks import checker_runtime

    # Pyodide's whole standard library and the host's dnspython: the fixture's zone reader
    # needs more than the site ships.
    done = run_in_pyodide(checker_runtime.prepare_runtime().folder, PROBE,
                          {ROOT / "tests": "/project/tests", ROOT / "bench": "/project/bench",
                           HOST_SITE_PACKAGES: "/host-site-packages"}, full_stdlib=True)
    if done.returncode:
        raise SystemExit(f"the probe failed inside Pyodide:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    cpython, pyodide = in_cpython(), in_pyodide()
    print(f"load average of this machine: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, result in (("CPython", cpython), ("Pyodide under Node", pyodide)):
        print(f"  {name:20} one whole check ({result['queries']} queries, answers from memory): "
              f"median {result['median_ms']:6.1f} ms, fastest {result['fastest_ms']:6.1f} ms")
    print(f"  Pyodide / CPython: {pyodide['median_ms'] / cpython['median_ms']:.1f}x (medians)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
