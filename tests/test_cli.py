"""The command line as a user runs it: a real process, the fixture DNS server, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.dnsfixture import load_zones


@pytest.fixture
def cli_server(dns_server):
    dns_server.load(load_zones("cli.zone"))
    return dns_server


def run(*args: str, env_lang: str = "C") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          timeout=60, env={"LANG": env_lang, "PATH": "/usr/bin:/bin"})


def test_json_document_covers_every_protocol(cli_server):
    done = run("good.example", "--json", "--nameserver", cli_server.nameserver)
    document = json.loads(done.stdout)
    assert document["format"] == "dmarc-check/2"
    assert set(document["protocols"]) == {"spf", "dmarc", "dkim", "bimi", "mtasts", "tlsrpt", "mx", "dnssec"}
    assert document["verdict"]["spoofable"] is False
    assert document["protocols"]["spf"]["records"] == [
        "v=spf1 ip4:192.0.2.0/24 include:_spf.good.example -all"]
    assert done.returncode in (0, 1)  # 1 only if some protocol found an error
    assert done.returncode == (1 if any(f["severity"] == "error" for p in document["protocols"].values()
                                        for f in p["findings"]) else 0)


def test_readable_report_in_french_with_fix_for_missing_dmarc(cli_server):
    done = run("NoDMARC.example.", "--lang", "fr", "--nameserver", cli_server.nameserver)
    assert done.returncode == 1
    assert "Rapport d’authentification des e-mails pour nodmarc.example" in done.stdout
    assert "v=DMARC1; p=none; rua=mailto:dmarc-reports@nodmarc.example" in done.stdout
    assert "/fr/dmarc/enforcement/#starting-record" in done.stdout
    assert "Traceback" not in done.stderr


def test_language_comes_from_the_locale(cli_server):
    done = run("good.example", "--nameserver", cli_server.nameserver, env_lang="ja_JP.UTF-8")
    assert "good.exampleの送信ドメイン認証レポート" in done.stdout


def test_pasted_address_and_url_are_normalised(cli_server):
    for given in ("postmaster@Good.Example", "https://good.example/contact", " good.example. "):
        document = json.loads(run(given, "--json", "--nameserver", cli_server.nameserver).stdout)
        assert document["domain"] == "good.example"


def test_dns_failure_is_exit_3_and_never_reported_as_missing(cli_server):
    done = run("broken.example", "--json", "--timeout", "0.5", "--nameserver", cli_server.nameserver)
    assert done.returncode == 3
    dmarc = json.loads(done.stdout)["protocols"]["dmarc"]
    codes = {f["code"] for f in dmarc["findings"]}
    assert "dmarc.lookup_failed" in codes and "dmarc.no_record" not in codes
    assert json.loads(done.stdout)["verdict"]["spoofable"] is None


@pytest.mark.parametrize("args, words", [
    (("exa mple.com",), "is not a domain name"),
    (("localhost",), "is not a full domain name"),
    (("192.0.2.1",), "is an IP address"),
    (("a" * 64 + ".com",), "longer than 63"),
    (("good.example", "--nameserver", "not-an-ip"), "is not the address of a DNS server"),
    (("good.example", "--nameserver", "192.0.2.1:99999"), "the port must be a number"),
    (("good.example", "--nameserver", "[::1"), "is written [2001:db8::53]:53"),
    (("good.example", "--doh", "https://*/dns-query"), "does not name one server"),
    (("good.example", "--timeout", "-1"), "timeout must be"),
    (("good.example", "--nameserver", "127.0.0.1", "--doh", "https://dns.example/dns-query"), "not both"),
    (("spf", "good.example", "--ip", "999.1.1.1"), "is not an IPv4 or IPv6 address"),
])
def test_invalid_input_is_one_line_and_exit_2(args, words):
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and words in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_input_is_localized():
    done = run("exa mple.com", "--lang", "ja")
    assert done.returncode == 2 and "ドメイン名ではありません" in done.stderr


@pytest.mark.parametrize("ip, result, code, lookups", [
    ("192.0.2.7", "pass", 0, 0),        # matched by ip4 before the include is evaluated
    ("198.51.100.9", "pass", 0, 1),     # matched inside the include
    ("203.0.113.5", "fail", 1, 1)])
def test_spf_evaluation(cli_server, ip, result, code, lookups):
    done = run("spf", "good.example", "--ip", ip, "--json", "--nameserver", cli_server.nameserver)
    assert done.returncode == code
    document = json.loads(done.stdout)
    assert document["result"] == result
    assert document["lookups"] == lookups


def test_spf_temperror_is_exit_3(cli_server):
    done = run("spf", "broken.example", "--ip", "192.0.2.1", "--timeout", "0.5",
               "--nameserver", cli_server.nameserver)
    assert done.returncode == 3
    assert "temperror" in done.stdout


def test_spf_over_doh(cli_server):
    done = run("spf", "good.example", "--ip", "198.51.100.9", "--doh", cli_server.doh_url, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"] == "pass"


@pytest.mark.parametrize("lang, words", [
    ("fr", "les arguments suivants sont obligatoires"), ("ja", "次の引数は必須です"),
    ("en", "the following arguments are required")])
def test_option_errors_are_localized_too(lang, words):
    done = run("spf", "good.example", "--lang", lang)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
