"""ProperDocs (the drop-in MkDocs 1.x fork) builds the same site, strictly."""

from __future__ import annotations

import gzip
import re

from site_support import build_site

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _content(path):
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return GENERATOR.sub(b"", data)


def test_properdocs_builds_the_same_site(built_site, tmp_path):
    result = build_site.build(built_site.config.config_file, tmp_path / "site", engine="properdocs")
    assert result.ok, "properdocs build --strict failed:\n" + result.log[-3000:]
    print(f"\nsite build (properdocs build --strict): {result.seconds:.2f} s")
    ours = {p.relative_to(built_site.dir).as_posix() for p in built_site.dir.rglob("*") if p.is_file()}
    theirs = {p.relative_to(result.site_dir).as_posix() for p in result.site_dir.rglob("*") if p.is_file()}
    assert sorted(ours - theirs) == [] and sorted(theirs - ours) == []
    different = [f for f in sorted(ours) if _content(built_site.dir / f) != _content(result.site_dir / f)]
    assert different == [], f"files that differ beyond the generator tag: {different[:20]}"
