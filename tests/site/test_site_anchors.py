"""Every section anchor of the outline (tests/site/anchors.yml) exists in every language."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("language", ["ja", "fr", "en"])
def test_outline_anchors_exist(language, built_site, outline):
    missing = []
    for source, anchors in outline.items():
        built = built_site.file_of(language, source)
        if not (built_site.dir / built).is_file():
            missing.append(f"{built}: page not built")
            continue
        ids = built_site.page(built).ids
        missing += [f"{built}#{a}" for a in anchors if a not in ids]
    assert not missing, f"{len(missing)} missing in {language}:\n" + "\n".join(missing)
