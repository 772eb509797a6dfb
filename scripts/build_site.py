"""Build the site with `--strict`, with MkDocs or its drop-in fork ProperDocs.

Usage:
    python scripts/build_site.py                      # mkdocs.yml -> site/
    python scripts/build_site.py -f partners/x/mkdocs.yml -d build/x
    python scripts/build_site.py --engine properdocs

Every warning (broken link or anchor, page missing from the nav or in one language)
fails the build. Set SITE_URL to the address the site is published at (sitemap.xml,
canonical links); without it the placeholder https://example.org/ is used.
Material's end-of-life banner is silenced (NO_MKDOCS_2_WARNING=1).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "mkdocs.yml"
ENGINES = ("mkdocs", "properdocs")


@dataclass
class BuildResult:
    engine: str
    config_file: Path
    site_dir: Path
    returncode: int
    seconds: float
    log: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def build_command(engine: str, config_file: Path, site_dir: Path | None, strict: bool = True) -> list[str]:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    command = [sys.executable, "-m", engine, "build", "--clean", "-f", str(config_file)]
    if strict:
        command.append("--strict")
    if site_dir is not None:
        command += ["-d", str(site_dir)]
    return command


def build(
    config_file: Path | str = DEFAULT_CONFIG,
    site_dir: Path | str | None = None,
    engine: str = "mkdocs",
    strict: bool = True,
    env: dict[str, str] | None = None,
) -> BuildResult:
    """Run one build in a child process and time it (wall clock, whole command)."""
    config_file = Path(config_file).resolve()
    site = Path(site_dir).resolve() if site_dir is not None else None
    command = build_command(engine, config_file, site, strict)
    child_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=config_file.parent,
        env=child_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    seconds = time.perf_counter() - started
    return BuildResult(
        engine=engine,
        config_file=config_file,
        site_dir=site if site is not None else config_file.parent / "site",
        returncode=completed.returncode,
        seconds=seconds,
        log=completed.stdout,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the site with --strict.")
    parser.add_argument("-f", "--config-file", default=str(DEFAULT_CONFIG), help="MkDocs config (default: mkdocs.yml)")
    parser.add_argument("-d", "--site-dir", default=None, help="output folder (default: the config's site_dir, site/)")
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs", help="mkdocs (default) or properdocs")
    args = parser.parse_args(argv)

    if not Path(args.config_file).is_file():
        print(f"error: no config file {args.config_file}", file=sys.stderr)
        return 2
    result = build(args.config_file, args.site_dir, args.engine)
    sys.stdout.write(result.log)
    if not os.environ.get("SITE_URL"):
        print("note: SITE_URL is not set: sitemap.xml and canonical links use the config's site_url")
    status = "built" if result.ok else "FAILED"
    print(f"{status}: {result.engine} build --strict of {result.config_file} in {result.seconds:.2f} s -> {result.site_dir}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
