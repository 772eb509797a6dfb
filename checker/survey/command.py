"""``dmarc-check survey DOMAINS.txt``: the command-line edge of a survey.

    dmarc-check survey DOMAINS.txt [--out results.jsonl] [--summary summary.json] [--csv results.csv]
                       [--chart chart.svg] [--concurrency N] [--retries N] [--resume]
                       [--dask SCHEDULER] [--batch-size N] [--nameserver HOST[:PORT]]... [--doh URL]...
                       [--timeout SECONDS] [--lang ja|fr|en]

Exit codes: 0 every domain known; 3 some domains stayed not known (lookups kept
failing); 2 bad input or options; 130 interrupted (the results file is consistent:
run again with --resume).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from ..cli import EXIT_DNS_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, build_resolver
from ..cli_parser import LocalizedParser
from ..i18n import LANGUAGES, Messages
from .chart import render_chart
from .domainlist import read_domain_list, visible
from .progress import Progress
from .results import ResultWriter, drop_cut_line, latest_by_domain, read_lines
from .runner import is_not_known, run_survey
from .summary import summarize
from .table import write_csv

EXIT_INTERRUPTED = 130
DEFAULT_CONCURRENCY = 100
DEFAULT_BATCH = 1000
SHOWN_REJECTED = 5   # invalid lines named on stderr; the rest are counted


def build_parser(msgs: Messages) -> argparse.ArgumentParser:
    parser = LocalizedParser(prog="dmarc-check survey", description=msgs.text("cli.help.command.survey"), msgs=msgs)
    parser.add_argument("domains", metavar="DOMAINS.txt", help=msgs.text("cli.help.survey.domains"))
    parser.add_argument("--out", metavar="FILE", help=msgs.text("cli.help.survey.out"))
    parser.add_argument("--summary", metavar="FILE", help=msgs.text("cli.help.survey.summary"))
    parser.add_argument("--csv", metavar="FILE", help=msgs.text("cli.help.survey.csv"))
    parser.add_argument("--chart", metavar="FILE", help=msgs.text("cli.help.survey.chart"))
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, metavar="N",
                        help=msgs.text("cli.help.survey.concurrency"))
    parser.add_argument("--retries", type=int, default=2, metavar="N", help=msgs.text("cli.help.survey.retries"))
    parser.add_argument("--resume", action="store_true", help=msgs.text("cli.help.survey.resume"))
    parser.add_argument("--dask", metavar="SCHEDULER", help=msgs.text("cli.help.survey.dask"))
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, metavar="N",
                        help=msgs.text("cli.help.survey.batch_size"))
    parser.add_argument("--lang", choices=LANGUAGES, help=msgs.text("cli.help.lang"))
    parser.add_argument("--nameserver", action="append", default=[], metavar="HOST[:PORT]",
                        help=msgs.text("cli.help.nameserver"))
    parser.add_argument("--doh", action="append", default=[], metavar="URL", help=msgs.text("cli.help.doh"))
    parser.add_argument("--timeout", type=float, default=5.0, metavar="SECONDS", help=msgs.text("cli.help.timeout"))
    return parser


def run(args, msgs: Messages) -> int:
    _check_numbers(args, msgs)
    resolver = build_resolver(args, msgs)    # validates the resolver options before any work
    out = Path(args.out) if args.out else None
    if args.resume and out is None:
        raise UsageError(msgs.text("cli.error.survey.resume_without_out"))
    todo, earlier = _domains_to_check(Path(args.domains), out, args.resume, msgs)
    finished: dict[str, dict] = dict(earlier)
    try:
        writer = ResultWriter(out, sys.stdout)
    except OSError as error:
        raise UsageError(msgs.text("cli.error.survey.write", path=str(out), detail=error.strerror or str(error))) from None
    progress = Progress(len(todo), sys.stderr, msgs, already=len(earlier))

    def done(line: dict) -> None:
        writer.write(line)
        finished[line["domain"]] = line
        progress.advance()

    try:
        if args.dask:
            from .cluster import run_on_dask

            run_on_dask(todo, args.dask, resolver_options(args), done, concurrency=args.concurrency,
                        retries=args.retries, batch_size=args.batch_size, msgs=msgs)
        else:
            asyncio.run(run_survey(todo, resolver, done, concurrency=args.concurrency, retries=args.retries))
    except KeyboardInterrupt:
        progress.finish()
        print(msgs.text("cli.survey.interrupted", done=len(finished), total=len(earlier) + len(todo),
                        out=args.out or "-"), file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        writer.close()
    progress.finish()
    summary = summarize(finished.values())
    _write_outputs(args, summary, finished, msgs)
    print(summary_text(summary, msgs), file=sys.stderr)
    return EXIT_DNS_FAILURE if any(is_not_known(line) for line in finished.values()) else EXIT_OK


def resolver_options(args) -> dict:
    """What a Dask worker needs to build the same resolver."""
    return {"nameserver": list(args.nameserver), "doh": list(args.doh), "timeout": args.timeout}


def _check_numbers(args, msgs: Messages) -> None:
    for name, low, high in (("concurrency", 1, 5000), ("retries", 0, 10), ("batch_size", 1, 100_000)):
        value = getattr(args, name)
        if not low <= value <= high:
            raise UsageError(msgs.text("cli.error.survey.range", option="--" + name.replace("_", "-"),
                                       value=value, low=low, high=high))


def _domains_to_check(path: Path, out: Path | None, resume: bool, msgs: Messages):
    """(domains still to check, {domain: final line} from an earlier run)."""
    try:
        listed = read_domain_list(path)
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(msgs.text("cli.error.survey.read", path=str(path),
                                   detail=getattr(error, "strerror", None) or str(error))) from None
    for number, text in listed.rejected[:SHOWN_REJECTED]:
        print(msgs.text("cli.survey.rejected_line", path=str(path), line=number, value=visible(text)), file=sys.stderr)
    if len(listed.rejected) > SHOWN_REJECTED:
        print(msgs.text("cli.survey.rejected_more", count=len(listed.rejected) - SHOWN_REJECTED), file=sys.stderr)
    earlier: dict[str, dict] = {}
    if out is not None and out.exists() and out.stat().st_size > 0:
        if not resume:
            raise UsageError(msgs.text("cli.error.survey.out_exists", path=str(out)))
        drop_cut_line(out)
        wanted = set(listed.domains)
        earlier = {d: line for d, line in latest_by_domain(read_lines(out)).items()
                   if d in wanted and not is_not_known(line)}
    return [d for d in listed.domains if d not in earlier], earlier


def _write_outputs(args, summary: dict, finished: dict[str, dict], msgs: Messages) -> None:
    outputs = ((args.summary, lambda path: path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                                          encoding="utf-8")),
               (args.csv, lambda path: write_csv(path, finished.values())),
               (args.chart, lambda path: path.write_text(render_chart(summary, msgs), encoding="utf-8")))
    for name, write in outputs:
        if not name:
            continue
        try:
            write(Path(name))
        except OSError as error:
            raise UsageError(msgs.text("cli.error.survey.write", path=name, detail=error.strerror or str(error))) from None


def summary_text(summary: dict, msgs: Messages) -> str:
    """A few lines for the terminal: the same figures as the summary file."""
    lines = [msgs.text("cli.survey.summary.domains", domains=summary["domains"])]
    for group in ("dmarc", "spf", "duplicates", "study"):
        cells = [msgs.text("cli.survey.summary.cell", label=msgs.text(f"cli.survey.chart.{group}.{name}"),
                           count=figure["count"], percent=f'{figure["percent"]:g}')
                 for name, figure in summary[group].items()]
        lines.append(msgs.text(f"cli.survey.chart.group.{group}") + ": " + ("、" if msgs.lang == "ja" else ", ").join(cells))
    return "\n".join(lines)


def main(argv: list[str], msgs: Messages) -> int:
    """Called by checker.cli for ``dmarc-check survey ...`` (argv without "survey")."""
    args = build_parser(msgs).parse_args(argv)
    if args.lang and args.lang != msgs.lang:
        msgs = Messages(args.lang)
    try:
        return run(args, msgs)
    except UsageError as error:
        print(f"dmarc-check: {error}", file=sys.stderr)
        return EXIT_USAGE
