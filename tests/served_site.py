"""A built site served by scripts/serve.py in its own process, on 127.0.0.1 (port chosen by the OS)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SERVE = Path(__file__).resolve().parent.parent / "scripts" / "serve.py"


class SiteServer:
    def __init__(self, folder: Path):
        self.process = subprocess.Popen([sys.executable, str(SERVE), str(folder), "--port", "0", "--quiet"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()  # "http://127.0.0.1:PORT/"
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"scripts/serve.py did not start: {self.url!r} {self.process.stderr.read()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
