"""What a test does when something it needs is absent (../shared, node_modules/pyodide).

On a developer's machine the test is skipped and says why. Under CI (``CI=true``) it
fails: a green run must never hide 609 skipped RFC cases or a partner site shipped
without its checker.
"""

from __future__ import annotations

import os

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def absent(reason: str, *, module_level: bool = False):
    """Skip (on a developer's machine) or fail (under CI) because ``reason``."""
    if under_ci():
        pytest.fail(f"{reason} (CI=true: required)", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)
