"""``dmarc-check report PATH... [--json] [--lang]``: read DMARC and TLS reports.

PATH: files (.xml, .xml.gz, .zip, .json, .json.gz, .eml) or folders (read
recursively). The sources whose mail fails DMARC are checked against the domain's
SPF record as published now, through the resolver options shared with the other
commands (``--no-dns`` skips it); ``--reverse-dns N`` names the N largest sources.

Exit codes: 0 all files read; 1 some could not be read (each one is listed);
2 no file could be read, or bad options.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from ..cli_parser import LocalizedParser
from ..i18n import LANGUAGES, Messages
from .classify import MAX_REVERSE_DNS, classify
from .present import present
from .reader import read_paths
from .visible import visible

EXIT_OK = 0
EXIT_SOME_UNREAD = 1
EXIT_NONE_READ = 2
SOURCES_SHOWN = 20  # in the terminal; --json lists them all


def build_parser(msgs: Messages) -> argparse.ArgumentParser:
    from ..cli import build_parser as domain_parser

    parser = LocalizedParser(prog="dmarc-check report", description=msgs.text("cli.help.command.report"), msgs=msgs)
    parser.add_argument("paths", nargs="+", metavar="PATH", help=msgs.text("cli.help.arg.paths"))
    parser.add_argument("--no-dns", action="store_true", help=msgs.text("cli.help.no_dns"))
    parser.add_argument("--reverse-dns", type=int, default=0, metavar="N", choices=range(MAX_REVERSE_DNS + 1),
                        help=msgs.text("cli.help.reverse_dns", limit=MAX_REVERSE_DNS))
    # the options every command shares (--json, --lang, resolver, --site-url)
    for action in domain_parser("domain", msgs)._actions:
        if action.option_strings and action.dest not in ("help", "selector"):
            parser._add_action(action)
    return parser


def main(argv: list[str], msgs: Messages) -> int:
    from ..cli import UsageError, build_resolver

    args = build_parser(msgs).parse_args(argv)
    if args.lang and args.lang != msgs.lang:
        msgs = Messages(args.lang)
    try:
        resolver = None if args.no_dns else build_resolver(args, msgs)
    except UsageError as error:
        print(f"dmarc-check: {error}", file=sys.stderr)
        return EXIT_NONE_READ
    analysis = read_paths(args.paths)
    asyncio.run(_classify(analysis, resolver, args.reverse_dns))
    document = analysis.to_json()
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render(document, msgs, args.site_url))
    if document["reports"] == 0:
        if not args.json:
            print(f"dmarc-check: {msgs.text('report.none_read')}", file=sys.stderr)
        return EXIT_NONE_READ
    return EXIT_SOME_UNREAD if document["errors"] else EXIT_OK


async def _classify(analysis, resolver, reverse_dns: int) -> None:
    try:
        await classify(analysis, resolver, reverse_dns)
    finally:
        http = getattr(getattr(resolver, "transport", None), "http", None)
        if http is not None and hasattr(http, "aclose"):
            await http.aclose()


def render(document: dict, msgs: Messages, site_url: str = "") -> str:
    view = present(document, msgs, site_url.rstrip("/") + "/" if site_url else "/")
    lines = [view["summary"]]
    if view["tls_summary"]:
        lines.append(view["tls_summary"])
    for row in view["readiness"]:
        lines += ["", row["text"], f"  → {row['link']}"]
    if document["sources"]:
        lines += ["", msgs.text("report.heading.sources")]
    for source in document["sources"][:SOURCES_SHOWN]:
        label = view["classes"][source["classification"]]["label"] if source["classification"] else ""
        lines.append(msgs.text("report.source.line", ip=visible(source["ip"]), domain=visible(source["domain"]),
                               count=source["count"], passing=source["dmarc_pass"], classification=label))
        for fix in view["source_fixes"].get(f"{source['domain']} {source['ip']}", []):
            lines.append(f"    - {visible(fix)}")
    if len(document["sources"]) > SOURCES_SHOWN:
        lines.append(msgs.text("report.sources.more", count=len(document["sources"]) - SOURCES_SHOWN))
    shown = {s["classification"] for s in document["sources"][:SOURCES_SHOWN] if s["classification"]}
    for name in (c for c in view["classes"] if c in shown):
        cls = view["classes"][name]
        lines += ["", f"{cls['label']}: {cls['advice']}", f"  → {cls['link']}"]
    for policy in document["tls"]["policies"]:
        lines += ["", msgs.text("report.tls.policy", domain=visible(policy["domain"]), policy_type=policy["policy_type"],
                                successful=policy["successful"], failed=policy["failed"])]
        for failure in policy["failures"][:10]:
            lines.append(f"  - {failure['count']} × {visible(failure['result_type'])} {visible(failure['receiving_mx'])}"
                         f" {visible(failure['reason_code'])}".rstrip())
    # failures without a host or address are in the policy lines above
    for row in [r for r in document["tls"]["receiving_mx"] if r["mx"]][:10]:
        lines.append(msgs.text("report.tls.mx", mx=visible(row["mx"]), failed=row["failed"],
                               result_types=", ".join(visible(t) for t in row["result_types"])))
    for row in [r for r in document["tls"]["sending_ips"] if r["ip"]][:10]:
        lines.append(msgs.text("report.tls.sending_ip", ip=visible(row["ip"]), failed=row["failed"],
                               result_types=", ".join(visible(t) for t in row["result_types"])))
    if view["failure_summary"]:
        lines += ["", view["failure_summary"]] + [f"  {line}" for line in view["failure_lines"]]
        if document["failure"]["reports"] > len(view["failure_lines"]):
            lines.append(msgs.text("report.failure.more",
                                   count=document["failure"]["reports"] - len(view["failure_lines"])))
    if view["errors"]:
        lines += ["", msgs.text("report.heading.errors")]
        lines += [f"  {visible(e['file'])}: {e['message']}" for e in view["errors"]]
    return "\n".join(lines)
