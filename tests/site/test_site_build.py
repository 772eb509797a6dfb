"""The strict build: it succeeds on the real tree, and it fails loudly on a broken anchor,
a broken link, or a page missing in one language."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_support import PROJECT_ROOT, build_site


def test_strict_build_succeeds(site_build):
    problems = [l for l in site_build.log.splitlines() if l.startswith(("WARNING", "ERROR", "Aborted"))]
    assert site_build.ok, "mkdocs build --strict failed:\n" + "\n".join(problems or site_build.log.splitlines()[-30:])
    assert problems == []
    print(f"\nsite build (mkdocs build --strict): {site_build.seconds:.2f} s")


def test_every_language_is_built(built_site):
    for language in built_site.config.languages:
        index = built_site.dir / built_site.config.root(language).lstrip("/") / "index.html"
        assert index.is_file(), f"no home page for {language}: {index}"
        assert built_site.page(index.relative_to(built_site.dir).as_posix()).lang == language


# -- a tiny three-language site that inherits the real configuration -------------------

PAGES = {"index.md": "# {title}\n\n[{title}](other.md{link})\n", "other.md": "# Other {lang}\n\n## Part {{#part}}\n\ntext\n"}


def project_hooks() -> list[str]:
    """Absolute paths of the hooks mkdocs.yml itself lists."""
    from mkdocs.config import load_config

    config = load_config(str(PROJECT_ROOT / "mkdocs.yml"))
    return [Path(module.__file__).resolve().as_posix() for module in config.hooks.values()]


def make_mini_site(root: Path, link: str = "#part", languages=("ja", "fr", "en"), skip: tuple[str, str] | None = None) -> Path:
    for lang in languages:
        for name, text in PAGES.items():
            if skip == (lang, name):
                continue
            path = root / "docs" / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.format(title=f"Home {lang}", lang=lang, link=link), encoding="utf-8")
    hooks = "\n".join(f"  - {path}" for path in project_hooks())
    config = root / "mkdocs.yml"
    # hooks and custom_dir resolve relative to the inheriting file: repeat them.
    config.write_text(
        f"INHERIT: {(PROJECT_ROOT / 'mkdocs.yml').as_posix()}\n"
        "docs_dir: docs\nsite_dir: site\n"
        f"theme:\n  name: material\n  custom_dir: {(PROJECT_ROOT / 'overrides').as_posix()}\n"
        f"hooks:\n{hooks}\n"
        "nav:\n  - index.md\n  - other.md\n",
        encoding="utf-8",
    )
    return config


def test_mini_site_with_correct_links_builds(tmp_path):
    result = build_site.build(make_mini_site(tmp_path))
    assert result.ok, result.log


def test_strict_build_fails_on_a_broken_anchor(tmp_path):
    result = build_site.build(make_mini_site(tmp_path, link="#no-such-anchor"))
    assert not result.ok
    assert "no-such-anchor" in result.log


def test_strict_build_fails_on_a_broken_link(tmp_path):
    config = make_mini_site(tmp_path)
    (tmp_path / "docs" / "fr" / "index.md").write_text("# Accueil\n\n[perdu](missing.md)\n", encoding="utf-8")
    result = build_site.build(config)
    assert not result.ok
    assert "missing.md" in result.log


@pytest.mark.parametrize("language", ["fr", "en"])
def test_strict_build_fails_when_a_page_is_missing_in_one_language(tmp_path, language):
    result = build_site.build(make_mini_site(tmp_path, skip=(language, "other.md")))
    assert not result.ok, "a missing translation must fail the build, not fall back to Japanese"
    assert "other.md" in result.log
