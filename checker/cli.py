"""``dmarc-check``: the command-line edge of the checker.

    dmarc-check DOMAIN [--json] [--lang ja|fr|en] [--selector NAME]...
    dmarc-check spf DOMAIN --ip IP [--mail-from ADDR] [--helo NAME] [--json]
    dmarc-check survey DOMAINS.txt [--out FILE] ...   (see checker/survey/command.py)
    dmarc-check report PATH... [--json] [--no-dns] [--reverse-dns N]   (checker.reports.cli)

Both take ``--nameserver HOST[:PORT]`` (repeatable), ``--doh URL``
(repeatable) and ``--timeout SECONDS``. Exit codes: see EXIT_* below and
CHECKER.md.
"""

from __future__ import annotations

import argparse
import sys

# Only what `--help` and option errors need is imported here; the DNS layer and the
# checks are imported when a run needs them (`dmarc-check --help` stays fast).
from .cli_parser import OneLineParser
from .i18n import LANGUAGES, Messages, detect_language

EXIT_OK = 0            # domain: no error finding; spf: result "pass"
EXIT_PROBLEMS = 1      # domain: at least one error finding; spf: any other definite result
EXIT_USAGE = 2         # invalid input or options: one line on stderr
EXIT_DNS_FAILURE = 3   # lookups failed (timeout, SERVFAIL...): the answer is not known


class UsageError(Exception):
    """Bad input; the message is already in the reader's language."""


def build_parser(command: str, msgs: Messages) -> argparse.ArgumentParser:
    parser = OneLineParser(prog="dmarc-check" + (" spf" if command == "spf" else ""),
                           description=msgs.text(f"cli.help.command.{command}"), msgs=msgs, exit_code=EXIT_USAGE)
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


def build_resolver(args, msgs: Messages):
    from .dns import Limits, Resolver

    if not 0 < args.timeout <= 60:
        raise UsageError(msgs.text("cli.error.timeout", value=args.timeout))
    limits = Limits(timeout=args.timeout)
    if args.nameserver and args.doh:
        raise UsageError(msgs.text("cli.error.nameserver_and_doh"))
    from .dns.errors import ResolverSpecError

    try:
        if args.doh:
            return Resolver.from_doh(args.doh, limits)
        if args.nameserver:
            return Resolver.from_nameservers(args.nameserver, limits)
    except ResolverSpecError as error:
        raise UsageError(msgs.text(f"cli.error.resolver.{error.reason}", value=error.value)) from None
    try:
        return Resolver.system(limits)
    except ValueError:
        raise UsageError(msgs.text("cli.error.no_system_resolver")) from None


def parse_domain(text: str, msgs: Messages) -> str:
    from .names import InvalidDomain, normalize_domain

    try:
        return normalize_domain(text)
    except InvalidDomain as error:
        raise UsageError(msgs.text(f"cli.error.domain.{error.reason}", value=error.value)) from None


def _receiver_domain(text: str) -> str:
    """The SPF identity as a receiver takes it: normalised when it is a domain name, else as
    given, so that check_host answers "none" and says why (RFC 7208 4.3), as a receiver would."""
    from .names import InvalidDomain, normalize_domain

    try:
        return normalize_domain(text)
    except InvalidDomain:
        return text.strip()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["survey"]:  # many domains: its own module (checker/survey/command.py)
        from .survey.command import main as survey_main

        return survey_main(argv[1:], Messages(_language_option(argv) or detect_language()))
    if argv[:1] == ["report"]:  # DMARC and TLS reports: its own module (checker/reports/cli.py)
        from .reports.cli import main as report_main

        return report_main(argv[1:], Messages(_language_option(argv) or detect_language()))
    command = "spf" if argv[:1] == ["spf"] else "domain"
    if command == "spf":
        argv = argv[1:]
    msgs = Messages(_language_option(argv) or detect_language())
    args = build_parser(command, msgs).parse_args(argv)  # exits 2 with usage on bad options
    if args.lang and args.lang != msgs.lang:
        msgs = Messages(args.lang)
    import asyncio

    try:
        if command == "spf":
            return asyncio.run(_run_spf(args, msgs))
        return asyncio.run(_run_domain(args, msgs))
    except UsageError as error:
        from .inert import visible

        print(f"dmarc-check: {visible(error)}", file=sys.stderr)
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
    import json

    from .domain import check_domain
    from .render import render_domain

    domain = parse_domain(args.domain, msgs)
    selectors = [s.strip().lower() for s in args.selector if s.strip()]
    async with build_resolver(args, msgs) as resolver:
        report = await check_domain(domain, resolver=resolver, selectors=selectors)
    if args.json:
        _emit(_json_text(report.to_json()))
    else:
        _emit(render_domain(report, msgs, args.site_url, given=args.domain))
    if report.dns_failures:
        return EXIT_DNS_FAILURE
    return EXIT_PROBLEMS if report.has_errors else EXIT_OK


async def _run_spf(args, msgs: Messages) -> int:
    import ipaddress
    import json

    from .render import render_spf_result
    from .spf import check_host

    domain = _receiver_domain(args.domain)
    try:
        ip = ipaddress.ip_address(args.ip.strip())
    except ValueError:
        raise UsageError(msgs.text("cli.error.ip", value=args.ip)) from None
    mail_from = args.mail_from.strip()
    if not mail_from or "@" not in mail_from:
        mail_from = f"{mail_from or 'postmaster'}@{domain}"
    elif _receiver_domain(mail_from.rsplit("@", 1)[1].rstrip(">")).lower() != domain.lower():
        raise UsageError(msgs.text("cli.error.mail_from_domain", value=args.mail_from, domain=domain))
    helo = args.helo.strip() or domain
    async with build_resolver(args, msgs) as resolver:
        result = await check_host(ip, mail_from, helo, resolver=resolver)
    if args.json:
        _emit(_json_text(result.to_json()))
    else:
        _emit(render_spf_result(result, msgs, args.site_url))
    if result.result.value == "temperror":
        return EXIT_DNS_FAILURE
    return EXIT_OK if result.result.value == "pass" else EXIT_PROBLEMS


def _json_text(document: dict) -> str:
    """The JSON report; characters a terminal would obey are JSON escapes (same data)."""
    import json

    from .inert import json_inert

    return json_inert(json.dumps(document, ensure_ascii=False, indent=2))


def _emit(text: str) -> None:
    """Print the report; a reader that stopped reading (``| head``) is not an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # Python's own advice: point stdout at /dev/null so the exit flush cannot fail again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
