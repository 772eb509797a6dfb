"""Every page exists in every language, with a translated title, and none is a copy of
the default language (mkdocs-static-i18n's fallback)."""

from __future__ import annotations

import pytest

from english_detector import Allowlist

TRANSLATED = ["ja", "fr"]


@pytest.fixture(scope="module")
def same_titles() -> frozenset[str]:
    return Allowlist.load().same_titles


def test_outline_pages_exist_in_english(outline, english_pages):
    missing = sorted(set(outline) - set(english_pages))
    assert not missing, f"docs/en lacks outline pages: {', '.join(missing)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_english_page_exists_in(language, site_config, english_pages):
    folder = site_config.docs_dir / language
    missing = [p for p in english_pages if not (folder / p).is_file()]
    assert not missing, f"docs/{language} lacks {len(missing)} page(s): {', '.join(missing)}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_has_a_translated_title(language, built_site, english_pages, same_titles):
    problems = []
    for source in english_pages:
        target = built_site.dir / built_site.file_of(language, source)
        if not target.is_file():
            problems.append(f"{source}: not built")
            continue
        english = built_site.page(built_site.file_of("en", source)).h1
        title = built_site.page(built_site.file_of(language, source)).h1
        if not title:
            problems.append(f"{source}: no H1")
        elif title == english and title not in same_titles:
            problems.append(f"{source}: title still English ({title!r})")
    assert not problems, f"{language} titles:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_page_is_a_fallback_copy_of_the_default_language(language, built_site):
    """A page built under /fr/ or /en/ must come from docs/<language>/, not from docs/ja/."""
    config = built_site.config
    root = config.root(language).lstrip("/")
    default_root = config.root(config.default_language).lstrip("/")
    problems = []
    for built in built_site.html_files():
        if not built.startswith(root) or built == f"{root}404.html":
            continue
        relative = built[len(root):]
        stem = relative[: -len("index.html")].rstrip("/")
        candidates = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
        if not any((config.docs_dir / language / c).is_file() for c in candidates):
            problems.append(f"{built}: no source in docs/{language}/ (fallback page)")
            continue
        page = built_site.page(built)
        default = built_site.dir / default_root / relative
        if page.lang != language:
            problems.append(f"{built}: <html lang={page.lang!r}>")
        elif default.is_file() and page.article_text == built_site.page((default_root + relative)).article_text:
            problems.append(f"{built}: same text as the {config.default_language} page")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_navigation_section_labels_are_translated(language, site_config, same_titles):
    from mkdocs.config import load_config

    config = load_config(str(site_config.config_file))
    sections = [next(iter(item)) for item in config.nav or [] if isinstance(item, dict)]
    i18n = config.plugins["i18n"].config
    translations = next(lang.nav_translations or {} for lang in i18n.languages if lang.locale == language)
    missing = [s for s in sections if s not in same_titles and not translations.get(s)]
    assert not missing, f"nav_translations for {language} lack: {', '.join(missing)}"
