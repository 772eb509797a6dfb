"""Fixtures for the site tests: one real strict build per session, served on 127.0.0.1,
and one headless Chromium (Debian's, never `playwright install`).

SITE_TEST_CONFIG=/path/to/mkdocs.yml runs the tests against another config (for example
one that INHERITs mkdocs.yml with `docs_dir` pointing at a placeholder tree).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from tests.served_site import SiteServer
from site_support import HERE, PROJECT_ROOT, BuiltSite, SiteConfig, build_site


@pytest.fixture(scope="session")
def site_config() -> SiteConfig:
    config_file = Path(os.environ.get("SITE_TEST_CONFIG", PROJECT_ROOT / "mkdocs.yml")).resolve()
    return SiteConfig.load(config_file)


@pytest.fixture(scope="session")
def outline() -> dict[str, list[str]]:
    """Outline pages -> required anchors (tests/site/anchors.yml)."""
    return yaml.safe_load((HERE / "anchors.yml").read_text(encoding="utf-8"))["pages"]


@pytest.fixture(scope="session")
def english_pages(site_config) -> list[str]:
    """The reference page list: every Markdown file under docs/en/."""
    en = site_config.docs_dir / "en"
    if not en.is_dir():
        pytest.fail(f"no English pages: {en} does not exist")
    return sorted(p.relative_to(en).as_posix() for p in en.rglob("*.md"))


@pytest.fixture(scope="session")
def site_build(site_config, tmp_path_factory):
    """The real site, built once with `mkdocs build --strict` (result kept even on failure)."""
    out = tmp_path_factory.mktemp("site") / "site"
    return build_site.build(site_config.config_file, out)


@pytest.fixture(scope="session")
def built_site(site_config, site_build, tmp_path_factory) -> BuiltSite:
    """The site to inspect: the strict build, or, when that failed (test_site_build says
    why), a lenient build of the same tree, so that each test still reports precisely
    what is wrong in its own area (a missing page, anchor or translation)."""
    if site_build.ok:
        return BuiltSite(site_config, site_build)
    lenient = build_site.build(site_config.config_file, tmp_path_factory.mktemp("lenient") / "site", strict=False)
    if not lenient.ok:
        errors = [l for l in lenient.log.splitlines() if l.startswith(("WARNING", "ERROR", "Aborted"))]
        pytest.fail("the site does not build, even without --strict:\n" + "\n".join(errors[:40] or lenient.log.splitlines()[-40:]))
    return BuiltSite(site_config, lenient)


@pytest.fixture(scope="session")
def served_site(built_site):
    """Base URL ("http://127.0.0.1:<port>/") of the built site served by scripts/serve.py."""
    server = SiteServer(built_site.dir)
    try:
        yield server.url
    finally:
        server.stop()


