"""What DNS says cannot take over the terminal: the command line, run as a user runs it,
prints every control, bidi and zero-width character of a record visibly (``\\x1b``,
``\\u202e``), in the readable report, in JSON and in the error line that echoes the domain."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata

import pytest

from checker.inert import HIDDEN_RANGES, json_inert, visible
from tests.dnsfixture import load_zones

# What a terminal would obey or hide: controls (but the line breaks between lines),
# DEL and C1, bidi controls and zero-width characters.
OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@pytest.fixture
def hostile(dns_server):
    dns_server.load(load_zones("hostile_text.zone"))
    return dns_server


def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args, "--lang", lang], capture_output=True,
                          timeout=60, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("lang", ["en", "ja", "fr"])
def test_readable_report_shows_escape_sequences_instead_of_obeying_them(hostile, lang):
    done = run("spoof.example", "--selector", "sel", "--nameserver", hostile.nameserver, lang=lang)
    out = done.stdout.decode("utf-8")
    assert OBEYED.findall(out) == []
    # Every protocol's record is there, with its hidden parts spelled out.
    assert "v=DMARC1; p=none\\x0d\\x1b[32mDMARC ✓ p=reject\\x1b[0m" in out          # DMARC
    assert "p=\\x1b]52;c;cHduZWQ=\\x07" in out                                       # DKIM
    assert "\\x1b]8;;https://evil.example/\\x1b\\logo\\x1b]8;;\\x1b\\.svg" in out   # BIMI
    assert "id=\\x00abc\\u200b" in out                                               # MTA-STS
    assert "tls@spoof.example\\u202emoc.live" in out                                 # TLS-RPT
    assert "\\x1b[8mhidden\\x1b[0m" in out                                           # SPF
    assert done.returncode in (1, 3) and done.stderr == b""


def test_reversed_policy_does_not_read_as_reject(hostile):
    out = run("bidi.example", "--nameserver", hostile.nameserver).stdout.decode("utf-8")
    assert "p=\\u202etcejer" in out
    assert "\u202e" not in out


def test_json_keeps_the_data_and_escapes_what_a_terminal_would_obey(hostile):
    done = run("spoof.example", "--json", "--selector", "sel", "--nameserver", hostile.nameserver)
    out = done.stdout.decode("utf-8")
    assert OBEYED.findall(out) == []
    document = json.loads(out)  # the same strings as DNS gave them
    assert document["protocols"]["dmarc"]["records"] == ["v=DMARC1; p=none\r\x1b[32mDMARC ✓ p=reject\x1b[0m"]
    assert document["protocols"]["tlsrpt"]["records"] == ["v=TLSRPTv1; rua=mailto:tls@spoof.example\u202emoc.live"]


@pytest.mark.parametrize("lang", ["en", "ja", "fr"])
def test_error_line_shows_the_typed_domain_visibly(lang):
    done = run("exa\x1b[2Jmple\u202e.com", lang=lang)
    assert done.returncode == 2 and done.stdout == b""
    err = done.stderr.decode("utf-8")
    assert err.count("\n") == 1 and OBEYED.findall(err) == []
    assert "exa\\x1b[2Jmple\\u202e.com" in err


def test_option_errors_are_one_visible_line():
    done = run("good.example", "--timeout", "\x1b[31m")
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2 and err.count("\n") == 1 and OBEYED.findall(err) == []
    assert "\\x1b[31m" in err


def test_hidden_ranges_cover_the_unicode_database():
    """Every control, format and separator character this Python knows is in the fixed list."""
    hidden = {cp for lo, hi in HIDDEN_RANGES for cp in range(lo, hi + 1)}
    wanted = {cp for cp in range(sys.maxunicode + 1)
              if unicodedata.category(chr(cp)) in ("Cc", "Cf", "Zl", "Zp", "Cs")}
    assert wanted <= hidden
    assert all(unicodedata.category(chr(cp)) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Cn") for cp in hidden)


def test_visible_and_json_forms():
    assert visible("a\x1bb\u202ec\U000e0041\u00e9日本") == "a\\x1bb\\u202ec\\U000e0041\u00e9日本"
    text = json.dumps({"k": "\x9b\u2028\U000e0041"}, ensure_ascii=False, indent=2)
    assert json.loads(json_inert(text)) == {"k": "\x9b\u2028\U000e0041"}
    assert OBEYED.findall(json_inert(text)) == []
