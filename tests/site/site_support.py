"""What the site tests share: project paths, the build script, the site config as the
tests see it, and the built site with its parsed pages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from site_html import PageHtml, language_root, parse_file, source_to_url
from scripts import build_site  # noqa: F401  (the site tests build with it)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent




@dataclass(frozen=True)
class SiteConfig:
    """What the tests need from the MkDocs config (read with MkDocs itself)."""

    config_file: Path
    docs_dir: Path
    site_url: str
    languages: tuple[str, ...]
    default_language: str

    @classmethod
    def load(cls, config_file: Path) -> "SiteConfig":
        from mkdocs.config import load_config

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        config = load_config(str(config_file))
        i18n = config.plugins["i18n"].config
        languages = tuple(lang.locale for lang in i18n.languages if lang.build)
        default = next(lang.locale for lang in i18n.languages if lang.default)
        return cls(config_file, Path(config.docs_dir), config.site_url or "", languages, default)

    def root(self, language: str) -> str:
        return language_root(language, self.default_language)


@dataclass
class BuiltSite:
    config: SiteConfig
    result: object  # build_site.BuildResult
    _parsed: dict[str, PageHtml] = field(default_factory=dict, repr=False)

    @property
    def dir(self) -> Path:
        return self.result.site_dir

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.dir).as_posix() for p in self.dir.rglob("*.html"))

    def page(self, relative_file: str) -> PageHtml:
        if relative_file not in self._parsed:
            self._parsed[relative_file] = parse_file(self.dir / relative_file)
        return self._parsed[relative_file]

    def file_of(self, language: str, md_path: str) -> str:
        """Built file of a source page: ("fr", "spf/index.md") -> "fr/spf/index.html"."""
        url = self.config.root(language) + source_to_url(md_path)
        return url.lstrip("/") + "index.html"


