"""requirements.lock pins, with hashes, every dependency pyproject.toml names, within its range."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from hooks.checker_runtime import read_lock  # the site's build reads the lock with this, and so do we

ROOT = Path(__file__).resolve().parent.parent


def test_every_dependency_of_pyproject_is_pinned_within_its_range_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [*project["project"]["dependencies"], *(r for group in project["dependency-groups"].values()
                                                       for r in group)]
    lock = read_lock(ROOT / "requirements.lock")
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{name} is not in requirements.lock: run scripts/lock.sh"
        version, hashes = lock[name]
        assert requirement.specifier.contains(version, prereleases=True), f"{name} {version} not in {text}"
        assert len(hashes) > 0, name
    assert all(hashes for _, hashes in lock.values())
