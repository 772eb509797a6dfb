"""Build the base site and every partner site, each with `--strict`, in one command.

Usage:
    python scripts/build_all.py                    # site/ and build/partners/<id>/site/
    python scripts/build_all.py --partner ngn      # one partner only (repeat for several)
    python scripts/build_all.py --check            # validate partners/*/partner.yml only

Every partner config is validated before anything is built: a problem prints one line
naming the file and the key, and the exit code is 2. A failed build prints its warnings
and errors, and the exit code is 1.

What is shared:
- the checker runtime (the checker wheel, the dependency wheels and the Pyodide files,
  compiled once into build/checker-runtime/ by hooks/checker_runtime.py) is prepared
  once before the builds start: every build only copies it;
- the Python process: MkDocs, Material and the Markdown extensions are imported once,
  then each site is built in-process, as `mkdocs build --strict` builds it (same
  config loading, plugin start-up and shutdown, strict mode). With --jobs N (default:
  the number of CPU cores) N forked workers share the sites, largest first;
- Material's templates, compiled once into build/template-cache/ by
  hooks/template_cache.py (listed by every generated partner config).
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import partner_site
import partners

PROJECT_ROOT = partners.PROJECT_ROOT
RUNTIME_HOOK_FILE = PROJECT_ROOT / partner_site.RUNTIME_HOOK


@dataclass(frozen=True)
class BuildTarget:
    name: str
    config: Path
    site: Path
    languages: int  # to start the largest builds first


@dataclass(frozen=True)
class BuildOutcome:
    name: str
    ok: bool
    seconds: float
    problems: str  # MkDocs' warnings and errors, one per line


class _Problems(logging.Handler):
    """Collects MkDocs' warnings and errors of one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


def import_mkdocs() -> None:
    """What every build needs, imported once (forked workers inherit it)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401
    import mkdocs_static_i18n.plugin  # noqa: F401
    import pymdownx.highlight  # noqa: F401
    import pymdownx.superfences  # noqa: F401


def build_here(target: BuildTarget) -> BuildOutcome:
    """One site, built in this process the way `mkdocs build --strict --clean` builds it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    problems = _Problems()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(problems)
    folder = os.getcwd()
    started = time.perf_counter()
    ok = False
    try:
        os.chdir(target.config.parent)  # as the command would run, from the config's folder
        config = load_config(str(target.config), strict=True, site_dir=str(target.site))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
        ok = True
    except MkDocsException as error:  # Abort in strict mode, a configuration or plugin error
        problems.lines.append(f"ERROR   -  {error}")
    except Exception as error:  # a bug in a hook or plugin: still one line, not a traceback
        problems.lines.append(f"ERROR   -  {type(error).__name__}: {error}")
    finally:
        os.chdir(folder)
        logger.removeHandler(problems)
    return BuildOutcome(target.name, ok, time.perf_counter() - started, "\n".join(problems.lines))


def build_sites(targets: list[BuildTarget], jobs: int):
    """Yield each site's BuildOutcome as it finishes; the largest builds start first."""
    import_mkdocs()
    ordered = sorted(targets, key=lambda t: -t.languages)
    if jobs == 1 or len(ordered) == 1:
        for target in ordered:
            yield build_here(target)
        return
    # fork: the workers start with everything imported above, and keep it between sites.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(ordered)), mp_context=context) as pool:
        for future in as_completed([pool.submit(build_here, t) for t in ordered]):
            yield future.result()


def prepare_checker_runtime() -> str:
    """Fill (or reuse) the checker runtime cache once, before the parallel builds."""
    spec = importlib.util.spec_from_file_location("checker_runtime", RUNTIME_HOOK_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses need the module registered
    spec.loader.exec_module(module)
    started = time.perf_counter()
    runtime = module.prepare_runtime()
    state = "reused" if runtime.reused else "prepared"
    return f"checker runtime {state} in {time.perf_counter() - started:.2f} s ({runtime.folder.name[:12]})"


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the base site and the partner sites with --strict.")
    parser.add_argument("--partner", action="append", metavar="ID",
                        help="build only this partner (repeat for several); the base site is not built")
    parser.add_argument("--partners-dir", type=Path, default=partners.PARTNERS_DIR,
                        help="folder of partner folders (default: partners/)")
    parser.add_argument("--out", type=Path, default=partner_site.OUTPUT_DIR,
                        help="where partner sites go, as <out>/<id>/site/ (default: build/partners/)")
    parser.add_argument("--site-dir", type=Path, default=PROJECT_ROOT / "site",
                        help="where the base site goes (default: site/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="builds run at the same time (default: the number of CPU cores)")
    parser.add_argument("--check", action="store_true", help="only validate the partner configs")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    started = time.perf_counter()
    if not args.partners_dir.is_dir():
        print(f"error: {args.partners_dir}: no such folder of partners", file=sys.stderr)
        return 2
    base = partners.read_base_config()
    try:
        if args.partner:
            selected = [partners.load_partner(args.partners_dir / pid, base) for pid in dict.fromkeys(args.partner)]
        else:
            selected = partners.load_all(args.partners_dir, base)
    except partners.PartnerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check:
        print(f"ok: {len(selected)} partner config(s) valid: {', '.join(p.id for p in selected) or 'none'}")
        return 0

    base_languages = len(partners.site_languages(base))
    targets = [] if args.partner else [BuildTarget("base", partners.BASE_CONFIG, args.site_dir.resolve(), base_languages)]
    for partner in selected:
        try:
            paths = partner_site.generate(partner, base, args.out)
        except (OSError, ValueError) as error:  # a folder not writable, a language without words
            print(f"error: {partner.id}: cannot write its build files: {error}", file=sys.stderr)
            return 1
        targets.append(BuildTarget(partner.id, paths.config, paths.site, len(partner.languages)))

    try:
        print(prepare_checker_runtime(), flush=True)
    except Exception as error:  # PluginError: missing Node, npm ci not run, ...: one line
        print(f"error: {str(error).splitlines()[0]}", file=sys.stderr)
        return 1

    failed = []
    seconds = {}
    sites = {t.name: t for t in targets}
    for outcome in build_sites(targets, args.jobs):
        target = sites[outcome.name]
        seconds[outcome.name] = outcome.seconds
        if outcome.ok:
            print(f"built: {target.name} in {outcome.seconds:.2f} s -> {_display(target.site)}", flush=True)
        else:
            failed.append(target.name)
            print(f"FAILED: {target.name} ({_display(target.config)})\n{outcome.problems}", flush=True)
    total = time.perf_counter() - started
    order = ", ".join(f"{t.name} {seconds[t.name]:.2f} s" for t in targets)
    print(f"{'FAILED' if failed else 'done'}: {len(targets) - len(failed)}/{len(targets)} site(s) built "
          f"in {total:.2f} s ({order}; --jobs {args.jobs})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
