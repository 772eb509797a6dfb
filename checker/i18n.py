"""Words for findings and the interface, from gettext catalogs (ja, fr, en).

Message ids are the stable finding codes (``spf.too_many_lookups``) and
interface keys (``ui.verdict``); each language's catalog gives the template,
with ``{name}`` placeholders filled from the finding's parameters.
Translators edit ``checker/locale/<lang>/LC_MESSAGES/{checker,ui}.po``;
``python -m checker.locale.compile`` rebuilds the ``.mo`` files. ``articles.po``
is generated from the articles' headings: ``python -m scripts.article_titles``.
"""

from __future__ import annotations

import gettext
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .findings import Finding

LANGUAGES = ("ja", "fr", "en")
DEFAULT_LANGUAGE = "en"
# "checker": findings and the command line; "ui": the words around them in reports;
# "argparse": the option parser's own words (usage, errors) for the command line;
# "articles": the titles of the article sections findings link to (generated from
# docs/ by scripts/article_titles.py).
DOMAINS = ("checker", "ui", "argparse", "articles")
# The knowledge base's default language lives at the site's root, the others
# under their code ("fr/"); a partner's build may choose another default.
SITE_DEFAULT_LANGUAGE = "ja"
# The package is always installed as files (a wheel, or the runtime's site-packages in the
# browser): a plain path spares the command line importlib.resources' start-up cost.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def detect_language(environ: dict[str, str] | None = None) -> str:
    """The reader's language from the usual locale variables, else English."""
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        for value in environ.get(variable, "").split(":"):
            code = value[:2].lower()
            if code in LANGUAGES:
                return code
            if value:
                break  # the first variable that is set decides, as in gettext
    return DEFAULT_LANGUAGE


def load_catalog(lang: str) -> gettext.GNUTranslations:
    """All domains of one language, chained: the first that knows a key answers."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    catalogs = [gettext.GNUTranslations(io.BytesIO((folder / f"{d}.mo").read_bytes())) for d in DOMAINS]
    for catalog in catalogs[1:]:
        catalogs[0].add_fallback(catalog)
    return catalogs[0]


class _Params(dict):
    """Leaves an unknown placeholder visible instead of failing: for interface keys only,
    whose parameters nothing declares. A finding's are declared and checked when it is
    created, and tests/test_catalog.py proves each message uses only those it always has."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _display(value: Any, lang: str) -> Any:
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "ja" else ", ").join(str(v) for v in value)
    return value


class Messages:
    def __init__(self, lang: str, site_default: str = SITE_DEFAULT_LANGUAGE):
        if lang not in LANGUAGES or site_default not in LANGUAGES:
            raise ValueError(f"unknown language {lang if lang not in LANGUAGES else site_default!r}")
        self.lang = lang
        self.site_prefix = "" if lang == site_default else f"{lang}/"
        self._catalog = load_catalog(lang)

    def template(self, key: str) -> str:
        """The catalog's words for ``key``, placeholders unfilled."""
        return self._catalog.gettext(key)

    def plural_template(self, singular: str, plural: str, count: int) -> str:
        """The catalog's words for ``count`` of something (gettext's ngettext), placeholders unfilled."""
        return self._catalog.ngettext(singular, plural, count)

    def has(self, key: str) -> bool:
        """Whether the catalogs have words for ``key`` (article titles are optional)."""
        return self._catalog.gettext(key) != key

    def text(self, key: str, /, **params: Any) -> str:
        template = self._catalog.gettext(key)
        values = _Params({k: self._value(k, v) for k, v in params.items()})
        return template.format_map(values)

    def _finding_text(self, code: str, params: dict[str, Any]) -> str:
        # No fallback: a missing parameter is a bug (KeyError), never "{name}" shown to a reader.
        return self._catalog.gettext(code).format_map({k: self._value(k, v) for k, v in params.items()})

    def _value(self, param: str, value: Any) -> Any:
        """Code-like string values have words of their own: ``value.<param>.<value>``."""
        if isinstance(value, str):
            key = f"value.{param}.{value}"
            words = self._catalog.gettext(key)
            if words != key:
                return words
        return _display(value, self.lang)

    def finding(self, finding: Finding) -> str:
        return self._finding_text(finding.code, finding.params)

    def article_path(self, code: str) -> str:
        """The site path of the section that explains ``code``, e.g. ``en/spf/limits/#ten-lookups``."""
        from .findings import CATALOGUE  # not at the top: `dmarc-check --help` needs no findings

        return self.site_prefix + page_path(CATALOGUE[code].article)


def page_path(article: str) -> str:
    """``spf/limits.md#ten-lookups`` -> ``spf/limits/#ten-lookups`` (MkDocs directory URLs)."""
    page, _, anchor = article.partition("#")
    page = page.removesuffix(".md")
    if page == "index":
        page = ""
    elif page.endswith("/index"):
        page = page[: -len("index")]
    else:
        page += "/"
    return page + (f"#{anchor}" if anchor else "")
