"""One 404 page per language: /404.html (default language), /<lang>/404.html.

mkdocs-static-i18n builds every language into the same site directory, so each build
rewrites the site-wide 404.html and the last language built would win. This hook keeps
the default language's page at /404.html and writes every other language's page to
<lang>/404.html, where a server (scripts/serve.py, or a host's per-folder error page)
finds the page in the reader's language. The words are in overrides/404.html.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

# The header's language selector: <a href="…" hreflang="fr" class="md-select__link">
_SELECTOR_LINK = re.compile(r'<a href="[^"]*" hreflang="([^"]+)" class="md-select__link">')

# The default language's 404 page of the current build; every build (and every rebuild
# under `mkdocs serve`) starts with the default language, which refreshes it.
_default_404: list[str] = []


@event_priority(-50)
def on_post_template(output_content: str, template_name: str, config) -> str:
    i18n = config.plugins.get("i18n")
    if template_name != "404.html" or i18n is None:
        return output_content
    output_content = link_languages_to_their_home(output_content, config, i18n.default_language)
    if i18n.current_language == i18n.default_language:
        _default_404[:] = [output_content]
        return output_content
    target = os.path.join(config.site_dir, i18n.current_language, "404.html")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        f.write(output_content)
    return _default_404[0] if _default_404 else output_content


def link_languages_to_their_home(html: str, config, default_language: str) -> str:
    """The 404 page is no translation of any page: its language selector leads to each
    language's home page (mkdocs-static-i18n leaves it pointing at the last page built)."""
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"

    def home(match: re.Match) -> str:
        language = match.group(1)
        href = base if language == default_language else f"{base}{language}/"
        return f'<a href="{href}" hreflang="{language}" class="md-select__link">'

    return _SELECTOR_LINK.sub(home, html)
