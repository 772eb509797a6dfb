"""SPF finding codes: each links to a section of the SPF articles that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import checker.spf  # noqa: F401  (registers the codes)
from checker.findings import CATALOGUE

ARTICLES = Path(__file__).resolve().parents[1] / "docs" / "en"
SPF_CODES = sorted(code for code in CATALOGUE if code.startswith("spf."))


def anchors(page: Path) -> set[str]:
    return set(re.findall(r"\{#([a-z0-9-]+)\}", page.read_text(encoding="utf-8")))


@pytest.mark.skipif(not (ARTICLES / "spf").is_dir(), reason="the SPF articles are not in docs/en/spf")
@pytest.mark.parametrize("code", SPF_CODES)
def test_every_code_links_to_an_existing_section(code):
    page, _, anchor = CATALOGUE[code].article.partition("#")
    assert page.startswith("spf/") and (ARTICLES / page).is_file(), CATALOGUE[code].article
    assert anchor in anchors(ARTICLES / page), CATALOGUE[code].article
