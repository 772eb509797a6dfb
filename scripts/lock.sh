#!/usr/bin/env bash
# Re-resolves the Python dependencies (pyproject.toml: the package and its test,
# bench, dask and docs groups) into requirements.lock, with a sha256 for every file.
# Run after changing a dependency range; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
"${UV:-.tools/bin/uv}" pip compile pyproject.toml --group test --group bench --group dask --group docs \
    --generate-hashes --universal --python-version 3.11 --quiet -o requirements.lock
