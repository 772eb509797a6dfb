#!/usr/bin/env bash
# Builds the site (strict) and serves it on http://127.0.0.1:${PORT:-8000}/.
# Set-up first, so it works on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/python scripts/build_site.py
exec .venv/bin/python scripts/serve.py site --port "${PORT:-8000}"
