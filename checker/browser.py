"""The browser edge of the checker: what the web worker (docs/assets/checker/worker.js) calls.

    result_json = await run(request_json, progress=None, section=None)

Request (JSON object):
    domain      what the visitor typed (a domain, an address, a URL; see checker.names)
    selectors   DKIM selectors to probe besides the usual ones (optional, list of strings)
    lang        "ja", "fr" or "en" (optional; default "en")
    doh         DNS-over-HTTPS endpoints, tried in order (list of URLs, required)
    protocols   subset of checker.domain.PROTOCOLS (optional; default: all)
    site_root   URL path of the site's root, where article links start (optional; "/")
    site_default the site's default language, the one published at site_root without a
                language prefix (optional; "ja"; a partner's build may differ)
    timeout     seconds per DNS query, 0.2 to 30 (optional; default 5)

Result (JSON object), one of:
    {"report": <DomainReport JSON, format dmarc-check/2>,
     "view":   <the same in the reader's words: checker.present.present_domain>,
     "timing": {"check_ms", "network_ms", "python_ms", "requests"}}
    {"error":  {"code": ..., "message": <in the reader's language>}, "timing": {...}}

Error codes: "bad_request" (the request itself is malformed: a bug in the page),
"domain.<reason>" (checker.names.InvalidDomain reasons: empty, bad_character, bad_idn,
empty_label, label_too_long, name_too_long, ip_address, single_label), "resolver" (a DoH
URL is not usable) and "internal" (the check itself failed: a bug). Nothing raises: a
failure is always an error object, never a traceback.

A DNS lookup that fails (timeout, SERVFAIL, HTTP error on every endpoint) is not an
error of the request: it is reported in the report as a lookup failure of the check
concerned (``view.lookup_failures`` counts them), never as an absent record.

MTA-STS: the policy file is not fetched (``fetch_policies=False``). A browser may read a
file from another site only when that site allows it (CORS), which MTA-STS hosts do not
do, so the fetch would fail anyway, after sending the visitor's request to the domain's
web server and leaving an error in the console. The report says the policy could not be
read here (mtasts.policy_unverifiable) and the command-line checker reads it.

``progress``, when given, is called with the number of DNS answers received so far (at
most every 100 ms), for a page to show that the check is moving.

``section``, when given, is called with a JSON object as each protocol's answers are in,
before the slowest protocol and the verdict: {"protocol", "view": its section as in the
result's ``view.protocols`` but without ``proposals`` (what to publish depends on the
verdict), "title": ``view.title``, "names": {protocol: its name} of every protocol
checked}. The result's view is the final word: a page shows it whole at the end.

``timing.network_ms`` is the time during which at least one DNS request was in flight;
``python_ms`` the rest of the check's wall time: Python work that did not overlap the
network.
"""

from __future__ import annotations

import json
import time
from typing import Any, Callable

from .browser_request import (RequestError, doh_resolver, internal_message, language, messages, parse_request,
                              string, string_list)
from .dns.http import HttpClient, default_http_client
from .domain import PROTOCOLS, check_domain
from .i18n import DEFAULT_LANGUAGE, SITE_DEFAULT_LANGUAGE, Messages
from .names import InvalidDomain, normalize_domain
from .present import present_domain
from .sections import early_sections

MAX_SELECTORS = 50
PROGRESS_INTERVAL = 0.1


async def run(request_json: str, progress: Callable[[int], Any] | None = None,
              section: Callable[[str], Any] | None = None) -> str:
    started = time.perf_counter()
    http = TimedHttpClient(default_http_client(), progress)
    msgs = messages(DEFAULT_LANGUAGE)
    try:
        request = parse_request(request_json)
        msgs = messages(language(request), language(request, "site_default", SITE_DEFAULT_LANGUAGE))
        result = await _check(request, msgs, http, section)
    except RequestError as error:
        result = {"error": {"code": error.code, "message": error.message}}
    except Exception as error:  # a bug: still an answer the page can show, not a traceback
        result = {"error": {"code": "internal", "message": internal_message(msgs, error)}}
    finally:
        await http.aclose()
    check_ms = (time.perf_counter() - started) * 1000
    result["timing"] = {"check_ms": round(check_ms, 1), "network_ms": round(http.busy * 1000, 1),
                        "python_ms": round(check_ms - http.busy * 1000, 1), "requests": http.requests}
    return json.dumps(result, ensure_ascii=False)


async def _check(request: dict, msgs: Messages, http: HttpClient, section=None) -> dict:
    try:
        domain = normalize_domain(string(request, "domain"))
    except InvalidDomain as error:
        raise RequestError(f"domain.{error.reason}", msgs.text(f"cli.error.domain.{error.reason}",
                                                               value=error.value)) from None
    selectors = string_list(request, "selectors", MAX_SELECTORS, required=False)
    protocols = _protocols(request)
    resolver = doh_resolver(request, msgs, http)
    site_root = request.get("site_root", "/")
    if not isinstance(site_root, str):
        raise RequestError("bad_request", "site_root must be a string")
    early = early_sections(section, domain, protocols, msgs, site_root) if section else None
    report = await check_domain(domain, resolver=resolver, selectors=selectors, protocols=protocols,
                                fetch_policies=False, on_report=early)
    return {"report": report.to_json(), "view": present_domain(report, msgs, site_root, given=request.get("domain"))}


# -- reading the request ---------------------------------------------------------------

def _protocols(request: dict) -> tuple[str, ...]:
    if request.get("protocols") is None:
        return PROTOCOLS
    wanted = string_list(request, "protocols", len(PROTOCOLS), required=True)
    unknown = [p for p in wanted if p not in PROTOCOLS]
    if unknown or not wanted:
        raise RequestError("bad_request", f"protocols must be among {', '.join(PROTOCOLS)}")
    return tuple(p for p in PROTOCOLS if p in wanted)


# -- timing the network ------------------------------------------------------------------

class TimedHttpClient:
    """Wraps the HTTP client: counts requests and the time at least one is in flight."""

    def __init__(self, inner: HttpClient, progress: Callable[[int], Any] | None = None):
        self.inner = inner
        self.progress = progress
        self.requests = 0
        self.answered = 0
        self.busy = 0.0
        self._in_flight = 0
        self._busy_since = 0.0
        self._reported = 0.0

    async def request(self, method, url, **options):
        now = time.perf_counter()
        if self._in_flight == 0:
            self._busy_since = now
        self._in_flight += 1
        self.requests += 1
        try:
            return await self.inner.request(method, url, **options)
        finally:
            self._in_flight -= 1
            now = time.perf_counter()
            if self._in_flight == 0:
                self.busy += now - self._busy_since
            self.answered += 1
            self._report(now)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def _report(self, now: float) -> None:
        if self.progress is None or now - self._reported < PROGRESS_INTERVAL:
            return
        self._reported = now
        try:
            self.progress(self.answered)
        except Exception:  # the page's callback failing must not fail the check
            self.progress = None
