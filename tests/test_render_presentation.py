"""The readable terminal report as a reader sees it (issue 9, presentation): DKIM lookup
failures on one line with no random probe name, each key with its selector, links named
after the section they lead to, numbers in the reader's language, an IDN shown as typed,
and which name was taken from a pasted address."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from checker.dkim.selectors import KNOWN_SELECTORS
from checker.findings import Finding
from checker.folding import FailedLookups, fold_findings
from checker.dkim import codes as dkim_codes
from tests.dnsfixture import load_zones

RANDOM_PROBE = re.compile(r"x[0-9a-f]{16}\._domainkey")


@pytest.fixture
def ui_server(dns_server):
    dns_server.load(load_zones("ui_cases.zone"))
    return dns_server


def report(server, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "checker", *args, "--nameserver", server.nameserver,
                           "--timeout", "1"], capture_output=True, text=True, timeout=60,
                          env={"LANG": "C", "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_failed_dkim_lookups_are_one_line_without_the_random_probe(ui_server):
    text = report(ui_server, "dkimfail.example", "--lang", "en")
    dkim = text.split("\nDKIM — ", 1)[1].split("\n\n", 1)[0]
    assert f"{len(KNOWN_SELECTORS)} DKIM selectors could not be checked" in dkim
    assert "The DNS lookup of" not in dkim, "one line per selector again"
    assert ", ".join(list(KNOWN_SELECTORS)[:3]) not in dkim, "the selectors listed again under 'no key found'"
    assert "No DKIM key was found among the 0 selectors that could be checked (" in dkim
    assert not RANDOM_PROBE.search(text), "the random wildcard probe is shown"


def test_each_dkim_key_is_shown_with_its_selector(ui_server):
    text = report(ui_server, "twokeys.example", "--lang", "en")
    key = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    assert f"    Selector google (google._domainkey.twokeys.example): {key}" in text.splitlines()
    assert f"    Selector selector1 (selector1._domainkey.twokeys.example): {key}" in text.splitlines()


def test_links_name_the_section_they_lead_to(ui_server):
    text = report(ui_server, "twokeys.example", "--lang", "en")
    assert "Explained here" not in text
    assert "        Explained in “DKIM — Selectors”: /en/dkim/#selectors" in text.splitlines()
    french = report(ui_server, "twokeys.example", "--lang", "fr")
    assert "        Expliqué dans «\u00a0DKIM — Sélecteurs\u00a0»\u00a0: /fr/dkim/#selectors" in french.splitlines()


@pytest.mark.parametrize("lang, footer", [
    ("fr", r"Requêtes DNS\u00a0: \d+ en \d+,\d\d\u00a0s, via "),
    ("en", r"\d+ DNS queries in \d+\.\d\d s, through "),
])
def test_footer_numbers_are_written_in_the_readers_language(ui_server, lang, footer):
    last = report(ui_server, "good.example", "--lang", lang).rstrip("\n").splitlines()[-1]
    assert re.match(footer, last), last


def test_an_idn_title_shows_the_name_as_typed_with_its_a_label(ui_server):
    text = report(ui_server, "テスト.example", "--lang", "en")
    assert text.splitlines()[0] == "E-mail authentication report for テスト.example (xn--zckzah.example)"
    japanese = report(ui_server, "xn--zckzah.example", "--lang", "ja")
    assert japanese.splitlines()[0] == "テスト.example（xn--zckzah.example）の送信ドメイン認証レポート"


@pytest.mark.parametrize("given", ["https://good.example/contact", "postmaster@good.example"])
def test_a_pasted_address_says_which_name_was_checked(ui_server, given):
    lines = report(ui_server, given, "--lang", "en").splitlines()
    assert lines[1] == f"Checked good.example, taken from {given}"


def test_a_plain_domain_gets_no_note(ui_server):
    assert report(ui_server, "good.example", "--lang", "en").splitlines()[1] == ""


def test_one_failed_selector_keeps_its_line_and_the_probe_is_never_named():
    domain = "example.com"
    selector = dkim_codes.LOOKUP_FAILED(selector="google", name=f"google._domainkey.{domain}", error="timeout")
    probe = dkim_codes.LOOKUP_FAILED(selector=None, name=f"x0123456789abcdef._domainkey.{domain}", error="timeout")
    helper = dkim_codes.LOOKUP_FAILED(selector=None, name=f"_domainkey.{domain}", error="timeout")
    shown = fold_findings("dkim", domain, [selector, helper, probe])
    assert shown[:2] == [selector, helper]
    assert isinstance(shown[2], FailedLookups) and shown[2].selectors == []
    assert all(isinstance(f, Finding) for f in fold_findings("spf", domain, [selector, probe]))
