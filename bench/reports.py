"""Reading DMARC aggregate reports: checker.reports against parsedmarc, parse only, offline.

- the real corpus (../shared/corpus/dmarc-reports/: the aggregate reports both read),
  each file parsed ``--rounds`` times;
- a generated report of ``--records`` records (default 200,000, about 90 MB of XML).

parsedmarc (with its dependencies) is not one of ours: it runs in its own virtual
environment, made on first use under build/bench/parsedmarc/ (``pip install
parsedmarc==PEER_VERSION``), or the one given with ``--parsedmarc-python``. Both sides get the
file bytes already in memory, run in their own process, first read one small
report untimed (parsedmarc loads its address and reverse-DNS tables on first use,
about 0.2 s, which would otherwise count against it), and are timed around the
parsing only. The time compared is the CPU time of that process (the machine may
be shared: waiting for a core counts for neither side); wall time is printed too.
The figures and the ratio come from the same run.

What each side does in the timed part: parsedmarc, parse_aggregate_report_file()
offline (XML to a dict per report, each record normalised, the address looked up
in its bundled tables, no DNS); checker.reports, timed twice: parse only (the
container opened, the XML read into one record object per row, kept in a list: the
target's figure) and parse and sum (read_file() into one Analysis, each record summed
per source, reporter and day, as the page and the command line do). On the corpus
parsedmarc keeps an address cache across rounds; we keep nothing.

Run: .venv/bin/python -m bench.reports [--records 200000] [--rounds 20]
Target: at least 10 times faster than parsedmarc.

``--browser``: instead, read a generated report of about 100 MB in Chromium, in the
checker's worker, on the built site, and print the time and the longest pause of the
page's main thread meanwhile (how long the page would not respond).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dmarc-reports"
PEER_ENV = ROOT / "build" / "bench" / "parsedmarc"
PEER_VERSION = "11.1.0"  # the version the figures were measured against: another one moves the ratio
# read untimed by both sides before the clock starts (one record, not among the files timed twice)
WARM_UP = CORPUS / "aggregate_invalid" / "report_with_upper_cased_pass.xml"


def peer_python(given: str | None) -> str:
    if given:
        return given
    python = PEER_ENV / "bin" / "python"
    if not python.exists():
        print(f"making {PEER_ENV.relative_to(ROOT)} with parsedmarc (first run only)…", file=sys.stderr)
        venv.create(PEER_ENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"parsedmarc=={PEER_VERSION}"], check=True)
    return str(python)


def parsedmarc_run(python: str, files: list[Path]) -> dict:
    out = subprocess.run([python, str(ROOT / "bench" / "peer_parsedmarc.py"), str(WARM_UP), *map(str, files)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


# Our side, timed two ways: "parse" is what parsedmarc's timed part does (each file's
# container opened, the XML read into one record object per row, kept in a list);
# "parse and sum" is the page's and the command line's own work, read_file() into one
# Analysis (each record summed per source, reporter and day as it is read).
OURS = """
import io, json, sys, time
from checker.reports import Analysis, read_file
from checker.reports.aggregate import read_aggregate
from checker.reports.containers import parts, read_chunks
from checker.reports.limits import DEFAULT_LIMITS

def parse(path, data, records):
    for part in parts(path, read_chunks(io.BytesIO(data), DEFAULT_LIMITS), DEFAULT_LIMITS):
        if part.kind == "xml" and part.error is None:
            read_aggregate(part.chunks, lambda report, record: records.append(record), DEFAULT_LIMITS)

def parse_and_sum(path, data, analysis):
    read_file(analysis, path, io.BytesIO(data))

mode, warm_up, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
work, sink = (parse, []) if mode == "parse" else (parse_and_sum, Analysis())
datas = [open(p, 'rb').read() for p in paths]
work(warm_up, open(warm_up, 'rb').read(), [] if mode == "parse" else Analysis())  # as for parsedmarc
start, wall = time.process_time(), time.perf_counter()
for path, data in zip(paths, datas):
    work(path, data, sink)
seconds, wall = time.process_time() - start, time.perf_counter() - wall
messages = sum(r.count for r in sink) if mode == "parse" else sink.messages
print(json.dumps({'seconds': seconds, 'wall': wall, 'messages': messages}))
"""


def ours_run(files: list[Path], mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", OURS, mode, str(WARM_UP), *map(str, files)], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    return json.loads(out.splitlines()[-1])


def corpus_files() -> list[Path]:
    """Aggregate reports of the corpus that both tools read (no malformed ones)."""
    folder = CORPUS / "aggregate"
    if not folder.exists():
        sys.exit(f"the corpus is missing: {CORPUS}")
    skip = {"invalid_xml.xml", "invalid_utf_8.xml"}
    return sorted(p for p in folder.iterdir() if p.suffix != ".eml" and p.name not in skip)


def compare(label: str, python: str, files: list[Path]) -> float:
    """Prints both of our figures against parsedmarc's; returns the parse-only ratio (the target's)."""
    peer = parsedmarc_run(python, files)
    # (its version printed: its speed changes from one to the next, and so does the ratio)
    print(f"{label}: parsedmarc {peer['version']} {peer['seconds']:.3f} s CPU ({peer['messages']} messages, "
          f"{peer['failed']} files refused; wall {peer['wall']:.3f} s)")
    ratios = {}
    for mode, shown in (("parse", "parse"), ("sum", "parse and sum")):
        ours = ours_run(files, mode)
        ratios[mode] = peer["seconds"] / ours["seconds"]
        print(f"  checker.reports, {shown}: {ours['seconds']:.3f} s CPU ({ours['messages']} messages; wall "
              f"{ours['wall']:.3f} s): {ratios[mode]:.1f}x")
    return ratios["parse"]


def parse_bench(args) -> int:
    from tests.report_factory import many_rows, write_aggregate

    python = peer_python(args.parsedmarc_python)
    files = corpus_files() * args.rounds
    ratios = [compare(f"corpus ({len(files) // args.rounds} aggregate reports x {args.rounds})", python, files)]
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "generated.xml"
        with big.open("wb") as stream:
            write_aggregate(stream, many_rows(args.records))
        print(f"generated report: {args.records} records, {big.stat().st_size / 1e6:.0f} MB", file=sys.stderr)
        ratios.append(compare(f"generated ({args.records} records)", python, [big]))
    print(f"target: at least 10x faster, parse only; worst measured: {min(ratios):.1f}x")
    return 0 if min(ratios) >= 10 else 1


def browser_bench(args) -> int:
    from playwright.sync_api import sync_playwright

    from tests.browser import harness
    from tests.chromium import launch
    from tests.report_factory import many_rows, write_aggregate

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        report = folder / "large.xml"
        with report.open("wb") as stream:
            write_aggregate(stream, many_rows(args.browser_records))
        size = report.stat().st_size
        site = harness.build_test_site(folder / "build", ["http://127.0.0.1:9/dns-query"])
        with harness.serve(site) as url, sync_playwright() as playwright:
            browser = launch(playwright)
            tab = browser.new_context().new_page()
            tab.set_default_timeout(600_000)
            tab.goto(url + "en/dmarc/reports/")
            tab.wait_for_selector(".report-reader[data-state=idle]")
            tab.uncheck(".report-reader__options input >> nth=0")  # parse only: no DNS
            # The page's main thread: the longest gap between two timer ticks while reading.
            tab.evaluate("""() => { window.__gaps = []; let last = performance.now();
                const reader = document.querySelector(".report-reader");
                window.__timer = setInterval(() => { const now = performance.now();
                window.__gaps.push([now - last, reader.dataset.state]); last = now; }, 10); }""")
            started = time.perf_counter()
            tab.set_input_files(".report-reader__input:not([webkitdirectory])", str(report))
            tab.wait_for_selector(".report-reader[data-state=done]")
            wall = time.perf_counter() - started
            gaps = tab.evaluate("() => { clearInterval(window.__timer); return window.__gaps; }")
            run_ms = int(tab.locator(".report-reader").get_attribute("data-run-ms"))
            summary = tab.locator(".report-reader__summary").inner_text()
            browser.close()
    print(f"browser: {size / 1e6:.0f} MB report ({args.browser_records} records) read in the worker in "
          f"{run_ms / 1000:.1f} s (page: {wall:.1f} s from choosing the file to the results)")
    reading = [gap for gap, state in gaps if state == "reading"]
    print(f"page main thread while the worker reads: longest pause {max(reading):.0f} ms over "
          f"{len(reading)} timer ticks of 10 ms; showing the results: {max(g for g, s in gaps if s == 'done'):.0f} ms")
    print(summary)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--parsedmarc-python", help="a Python that has parsedmarc (default: build/bench/parsedmarc)")
    parser.add_argument("--browser", action="store_true", help="the in-browser benchmark instead")
    parser.add_argument("--browser-records", type=int, default=215_000, help="about 100 MB of XML")
    args = parser.parse_args()
    return browser_bench(args) if args.browser else parse_bench(args)


if __name__ == "__main__":
    sys.exit(main())
