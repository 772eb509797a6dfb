"""The checker running in Chromium: Pyodide in a Web Worker, loaded from the site only,
DNS over HTTPS through fetch to the fixture servers, answers in the reader's language."""

from __future__ import annotations

import re

from urllib.parse import urlsplit

import pytest

from checker.findings import Finding, Severity
from checker.i18n import Messages

STAGES = ["loading-python", "loading-packages", "importing", "ready"]
LANGUAGE_ROOT = {"ja": "/", "fr": "/fr/", "en": "/en/"}


def findings(data: dict, protocol: str) -> list[dict]:
    return next(p for p in data["view"]["protocols"] if p["protocol"] == protocol)["findings"]


def expected_words(lang: str, finding_json: dict) -> str:
    """What the catalogs say for a finding of the report, computed here in CPython."""
    finding = Finding(finding_json["code"], Severity(finding_json["severity"]), finding_json["params"])
    return Messages(lang).finding(finding)


def test_worker_reports_each_loading_stage_once_in_order(checker_page):
    assert [s["stage"] for s in checker_page.statuses] == STAGES
    times = [s["ms"] for s in checker_page.statuses]
    assert times == sorted(times)


def test_everything_comes_from_the_site_and_the_configured_doh_endpoint(checker_page, checker_site):
    data = checker_page.check(domain="protected.example", lang="en")
    assert "report" in data
    site = urlsplit(checker_site.url).netloc
    doh = urlsplit(checker_site.doh[0])
    elsewhere = [url for url in checker_page.requests
                 if urlsplit(url).hostname != "127.0.0.1"]
    assert not elsewhere, f"requests to other hosts: {elsewhere[:10]}"
    site_paths = {urlsplit(u).path for u in checker_page.requests if urlsplit(u).netloc == site}
    for needed in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
                   "dmarc_checker-0.1.0-py3-none-any.whl"):
        assert any(re.fullmatch(rf"/assets/pyodide/[0-9a-f]{{16}}/{re.escape(needed)}", p) for p in site_paths), needed
    # No DoH endpoint was passed: the worker used the build's extra.checker.doh.
    doh_requests = [u for u in checker_page.requests if urlsplit(u).netloc == doh.netloc]
    assert doh_requests and all(urlsplit(u).path == doh.path for u in doh_requests)
    assert data["report"]["resolver"] == checker_site.doh[0]


@pytest.mark.parametrize("lang", ["ja", "fr", "en"])
def test_protected_domain_gets_grade_a_in_the_readers_language(checker_page, lang):
    data = checker_page.check(domain="Protected.Example.", lang=lang)
    report, view = data["report"], data["view"]
    assert report["domain"] == "protected.example"
    assert report["verdict"]["grade"] == "A" and report["verdict"]["spoofable"] is False
    verdict = view["verdict"]["finding"]
    assert verdict["code"] == "verdict.protected"
    assert verdict["message"] == expected_words(lang, report["verdict"]["finding"])
    assert view["title"] == Messages(lang).text("ui.report.title", domain="protected.example")
    assert view["verdict"]["grade_text"] == Messages(lang).text("ui.verdict.grade", grade="A")
    assert verdict["article_url"] == LANGUAGE_ROOT[lang] + "dmarc/#policy"
    spf = next(p for p in view["protocols"] if p["protocol"] == "spf")
    assert spf["name"] == Messages(lang).text("ui.protocol.spf")
    assert spf["status_text"] == Messages(lang).text("ui.status.ok")
    tree = spf["spf_tree"]["root"]
    assert [c["domain"] for c in tree["children"]] == ["_spf.mailer.protected.example"]
    assert view["lookup_failures"] == 0


@pytest.mark.parametrize("lang", ["ja", "fr", "en"])
def test_domain_without_dmarc_is_spoofable_and_gets_the_record_to_publish(checker_page, lang):
    data = checker_page.check(domain="open.example", lang=lang)
    assert data["report"]["verdict"]["grade"] == "F"
    assert data["view"]["verdict"]["finding"]["code"] == "verdict.spoofable_no_dmarc"
    no_record = next(f for f in findings(data, "dmarc") if f["code"] == "dmarc.no_record")
    raw = next(f for f in data["report"]["protocols"]["dmarc"]["findings"] if f["code"] == "dmarc.no_record")
    assert no_record["message"] == expected_words(lang, raw)
    assert no_record["severity_text"] == Messages(lang).text("ui.status.error")
    [dmarc] = [p for p in data["view"]["protocols"] if p["protocol"] == "dmarc"]
    [fix] = [item for item in dmarc["proposals"] if "dmarc.no_record" in item["addresses"]]
    assert fix["name"] == "_dmarc.open.example" and fix["record"].startswith("v=DMARC1; p=none")
    assert fix["label"] in (Messages(lang).text("ui.fix", name=fix["name"]),
                            Messages(lang).text("ui.fix.placeholder", name=fix["name"]))
    assert no_record["article_url"].startswith(LANGUAGE_ROOT[lang])


@pytest.mark.parametrize("lang, typed, reason", [
    ("ja", "exa mple.com", "bad_character"),
    ("fr", "", "empty"),
    ("en", "192.0.2.1", "ip_address"),
])
def test_invalid_domain_gives_an_error_in_the_readers_language(checker_page, lang, typed, reason):
    data = checker_page.check(domain=typed, lang=lang)
    assert "report" not in data
    assert data["error"]["code"] == f"domain.{reason}"
    assert data["error"]["message"] == Messages(lang).text(f"cli.error.domain.{reason}", value=typed)


def test_second_endpoint_answers_when_the_first_fails(checker_page, doh):
    doh.broken.clear_log()
    data = checker_page.check(domain="protected.example", lang="en", doh=[doh.broken.doh_url, doh.main.doh_url])
    assert doh.broken.queries(), "the failing endpoint was not tried first"
    assert data["report"]["verdict"]["grade"] == "A"
    assert data["view"]["lookup_failures"] == 0


def test_doh_timeout_is_a_lookup_failure_not_an_absent_record(checker_page):
    data = checker_page.check(domain="slow.example", lang="en", timeout=1)
    assert data["report"]["verdict"]["grade"] == "?"
    assert data["view"]["verdict"]["finding"]["code"] == "verdict.unknown"
    dmarc = data["report"]["protocols"]["dmarc"]["findings"]
    failed = [f for f in dmarc if f["code"] == "dmarc.lookup_failed"]
    assert failed and failed[0]["params"]["error"] == "timeout"
    assert not [f for f in dmarc if f["code"] == "dmarc.no_record"]
    assert data["view"]["lookup_failures"] >= 1


def test_page_sees_progress_while_the_check_runs(checker_page):
    data, answers = checker_page.check_with_progress(domain="protected.example", lang="en")
    assert "report" in data
    assert answers and answers == sorted(answers)
    assert answers[-1] <= data["timing"]["requests"]


def test_result_carries_the_timing_breakdown(checker_page):
    timing = checker_page.check(domain="protected.example", lang="en")["timing"]
    for key in ("check_ms", "network_ms", "python_ms", "requests", "run_ms"):
        assert timing[key] >= 0
    assert set(timing["boot"]) == {"pyodide_ms", "packages_ms", "import_ms", "ready_ms"}


def test_browser_and_command_line_python_give_the_same_report(checker_page, doh):
    """The same check on CPython (httpx) and in Pyodide (fetch): same findings, same words."""
    import json

    from tests.browser.harness import run_on_cpython

    request = {"domain": "open.example", "lang": "fr", "doh": [doh.main.doh_url], "selectors": ["mail"]}
    in_browser = checker_page.check(**request)
    on_cpython = json.loads(run_on_cpython(json.dumps(request)))
    for data in (in_browser, on_cpython):
        data["report"].pop("seconds")
        data["view"].pop("footer")  # names the time taken
    assert in_browser["report"] == on_cpython["report"]
    assert in_browser["view"] == on_cpython["view"]
