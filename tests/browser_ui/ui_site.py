"""The site the checker UI tests run against: the real site, built once with the
checker runtime and the fixture's DNS-over-HTTPS endpoints, served on 127.0.0.1.

The build config INHERITs the project's mkdocs.yml and only changes what a test
needs: the DoH endpoints (two fixture servers, the first of which a test can make
fail) and the hooks (INHERIT replaces lists: they are repeated, with absolute paths,
plus the runtime hook when the base config does not list it yet).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from scripts import build_site

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
RUNTIME_HOOK = "hooks/checker_runtime.py"




def base_hooks() -> list[str]:
    """The base config's hooks, plus the checker runtime's (it puts Pyodide into the site)."""
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    hooks = list(config.get("hooks") or [])
    if not any(Path(h).name == Path(RUNTIME_HOOK).name for h in hooks):
        hooks.append(RUNTIME_HOOK)
    return [str((PROJECT_ROOT / h).resolve()) for h in hooks]


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses !ENV and !!python tags; only plain keys are read here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def write_config(folder: Path, doh_urls: list[str]) -> Path:
    config = {
        "INHERIT": str(PROJECT_ROOT / "mkdocs.yml"),
        "docs_dir": str(PROJECT_ROOT / "docs"),
        "theme": {"name": "material", "custom_dir": str(PROJECT_ROOT / "overrides")},
        "hooks": base_hooks(),
        "extra": {"checker": {"doh": doh_urls}},
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(folder: Path, doh_urls: list[str]):
    """Strict build into ``folder/site``; returns scripts/build_site.py's BuildResult."""
    config = write_config(folder, doh_urls)
    return build_site.build(config, folder / "site")


