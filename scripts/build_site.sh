#!/bin/sh
# Build the site with --strict into site/ (options: scripts/build_site.py --help).
#   scripts/build_site.sh                              # mkdocs.yml -> site/
#   SITE_URL=https://kb.example.net/ scripts/build_site.sh
#   scripts/build_site.sh -f partners/<id>/mkdocs.yml -d build/<id>
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec "${PYTHON:-$root/.venv/bin/python}" "$root/scripts/build_site.py" "$@"
