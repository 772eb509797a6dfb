"""The checker in the browser: time to the first result, cold and warm, and bytes.

In Debian's headless Chromium, against the site built with hooks/checker_runtime.py
(extra.checker.doh pointing at the fixture DoH server, which runs in its own process
with bench/zones/full.zone), served by scripts/serve.py on 127.0.0.1:

- cold: a new browser context (empty HTTP cache), from navigation to the first result
  of a full check of bench.example (tests/browser/checker_page.html starts it at once);
- warm: the same context, page reloaded (HTTP cache filled);
- each with the worker's breakdown: Pyodide ready, wheels loaded, import, the check
  (and within the check: time with DNS requests in flight, and the Python rest);
- bytes transferred (bodies and headers) by the page that runs the checker, cold, and
  by article pages: as scripts/serve.py sends them (uncompressed), and with each body
  gzipped as a production web server would.

Run: .venv/bin/python -m bench.browser_checker [--runs 3] [--latency 0]
Targets (2-core machine): cold <= 4 s, warm <= 2 s, Python part of a check <= 150 ms
beyond network time, an article page < 400 KB.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from tests import chromium
from tests.browser import harness

from .common import ROOT, fixture_server

DOMAIN = "bench.example"
ARTICLES = ("en/spf/limits/", "spf/", "fr/dmarc/myths/")
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml"}
TARGETS = {"cold": 4000, "warm": 2000, "python": 150, "article_kb": 400}


def transferred(requests, site_dir: Path) -> tuple[int, int, int]:
    """(bytes, bytes if gzipped, count) of finished requests: bodies plus all headers.

    scripts/serve.py does not compress; a production web server gzips text, JSON and
    WebAssembly, so the second figure is the same transfer with each such file of the
    site gzipped (read from the built site; other bodies count as sent).
    """
    total = gzipped = 0
    for request in requests:
        sizes = request.sizes()
        headers = sizes["responseHeadersSize"] + sizes["requestHeadersSize"]
        total += sizes["responseBodySize"] + headers
        gzipped += headers + _gzipped_size(site_dir, request.url, sizes["responseBodySize"])
    return total, gzipped, len(requests)


def _gzipped_size(site_dir: Path, url: str, sent: int) -> int:
    path = urlsplit(url).path
    file = site_dir / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    if sent == 0 or file.suffix not in COMPRESSED_SUFFIXES or not file.is_file():
        return sent
    return min(sent, len(gzip.compress(file.read_bytes(), 6)))


def first_result(page, url: str) -> dict:
    page.goto(url)
    outcome = page.evaluate("() => window.firstResult")
    data = outcome["data"]
    if "error" in data:
        raise RuntimeError(f"the check failed: {data['error']}")
    return {"ms": outcome["ms"], "timing": data["timing"], "grade": data["report"]["verdict"]["grade"],
            "queries": data["report"]["queries"]}


def measure_runs(browser, url: str, runs: int, site_dir: Path) -> tuple[list[dict], list[dict], dict]:
    cold, warm, cold_bytes = [], [], {}
    for _ in range(runs):
        context = browser.new_context()
        finished = []
        context.on("requestfinished", lambda request: finished.append(request))
        page = context.new_page()
        page.set_default_timeout(60_000)
        cold.append(first_result(page, url))
        site = [r for r in finished if urlsplit(r.url).netloc == urlsplit(url).netloc]
        cold_bytes = {"site": transferred(site, site_dir),
                      "dns": transferred([r for r in finished if r not in site], site_dir)}
        warm.append(first_result(page, url))
        context.close()
    return cold, warm, cold_bytes


def article_bytes(browser, site_url: str, site_dir: Path) -> dict[str, tuple[int, int, int]]:
    result = {}
    for path in ARTICLES:
        context = browser.new_context()
        finished = []
        context.on("requestfinished", lambda request: finished.append(request))
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        result[path] = transferred(finished, site_dir)
        context.close()
    return result


def breakdown(sample: dict) -> str:
    t, boot = sample["timing"], sample["timing"]["boot"]
    return (f"{sample['ms']:6.0f} ms | Pyodide ready {boot['pyodide_ms']:5.0f}, wheels {boot['packages_ms']:4.0f}, "
            f"import {boot['import_ms']:4.0f} (worker ready at {boot['ready_ms']:5.0f}) | "
            f"check {t['check_ms']:5.0f} = DNS in flight {t['network_ms']:5.0f} + Python {t['python_ms']:4.0f}")


def median_sample(samples: list[dict]) -> dict:
    return sorted(samples, key=lambda s: s["ms"])[len(samples) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the in-browser checker, cold and warm.")
    parser.add_argument("--runs", type=int, default=3, help="cold+warm pairs; medians reported (default 3)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the DNS fixture adds to each answer")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    from playwright.sync_api import sync_playwright

    with fixture_server(ROOT / "bench" / "zones" / "full.zone", args.latency) as server, \
            tempfile.TemporaryDirectory() as tmp:
        site_dir = harness.build_test_site(Path(tmp), [server["doh_url"]])
        with harness.serve(site_dir) as site_url, sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            url = harness.checker_page_url(site_url, domain=DOMAIN, lang="en")
            cold, warm, cold_bytes = measure_runs(browser, url, args.runs, site_dir)
            articles = article_bytes(browser, site_url, site_dir)
            browser.close()

    sample = cold[0]
    print(f"in-browser check of {DOMAIN}: grade {sample['grade']}, {sample['queries']} DNS queries over DoH "
          f"(HTTP/1.1 fixture, {args.latency * 1000:.0f} ms added per answer); {args.runs} run(s), each line "
          "navigation -> first result")
    for name, samples in (("cold", cold), ("warm", warm)):
        for i, s in enumerate(samples, 1):
            print(f"  {name} {i}: {breakdown(s)}")
    cold_ms = statistics.median(s["ms"] for s in cold)
    warm_ms = statistics.median(s["ms"] for s in warm)
    python_ms = statistics.median(s["timing"]["python_ms"] for s in cold + warm)
    print(f"cold, median:  {cold_ms:6.0f} ms (target <= {TARGETS['cold']})")
    print(f"warm, median:  {warm_ms:6.0f} ms (target <= {TARGETS['warm']})")
    print(f"Python part of the check beyond DNS time, median: {python_ms:.0f} ms (target <= {TARGETS['python']})")
    site_bytes, site_gzipped, site_count = cold_bytes["site"]
    dns_bytes, _, dns_count = cold_bytes["dns"]
    print(f"page running the checker, cold: {site_bytes / 1e6:.2f} MB as served here, {site_gzipped / 1e6:.2f} MB "
          f"gzipped, in {site_count} requests from the site (+ {dns_bytes / 1e3:.0f} KB in {dns_count} DoH requests)")
    for path, (size, gzipped_size, count) in articles.items():
        print(f"article /{path}: {size / 1e3:.0f} KB as served here, {gzipped_size / 1e3:.0f} KB gzipped, "
              f"in {count} requests (target < {TARGETS['article_kb']} KB, judged gzipped)")
    met = (cold_ms <= TARGETS["cold"] and warm_ms <= TARGETS["warm"] and python_ms <= TARGETS["python"]
           and all(gzipped_size < TARGETS["article_kb"] * 1000 for _, gzipped_size, _ in articles.values()))
    print("targets met" if met else "targets NOT all met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
