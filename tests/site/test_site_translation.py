"""No untranslated English left in the Japanese and French pages (heuristic: see
english_detector.py; allowed terms in translation_allowlist.yml)."""

from __future__ import annotations

import pytest

from english_detector import EnglishDetector


@pytest.mark.parametrize("language", ["ja", "fr"])
def test_no_english_prose_left(language, built_site, english_pages):
    detector = EnglishDetector()
    problems = []
    for source in english_pages:
        built = built_site.file_of(language, source)
        if not (built_site.dir / built).is_file():
            problems.append(f"{built}: page not built")
            continue
        problems += [f"{built}: {finding}" for finding in detector.find(built_site.page(built).article_blocks, language)]
    assert not problems, f"English left in {language} pages:\n" + "\n".join(problems)
