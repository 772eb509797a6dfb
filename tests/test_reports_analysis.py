"""Who sends as the domain: sources classified with the checker's own SPF evaluation
against the fixture DNS (tests/zones/reports.zone), the readiness line, reverse DNS
with its cap, and ``dmarc-check report`` as a user runs it."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import subprocess
import sys

import pytest

from checker.reports import Analysis, classify, read_file
from tests.dnsfixture import load_zones
from tests.dnsfixture.client import close, make_resolver
from tests.report_factory import Row, aggregate_bytes
from tests.test_reports_read import corpus  # noqa: F401 - the fixture: ../shared/corpus/dmarc-reports

ROWS = [
    Row("192.0.2.10", 100),                                             # ours, aligned
    Row("198.51.100.7", 40, dkim="fail", spf="fail", envelope_from="bounce.esp.example",
        dkim_domain="esp.example"),                                    # our ESP, via include: not aligned
    Row("203.0.113.5", 7, dkim="fail", spf="fail", envelope_from="spoof.example"),   # nobody we know
    Row("203.0.113.9", 3, dkim="fail", spf="fail", reason="mailing_list",
        envelope_from="lists.example"),                                 # a mailing list
]


@pytest.fixture
def zones(dns_server):
    dns_server.load(load_zones("reports.zone"))
    return dns_server


def analysed(resolver, data: bytes = b"", reverse_dns: int = 0) -> dict:
    analysis = Analysis()
    read_file(analysis, "r.xml", io.BytesIO(data or aggregate_bytes(ROWS)))

    async def run():
        try:
            await classify(analysis, resolver, reverse_dns)
        finally:
            if resolver is not None:
                await close(resolver)
    asyncio.run(run())
    return analysis.to_json()


def test_sources_are_classified_with_the_current_spf_record(zones, backend):
    document = analysed(make_resolver(zones, backend))
    by_ip = {s["ip"]: s for s in document["sources"]}
    assert {ip: (s["classification"], s["spf"]) for ip, s in by_ip.items()} == {
        "192.0.2.10": ("aligned", None),
        "198.51.100.7": ("authorised_unaligned", "pass"),
        "203.0.113.5": ("unauthorised", "fail"),
        "203.0.113.9": ("forwarded", "fail"),
    }
    assert by_ip["198.51.100.7"]["fixes"] == ["bounce_domain", "dkim_sign"]
    assert by_ip["198.51.100.7"]["dkim_domains"] == {"esp.example": 40}
    assert by_ip["198.51.100.7"]["envelope_from"] == {"bounce.esp.example": 40}
    # The SPF record and its include were asked for once, however many sources.
    assert len(zones.queries("reports.example", "TXT")) == 1
    assert len(zones.queries("_spf.esp.example", "TXT")) == 1


def test_readiness_is_the_share_of_legitimate_mail_that_passes(zones):
    [row] = analysed(make_resolver(zones, "dns"))["readiness"]
    assert row["domain"] == "reports.example"
    assert (row["legitimate"], row["passing"], row["unauthorised"]) == (143, 100, 7)
    assert row["share"] == round(100 / 143, 4)
    assert [s["ip"] for s in row["to_fix"]] == ["198.51.100.7"]
    assert row["ready"] is False and row["policy"] == "none"


def test_a_dns_failure_leaves_the_source_unverified_not_spoofing(zones):
    data = aggregate_bytes([Row("192.0.2.10", 5, dkim="fail", spf="fail")], domain="broken-spf.example")
    [source] = analysed(make_resolver(zones, "dns", timeout=0.5), data)["sources"]
    assert (source["spf"], source["classification"]) == ("temperror", "unverified")


def test_without_dns_nothing_is_called_spoofing(zones):
    document = analysed(None)
    assert {s["ip"]: s["classification"] for s in document["sources"]} == {
        "192.0.2.10": "aligned", "198.51.100.7": "unverified", "203.0.113.5": "unverified",
        "203.0.113.9": "forwarded"}
    assert zones.queries() == []


def test_reverse_dns_is_optional_and_capped(zones):
    rows = [Row("192.0.2.10", 9), Row("192.0.2.11", 5), Row("192.0.2.12", 1)]
    document = analysed(make_resolver(zones, "dns"), aggregate_bytes(rows), reverse_dns=2)
    assert [s["ptr"] for s in document["sources"]] == ["mail.reports.example", "mail2.reports.example", None]
    assert len(zones.queries(rdtype="PTR")) == 2
    assert document["dns"]["reverse_dns"] == 2
    zones.clear_log()
    analysed(make_resolver(zones, "dns"), aggregate_bytes(rows))
    assert zones.queries(rdtype="PTR") == []


# -- the command line -------------------------------------------------------------------

def run(*args: str, lang: str = "C") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "report", *args], capture_output=True, text=True,
                          timeout=120, env={"LANG": lang, "PATH": "/usr/bin:/bin"})


@pytest.fixture
def report_files(tmp_path):
    (tmp_path / "good.xml.gz").write_bytes(gzip.compress(aggregate_bytes(ROWS)))
    (tmp_path / "bad.xml").write_bytes(b"<!DOCTYPE feedback [<!ENTITY a 'a'>]><feedback/>")
    return tmp_path


def test_cli_json_document(zones, report_files):
    done = run(str(report_files), "--json", "--nameserver", zones.nameserver)
    document = json.loads(done.stdout)
    assert done.returncode == 1  # one file could not be read
    assert (document["reports"], document["messages"]) == (1, 150)
    assert [(s["ip"], s["count"], s["classification"]) for s in document["sources"]] == [
        ("192.0.2.10", 100, "aligned"), ("198.51.100.7", 40, "authorised_unaligned"),
        ("203.0.113.5", 7, "unauthorised"), ("203.0.113.9", 3, "forwarded")]
    assert [(e["file"].rsplit("/", 1)[1], e["code"]) for e in document["errors"]] == [("bad.xml", "xml_dtd")]


def test_cli_text_in_japanese_links_each_advice(zones, report_files):
    done = run(str(report_files / "good.xml.gz"), "--nameserver", zones.nameserver, lang="ja_JP.UTF-8")
    assert done.returncode == 0, done.stderr
    assert "集約レポート：1件" in done.stdout
    assert "p=quarantineへ進む前に、次の1件の送信元を修正してください：198.51.100.7" in done.stdout
    assert "/en/" not in done.stdout and "/dmarc/#alignment" in done.stdout
    assert "Traceback" not in done.stderr


def test_cli_exit_2_when_nothing_could_be_read(report_files):
    done = run(str(report_files / "bad.xml"), "--no-dns", "--lang", "fr")
    assert done.returncode == 2
    assert "refusé\u00a0: le XML déclare une DTD" in done.stdout
    assert "aucun rapport n’a pu être lu" in done.stderr
    done = run(str(report_files / "missing.xml"), "--no-dns", "--json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["errors"][0]["code"] == "unreadable"


@pytest.mark.parametrize("lang, line", [
    ("en", "Your MX host mx2.mail.company-y.example — failed sessions: 200 (starttls-not-supported)"),
    ("fr", "Votre serveur MX mx2.mail.company-y.example — sessions en échec\u00a0: 200 (starttls-not-supported)"),
    ("ja", "MXホストmx2.mail.company-y.exampleでの失敗：200セッション（starttls-not-supported）"),
])
def test_cli_text_names_the_mx_hosts_and_senders_that_fail_tls(corpus, lang, line):
    done = run(str(corpus / "smtp_tls"), "--no-dns", "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert line in done.stdout.splitlines()
    assert "2001:db8:abcd:13::1" in done.stdout  # the sending server, one spelling per address


@pytest.mark.parametrize("lang, line", [
    ("en", "  Mon, 01 Oct 2018 11:20:27 +0200: dmarc-report@domain.de reports a message from 10.10.10.10 "
           "for domain.de that failed authentication (dmarc)"),
    ("fr", "  Mon, 01 Oct 2018 11:20:27 +0200\u00a0: dmarc-report@domain.de signale un e-mail envoyé depuis "
           "10.10.10.10 pour domain.de qui a échoué à l’authentification (dmarc)"),
    ("ja", "  Mon, 01 Oct 2018 11:20:27 +0200：dmarc-report@domain.deからの報告。10.10.10.10から送信された"
           "domain.deのメールが認証に失敗しました（dmarc）"),
])
def test_cli_text_lists_failure_reports(corpus, lang, line):
    done = run(str(corpus / "failure"), "--no-dns", "--lang", lang)
    assert done.returncode == 1, done.stderr  # the bounce without a feedback-report part is not read
    assert line in done.stdout.splitlines()
    assert "Traceback" not in done.stderr
