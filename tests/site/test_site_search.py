"""Search, driven through the real search box in Chromium: each language searches its
own pages, Japanese words are found, French elisions (l'usurpation) are split."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest


def search(page, served_site: str, root: str, query: str) -> list[str]:
    """Type a query into the search box of a language's home page; result page paths."""
    page.goto(served_site + root.lstrip("/"))
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    # Material searches on keyup; typed Japanese (like an IME) produces no keyup of its own.
    box.press("End")
    page.wait_for_selector("li.md-search-result__item a.md-search-result__link", state="attached")
    hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
    return [urlsplit(h).path for h in hrefs]


def other_language_paths(paths, config, language):
    roots = [config.root(l) for l in config.languages if l != language and l != config.default_language]
    if language != config.default_language:
        return [p for p in paths if not p.startswith(config.root(language))]
    return [p for p in paths if any(p.startswith(r) for r in roots)]


def test_japanese_word_finds_japanese_pages(page, served_site, built_site):
    config = built_site.config
    paths = search(page, served_site, config.root("ja"), "なりすまし")
    assert paths, "no result for なりすまし"
    assert other_language_paths(paths, config, "ja") == []


def test_dkim_finds_the_dkim_page_on_the_japanese_site(page, served_site, built_site):
    config = built_site.config
    paths = search(page, served_site, config.root("ja"), "DKIM")
    assert config.root("ja") + "dkim/" in paths, paths
    assert other_language_paths(paths, config, "ja") == []


def test_french_search_splits_elisions(page, served_site, built_site, english_pages):
    config = built_site.config
    elided = re.compile(r"\bl['’]usurpation", re.I)
    with_elision = {
        "/" + built_site.file_of("fr", source)[: -len("index.html")]
        for source in english_pages
        if (built_site.dir / built_site.file_of("fr", source)).is_file()
        and elided.search(built_site.page(built_site.file_of("fr", source)).article_text)
    }
    if not with_elision:
        pytest.fail("no French page contains « l'usurpation »: nothing to test the elision on")
    paths = search(page, served_site, config.root("fr"), "usurpation")
    assert set(paths) & with_elision, f"results {paths} miss the pages with l'usurpation {sorted(with_elision)}"
    assert other_language_paths(paths, config, "fr") == []
