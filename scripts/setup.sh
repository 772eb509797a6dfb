#!/usr/bin/env bash
# Installs what the project needs on a Debian machine, then the locked Python
# environment in .venv and Pyodide in node_modules. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v python3 >/dev/null || need_apt+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
# Japanese glyphs, so that the browser tests' screenshots of Japanese pages are legible.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
# A local recursive resolver for large surveys (scripts/survey_resolver.py), used by a test.
[ -x /usr/sbin/unbound ] || command -v unbound >/dev/null || need_apt+=(unbound)
if ((${#need_apt[@]})); then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing Debian packages: ${need_apt[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "setup: Python 3.11 or newer is needed (found $(python3 --version))" >&2; exit 1; }

# uv lives in its own small environment (with pip, which the site build uses to
# fetch the browser's wheels), so that syncing .venv never removes it.
if [ ! -x .tools/bin/uv ]; then
    python3 -m venv .tools
    .tools/bin/python -m pip install -q --disable-pip-version-check "uv==0.13.8"
fi
export UV_PYTHON_DOWNLOADS=never
# The locked, hash-checked environment (requirements.lock; scripts/lock.sh renews it),
# then the project itself, editable.
[ -x .venv/bin/python ] || .tools/bin/uv venv -q --python "$(command -v python3)" .venv
.tools/bin/uv pip sync -q --python .venv/bin/python --require-hashes requirements.lock
.tools/bin/uv pip install -q --python .venv/bin/python --no-deps -e .
# Pyodide for the in-browser checker, at the version package-lock.json pins.
npm ci --no-audit --no-fund --prefer-offline --loglevel=error
