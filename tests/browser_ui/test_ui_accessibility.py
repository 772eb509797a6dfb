"""axe-core finds no serious or critical violation on the checker page with a report
on it, in each language, nor on the checker page in embed mode (an iframe's page)."""

from __future__ import annotations

import pytest

from tests.axe import describe, violations
from ui_page import CHECK_TIMEOUT_MS, run_check


@pytest.mark.parametrize("lang", ["ja", "fr", "en"])
def test_checker_with_a_report_passes_axe(lang, pages):
    page = pages.checker(lang)
    # A report with errors, warnings, fixes to copy and the SPF include tree.
    assert run_check(page, "toomany.example") == "done"
    found = violations(page)
    assert not found, "axe (serious or critical):\n" + describe({page.url: found})


def test_embed_mode_passes_axe(pages):
    page = pages.new_page()
    try:
        page.goto(pages.url("en") + "?embed=1&protocols=all&lang=fr&domain=monitoring.example")
        page.locator(".email-checker[data-state=done]").wait_for(timeout=CHECK_TIMEOUT_MS)
        assert page.locator("html").get_attribute("lang") == "fr"
        # The page's title is there for screen readers, hidden on screen.
        heading = page.locator(".md-content__inner > h1")
        assert heading.count() == 1 and heading.bounding_box()["width"] <= 1
        found = violations(page)
        assert not found, "axe (serious or critical):\n" + describe({page.url: found})
    finally:
        page.close()
