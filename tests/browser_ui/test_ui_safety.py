"""Records are data, not markup: DNS text that contains HTML, script or javascript:
URIs appears as text and runs nothing, with the checker page's Content-Security-Policy
(checker page) and without it (the SPF article has none: the component alone must be safe).
The checker page's policy is in place and nothing on the page breaks it."""

from __future__ import annotations

from ui_page import read_result, run_check

PAYLOAD_MARK = "window.__pwned=1"


def _markup_in_result(page, component=".email-checker"):
    return page.evaluate(
        """(selector) => [...document.querySelector(selector).querySelectorAll(
             ".email-checker__result img, .email-checker__result script, .email-checker__result iframe, " +
             ".email-checker__result [onerror], .email-checker__result [onload], .email-checker__result a[href^='javascript:']")
           ].map((n) => n.outerHTML)""",
        component,
    )


def test_hostile_records_are_shown_as_text_on_the_checker_page(pages, expected_view):
    view = expected_view("hostile.example", "en")
    page = pages.checker("en")
    assert run_check(page, "hostile.example") == "done"
    shown = read_result(page)
    records = {p["protocol"]: p["records"] for p in shown["protocols"]}
    for protocol in view["protocols"]:
        assert records[protocol["protocol"]] == protocol["records"]
    assert any(PAYLOAD_MARK in r and "<script>" in r for r in records["spf"]), records["spf"]
    assert any("javascript:" in r for r in records["dmarc"]), records["dmarc"]
    assert any("l=javascript:" in r for r in records["bimi"]), records["bimi"]
    # The messages quote the records: text too.
    messages = [f["message"] for p in shown["protocols"] for f in p["findings"]]
    assert any("<img/src=x/onerror=" in m for m in messages)
    assert _markup_in_result(page) == []
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__cspViolations") == []
    assert pages.dialogs == []


def test_hostile_spf_record_is_text_in_an_article_without_csp(pages, expected_view):
    view = expected_view("hostile.example", "en", protocols=["spf"])
    page = pages.new_page()
    try:
        page.goto(pages.url("en", "spf/"))
        assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 0
        assert run_check(page, "hostile.example") == "done"
        shown = read_result(page)
        assert [p["records"] for p in shown["protocols"]] == [p["records"] for p in view["protocols"]]
        assert "<script>window.__pwned=1</script>" in shown["protocols"][0]["records"][0]
        assert _markup_in_result(page) == []
        assert page.evaluate("window.__pwned") is None
        assert pages.dialogs == []
    finally:
        page.close()


def test_checker_page_policy_allows_only_the_site_and_the_doh_endpoints(pages, endpoints):
    page = pages.checker("en")
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}
    assert directives["connect-src"] == ["'self'", *endpoints.urls]
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert directives["worker-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    # Material's own scripts still work under it (search runs in a worker), no violation.
    page.locator(".md-search__input").focus()  # the index loads on first focus
    page.wait_for_function("() => !/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.locator(".md-search__input").press_sequentially("DMARC")  # Material reads key events
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    assert page.evaluate("window.__cspViolations") == []
