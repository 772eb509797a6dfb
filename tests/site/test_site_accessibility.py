"""axe-core finds no serious or critical violation on any page, in any language
(the checker itself, with a report on the page, is tested in tests/browser_ui)."""

from __future__ import annotations

from tests.axe import describe, violations


def test_every_page_in_every_language_passes_axe(browser, served_site, built_site, english_pages):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    found = {}
    try:
        for language in built_site.config.languages:
            for source in english_pages:
                path = built_site.file_of(language, source)[: -len("index.html")]
                page.goto(served_site + path)
                if items := violations(page):
                    found["/" + path] = items
            not_found = built_site.config.root(language) + "no-such-page/"
            page.goto(served_site + not_found.lstrip("/"))
            if items := violations(page):
                found[not_found] = items
    finally:
        context.close()
    assert not found, "axe (serious or critical):\n" + describe(found)
