"""Missing test material is a failure under CI and a skip elsewhere (tests/absent_material.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def run_pytest(tmp_path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_needs_material.py").write_text(
        "from tests.absent_material import absent\n"
        "absent('the corpus is not at ../shared', module_level=True)\n"
        "def test_never_reached():\n    pass\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT)}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)


def test_under_ci_missing_material_fails_the_run(tmp_path):
    done = run_pytest(tmp_path, "true")
    assert done.returncode != 0
    assert "the corpus is not at ../shared (CI=true: required)" in done.stdout


def test_elsewhere_it_is_a_skip_that_says_why(tmp_path):
    done = run_pytest(tmp_path, None)
    assert done.returncode in (0, 5) and "1 skipped" in done.stdout  # 5: no test ran (all skipped)
