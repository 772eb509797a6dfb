"""sitemap.xml lists every page of every language, each with its alternates (x-default:
the default language's page)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from site_html import source_to_url

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_page_with_its_alternates(built_site, english_pages):
    config = built_site.config
    sitemap = built_site.dir / "sitemap.xml"
    assert sitemap.is_file(), "no sitemap.xml"
    assert config.site_url, "site_url is not set: sitemap.xml cannot hold absolute URLs"
    base = config.site_url.rstrip("/")
    entries = {}
    for url in ET.parse(sitemap).getroot().findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        entries[loc] = {l.get("hreflang"): l.get("href") for l in url.findall("xhtml:link", NS)}
    problems = []
    for source in english_pages:
        urls = {lang: base + config.root(lang) + source_to_url(source) for lang in config.languages}
        alternates = {**urls, "x-default": urls[config.default_language]}
        for lang, loc in urls.items():
            if loc not in entries:
                problems.append(f"missing <loc>{loc}</loc>")
            elif entries[loc] != alternates:
                problems.append(f"{loc}: alternates {entries[loc]} instead of {alternates}")
    assert not problems, "\n".join(problems[:60])
