"""The browser edge of the report reader: what the web worker calls
(docs/assets/reports/worker-reports.js, loaded by docs/assets/checker/worker.js).

    result_json = await run(request_json, progress=None)

Request (JSON object):
    files        [{"path": where the worker wrote the file in Pyodide's memory file
                 system, "name": the name the visitor sees}, ...] (required)
    lang, site_root, site_default, doh, timeout: as for checker.browser
    dns          evaluate failing sources against the domains' SPF records (default true)
    reverse_dns  reverse DNS names for the N largest sources (0 to 100; default 0)

Result: {"document": <the JSON document of ``dmarc-check report --json``>,
         "view": <checker.reports.present.present() in the reader's language>,
         "timing": {"read_ms", "dns_ms", "requests"}}
or {"error": {"code", "message"}, "timing": {...}} as in checker.browser.

``progress(file, bytes_read)``, when given, is called as each file is read (at most
every 100 ms), for the page to show that a large file is moving.

The files never leave the visitor's machine: only DNS queries (SPF records of the
domains in the reports, and PTR when asked) go to the DoH resolver.
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable

from ..browser import TimedHttpClient
from ..browser_request import RequestError, doh_resolver, internal_message, language, messages, parse_request
from ..dns.http import default_http_client
from ..i18n import DEFAULT_LANGUAGE, SITE_DEFAULT_LANGUAGE
from .analysis import Analysis
from .classify import MAX_REVERSE_DNS, classify
from .present import present
from .reader import read_file

MAX_FILES = 10_000
PROGRESS_INTERVAL = 0.1


async def run(request_json: str, progress: Callable[[str, int], Any] | None = None) -> str:
    started = time.perf_counter()
    http = TimedHttpClient(default_http_client())
    msgs = messages(DEFAULT_LANGUAGE)
    timing = {"read_ms": 0.0, "dns_ms": 0.0}
    try:
        request = parse_request(request_json)
        msgs = messages(language(request), language(request, "site_default", SITE_DEFAULT_LANGUAGE))
        result = await _read(request, msgs, http, _throttled(progress), timing)
    except RequestError as error:
        result = {"error": {"code": error.code, "message": error.message}}
    except Exception as error:  # a bug: still an answer the page can show
        result = {"error": {"code": "internal", "message": internal_message(msgs, error)}}
    finally:
        if hasattr(http.inner, "aclose"):
            await http.inner.aclose()
    timing["total_ms"] = round((time.perf_counter() - started) * 1000, 1)
    timing["requests"] = http.requests
    result["timing"] = timing
    return json.dumps(result, ensure_ascii=False)


async def _read(request: dict, msgs, http, progress, timing: dict) -> dict:
    files = request.get("files")
    if not isinstance(files, list) or not files or len(files) > MAX_FILES or not all(
            isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("name"), str) for f in files):
        raise RequestError("bad_request", "files must be a list of {path, name}")
    reverse_dns = request.get("reverse_dns", 0)
    if isinstance(reverse_dns, bool) or not isinstance(reverse_dns, int) or not 0 <= reverse_dns <= MAX_REVERSE_DNS:
        raise RequestError("bad_request", f"reverse_dns must be 0 to {MAX_REVERSE_DNS}")
    resolver = doh_resolver(request, msgs, http) if request.get("dns", True) else None
    started = time.perf_counter()
    analysis = Analysis()
    for file in files:
        try:
            stream = open(file["path"], "rb")
        except OSError as error:
            analysis.add_error(file["name"], "unreadable", {"detail": error.strerror or str(error)})
            continue
        with stream:
            read_file(analysis, file["name"], stream,
                      progress=(lambda _name, done, shown=file["name"]: progress(shown, done)) if progress else None)
    timing["read_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    await classify(analysis, resolver, reverse_dns)
    timing["dns_ms"] = round((time.perf_counter() - started) * 1000, 1)
    document = analysis.to_json()
    site_root = request.get("site_root", "/")
    if not isinstance(site_root, str):
        raise RequestError("bad_request", "site_root must be a string")
    return {"document": document, "view": present(document, msgs, site_root)}


def _throttled(progress):
    if progress is None:
        return None
    last = [0.0]

    def report(name: str, done: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            try:
                progress(name, done)
            except Exception:
                pass
    return report
