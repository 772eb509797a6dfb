"""The titles of the article sections findings link to, as a gettext catalog per language.

A report's link to an explanation reads as the section it leads to ("DKIM: Key not
found"), not as "Explained here". The words are the articles' own headings, so they
are read from docs/<lang>/ and written to checker/locale/<lang>/LC_MESSAGES/articles.po:

    msgid "article.dkim.md"            the page's title (its "# " heading)
    msgid "article.dkim.md#not-found"  the heading that carries {#not-found}

    python -m scripts.article_titles          rewrite the catalogs (then compile them:
                                              python -m checker.locale.compile)
    python -m scripts.article_titles --check  exit 1 when a catalog is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ja", "fr", "en")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ANCHOR = re.compile(r"\s*\{#([A-Za-z0-9_-]+)[^}]*\}\s*$")
HEADER = """\
# The titles of the article sections findings link to. Generated from docs/{lang}/ by
# python -m scripts.article_titles: edit the articles, not this file.
msgid ""
msgstr ""
"Project-Id-Version: dmarc-checker\\n"
"POT-Creation-Date: 2026-11-28 00:00+0000\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def linked_articles() -> list[str]:
    """Every page and page#anchor a finding links to, sorted."""
    import checker.domain  # noqa: F401 (defines every protocol's codes)
    from checker.findings import CATALOGUE

    targets = set()
    for definition in CATALOGUE.values():
        targets.add(definition.article)
        targets.add(definition.article.partition("#")[0])
    return sorted(targets)


def plain(markdown: str) -> str:
    """A heading as text: no emphasis, code marks, link targets or attribute lists."""
    text = re.sub(r"\{[^}]*\}", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip(" \t")  # keeps no-break spaces (French "DMARC\u202f?")


def headings(page: Path) -> dict[str, str]:
    """{"": the page title, anchor: its heading's text} for one Markdown file."""
    found: dict[str, str] = {}
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if not match:
            continue
        level, text = len(match.group(1)), match.group(2)
        anchor = ANCHOR.search(text)
        if anchor:
            found.setdefault(anchor.group(1), plain(text[: anchor.start()]))
        elif level == 1:
            found.setdefault("", plain(text))
    return found


def render(lang: str, docs: Path = ROOT / "docs") -> str:
    entries = []
    cache: dict[str, dict[str, str]] = {}
    for target in linked_articles():
        page, _, anchor = target.partition("#")
        if page not in cache:
            path = docs / lang / page
            cache[page] = headings(path) if path.is_file() else {}
        title = cache[page].get(anchor)
        if title:
            entries.append(f'\nmsgid "article.{target}"\nmsgstr "{_escape(title)}"\n')
    return HEADER.format(lang=lang) + "".join(entries)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def catalog_path(lang: str) -> Path:
    return ROOT / "checker" / "locale" / lang / "LC_MESSAGES" / "articles.po"


def main(argv: list[str]) -> int:
    stale = [lang for lang in LANGUAGES
             if not catalog_path(lang).is_file() or catalog_path(lang).read_text(encoding="utf-8") != render(lang)]
    for lang in stale:
        if "--check" in argv:
            print(f"stale: {catalog_path(lang).relative_to(ROOT)}")
        else:
            catalog_path(lang).write_text(render(lang), encoding="utf-8")
            print(f"written: {catalog_path(lang).relative_to(ROOT)}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
