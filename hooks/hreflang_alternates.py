"""Language alternates in sitemap.xml, not in each page's <head>.

Material's bundle fetches `sitemap.xml` next to every <link rel="alternate"> of a page
(it expects those links to point at language roots). mkdocs-static-i18n points them at
the page's translations, so each page made one failing request per language (four with
x-default), each a console error. Search engines read the same hreflang alternates from
sitemap.xml, which lists every page with its translations; this hook:

1. removes the hreflang <link> elements from the pages (the header's language selector
   keeps its links, with hreflang);
2. adds the x-default alternate (the default language's page) to every sitemap entry.
"""

from __future__ import annotations

import gzip
import os
import re

from mkdocs.plugins import event_priority

_HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_SITEMAP_DEFAULT = re.compile(r'([ \t]*)<xhtml:link rel="alternate" hreflang="(?P<lang>[^"]+)" href="(?P<href>[^"]*)"/>\n')


def strip_head_alternates(html: str) -> str:
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    return _HEAD_ALTERNATE.sub("", html[:head_end]) + html[head_end:]


def add_x_default(sitemap: str, default_language: str) -> str:
    def with_default(match: re.Match) -> str:
        if match.group("lang") != default_language:
            return match.group(0)
        indent, href = match.group(1), match.group("href")
        return match.group(0) + f'{indent}<xhtml:link rel="alternate" hreflang="x-default" href="{href}"/>\n'

    if 'hreflang="x-default"' in sitemap:
        return sitemap
    return _SITEMAP_DEFAULT.sub(with_default, sitemap)


@event_priority(-50)
def on_post_page(output: str, page, config) -> str:
    return strip_head_alternates(output)


# Before hooks/language_404.py (-50) copies a language's 404 page into its folder.
@event_priority(-40)
def on_post_template(output_content: str, template_name: str, config) -> str:
    return strip_head_alternates(output_content) if template_name == "404.html" else output_content


# After mkdocs-static-i18n (priority -100) has written the sitemap of every language.
@event_priority(-200)
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return
    path = os.path.join(config.site_dir, "sitemap.xml")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        sitemap = f.read()
    sitemap = add_x_default(sitemap, i18n.default_language)
    with open(path, "w", encoding="utf-8") as f:
        f.write(sitemap)
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "wb", compresslevel=9) as f:
            f.write(sitemap.encode("utf-8"))
