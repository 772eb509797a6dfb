"""Each protocol's section is shown as soon as its answers arrive; the verdict only with the
whole result, and the page at the end is the one a check without any wait gives."""

from __future__ import annotations

import re

from ui_page import assert_shows, read_result, run_check, wait_for_check

DELAY = 2.0  # seconds more for the DMARC record's answer; within the first endpoint's share (2.5 s)

# SPF's section is final while DMARC's still says it is being checked, and no verdict yet.
SPF_SHOWN_DMARC_PENDING = """() => {
  const result = document.querySelector(".email-checker__result");
  const section = (name) => result.querySelector(`section[data-protocol="${name}"]`);
  return !result.hidden && section("spf") && !section("spf").matches(".email-checker__protocol--pending")
    && section("dmarc") && section("dmarc").matches(".email-checker__protocol--pending")
    && !result.querySelector(".email-checker__verdict");
}"""

PENDING_TEXT = {"en": "Checking…", "fr": "Vérification en cours…", "ja": "確認中…"}


def final_result(page) -> str:
    """The result area's HTML, the generated ids numbered from the start of the result, without
    the marks Material's focus-visible script adds to the element that has the focus, and
    without the check's duration (the footer's "58 DNS queries in 1.41 s")."""
    html = page.locator(".email-checker .email-checker__result").evaluate("(node) => node.outerHTML")
    html = html.replace(" focus-visible", "").replace(' data-focus-visible-added=""', "")
    html = re.sub(r"DNS queries in [0-9.]+ s", "DNS queries in … s", html)
    numbers: dict[str, str] = {}
    return re.sub(r"email-checker-(\d+)-", lambda m: f"id{numbers.setdefault(m.group(1), str(len(numbers)))}-",
                  html)


def test_sections_arrive_before_the_slowest_and_the_end_is_the_same(pages, endpoints, expected_view):
    page = pages.checker("en")
    view = expected_view("good.example", "en")
    assert run_check(page, "good.example") == "done"  # Python warm; the page as a check without waiting
    without_wait = final_result(page)

    for fixture in (endpoints.first, endpoints.second):
        fixture.slow_names = {"_dmarc.good.example": DELAY}
    page.locator("input[name=domain]").fill("good.example")
    page.locator("input[name=domain]").press("Enter")
    page.wait_for_function(SPF_SHOWN_DMARC_PENDING, timeout=int(DELAY * 1000))
    result = page.locator(".email-checker .email-checker__result")
    assert result.locator('section[data-protocol="dmarc"]').inner_text().count(PENDING_TEXT["en"]) == 1
    spf = result.locator('section[data-protocol="spf"]')
    assert "v=spf1 ip4:192.0.2.0/24 include:_spf.good.example -all" in spf.inner_text()
    assert page.locator(".email-checker").get_attribute("data-state") == "checking"

    assert wait_for_check(page) == "done"
    assert endpoints.first.queries("_dmarc.good.example", "TXT")
    shown = read_result(page)
    assert_shows(shown, view)
    assert shown["verdict"]["grade"] == "A"
    assert not result.locator(".email-checker__protocol--pending").count()
    assert final_result(page) == without_wait


def test_the_pending_words_are_the_readers_language(pages, endpoints):
    for lang in ("fr", "ja"):
        page = pages.checker(lang)
        assert run_check(page, "good.example") == "done"
        for fixture in (endpoints.first, endpoints.second):
            fixture.slow_names = {"_dmarc.good.example": DELAY}
        page.locator("input[name=domain]").fill("good.example")
        page.locator("input[name=domain]").press("Enter")
        page.wait_for_function(SPF_SHOWN_DMARC_PENDING, timeout=int(DELAY * 1000))
        pending = page.locator('.email-checker__result section[data-protocol="dmarc"]').inner_text()
        assert PENDING_TEXT[lang] in pending
        assert wait_for_check(page) == "done"
        endpoints.reset()
