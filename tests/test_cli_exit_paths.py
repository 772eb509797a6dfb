"""Input and exit paths of the command line, run as a user runs it: hostile or broken input
gives one localized line and exit 2, a reader that stops reading is not an error, a check
that runs out of time says so with exit 3, and `dmarc-check spf` answers as a receiver does."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from tests.dnsfixture import load_zones

WORDS = {"en": "is not a domain name", "fr": "n’est pas un nom de domaine", "ja": "ドメイン名ではありません"}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker", *args]


def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess:
    return subprocess.run(command(*args, "--lang", lang), capture_output=True, text=True, timeout=120,
                          env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("lang", ["en", "fr", "ja"])
@pytest.mark.parametrize("given", ["https://[x]/", "http://[::1", "https://[", "https://user:pw@[::1]:x/"])
def test_unparsable_web_address_is_one_localized_line(given, lang):
    done = run(given, lang=lang)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("dmarc-check: ") and WORDS[lang] in done.stderr


def test_the_page_shows_the_same_message_for_an_unparsable_address():
    from checker import browser

    answer = json.loads(asyncio.run(browser.run(json.dumps(
        {"domain": "https://[x]/", "lang": "fr", "doh": ["https://dns.example/dns-query"]}))))
    cli = run("https://[x]/", lang="fr").stderr.strip().removeprefix("dmarc-check: ")
    assert answer["error"]["message"] == cli


@pytest.mark.parametrize("args", [("--bogus", "good.example"), ("good.example", "--timeout", "soon"),
                                  ("good.example", "--lang", "de"), ()])
def test_option_errors_are_one_line_and_exit_2(args):
    done = subprocess.run(command(*args), capture_output=True, text=True, timeout=60,
                          env={"LANG": "fr_FR.UTF-8", "PATH": "/usr/bin:/bin"})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("dmarc-check: ")


@pytest.mark.parametrize("extra", [(), ("--json",)])
def test_a_reader_that_stops_reading_is_not_an_error(dns_server, extra):
    """`dmarc-check … | head`: the pipe closes before the report is written."""
    dns_server.load(load_zones("cli.zone"))
    process = subprocess.Popen(command("good.example", "--nameserver", dns_server.nameserver, *extra),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    process.stdout.close()  # nobody reads: the first write meets a broken pipe
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 1)
    assert errors == ""
    assert dns_server.queries("good.example", "TXT")  # it did run the check


def test_credentials_in_a_doh_url_are_never_printed(dns_server):
    dns_server.load(load_zones("cli.zone"))
    url = dns_server.doh_url.replace("http://", "http://alice:s3cret@")
    done = run("good.example", "--doh", url)
    assert "s3cret" not in done.stdout + done.stderr and "alice" not in done.stdout + done.stderr
    assert dns_server.doh_url.split("//")[1] in done.stdout  # the endpoint itself is named
    bad = run("good.example", "--doh", "ftp://alice:s3cret@dns.example/")
    assert bad.returncode == 2 and "s3cret" not in bad.stderr


def test_failed_lookups_are_counted_once_each(dns_server):
    """failing.example: MX and _dmarc fail; MX and DNSSEC both report the MX failure."""
    from checker import browser

    dns_server.load(load_zones("hostile_text.zone"))
    answer = json.loads(asyncio.run(browser.run(json.dumps(
        {"domain": "failing.example", "lang": "en", "doh": [dns_server.doh_url], "timeout": 5}))))
    failures = [(p, f["params"]) for p, report in answer["report"]["protocols"].items()
                for f in report["findings"] if f["code"].endswith(("lookup_failed", "dns_error"))]
    assert {"mx", "dnssec"} <= {p for p, params in failures if params.get("type") == "MX"}
    lookups = {(params.get("name"), params.get("type", params.get("rdtype"))) for _, params in failures}
    assert len(failures) > len(lookups)  # the same lookup, reported twice
    assert answer["view"]["lookup_failures"] == len(lookups)
    done = run("failing.example", "--nameserver", dns_server.nameserver, "--timeout", "5")
    assert done.returncode == 3


def test_deadline_during_spf_is_exit_3(dns_server):
    """A 50-include chain at 0.5 s a round trip cannot be walked in the check's 20 s."""
    dns_server.load(load_zones("spf_hostile.zone"))
    dns_server.latency = 0.5
    done = run("chain1.hostile.example", "--json", "--nameserver", dns_server.nameserver)
    spf = json.loads(done.stdout)["protocols"]["spf"]
    assert "spf.deadline" in {f["code"] for f in spf["findings"]}
    assert done.returncode == 3


# -- dmarc-check spf: a receiver's answer (RFC 7208 4.3) -------------------------------------

LONG = "A123456789012345678901234567890123456789012345678901234567890123"
SUITE_CASES = {  # RFC 7208 test suite, "initial processing": each is "none", not an input error
    "toolonglabel": (f"{LONG}.example.com", "--mail-from", f"lyme.eater@{LONG}.example.com",
                     "--helo", "mail.example.net"),
    "emptylabel": ("A...example.com", "--mail-from", "lyme.eater@A...example.com", "--helo", "mail.example.net"),
    "helo-not-fqdn": ("A2345678", "--helo", "A2345678"),
    "helo-domain-literal": ("[1.2.3.5]", "--helo", "[1.2.3.5]"),
    "domain-literal": ("[1.2.3.5]", "--mail-from", "foo@[1.2.3.5]", "--helo", "OEMCOMPUTER"),
}


@pytest.mark.parametrize("case", SUITE_CASES)
def test_spf_malformed_identity_is_none_with_the_reason(dns_server, case):
    args = SUITE_CASES[case]
    done = run("spf", *args, "--ip", "1.2.3.5", "--json", "--nameserver", dns_server.nameserver)
    assert done.returncode == 1, done.stderr
    result = json.loads(done.stdout)
    assert result["result"] == "none"
    assert result["problem"]["code"] == "spf.invalid_domain"
    assert dns_server.queries() == []  # a receiver asks DNS nothing about such a name
    readable = run("spf", *args, "--ip", "1.2.3.5", "--nameserver", dns_server.nameserver, lang="fr")
    assert readable.returncode == 1 and "none" in readable.stdout and readable.stderr == ""


def test_whole_domain_check_still_refuses_a_malformed_domain():
    for given in ("A2345678", "[1.2.3.5]", "A...example.com"):
        assert run(given).returncode == 2


@pytest.mark.parametrize("args", [("good.example",), ("spf", "good.example", "--ip", "192.0.2.1")])
def test_doh_connections_are_closed(dns_server, args):
    """`python -X dev` reports an HTTP client left open as a ResourceWarning."""
    dns_server.load(load_zones("cli.zone"))
    done = subprocess.run([sys.executable, "-X", "dev", "-m", "checker", *args, "--doh", dns_server.doh_url],
                          capture_output=True, text=True, timeout=120, env={"LANG": "C", "PATH": "/usr/bin:/bin"})
    assert done.returncode in (0, 1), done.stderr
    assert "ResourceWarning" not in done.stderr and "unclosed" not in done.stderr
