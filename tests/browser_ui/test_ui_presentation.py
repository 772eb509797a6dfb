"""How the report reads (issue 9, presentation): DKIM lookup failures on one line, keys
with their selectors, passed checks folded, links named after their section, no green
SPF counter without a usable record, numbers in the reader's language, an IDN as typed,
the name taken from a pasted address, no stale report after a refused input, and a
language switcher that keeps the domain and the section."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from checker.dkim.selectors import KNOWN_SELECTORS
from ui_page import CHECK_TIMEOUT_MS, assert_shows, read_result, run_check, screenshot, wait_for_check

RANDOM_PROBE = re.compile(r"x[0-9a-f]{16}\._domainkey")


def section(page, protocol: str):
    return page.locator(f".email-checker__protocol[data-protocol='{protocol}']")


def test_failed_dkim_lookups_are_one_line_and_the_random_probe_is_not_named(pages, expected_view, artifacts):
    view = expected_view("dkimfail.example", "en")
    page = pages.checker("en")
    assert run_check(page, "dkimfail.example") == "done"
    shown = read_result(page)
    assert_shows(shown, view)
    dkim = next(p for p in shown["protocols"] if p["protocol"] == "dkim")
    failed = [f for f in dkim["findings"] if f["code"] == "dkim.lookup_failed"]
    assert len(failed) == 1, [f["message"] for f in failed]
    assert failed[0]["message"].startswith(f"{len(KNOWN_SELECTORS)} DKIM selectors could not be checked: ")
    screenshot(page, artifacts / "checker-en-dkimfail.example.png")
    assert not RANDOM_PROBE.search(page.locator(".email-checker__result").text_content())
    assert ", ".join(list(KNOWN_SELECTORS)[:3]) not in section(page, "dkim").text_content(), "selectors listed again"


def test_each_dkim_key_is_shown_with_its_selector(pages, expected_view):
    page = pages.checker("en")
    assert run_check(page, "twokeys.example") == "done"
    assert_shows(read_result(page), expected_view("twokeys.example", "en"))
    dkim = section(page, "dkim")
    labels = dkim.locator(":scope > .email-checker__record-label").all_text_contents()
    assert labels == ["Selector google (google._domainkey.twokeys.example):",
                      "Selector selector1 (selector1._domainkey.twokeys.example):"]
    # Each label stands right above its record.
    assert dkim.locator(".email-checker__record-label + pre.email-checker__record").count() == 2


def test_passed_checks_are_folded_and_open_with_the_keyboard(pages, artifacts):
    page = pages.checker("en")
    assert run_check(page, "good.example") == "done"
    dmarc = section(page, "dmarc")
    folded = dmarc.locator("details.email-checker__passed")
    assert folded.count() == 1 and folded.get_attribute("open") is None
    passed = dmarc.locator(".email-checker__finding--ok")
    assert passed.count() >= 1 and not passed.first.is_visible()
    summary = folded.locator("summary")
    assert summary.text_content() == f"Passed checks ({passed.count()})"
    # Problems stay in the open: none of them is inside the folded list.
    assert page.locator("details.email-checker__passed .email-checker__finding:not(.email-checker__finding--ok)").count() == 0
    assert page.locator(".email-checker__finding--info").first.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert folded.get_attribute("open") == ""
    assert passed.first.is_visible()
    screenshot(page, artifacts / "checker-en-good.example-passed-open.png")
    page.keyboard.press("Space")
    assert not passed.first.is_visible()


def test_links_are_named_after_the_section_they_lead_to(pages):
    page = pages.checker("fr")
    assert run_check(page, "good.example") == "done"
    links = page.locator(".email-checker__result a.email-checker__more")
    shown = {}
    for index in range(links.count()):
        shown[links.nth(index).get_attribute("href")] = links.nth(index).text_content()
    assert "Explications" not in shown.values()
    article = pages.new_page()
    try:
        for href, text in sorted(shown.items())[:4]:
            article.goto(pages.site_url.rstrip("/") + href)
            anchor = urlsplit(href).fragment
            title = article.locator("article h1").first.text_content().replace("¶", "").strip()
            heading = article.locator(f"[id='{anchor}']").first.text_content().replace("¶", "").strip()
            assert text == f"{title} — {heading}", href
    finally:
        article.close()


def lookups_badge_colour(page) -> tuple[str, str]:
    """The SPF counter's background, and the colour the checker uses for OK."""
    return page.evaluate("""() => {
        const badge = document.querySelector(".email-checker__lookups");
        const probe = document.createElement("span");
        probe.style.backgroundColor = "var(--email-checker-ok)";
        badge.parentNode.append(probe);
        const ok = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return [getComputedStyle(badge).backgroundColor, ok];
    }""")


@pytest.mark.parametrize("domain, green", [("good.example", True), ("nospf.example", False), ("twospf.example", False)])
def test_the_spf_counter_is_green_only_for_a_usable_record(pages, domain, green):
    page = pages.checker("en")
    assert run_check(page, domain) == "done"
    badge, ok = lookups_badge_colour(page)
    assert (badge == ok) is green, (domain, badge, ok)


@pytest.mark.parametrize("lang, footer", [("fr", r"\d+ en \d+,\d\d\u00a0s, via "), ("en", r"\d+ DNS queries in \d+\.\d\d s, ")])
def test_footer_numbers_are_written_in_the_readers_language(pages, lang, footer):
    page = pages.checker(lang)
    assert run_check(page, "good.example") == "done"
    assert re.search(footer, read_result(page)["footer"]), read_result(page)["footer"]


def test_an_idn_title_shows_what_was_typed_with_the_a_label(pages, expected_view):
    page = pages.checker("en")
    assert run_check(page, "テスト.example") == "done"
    shown = read_result(page)
    assert shown["title"] == "E-mail authentication report for テスト.example (xn--zckzah.example)"
    assert_shows(shown, expected_view("テスト.example", "en"))


@pytest.mark.parametrize("given", ["https://good.example/contact", "postmaster@good.example"])
def test_a_pasted_address_says_which_name_was_checked(pages, given):
    page = pages.checker("en")
    assert run_check(page, given) == "done"
    assert read_result(page)["input_note"] == f"Checked good.example, taken from {given}"
    assert run_check(page, "good.example") == "done"
    assert read_result(page)["input_note"] is None


def test_a_refused_input_removes_the_previous_report(pages):
    page = pages.checker("en")
    assert run_check(page, "good.example") == "done"
    assert page.locator(".email-checker__title").is_visible()
    assert run_check(page, "not a domain!") == "error"
    assert page.locator(".email-checker__result").is_hidden()
    assert page.locator(".email-checker__result > *").count() == 0
    assert page.locator(".email-checker__error").is_visible()


def switch_language(page, lang: str) -> None:
    page.locator(".md-header .md-select").first.hover()
    with page.expect_navigation():
        page.locator(f".md-header a.md-select__link[hreflang='{lang}']").click()


def test_the_language_switcher_keeps_the_domain_being_checked(pages, expected_view):
    page = pages.new_page()
    try:
        page.goto(pages.url("en") + "?domain=good.example&selector=brand2026")
        wait_for_check(page)
        switch_language(page, "fr")
        address = urlsplit(page.url)
        assert address.path.endswith("/fr/checker/")
        assert parse_qs(address.query) == {"domain": ["good.example"], "selector": ["brand2026"]}
        page.wait_for_function("() => document.querySelector('.email-checker')?.dataset.state === 'done'",
                               timeout=CHECK_TIMEOUT_MS)
        title = expected_view("good.example", "fr", selectors=["brand2026"])["title"]
        assert read_result(page)["title"] == title
    finally:
        page.close()


def test_the_language_switcher_keeps_the_section_being_read(pages):
    page = pages.new_page()
    try:
        page.goto(pages.url("en", "spf/limits/#void-lookups"))
        switch_language(page, "ja")
        address = urlsplit(page.url)
        assert (address.path, address.fragment) == ("/spf/limits/", "void-lookups")
        assert page.locator("[id='void-lookups']").count() == 1
    finally:
        page.close()
