"""A Python script inside Pyodide under Node (run_python.mjs beside this file), with a
runtime folder as the site ships it: for the tests here and for bench/check_cpu.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# Pyodide's whole standard library, for scripts that need more than the site ships (pytest,
# the DNS fixture's zone reader).
FULL_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
# This environment's packages, mounted for such scripts (dnspython's zone reader, pytest).
HOST_SITE_PACKAGES = next(Path(sys.prefix, "lib").glob("python3.*/site-packages"))


def run_in_pyodide(runtime_folder: Path, script: Path, mounts: dict | None = None, *,
                   full_stdlib: bool = False, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Runs ``script`` (mounts: host folder -> folder inside Pyodide); its output as text."""
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError("node is needed (scripts/setup.sh installs it)")
    env = {**os.environ, "PYODIDE_STDLIB": str(FULL_STDLIB)} if full_stdlib else None
    # Node 20 needs the flag for asyncio.run() inside Pyodide.
    return subprocess.run(
        [node, "--experimental-wasm-stack-switching", str(HERE / "run_python.mjs"), str(runtime_folder), str(script),
         *(f"{host}={guest}" for host, guest in (mounts or {}).items())],
        capture_output=True, text=True, timeout=timeout, env=env)
