"""The link texts of a report are the titles of the article sections they lead to:
checker/locale/*/LC_MESSAGES/articles.po is generated from docs/ and kept current."""

from __future__ import annotations

import pytest

from checker.i18n import LANGUAGES, Messages
from scripts import article_titles


def test_catalogs_match_the_articles():
    assert article_titles.main(["--check"]) == 0, "run python -m scripts.article_titles, then checker.locale.compile"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_linked_page_has_a_title(lang):
    """Each link reads at least as its page's title. (That each anchor exists, so that the
    link reads as its section's title too, is tests/site/test_site_finding_links.py's job.)"""
    msgs = Messages(lang)
    pages = sorted({target.partition("#")[0] for target in article_titles.linked_articles()})
    missing = [page for page in pages if not msgs.has(f"article.{page}")]
    assert not missing, f"no title (# heading) in docs/{lang}/: {missing}"


def test_a_heading_is_read_as_plain_text(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# *Pourquoi* DMARC\u202f?\n\n```text\n# not a heading {#nope}\n```\n\n"
                    "## The `p=` tag and [links](x.md) {#policy}\n", encoding="utf-8")
    assert article_titles.headings(page) == {"": "Pourquoi DMARC\u202f?", "policy": "The p= tag and links"}
