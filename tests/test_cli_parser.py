"""The command line's option parsers speak the reader's language, and only they do."""

from __future__ import annotations

import argparse
import gettext
import subprocess
import sys

import pytest

from checker.i18n import Messages

ENGLISH = ("positional arguments", "show this help message and exit", "usage:")


@pytest.mark.parametrize("lang", ["ja", "fr"])
@pytest.mark.parametrize("command", [[], ["spf"], ["survey"], ["report"]])
def test_help_has_no_english_argparse_words(command, lang):
    done = subprocess.run([sys.executable, "-m", "checker", *command, "--help", "--lang", lang],
                          capture_output=True, text=True, timeout=60, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    msgs = Messages(lang)
    assert msgs.template("positional arguments") in done.stdout
    assert msgs.template("show this help message and exit") in done.stdout
    assert not [words for words in ENGLISH if words in done.stdout]


def test_argparse_is_left_as_it_was():
    """Other parsers in the same process (a program that imports the checker) stay in English."""
    from checker.cli import build_parser

    parser = build_parser("domain", Messages("fr"))
    assert "arguments positionnels" in parser.format_help()
    assert (argparse._, argparse.ngettext) == (gettext.gettext, gettext.ngettext)
    assert "show this help message and exit" in argparse.ArgumentParser(prog="other").format_help()
