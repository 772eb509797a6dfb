"""The in-browser checker where visitors are: Chromium's own network and CPU emulation.

The real checker page (/en/checker/?domain=bench.example) of a site built with the
checker runtime, served by scripts/serve.py as a production host would (precompressed
files, long-lived caching of the content-hashed runtime), DNS over HTTPS over HTTP/2 and
TLS (bench/doh_h2.py) with bench/zones/full.zone. Chromium's DevTools protocol throttles
the page and its worker (Network.emulateNetworkConditions, Emulation.setCPUThrottlingRate,
set on the page and on the worker's own target). Chromium refuses both on a worker's
target ("Not supported", "only supported for pages"): the report says so, and times one
JavaScript loop in the page and in the worker. The worker's requests were seen to follow
the page's network conditions; its CPU is not slowed, so on the phone profile Python
(start-up, imports, the check) runs at this machine's speed and those figures are low.

Two profiles: desktop (50 Mbit/s down, 20 ms) and phone (10 Mbit/s down, 60 ms, CPU 4x
slower); upload is given the download's rate (the profiles name none). For each:

- first visit: a new browser context (empty HTTP cache), navigation -> verdict shown;
- returning visitor: a new tab in the same context (HTTP cache filled), navigation -> verdict;
- second check on the same page: another domain typed in the form, submit -> verdict;

and what compiling the runtime's WebAssembly costs in the worker (twice, from the HTTP
cache), beside Pyodide's whole start-up: the most a cache of the compiled module could save;
with the breakdown from the page's performance marks (client.js): bytes, worker started,
Pyodide ready, wheels, imports, the check (DNS in flight, Python), and the bytes received
per file on the first visit. The DNS lower bound of a check is measured in the same run,
under the same emulation: the checker's worker replays the check's own DoH requests with fetch(),
each wave of independent queries at once (bench/query_waves.py: 55, 14 and 1 requests
for bench.example), alternating with the second checks, and the ratio is the median of
each check over the replay beside it. The older bound, the longest chain of dependent
queries (3, see bench/full_check.py) times one DoH round trip, is printed too: it leaves
out what 70 requests cost the browser and the server, which no client avoids.

Run: .venv/bin/python -m bench.visitor_speed [--profile phone|desktop] [--runs 1] [--second-checks 5]
Targets (issue 11): phone first visit <= 6 s and <= 4 MB; desktop first visit <= 2.5 s;
returning visitor <= 1.2 s; second check <= 1.3 x the DNS lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests import chromium
from tests.browser import harness

from .common import ROOT
from .query_waves import doh_waves

DOMAIN = "bench.example"
SECOND_DOMAIN = "bench.example"  # the same answers, so the two checks compare
CHAIN = 3  # dependent queries on the longest path of bench.example (bench/full_check.py)


@dataclass(frozen=True)
class Profile:
    name: str
    down_mbit: float
    latency_ms: float
    cpu: float
    targets: dict


PROFILES = {
    # No emulation: what this machine does by itself, the floor under the two others.
    "unthrottled": Profile("unthrottled", 0, 0, 1, {}),
    "desktop": Profile("desktop", 50, 20, 1, {"first_ms": 2500, "returning_ms": 1200}),
    "phone": Profile("phone", 10, 60, 4, {"first_ms": 6000, "first_mb": 4.0, "returning_ms": 1200}),
}
SECOND_CHECK_TARGET = 1.3  # x the DNS lower bound


class Throttle:
    """Applies a profile to a page and to every worker it starts, through CDP."""

    def __init__(self, context, page, profile: Profile):
        self.profile = profile
        self._pending: list = []
        self.session = context.new_cdp_session(page)
        self._apply(self.session.send)
        # The checker's worker is a target of its own: attach to it and try to throttle it.
        self.session.on("Target.attachedToTarget", self._attached)
        self.session.on("Target.receivedMessageFromTarget", self._answered)
        # Not paused on start: Chromium refuses the emulation on a worker's target anyway (see
        # `refused`), and holding a worker until this loop has tried delays its start by the
        # round trips of this process, several hundred ms on a loaded machine.
        self.session.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False,
                                                   "flatten": False})
        self.workers = 0
        self.sent: dict[tuple[str, int], str] = {}   # (worker session, message id) -> method
        self.refused: dict[str, str] = {}            # method -> what the worker's target answered

    def _apply(self, send) -> None:
        if not self.profile.down_mbit:
            return
        rate = self.profile.down_mbit * 1e6 / 8
        send("Network.enable", {})
        send("Network.emulateNetworkConditions", {"offline": False, "latency": self.profile.latency_ms,
                                                  "downloadThroughput": rate, "uploadThroughput": rate})
        send("Emulation.setCPUThrottlingRate", {"rate": self.profile.cpu})

    def _attached(self, event) -> None:
        session_id = event["sessionId"]
        counter = [0]

        def send(method, params):  # through the page's session: Playwright has none for a worker
            counter[0] += 1
            self.sent[(session_id, counter[0])] = method
            message = {"id": counter[0], "method": method, "params": params}
            self.session.send("Target.sendMessageToTarget", {"sessionId": session_id,
                                                             "message": json.dumps(message)})

        def apply():  # not from inside the event handler: Playwright's dispatcher is busy
            try:
                self._apply(send)
                self.workers += 1
            except Exception as error:  # noqa: BLE001 - reported, the run goes on unthrottled
                print(f"warning: could not throttle the worker: {error}", file=sys.stderr)

        self._pending.append(apply)

    def _answered(self, event) -> None:
        """Chromium refuses some emulation on a worker's target: note which (the report says so)."""
        message = json.loads(event["message"])
        method = self.sent.get((event.get("sessionId"), message.get("id")))
        if method and "error" in message:
            self.refused[method] = message["error"].get("message", "")

    def flush(self) -> None:
        while self._pending:
            self._pending.pop(0)()


@dataclass
class Visit:
    ms: float                 # navigation (or submit) -> verdict shown
    marks: dict               # checker:* marks, ms since navigation
    timing: dict              # the worker's timing of the check
    files: list               # (path, bytes received) per request, this visit


def wait_for_verdict(page, throttle: Throttle, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        throttle.flush()
        if page.evaluate("() => document.querySelector('.email-checker')?.dataset.state") in ("done", "failed",
                                                                                              "error"):
            return
        page.wait_for_timeout(20)
    raise TimeoutError("no verdict within the time allowed")


MARKS_JS = """() => Object.fromEntries(performance.getEntriesByType('mark')
    .filter(m => m.name.startsWith('checker:')).map(m => [m.name, m.startTime]))"""
RESULTS_JS = """() => performance.getEntriesByName('checker:result').map(m => [m.startTime, m.detail.timing])"""
SHOWN_JS = """() => performance.now()"""


def visit(context, url: str, profile: Profile, received: list) -> tuple[Visit, object, Throttle]:
    page = context.new_page()
    page.set_default_timeout(120_000)
    throttle = Throttle(context, page, profile)
    start = len(received)
    page.goto(url, wait_until="commit")
    wait_for_verdict(page, throttle)
    shown = page.evaluate(SHOWN_JS)
    state = page.evaluate("() => document.querySelector('.email-checker').dataset.state")
    if state != "done":
        raise RuntimeError(f"the check ended in state {state!r}")
    marks = page.evaluate(MARKS_JS)
    (_, timing), = page.evaluate(RESULTS_JS)[-1:]
    return Visit(shown, marks, timing, received[start:]), page, throttle


def second_check(page, throttle: Throttle, domain: str) -> Visit:
    results = len(page.evaluate(RESULTS_JS))
    page.fill("input[name=domain]", domain)
    page.evaluate(SUBMIT_JS)
    page.wait_for_function(f"() => performance.getEntriesByName('checker:result').length > {results}",
                           timeout=120_000)
    wait_for_verdict(page, throttle)
    ms = page.evaluate("() => performance.getEntriesByName('bench:shown').at(-1).startTime"
                       " - performance.getEntriesByName('bench:submit').at(-1).startTime")
    (_, timing), = page.evaluate(RESULTS_JS)[-1:]
    return Visit(ms, page.evaluate(SECOND_MARKS_JS), timing, [])


# The click from inside the page (Playwright's own click first waits for the button to be
# stable and scrolls it into view), and the moment the page says "done", marked by an
# observer instead of found by polling.
SUBMIT_JS = """() => {
    const host = document.querySelector('.email-checker');
    const observer = new MutationObserver(() => {
        if (host.dataset.state === 'done') { performance.mark('bench:shown'); observer.disconnect(); }
    });
    observer.observe(host, { attributes: true, attributeFilter: ['data-state'] });
    performance.mark('bench:submit');
    host.querySelector('button[type=submit]').click();
}"""


# Where a second check's time goes on the page's side: submit -> request posted to the
# worker -> result received (the worker's own run inside) -> verdict shown.
SECOND_MARKS_JS = """() => {
    const last = (name) => performance.getEntriesByName(name).at(-1).startTime;
    return { posted: last('checker:check') - last('bench:submit'),
             answered: last('checker:result') - last('checker:check'),
             shown: last('bench:shown') - last('checker:result') };
}"""


REPLAY_JS = """async (waves) => {
    const start = performance.now();
    for (const wave of waves) {
        await Promise.all(wave.map((url) => fetch(url, { cache: 'no-store', credentials: 'omit',
            headers: { accept: 'application/dns-message' } }).then((r) => r.arrayBuffer())));
    }
    return performance.now() - start;
}"""


def replay(worker, waves: list[list[str]]) -> float:
    """Ms for the checker's worker to fetch the check's DoH requests, wave after wave, nothing
    else done: the same thread, the same emulation as the check's own requests."""
    return worker.evaluate(REPLAY_JS, waves)


# The same JavaScript loop in the page and in the worker: whether the CPU slowdown reached both.
CPU_LOOP_JS = """() => { const t = performance.now(); let x = 0;
    for (let i = 0; i < 2e7; i++) x += i % 7; return performance.now() - t; }"""


# Item 4's question: what would a cache of the compiled WebAssembly save a returning visitor?
# Compiling the runtime's module again in the worker, from the HTTP cache, twice (a second
# compile would be shorter if Chromium's compiled-code cache served it).
COMPILE_JS = """async () => {
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.endsWith('.asm.wasm'));
    const times = [];
    for (let i = 0; i < 2; i++) {
        const t = performance.now();
        await WebAssembly.compileStreaming(fetch(url));
        times.push(performance.now() - t);
    }
    return times;
}"""


def checker_worker(page):
    return next(w for w in page.workers if "assets/checker/worker.js" in w.url)


def doh_round_trip(page, doh_url: str, samples: int = 5) -> float:
    """Median ms of one DoH query from the page (connection already open), under the emulation."""
    script = """async ([url, n]) => {
        const times = [];
        for (let i = 0; i < n; i++) {
            const t = performance.now();
            const q = 'AAABAAABAAAAAAAAA3J0dAViZW5jaAdleGFtcGxlAAAQAAE'; // rtt.bench.example TXT
            await (await fetch(url + '?dns=' + q, { cache: 'no-store' })).arrayBuffer();
            times.push(performance.now() - t);
        }
        return times;
    }"""
    return statistics.median(page.evaluate(script, [doh_url, samples]))


def record_bytes(context, site_netloc: str, received: list) -> None:
    def finished(request):
        if urlsplit(request.url).netloc != site_netloc:
            return
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - a request of a closed page
            return
        response = request.response()
        cached = response is not None and response.from_service_worker
        body = 0 if cached else sizes["responseBodySize"]
        received.append((urlsplit(request.url).path, body + sizes["responseHeadersSize"]))

    context.on("requestfinished", finished)


def per_file(files: list) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    for path, size in files:
        totals[path] = totals.get(path, 0) + size
    return sorted(totals.items(), key=lambda item: -item[1])


def breakdown(v: Visit) -> str:
    m, t = v.marks, v.timing
    boot = t.get("boot", {})
    parts = [f"verdict at {v.ms:6.0f} ms"]
    if "posted" in m:
        parts.append(f"posted {m['posted']:4.0f}, answered after {m['answered']:5.0f} (worker's run "
                     f"{t.get('run_ms', 0):5.0f}), verdict shown {m['shown']:4.0f} later")
    elif m:
        parts.append(f"worker status at {m.get('checker:loading-python', 0):5.0f}, ready at "
                     f"{m.get('checker:ready', 0):5.0f} (Pyodide {boot.get('pyodide_ms', 0):5.0f}, wheels "
                     f"{boot.get('packages_ms', 0):4.0f}, imports {boot.get('import_ms', 0):4.0f})")
    parts.append(f"check {t.get('check_ms', 0):5.0f} = DNS in flight {t.get('network_ms', 0):5.0f} + Python "
                 f"{t.get('python_ms', 0):4.0f}, {t.get('requests', 0)} DoH requests")
    return " | ".join(parts)


def run_profile(browser, site_url: str, doh_url: str, waves: list, profile: Profile, runs: int,
                seconds: int) -> dict:
    url = site_url + f"en/checker/?domain={DOMAIN}"
    netloc = urlsplit(site_url).netloc
    first, returning, second, rtts, first_files, replays, loops, compiles = [], [], [], [], [], [], [], []
    refused: dict[str, str] = {}
    for _ in range(runs):
        context = browser.new_context()
        received: list = []
        record_bytes(context, netloc, received)
        v, page, _ = visit(context, url, profile, received)
        first.append(v)
        first_files = v.files
        page.close()
        v, page, throttle = visit(context, url, profile, received)
        returning.append(v)
        refused.update(throttle.refused)
        worker = checker_worker(page)
        for _ in range(seconds):  # alternated, so that the machine's load weighs on both alike
            second.append(second_check(page, throttle, SECOND_DOMAIN))
            replays.append(replay(worker, waves))
        rtts.append(doh_round_trip(page, doh_url))
        loops.append((page.evaluate(CPU_LOOP_JS), worker.evaluate(CPU_LOOP_JS)))
        compiles.extend(worker.evaluate(COMPILE_JS))
        context.close()
    return {"first": first, "returning": returning, "second": second, "rtt": statistics.median(rtts),
            "files": per_file(first_files), "replays": replays, "waves": [len(w) for w in waves],
            "loops": loops, "refused": refused, "compiles": compiles}


def report(profile: Profile, result: dict) -> bool:
    p, t = profile, profile.targets
    conditions = (f"{p.down_mbit:g} Mbit/s down and up, {p.latency_ms:g} ms latency, CPU {p.cpu:g}x slower"
                  if p.down_mbit else "no emulation")
    print(f"\n== {p.name}: {conditions}; load average of this machine now: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name in ("first", "returning", "second"):
        for i, v in enumerate(result[name], 1):
            print(f"  {name:9} {i}: {breakdown(v)}")
    first_ms = statistics.median(v.ms for v in result["first"])
    returning_ms = statistics.median(v.ms for v in result["returning"])
    second_ms = statistics.median(v.ms for v in result["second"])
    total = sum(size for _, size in result["files"])
    bound = statistics.median(result["replays"])
    ratio = statistics.median(v.ms / r for v, r in zip(result["second"], result["replays"]))
    chain_bound = CHAIN * result["rtt"]
    met = True
    print(f"  bytes received on the first visit (bodies as sent + headers), {total / 1e6:.2f} MB:")
    for path, size in result["files"][:12]:
        print(f"    {size / 1e3:8.1f} KB  {path}")
    rest = result["files"][12:]
    if rest:
        print(f"    {sum(s for _, s in rest) / 1e3:8.1f} KB  {len(rest)} other requests")

    def line(label, value, target, unit="ms"):  # prints one figure against its target
        nonlocal met
        ok = value <= target
        met &= ok
        print(f"  {label:34} {value:8.0f} {unit} (target <= {target:g} {unit}) {'met' if ok else 'MISSED'}")

    returning_bytes = sum(size for v in result["returning"] for _, size in v.files) / len(result["returning"])
    print(f"  bytes received by the returning visitor: {returning_bytes / 1e3:.1f} KB")
    for method, answer in result["refused"].items():
        print(f"  NOT APPLIED in the worker: {method} ({answer}): its figures are the page's conditions only "
              "where the browser shares them with the worker")
    print("  CPU: one JavaScript loop took " + ", ".join(f"{p:.0f} ms in the page and {w:.0f} ms in the worker"
                                                      for p, w in result["loops"]))
    pyodide_ms = statistics.median(v.timing.get("boot", {}).get("pyodide_ms", 0) for v in result["returning"])
    print(f"  compiling the runtime's WebAssembly again in the worker: "
          f"{', '.join(f'{c:.0f}' for c in result['compiles'])} ms, of the returning visitor's Pyodide "
          f"start-up of {pyodide_ms:.0f} ms: what a cache of the compiled module could save at most")
    print(f"  DNS lower bound: the check's {'+'.join(map(str, result['waves']))} DoH requests replayed by the worker, "
          f"wave after wave: {', '.join(f'{r:.0f}' for r in result['replays'])} ms (median {bound:.0f}); "
          f"{CHAIN} x one round trip would say {chain_bound:.0f} ms (second check / that = "
          f"{second_ms / chain_bound:.2f})")
    if not t:
        print(f"  first visit {first_ms:.0f} ms, returning {returning_ms:.0f} ms, second check {second_ms:.0f} ms "
              f"= {ratio:.2f} x the DNS lower bound {bound:.0f} ms (no targets: the machine's floor)")
        return met
    line("first visit, to the verdict", first_ms, t["first_ms"])
    if "first_mb" in t:
        ok = total / 1e6 <= t["first_mb"]
        met &= ok
        print(f"  {'first visit, transferred':34} {total / 1e6:8.2f} MB (target <= {t['first_mb']:g} MB) "
              f"{'met' if ok else 'MISSED'}")
    line("returning visitor, to the verdict", returning_ms, t["returning_ms"])
    ok = ratio <= SECOND_CHECK_TARGET
    met &= ok
    print(f"  {'second check on the same page':34} {second_ms:8.0f} ms = {ratio:.2f} x the DNS lower bound "
          f"{bound:.0f} ms (median of each check over its replay; target <= {SECOND_CHECK_TARGET}) "
          f"{'met' if ok else 'MISSED'}")
    return met


@contextmanager
def doh_server(zone: Path):
    """bench/doh_h2.py in its own process; yields {"url", "spki"}."""
    process = subprocess.Popen([sys.executable, "-m", "bench.doh_h2", "--zones", str(zone)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the HTTP/2 DoH server did not start")
        yield json.loads(line)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the in-browser checker under network and CPU emulation.")
    parser.add_argument("--profile", choices=[*PROFILES, "all"], default="all")
    parser.add_argument("--runs", type=int, default=1, help="visits per kind; medians reported (default 1)")
    parser.add_argument("--second-checks", type=int, default=5,
                        help="second checks per visit, each beside a replay of its DNS requests (default 5)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    profiles = list(PROFILES.values()) if args.profile == "all" else [PROFILES[args.profile]]
    met = True
    with doh_server(ROOT / "bench" / "zones" / "full.zone") as doh, tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        site_dir = harness.build_test_site(Path(tmp), [doh["url"]])
        print(f"site built in {time.perf_counter() - started:.0f} s; DoH over HTTP/2 + TLS at {doh['url']}")
        # Before Playwright's loop runs in this thread: the check runs in memory to find the waves.
        waves = doh_waves(ROOT / "bench" / "zones" / "full.zone", SECOND_DOMAIN, doh["url"])
        with harness.serve(site_dir) as site_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium.CHROMIUM), headless=True,
                args=[*chromium.CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={doh['spki']}"])
            for profile in profiles:
                met &= report(profile, run_profile(browser, site_url, doh["url"], waves, profile, args.runs,
                                                   args.second_checks))
            browser.close()
    print("\ntargets met" if met else "\ntargets NOT all met (see MISSED above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
