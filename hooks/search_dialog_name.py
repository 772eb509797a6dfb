"""Material's search dialog gets an accessible name in the page's language.

Material marks the search overlay role="dialog" without a name, so a screen reader
announces an unnamed dialog (axe: aria-dialog-name).
"""

from __future__ import annotations

import html

from mkdocs.plugins import event_priority

NAMES = {"ja": "サイト内検索", "fr": "Recherche dans le site", "en": "Search this site"}
_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(page_html: str, language: str) -> str:
    name = NAMES.get(language, NAMES["en"])
    return page_html.replace(_DIALOG, _DIALOG[:-1] + f' aria-label="{html.escape(name)}">', 1)


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n is not None else config.theme.get("language", "en")


@event_priority(-30)
def on_post_page(output: str, page, config) -> str:
    return name_search_dialog(output, _language(config))


# Before hooks/language_404.py (-50) copies a language's 404 page into its folder.
@event_priority(-30)
def on_post_template(output_content: str, template_name: str, config) -> str:
    return name_search_dialog(output_content, _language(config)) if template_name == "404.html" else output_content
