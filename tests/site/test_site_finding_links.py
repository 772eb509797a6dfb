"""Every finding of the checker links to a section that exists, in every language.

The checker's words link each finding code to its article section
(checker.findings.CATALOGUE[code].article, "page.md#anchor"); the links it
prints follow checker.i18n.Messages.article_path. Both must land on a real id
of the built page in the reader's language.
"""

from __future__ import annotations

import pytest

import checker.domain  # noqa: F401  (imports every protocol, so every code is defined)
from checker.findings import CATALOGUE
from checker.i18n import LANGUAGES, Messages

SITE_LANGUAGES = LANGUAGES


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_every_finding_code_links_to_an_existing_anchor(built_site, language):
    missing = []
    for code, entry in sorted(CATALOGUE.items()):
        page, _, anchor = entry.article.partition("#")
        built = built_site.dir / built_site.file_of(language, page)
        if not built.is_file():
            missing.append(f"{code}: no page {built.relative_to(built_site.dir)}")
        elif anchor and anchor not in built_site.page(built_site.file_of(language, page)).ids:
            missing.append(f"{code}: no #{anchor} in {built.relative_to(built_site.dir)}")
    assert not missing, f"{len(missing)} finding links lead nowhere:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_the_links_the_checker_prints_are_those_pages(built_site, language):
    """Messages.article_path (what the report and the page print) names the same built file."""
    msgs = Messages(language)
    for code, entry in CATALOGUE.items():
        path, _, anchor = msgs.article_path(code).partition("#")
        built = built_site.dir / path / "index.html"
        assert built.is_file(), f"{code} -> /{path} is not a page of the site"
        if anchor:
            assert anchor in built_site.page(built.relative_to(built_site.dir).as_posix()).ids, (code, anchor)
