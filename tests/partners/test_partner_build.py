"""Each partner's built site, read as HTML: its name, logo, colours and languages, its own
announcement and not the others', its contact page, its DoH endpoints, and nothing of
the base brand where the partner's belongs."""

from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from partner_html import parse
from partner_support import LANGUAGE_NAMES, PARTNER_IDS, language_root, partner_site, partners

pytestmark = pytest.mark.parametrize("pid", PARTNER_IDS)


def _base_brand() -> set[str]:
    base = partners.read_base_config()
    names = {base["site_name"]} | {lang["site_name"] for lang in partners.i18n_plugin(base)["languages"]}
    return {n for n in names if n}


BASE_BRAND = _base_brand()
ALL_ANNOUNCEMENTS = partners.announcement_ids(partners.DOCS_DIR, "en")


@lru_cache(maxsize=None)
def _page(path: Path):
    return parse(path)


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _resolve(page_file: Path, site: Path, href: str) -> str:
    """A link of a built page -> its path from the site root ("fr/contact/", "" for the root)."""
    folder = page_file.parent.relative_to(site).as_posix()
    path = posixpath.normpath(posixpath.join("/" + folder, urlsplit(href).path)).lstrip("/")
    return path + "/" if path and href.endswith("/") else path


def test_the_build_is_strict_and_clean(built, pid):
    log = built[pid].log
    assert re.search(rf"^built: {pid} in [\d.]+ s -> ", log, re.M), log
    assert not [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert (built[pid].site / "index.html").is_file()


def test_only_the_offered_languages_are_built_and_the_default_is_at_the_root(built, pid):
    partner, site = built[pid].partner, built[pid].site
    assert _page(site / "index.html").lang == partner.default_language
    for lang in LANGUAGE_NAMES:
        folder = site / lang
        if lang == partner.default_language or lang not in partner.languages:
            assert not (folder / "index.html").exists(), f"/{lang}/ should not be built"
        else:
            assert _page(folder / "index.html").lang == lang


def test_every_page_carries_the_partner_brand(built, pid):
    partner, site = built[pid].partner, built[pid].site
    logo = partner_site.logo_name(partner)
    files = _html_files(site)
    # Every page of each offered language, plus that language's 404.html.
    assert len(files) == len(partner.languages) * (1 + len(list((site.parent / "docs" / partner.default_language).rglob("*.md"))))
    for file in files:
        page = _page(file)
        where = file.relative_to(site).as_posix()
        assert page.title == partner.name or page.title.endswith(f" - {partner.name}"), (where, page.title)
        assert page.site_name == partner.name, where
        # The header's logo, and the same again atop the navigation drawer.
        assert {_resolve(file, site, src) for src in page.logo_images} == {f"assets/partner/{logo}"}, where
        assert page.logo_svgs == 0, f"{where}: the base site's icon logo is still in the header"
        assert [_resolve(file, site, href) for href in page.icons] == [f"assets/partner/{logo}"], where
        assert partner.name in page.copyright, (where, page.copyright)
        stylesheets = [_resolve(file, site, href) for href in page.stylesheets]
        assert "assets/partner/partner.css" in stylesheets, where
        assert stylesheets.index("assets/partner/partner.css") > stylesheets.index("assets/stylesheets/extra.css")


def test_the_footer_speaks_the_page_language(built, pid):
    partner, site = built[pid].partner, built[pid].site
    for lang in partner.languages:
        page = _page(site / language_root(lang, partner.default_language) / "index.html")
        expected = {"en": f"Published by {partner.name}", "fr": f"Publié par {partner.name}",
                    "ja": f"{partner.name}が提供"}[lang]
        assert page.copyright.startswith(expected)
        if partner.distributor:
            assert partner.distributor in page.copyright


def test_nothing_of_the_base_brand_remains(built, pid):
    site = built[pid].site
    for file in [*_html_files(site), *site.rglob("search_index.json"), site / "sitemap.xml"]:
        text = file.read_text(encoding="utf-8")
        for name in BASE_BRAND:
            assert name not in text, f"{file.relative_to(site)} still says {name!r}"


def test_the_partner_colours_are_the_site_colours(built, pid):
    partner, site = built[pid].partner, built[pid].site
    css = (site / "assets" / "partner" / "partner.css").read_text(encoding="utf-8")
    assert f"--md-primary-fg-color: {partner.primary};" in css
    assert f"--md-accent-fg-color: {partner.accent};" in css


def test_the_language_switcher_lists_only_the_offered_languages(built, pid):
    partner, site = built[pid].partner, built[pid].site
    for lang in partner.languages:
        root = language_root(lang, partner.default_language)
        for path in ("index.html", "contact/index.html", "checker/index.html"):
            page = _page(site / root / path)
            if len(partner.languages) == 1:
                assert page.switcher == {}, "a one-language site has no language switcher"
                continue
            assert set(page.switcher) == set(partner.languages)
            # Each entry leads to the same page in that language, which exists.
            for other, href in page.switcher.items():
                target = _resolve(site / root / path, site, href)
                assert target == language_root(other, partner.default_language) + path.removesuffix("index.html")
                assert (site / target / "index.html").is_file()


def test_its_own_announcement_and_not_the_others(built, pid):
    partner, site = built[pid].partner, built[pid].site
    others = ALL_ANNOUNCEMENTS - set(partner.announcements)
    assert others, "the fixture expects other partners' announcements to leave out"
    for lang in partner.languages:
        root = site / language_root(lang, partner.default_language)
        for own in partner.announcements:
            assert (root / "news" / own / "index.html").is_file()
        for other in others:
            assert not (root / "news" / other).exists(), f"{lang}: news/{other} was built"
        # The lists of announcements: the home page's latest news and the news index.
        for listing in ("index.html", "news/index.html"):
            links = {_resolve(root / listing, site, h) for h in _page(root / listing).hrefs}
            news = {link for link in links if "/news/" in f"/{link}" and not link.endswith("news/")}
            expected = {language_root(lang, partner.default_language) + f"news/{own}/" for own in partner.announcements}
            assert news == expected, (lang, listing, news)
    for file in _html_files(site):
        for href in _page(file).hrefs:
            assert not any(f"news/{other}" in href for other in others), f"{file.relative_to(site)} links to {href}"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if any(f"news/{o}/" in d["location"] for o in others)]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not any(f"news/{other}/" in sitemap for other in others)


def test_the_contact_page_says_only_what_the_config_says(built, pid):
    partner, site = built[pid].partner, built[pid].site
    for lang in partner.languages:
        root = language_root(lang, partner.default_language)
        home = site / root / "index.html"
        assert f"{root}contact/" in {_resolve(home, site, h) for h in _page(home).hrefs}, "contact page not in the nav"
        page = _page(site / root / "contact" / "index.html")
        assert partner.contact_text[lang] in page.article_text
        article = (site / root / "contact" / "index.html").read_text(encoding="utf-8")
        article = article[article.index('<article'):article.index('</article>')]
        external = sorted(set(re.findall(r'href="((?:https?|mailto|tel):[^"]*)"', article)))
        expected = sorted(filter(None, [partner.website, partner.email and f"mailto:{partner.email}"]))
        assert external == expected
        if partner.website:  # Config: https://www.config.fr, shown as www.config.fr
            shown = partner_site.display_url(partner.website)
            assert f'<a href="{partner.website}">{shown}</a>' in article
        # No phone number or street address appears that the config does not hold.
        assert not re.search(r"\+?\d[\d ().-]{6,}\d", page.article_text)


def test_the_checker_uses_the_partner_doh_endpoints(built, pid):
    partner, site = built[pid].partner, built[pid].site
    for lang in partner.languages:
        page = _page(site / language_root(lang, partner.default_language) / "checker" / "index.html")
        connect = next(d for d in page.meta_csp.split(";") if d.strip().startswith("connect-src")).split()[1:]
        assert connect == ["'self'", *partner.doh]
    runtime = site / "assets" / "checker" / "runtime.json"
    assert runtime.is_file(), "hooks/checker_runtime.py wrote no assets/checker/runtime.json"
    assert json.loads(runtime.read_text(encoding="utf-8"))["doh"] == list(partner.doh)
