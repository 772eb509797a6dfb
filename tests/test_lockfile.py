"""requirements.lock pins, with hashes, every dependency pyproject.toml names, within its range."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pinned() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes)."""
    result, current = {}, None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        text = line.strip().rstrip("\\").strip()
        if text.startswith("--hash=sha256:") and current:
            version, count = result[current]
            result[current] = (version, count + 1)
        elif "==" in text and not text.startswith(("#", "-")):
            name, _, rest = text.partition("==")
            current = canonicalize_name(name)
            result[current] = (rest.split(";")[0].strip(), 0)
    return result


def test_every_dependency_of_pyproject_is_pinned_within_its_range_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [*project["project"]["dependencies"], *(r for group in project["dependency-groups"].values()
                                                       for r in group)]
    lock = pinned()
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{name} is not in requirements.lock: run scripts/lock.sh"
        version, hashes = lock[name]
        assert requirement.specifier.contains(version, prereleases=True), f"{name} {version} not in {text}"
        assert hashes > 0, name
    assert all(hashes > 0 for _, hashes in lock.values())
