"""argparse in the reader's language, for the command line's parsers.

argparse looks its own words up (usage, group titles, "required", "invalid choice",
"expected N arguments") through its module's ``_`` and ``ngettext`` at the moment it
needs them. A :class:`LocalizedParser` points both at the reader's catalog
(checker/locale/*/argparse.po) while it builds, parses or formats, and puts them back
afterwards: no other parser, and nothing else in the process, is translated by accident.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager

from .i18n import Messages


class LocalizedParser(argparse.ArgumentParser):
    def __init__(self, *args, msgs: Messages, **kwargs):
        self.msgs = msgs
        with self.in_language():
            super().__init__(*args, **kwargs)

    @contextmanager
    def in_language(self):
        saved = argparse._, argparse.ngettext
        argparse._, argparse.ngettext = self.msgs.template, self.msgs.plural_template
        try:
            yield
        finally:
            argparse._, argparse.ngettext = saved

    def parse_args(self, *args, **kwargs):
        with self.in_language():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args, **kwargs):
        with self.in_language():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with self.in_language():
            return super().format_usage()

    def format_help(self) -> str:
        with self.in_language():
            return super().format_help()

    def error(self, message: str):
        with self.in_language():
            super().error(message)


class OneLineParser(LocalizedParser):
    """Option errors are one line on stderr, exit 2 (CHECKER.md), like every other input error."""

    def __init__(self, *args, exit_code: int, **kwargs):
        self.exit_code = exit_code
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        from .inert import visible

        self.exit(self.exit_code, f"{self.prog}: {visible(message)}\n")
