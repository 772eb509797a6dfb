"""``dmarc-check``: the command-line edge of the checker.

    dmarc-check DOMAIN [--json] [--lang ja|fr|en] [--selector NAME]...
    dmarc-check spf DOMAIN --ip IP [--mail-from ADDR] [--helo NAME] [--json]
    dmarc-check report PATH... [--json] [--no-dns] [--reverse-dns N]   (checker.reports.cli)

Both take ``--nameserver HOST[:PORT]`` (repeatable), ``--doh URL``
(repeatable) and ``--timeout SECONDS``. Exit codes: see EXIT_* below and
CHECKER.md.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import sys

from .dns import Limits, Resolver
from .i18n import LANGUAGES, Messages, detect_language
from .names import InvalidDomain, normalize_domain

EXIT_OK = 0            # domain: no error finding; spf: result "pass"
EXIT_PROBLEMS = 1      # domain: at least one error finding; spf: any other definite result
EXIT_USAGE = 2         # invalid input or options: one line on stderr
EXIT_DNS_FAILURE = 3   # lookups failed (timeout, SERVFAIL...): the answer is not known


class UsageError(Exception):
    """Bad input; the message is already in the reader's language."""


def build_parser(command: str, msgs: Messages) -> argparse.ArgumentParser:
    # argparse looks its own words (usage, "required", "invalid choice") up through this
    # module global at the time it needs them: give it the reader's language.
    argparse._ = msgs.template
    parser = argparse.ArgumentParser(prog="dmarc-check" + (" spf" if command == "spf" else ""),
                                     description=msgs.text(f"cli.help.command.{command}"))
    parser.add_argument("domain", help=msgs.text("cli.help.arg.domain"))
    if command == "spf":
        parser.add_argument("--ip", required=True, help=msgs.text("cli.help.ip"))
        parser.add_argument("--mail-from", default="", help=msgs.text("cli.help.mail_from"))
        parser.add_argument("--helo", default="", help=msgs.text("cli.help.helo"))
    else:
        parser.add_argument("--selector", action="append", default=[], metavar="NAME",
                            help=msgs.text("cli.help.selector"))
    parser.add_argument("--json", action="store_true", help=msgs.text("cli.help.json"))
    parser.add_argument("--lang", choices=LANGUAGES, help=msgs.text("cli.help.lang"))
    parser.add_argument("--nameserver", action="append", default=[], metavar="HOST[:PORT]",
                        help=msgs.text("cli.help.nameserver"))
    parser.add_argument("--doh", action="append", default=[], metavar="URL", help=msgs.text("cli.help.doh"))
    parser.add_argument("--timeout", type=float, default=5.0, metavar="SECONDS",
                        help=msgs.text("cli.help.timeout"))
    parser.add_argument("--site-url", default="", metavar="URL", help=msgs.text("cli.help.site_url"))
    return parser


def build_resolver(args, msgs: Messages) -> Resolver:
    if not 0 < args.timeout <= 60:
        raise UsageError(msgs.text("cli.error.timeout", value=args.timeout))
    limits = Limits(timeout=args.timeout)
    if args.nameserver and args.doh:
        raise UsageError(msgs.text("cli.error.nameserver_and_doh"))
    try:
        if args.doh:
            return Resolver.from_doh(args.doh, limits)
        if args.nameserver:
            return Resolver.from_nameservers(args.nameserver, limits)
    except ValueError as error:
        raise UsageError(msgs.text("cli.error.resolver", detail=str(error))) from None
    try:
        return Resolver.system(limits)
    except ValueError:
        raise UsageError(msgs.text("cli.error.no_system_resolver")) from None


def parse_domain(text: str, msgs: Messages) -> str:
    try:
        return normalize_domain(text)
    except InvalidDomain as error:
        raise UsageError(msgs.text(f"cli.error.domain.{error.reason}", value=error.value)) from None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        from .reports.cli import main as report_main

        return report_main(argv[1:], Messages(_language_option(argv) or detect_language()))
    command = "spf" if argv[:1] == ["spf"] else "domain"
    if command == "spf":
        argv = argv[1:]
    msgs = Messages(_language_option(argv) or detect_language())
    args = build_parser(command, msgs).parse_args(argv)  # exits 2 with usage on bad options
    if args.lang and args.lang != msgs.lang:
        msgs = Messages(args.lang)
    try:
        if command == "spf":
            return asyncio.run(_run_spf(args, msgs))
        return asyncio.run(_run_domain(args, msgs))
    except UsageError as error:
        print(f"dmarc-check: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _language_option(argv: list[str]) -> str | None:
    """--lang must be known before argparse runs, for its help texts."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return None


async def _run_domain(args, msgs: Messages) -> int:
    from .domain import check_domain
    from .render import render_domain

    domain = parse_domain(args.domain, msgs)
    selectors = [s.strip().lower() for s in args.selector if s.strip()]
    resolver = build_resolver(args, msgs)
    report = await check_domain(domain, resolver=resolver, selectors=selectors)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_domain(report, msgs, args.site_url))
    if report.dns_failures:
        return EXIT_DNS_FAILURE
    return EXIT_PROBLEMS if report.has_errors else EXIT_OK


async def _run_spf(args, msgs: Messages) -> int:
    from .render import render_spf_result
    from .spf import check_host

    domain = parse_domain(args.domain, msgs)
    try:
        ip = ipaddress.ip_address(args.ip.strip())
    except ValueError:
        raise UsageError(msgs.text("cli.error.ip", value=args.ip)) from None
    mail_from = args.mail_from.strip()
    if not mail_from or "@" not in mail_from:
        mail_from = f"{mail_from or 'postmaster'}@{domain}"
    elif parse_domain(mail_from, msgs) != domain:
        raise UsageError(msgs.text("cli.error.mail_from_domain", value=args.mail_from, domain=domain))
    helo = args.helo.strip() or domain
    resolver = build_resolver(args, msgs)
    result = await check_host(ip, mail_from, helo, resolver=resolver)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_spf_result(result, msgs, args.site_url))
    if result.result.value == "temperror":
        return EXIT_DNS_FAILURE
    return EXIT_OK if result.result.value == "pass" else EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
