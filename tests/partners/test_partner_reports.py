"""The report reader works in partner builds: in the partner's default language, at
the partner's root, with article links that lead to the partner's own pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.report_factory import Row, aggregate_bytes

READ_TIMEOUT_MS = 120_000
SUMMARY = {
    "fr": "Rapports agrégés lus\u00a0: 1. E-mails\u00a0: 12, dont 10 passent le contrôle DMARC (83,3\u202f%).",
    "en": "Aggregate reports read: 1. Messages: 12, of which 10 pass DMARC (83.3%).",
}


@pytest.mark.parametrize("pid", ["config", "mannai"])
def test_reports_page_in_a_partner_build(pid, built, served, page, tmp_path):
    partner = built[pid].partner
    report = tmp_path / "report.xml"
    report.write_bytes(aggregate_bytes([Row("192.0.2.10", 10), Row("203.0.113.5", 2, dkim="fail", spf="fail")]))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_default_timeout(READ_TIMEOUT_MS)
    page.goto(served[pid] + "dmarc/reports/")
    page.wait_for_selector(".report-reader[data-state=idle]")
    page.uncheck(".report-reader__options input >> nth=0")
    page.set_input_files(".report-reader__input:not([webkitdirectory])", str(report))
    page.wait_for_selector(".report-reader[data-state=done]")
    assert page.locator(".report-reader__summary").inner_text() == SUMMARY[partner.default_language]
    links = page.locator(".report-reader__results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links and all(link.startswith("/dmarc/") or link.startswith("/spf/") for link in links), links
    for link in set(links):
        path = urlsplit(link).path.strip("/")
        assert (built[pid].site / path / "index.html").is_file(), link
    site = urlsplit(served[pid]).netloc
    assert {urlsplit(u).netloc for u in requests if u.startswith("http")} == {site}
