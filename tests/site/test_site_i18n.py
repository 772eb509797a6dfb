"""Language alternates: the header's language switcher leads to the same page in the
other languages. The hreflang alternates for search engines are in sitemap.xml
(test_site_sitemap.py), not in <head>: Material fetches a sitemap.xml next to each
<link rel="alternate"> of a page, which failed once per language on every page."""

from __future__ import annotations

import pytest

from site_html import resolve


def _check_targets(built_site, english_pages, links_of, expected_keys):
    config = built_site.config
    problems = []
    for language in config.languages:
        for source in english_pages:
            built = built_site.file_of(language, source)
            if not (built_site.dir / built).is_file():
                problems.append(f"{built}: page not built")
                continue
            links = links_of(built_site.page(built))
            for key in expected_keys:
                target_language = config.default_language if key == "x-default" else key
                href = links.get(key)
                if href is None:
                    problems.append(f"{built}: no {key} link")
                    continue
                resolved = resolve(built_site.dir, built, href, config.site_url)
                expected = built_site.dir / built_site.file_of(target_language, source)
                if resolved is None or resolved[0] != expected:
                    problems.append(f"{built}: {key} -> {href!r}, expected {expected.relative_to(built_site.dir)}")
    return problems


def test_pages_have_no_hreflang_links_in_head(built_site, english_pages):
    with_links = [
        built_site.file_of(language, source)
        for language in built_site.config.languages
        for source in english_pages
        if built_site.page(built_site.file_of(language, source)).alternates()
    ]
    assert not with_links, f"<link rel=alternate hreflang> in <head> of {with_links[:10]}"


def test_language_switcher_links_point_to_the_same_page(built_site, english_pages):
    problems = _check_targets(built_site, english_pages, lambda p: p.language_switcher(), built_site.config.languages)
    assert not problems, "\n".join(problems[:60])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_language_switcher_in_the_browser_keeps_the_page(language, page, served_site):
    page.goto(served_site + "spf/limits/")
    page.hover(".md-header__option .md-select")
    page.click(f".md-header__option a.md-select__link[hreflang={language}]")
    page.wait_for_url(f"{served_site}{language}/spf/limits/")
    assert page.locator("html").get_attribute("lang") == language
