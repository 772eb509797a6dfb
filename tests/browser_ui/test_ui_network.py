"""Where the checker's requests go: the second DoH endpoint answers when the first
fails; a shared address runs the check and every request of that page goes to the
site or to the DoH endpoints; pages without a checker never load Python."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from ui_page import assert_shows, foreign_requests, read_result, run_check, wait_for_check

PYODIDE_PATHS = ("/assets/pyodide/", "/assets/checker/worker.js", "/assets/checker/runtime.json")


def test_second_endpoint_answers_when_the_first_fails(pages, endpoints, expected_view):
    view = expected_view("good.example", "en")
    page = pages.checker("en")
    endpoints.reset()
    endpoints.first.doh_fail = True  # HTTP 500 to every query
    assert run_check(page, "good.example") == "done"
    shown = read_result(page)
    assert_shows(shown, view)
    assert shown["verdict"]["grade"] == "A"
    assert endpoints.first.queries(), "the first endpoint was never asked"
    assert endpoints.second.queries("_dmarc.good.example", "TXT"), "the second endpoint did not answer"


def test_shared_address_runs_the_check_and_stays_on_the_site(pages, endpoints, expected_view, site_url):
    view = expected_view("selector.example", "en", selectors=["brand2026"])
    page = pages.new_page()
    start = len(pages.requests)
    try:
        page.goto(pages.url("en") + "?domain=selector.example&selector=brand2026")
        assert wait_for_check(page) == "done"
        shown = read_result(page)
        assert_shows(shown, view)
        dkim = next(p for p in shown["protocols"] if p["protocol"] == "dkim")
        assert any("brand2026" in f["message"] for f in dkim["findings"] if f["code"] == "dkim.key_found")
        assert page.locator("input[name=domain]").input_value() == "selector.example"
        assert page.locator("input[name=selector]").input_value() == "brand2026"
        # While Python loaded and the queries ran, the page said so.
        progress = page.evaluate("window.__progressLog")
        assert any(text.startswith("Loading Python") for text in progress), progress
        assert "Checking selector.example…" in progress, progress
        assert any(re.fullmatch(r"\d+ DNS answers? received", text) for text in progress), progress

        # A check typed in the form updates the address (replaceState: no new history entry).
        history_length = page.evaluate("history.length")
        assert run_check(page, "nodmarc.example", selectors=" ") == "done"
        query = parse_qs(urlsplit(page.url).query)
        assert query == {"domain": ["nodmarc.example"]}
        assert page.evaluate("history.length") == history_length
        assert page.locator(".email-checker__share").get_attribute("href") == page.url
        requests = pages.requests[start:]
    finally:
        page.close()
    allowed = {urlsplit(site_url).netloc} | endpoints.origins
    assert not foreign_requests(requests, allowed)
    assert any(urlsplit(url).netloc in endpoints.origins for _, url in requests), "no DoH request seen"


def emulate_network(page, latency_ms: float, bytes_per_second: float):
    """Chromium's network emulation for this tab (navigator.connection follows it)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable", {})
    session.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                      "downloadThroughput": bytes_per_second,
                                                      "uploadThroughput": bytes_per_second})
    return session


def test_article_on_a_slow_connection_loads_python_only_when_the_form_is_used(pages, expected_view):
    view = expected_view("toomany.example", "en", protocols=["spf"])
    page = pages.new_page()
    start = len(pages.requests)
    try:
        session = emulate_network(page, 400, 50_000)  # navigator.connection.effectiveType: "3g"
        page.goto(pages.url("en", "spf/"), wait_until="networkidle")
        page.wait_for_timeout(1500)  # idle time in which a fast connection would warm up
        # Nothing of Python before the reader touches the form.
        assert not [u for _, u in pages.requests[start:] if any(p in u for p in PYODIDE_PATHS)]
        emulate_network(page, 0, -1)  # the check itself at full speed
        session.detach()
        assert page.locator(".email-checker__caption").text_content() == "Check a domain’s SPF record"
        assert page.locator(".email-checker input[name=selector]").count() == 0
        assert run_check(page, "toomany.example") == "done"
        shown = read_result(page)
        assert_shows(shown, view, with_verdict=False)
        assert [p["protocol"] for p in shown["protocols"]] == ["spf"]
        spf = shown["protocols"][0]
        assert spf["tree"]["counter"] == "11/10" and spf["tree"]["over"]
        # The address of an article is not the checker's: it stays as it was.
        assert urlsplit(page.url).query == ""
        # A lookup count hidden behind a macro is a lower bound: "at least".
        assert run_check(page, "macro.example") == "done"
        tree = read_result(page)["protocols"][0]["tree"]
        assert tree["counter"] == "≥2/10" and not tree["over"]
        assert "at least 2" in tree["summary"]
    finally:
        page.close()


def test_article_on_a_fast_connection_warms_python_up_before_the_form_is_used(pages):
    page = pages.new_page()
    start = len(pages.requests)
    try:
        assert page.evaluate("() => navigator.connection.effectiveType") == "4g"
        page.goto(pages.url("en", "dmarc/"))
        page.wait_for_function("() => document.querySelector('.email-checker')?.classList.contains('email-checker--ready')")
        page.wait_for_timeout(3000)
        requested = [u for _, u in pages.requests[start:]]
        assert any("/assets/checker/worker.js" in u for u in requested), requested
        assert any(re.search(r"/assets/pyodide/[0-9a-f]{16}/pyodide\.asm\.wasm$", u) for u in requested), requested
        assert page.locator(".email-checker").get_attribute("data-state") == "idle"
    finally:
        page.close()


def test_the_checker_page_starts_python_from_its_head_and_keeps_one_worker(pages, expected_view):
    """early.js starts the worker before the body's scripts run; ui.js then uses that worker."""
    page = pages.new_page()
    start = len(pages.requests)
    try:
        page.route("**/assets/checker/ui.js", lambda route: route.abort())
        with page.expect_request(re.compile(r"/assets/pyodide/[0-9a-f]{16}/pyodide\.asm\.wasm$"), timeout=20_000):
            page.goto(pages.url("en"))
        assert page.locator(".email-checker--ready").count() == 0  # no form: ui.js never ran
        page.unroute("**/assets/checker/ui.js")

        view = expected_view("good.example", "en")
        start = len(pages.requests)
        page.goto(pages.url("en") + "?domain=good.example")
        assert wait_for_check(page) == "done"
        assert_shows(read_result(page), view)
        workers = [u for _, u in pages.requests[start:] if urlsplit(u).path.endswith("/assets/checker/worker.js")]
        assert len(workers) == 1, workers
        assert len([w for w in page.workers if "/assets/checker/worker.js" in w.url]) == 1
    finally:
        page.close()


def test_article_in_french_runs_a_dmarc_only_check(pages, expected_view):
    view = expected_view("monitoring.example", "fr", protocols=["dmarc"])
    page = pages.new_page()
    try:
        page.goto(pages.url("fr", "dmarc/"))
        assert page.locator(".email-checker__caption").text_content() == "Vérifier l’enregistrement DMARC d’un domaine"
        assert run_check(page, "monitoring.example") == "done"
        shown = read_result(page)
        assert_shows(shown, view, with_verdict=False)
        assert [p["protocol"] for p in shown["protocols"]] == ["dmarc"]
    finally:
        page.close()


def test_pages_without_the_component_load_no_checker(pages, site_dir):
    page = pages.new_page()
    start = len(pages.requests)
    try:
        # (The home pages carry the component: tests/site/test_site_frame.py.)
        for lang, path in (("en", "spf/limits/"), ("fr", "dkim/"), ("ja", "mx/"), ("en", "glossary/")):
            page.goto(pages.url(lang, path), wait_until="networkidle")
            assert page.locator(".email-checker").count() == 0
        requests = [url for _, url in pages.requests[start:]]
    finally:
        page.close()
    assert requests
    loaded = [u for u in requests if "/assets/checker/" in u or "/assets/pyodide/" in u]
    assert loaded == [], loaded
