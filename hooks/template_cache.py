"""Compile Material's templates once, not once per language and per site.

Every language of every build gets a new Jinja environment, which compiles the same
templates again: about a third of a partner build's CPU time. This hook gives each
environment Jinja's bytecode cache in build/template-cache/, so the base site and the
partner sites, in this process or another, load the compiled templates instead.

Safe to share: an entry is keyed by the template's name and file, checked against a
checksum of its source (an edited template is compiled again), and stamped with the
Jinja and Python versions; Jinja writes entries atomically (concurrent builds).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache

CACHE = Path(__file__).resolve().parent.parent / "build" / "template-cache"


def on_env(env, config, files):
    CACHE.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(CACHE))
    return env
