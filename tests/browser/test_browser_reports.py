"""The report reader page (docs/*/dmarc/reports.md) in Chromium, on the real built site:
files chosen by the visitor are read in the checker's worker, the results are shown
as text, SVG and a sortable table, and nothing but DNS queries leaves the browser."""

from __future__ import annotations

import gzip
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.report_factory import Row, aggregate_bytes

READ_TIMEOUT_MS = 120_000
HOSTILE = "<img src=x onerror=alert(1)>\u202egnp.exe"
ROWS = [
    Row("192.0.2.25", 100),                                                          # the MX: in SPF
    Row("198.51.100.7", 40, dkim="fail", spf="fail", envelope_from="bounce.esp.example"),  # include: not aligned
    Row("203.0.113.5", 7, dkim="fail", spf="fail", envelope_from="spoof.example"),
]


# A DMARC failure report (RFC 6591 ARF): its fields are read, the headers after them are not.
FAILURE_REPORT = (
    "From: dmarc@receiver.example\r\nTo: ruf@protected.example\r\nSubject: DMARC failure\r\n"
    "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n"
    "--b\r\nContent-Type: text/plain\r\n\r\nA message failed.\r\n"
    "--b\r\nContent-Type: message/feedback-report\r\n\r\n"
    "Feedback-Type: auth-failure\r\nUser-Agent: test/1.0\r\nVersion: 1\r\n"
    "Arrival-Date: Tue, 30 Apr 2019 02:09:00 +0000\r\nSource-IP: 203.0.113.5\r\n"
    "Reported-Domain: protected.example\r\nAuth-Failure: dmarc\r\n\r\n"
    "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: <x@protected.example>\r\n\r\n--b--\r\n").encode()


@pytest.fixture(scope="module")
def report_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    good = aggregate_bytes(ROWS, domain="protected.example",
                           org=HOSTILE.replace("<", "&lt;").replace(">", "&gt;"))
    (folder / "google.com!protected.example!1.xml.gz").write_bytes(gzip.compress(good))
    (folder / "evil.xml").write_bytes(b'<!DOCTYPE feedback [<!ENTITY a "a">]><feedback/>')
    (folder / "tls.json").write_text(json.dumps({
        "organization-name": "Receiver", "report-id": "1", "contact-info": "tls@receiver.example",
        "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
        "policies": [{"policy": {"policy-type": "sts", "policy-domain": "protected.example"},
                      "summary": {"total-successful-session-count": 90, "total-failure-session-count": 2},
                      "failure-details": [{"result-type": "certificate-expired", "failed-session-count": 2,
                                           "sending-mta-ip": "2001:db8::0001",
                                           "receiving-mx-hostname": "mx1.protected.example"}]}]}))
    (folder / "failure.eml").write_bytes(FAILURE_REPORT)
    return folder


def open_reader(browser, checker_site, lang_path: str = "en/"):
    context = browser.new_context(accept_downloads=True)
    requests: list = []
    context.on("request", lambda request: requests.append(request))
    tab = context.new_page()
    tab.set_default_timeout(READ_TIMEOUT_MS)
    tab.goto(checker_site.url + lang_path + "dmarc/reports/")
    tab.wait_for_selector(".report-reader[data-state=idle]")
    return context, tab, requests


def choose(tab, files, dns: bool = True) -> None:
    if not dns:
        tab.uncheck(".report-reader__options input >> nth=0")
    tab.set_input_files(".report-reader__input:not([webkitdirectory])", [str(f) for f in files])
    tab.wait_for_selector(".report-reader[data-state=done]")


def test_reports_are_read_in_the_page_and_nothing_is_uploaded(browser, checker_site, report_files):
    context, tab, requests = open_reader(browser, checker_site)
    try:
        choose(tab, sorted(report_files.iterdir()))
        reader = tab.locator(".report-reader")
        summary = reader.locator(".report-reader__summary").inner_text()
        assert summary == "Aggregate reports read: 1. Messages: 147, of which 100 pass DMARC (68%)."
        readiness = reader.locator(".report-reader__readiness").inner_text()
        assert "Fix these 1 sources before moving to p=quarantine: 198.51.100.7" in readiness
        rows = reader.locator(".report-reader__table >> nth=0").locator("tbody tr")
        assert rows.count() == 3
        cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(3)]
        assert [(c[0], c[2], c[6].split("\n")[0]) for c in cells] == [
            ("192.0.2.25", "100", "Authorised and aligned"),
            ("198.51.100.7", "40", "Authorised by your SPF, not aligned"),
            ("203.0.113.5", "7", "Not authorised: likely spoofing")]
        assert reader.locator("a[href$='/en/dmarc/#alignment']").count() >= 1
        assert reader.locator("svg.report-reader__chart").count() == 2
        errors = reader.locator(".report-reader__errors li").all_inner_texts()
        assert errors == ["evil.xml refused: the XML declares a DTD, which a report never needs and which can be "
                          "used to expand entities or read other files"]
        assert "certificate-expired" in reader.inner_text()
        assert reader.locator(".report-reader__failures li").all_inner_texts() == [
            "Tue, 30 Apr 2019 02:09:00 +0000: dmarc@receiver.example reports a message from 203.0.113.5 "
            "for protected.example that failed authentication (dmarc)"]
        # TLS failures per receiving MX host and per sending server (RFC 8460 failure details)
        by_mx = reader.locator("table[data-breakdown=mx] tbody tr")
        assert by_mx.count() == 1
        assert by_mx.first.locator("td").all_inner_texts() == [
            "mx1.protected.example", "2", "2 × certificate-expired", "protected.example"]
        by_sender = reader.locator("table[data-breakdown=ip] tbody tr")
        assert by_sender.first.locator("td").all_inner_texts()[:2] == ["2001:db8::1", "2"]
        assert reader.locator("h3", has_text="TLS failures by receiving MX host").count() == 1
        # A reporter's name is data: shown as text, its bidi override made visible.
        assert reader.locator("img").count() == 0
        reporters = reader.locator(".report-reader__reporters").inner_text()
        assert reporters == "Reporters: <img src=x onerror=alert(1)><U+202E>gnp.exe (147)"
    finally:
        context.close()
    site = urlsplit(checker_site.url).netloc
    doh = {urlsplit(u).netloc for u in checker_site.doh}
    elsewhere = [r for r in requests if urlsplit(r.url).netloc not in {site} | doh]
    assert elsewhere == []
    # What went to the resolver: DNS queries (RFC 8484 GET), never a file.
    to_resolver = [r for r in requests if urlsplit(r.url).netloc in doh]
    assert to_resolver and all(r.method == "GET" and set(parse_qs(urlsplit(r.url).query)) == {"dns"}
                               for r in to_resolver)
    assert all(r.method == "GET" for r in requests)


def test_without_dns_not_a_single_request_is_made_while_reading(browser, checker_site, report_files):
    context, tab, requests = open_reader(browser, checker_site)
    try:
        # The first reading may overlap the runtime's start: only the site's own files are asked.
        before = len(requests)
        choose(tab, [report_files / "tls.json"], dns=False)
        site = urlsplit(checker_site.url).netloc
        assert all(r.method == "GET" and urlsplit(r.url).netloc == site and not urlsplit(r.url).query
                   for r in requests[before:]), [r.url for r in requests[before:]]
        # Once it runs, reading makes no request at all.
        before = len(requests)
        choose(tab, [report_files / "google.com!protected.example!1.xml.gz"], dns=False)
        assert [r.url for r in requests[before:]] == []
        assert "Not verified" in tab.locator(".report-reader__table").first.inner_text()
    finally:
        context.close()


def test_table_sorts_and_exports_csv(browser, checker_site, report_files):
    context, tab, _ = open_reader(browser, checker_site, "fr/")
    try:
        choose(tab, [report_files / "google.com!protected.example!1.xml.gz"])
        table = tab.locator(".report-reader__table").first
        table.locator("th[data-key=count] button").click()
        table = tab.locator(".report-reader__table").first
        assert table.locator("th[data-key=count]").get_attribute("aria-sort") == "ascending"
        assert table.locator("tbody tr td:first-child").all_inner_texts() == ["203.0.113.5", "198.51.100.7", "192.0.2.25"]
        assert "Autorisée par votre SPF, non alignée" in table.inner_text()
        with tab.expect_download() as download:
            tab.click("button[data-export=csv]")
        lines = open(download.value.path(), encoding="utf-8").read().splitlines()
        assert lines[0].startswith("ip,domain,count,dmarc_pass,dmarc_fail")
        assert lines[1].startswith("192.0.2.25,protected.example,100,100,0")
        assert len(lines) == 4
    finally:
        context.close()
