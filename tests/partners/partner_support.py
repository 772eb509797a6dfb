"""What the partner tests share: project paths, the partner scripts, the build command
as a user runs it (scripts/build_all.py in its own process) and a served site."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = PROJECT_ROOT / "scripts"
BUILD_ALL = SCRIPTS / "build_all.py"
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "partners"
LANGUAGE_NAMES = {"ja": "日本語", "fr": "Français", "en": "English"}

if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import partner_site  # noqa: E402
import partners  # noqa: E402

PARTNER_IDS = partners.partner_ids()


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def build_all(*args: str | Path, timeout: float = 600) -> Run:
    """``python scripts/build_all.py ARGS`` from the project root, as documented."""
    done = subprocess.run([sys.executable, str(BUILD_ALL), *map(str, args)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=timeout)
    return Run(done.returncode, done.stdout, done.stderr)


def language_root(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


