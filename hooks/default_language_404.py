"""Keep 404.html in the default language.

mkdocs-static-i18n builds every language into the same site directory, so each build
rewrites the site-wide 404.html and the last language built (English) would win. The
default language (Japanese, served at /) is built first: its 404 page is kept.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

# The default language's 404 page of the current build; every build (and every rebuild
# under `mkdocs serve`) starts with the default language, which refreshes it.
_default_404: list[str] = []


@event_priority(-50)
def on_post_template(output_content: str, template_name: str, config) -> str:
    i18n = config.plugins.get("i18n")
    if template_name != "404.html" or i18n is None:
        return output_content
    if i18n.current_language == i18n.default_language:
        _default_404[:] = [output_content]
        return output_content
    return _default_404[0] if _default_404 else output_content
