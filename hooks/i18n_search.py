"""One search index per language.

mkdocs-static-i18n builds every language into the same site and merges all pages into a
single `search/search_index.json` searched with all three lunr languages at once: a
French reader gets Japanese and English results, and the mixed pipeline loses Latin
terms such as "DNS" on Japanese pages. This hook:

1. after the last language is built, splits that index into `search/search_index.json`
   (default language) and `<lang>/search/search_index.json`, with page locations made
   relative to the language root and the lunr pipeline set to that language only;
2. points Material's client configuration (`"base"` in `#__config`) of every page of a
   non-default language at its language root, which is where Material fetches
   `search/search_index.json` from and resolves result links against.
"""

from __future__ import annotations

import json
import os
import posixpath
import re

from mkdocs.plugins import event_priority, get_plugin_logger

log = get_plugin_logger("i18n_search")

# Material's client configuration: <script id="__config" type="application/json">{...}</script>
_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)

# lunr pipeline per site language: Material's own defaults (partials/languages/*.html).
# Each index gets only its own language: mixing "ja" with "en" makes lunr drop Latin
# terms such as "DNS" from Japanese pages.
_SEARCH_PIPELINES = {"ja": ["stemmer"]}
_DEFAULT_PIPELINE = ["stopWordFilter"]


def _i18n(config):
    return config.plugins.get("i18n")


def language_of_location(location: str, languages: list[str], default: str) -> str:
    """The language of a search entry, from its location ("fr/spf/#all" -> "fr")."""
    first = location.split("/", 1)[0].split("#", 1)[0]
    return first if first in languages and first != default else default


def strip_language(location: str, language: str, default: str) -> str:
    """Make a location relative to its language root ("fr/spf/#all" -> "spf/#all")."""
    if language == default:
        return location
    rest = location[len(language):]
    return rest.lstrip("/")


def split_index(index: dict, languages: list[str], default: str) -> dict[str, dict]:
    """Split a merged Material search index into one index per language."""
    per_language = {lang: [] for lang in languages}
    for doc in index.get("docs", []):
        lang = language_of_location(doc.get("location", ""), languages, default)
        per_language[lang].append({**doc, "location": strip_language(doc["location"], lang, default)})
    result = {}
    for lang, docs in per_language.items():
        config = dict(index.get("config", {}))
        config["lang"] = [lang]
        config["pipeline"] = _SEARCH_PIPELINES.get(lang, _DEFAULT_PIPELINE)
        result[lang] = {**index, "config": config, "docs": docs}
    return result


@event_priority(-50)
def on_post_page(output: str, page, config) -> str:
    i18n = _i18n(config)
    if i18n is None or i18n.current_language == i18n.default_language:
        return output

    match = _CONFIG_SCRIPT.search(output)
    try:
        client = json.loads(match.group(2)) if match else None
    except ValueError:
        client = None
    if not isinstance(client, dict):
        # A warning fails the strict build: this language's search would silently
        # show the default language's results otherwise.
        log.warning(f"{page.file.src_uri}: no readable Material #__config; search base not set")
        return output
    # Trailing slash: the browser resolves "search/search_index.json" against it.
    client["base"] = posixpath.join(client.get("base", "."), i18n.current_language) + "/"
    text = json.dumps(client, ensure_ascii=False)
    # As Jinja's |tojson does, so that the JSON can never close the <script> element.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return output[: match.start(2)] + text + output[match.end(2):]


# Runs after mkdocs-static-i18n (priority -100) has built the other languages and
# written the merged index.
@event_priority(-200)
def on_post_build(config) -> None:
    i18n = _i18n(config)
    if i18n is None or i18n.building:
        return  # a nested per-language build: the merged index is not final yet
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        merged = json.load(f)
    default = i18n.default_language
    for lang, index in split_index(merged, i18n.build_languages, default).items():
        folder = "" if lang == default else lang
        target = os.path.join(config.site_dir, folder, "search", "search_index.json")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            json.dump(index, f, ensure_ascii=False, separators=(",", ":"))
