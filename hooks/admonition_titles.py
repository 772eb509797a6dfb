"""Admonitions without a title get one in the page's language.

Python-Markdown titles `!!! note` with the type's English name ("Note"), which would
show English in the Japanese and French pages. An explicit title (`!!! note "…"`)
is left alone.
"""

from __future__ import annotations

import re

TITLES = {
    "ja": {"note": "注記", "tip": "ヒント", "warning": "注意", "danger": "警告", "info": "情報", "example": "例"},
    "fr": {"note": "Remarque", "tip": "Conseil", "warning": "Attention", "danger": "Danger", "info": "Information", "example": "Exemple"},
    "en": {"note": "Note", "tip": "Tip", "warning": "Warning", "danger": "Danger", "info": "Info", "example": "Example"},
}

# <div class="admonition note"><p class="admonition-title">Note</p>
_DEFAULT_TITLE = re.compile(r'(<div class="admonition (\w+)">\s*<p class="admonition-title">)([^<]*)(</p>)')


def localize_titles(html: str, language: str) -> str:
    words = TITLES.get(language)
    if not words:
        return html

    def title(match: re.Match) -> str:
        kind, text = match.group(2), match.group(3)
        if text != kind.capitalize() or kind not in words:
            return match.group(0)  # a title the author wrote
        return match.group(1) + words[kind] + match.group(4)

    return _DEFAULT_TITLE.sub(title, html)


def on_page_content(html: str, page, config, files) -> str:
    i18n = config.plugins.get("i18n")
    language = i18n.current_language if i18n is not None else config.theme.get("language", "en")
    return localize_titles(html, language)
