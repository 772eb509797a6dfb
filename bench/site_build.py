"""Site build time: `mkdocs build --strict` and `properdocs build --strict` of the whole
three-language site, each in a fresh process, into temporary folders.

Usage: python bench/site_build.py [--runs 3] [-f mkdocs.yml]
Prints the median wall time of each engine (whole command: start-up, three language
builds, search index split) and the number of pages built.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _build_module():
    spec = importlib.util.spec_from_file_location("site_build_script", ROOT / "scripts" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the strict site build with MkDocs and ProperDocs.")
    parser.add_argument("--runs", type=int, default=3, help="builds per engine; the median is reported (default: 3)")
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"))
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    build_site = _build_module()
    print(f"site build, {args.config_file}, median of {args.runs} run(s)")
    failed = False
    for engine in build_site.ENGINES:
        times = []
        pages = 0
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                result = build_site.build(args.config_file, Path(tmp) / "site", engine=engine)
                if not result.ok:
                    print(f"{engine:>10}: build --strict FAILED\n{result.log[-2000:]}")
                    failed = True
                    break
                times.append(result.seconds)
                pages = sum(1 for _ in result.site_dir.rglob("index.html"))
        if times:
            spread = f"(min {min(times):.2f}, max {max(times):.2f})" if len(times) > 1 else ""
            print(f"{engine:>10}: {statistics.median(times):.2f} s {spread}  {pages} pages")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
