"""A name with 800 TXT records (and a wildcard that gives them to every DKIM selector and
every _dmarc, _mta-sts... name probed) cannot make a report huge: each report keeps the
first records and the first findings per name, and says how many more there are."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections import Counter

from tests.dnsfixture import load_zones

from checker.domain import check_domain
from checker.report import MAX_ALIKE, MAX_RECORDS
from tests.dnsfixture.client import close, make_resolver


def run(dns_server, *extra: str) -> subprocess.CompletedProcess:
    dns_server.load(load_zones("hostile_text.zone"))
    return subprocess.run([sys.executable, "-m", "checker", "huge.example", "--timeout", "10",
                           "--nameserver", dns_server.nameserver, *extra],
                          capture_output=True, text=True, timeout=300, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})


def test_json_keeps_the_first_records_and_findings_per_name(dns_server):
    document = json.loads(run(dns_server, "--json").stdout)
    spf = document["protocols"]["spf"]
    assert len(spf["records"]) == MAX_RECORDS
    assert {"code": "report.more_records", "severity": "info",
            "params": {"count": 800 - MAX_RECORDS, "shown": MAX_RECORDS}} in spf["findings"]
    for name, report in document["protocols"].items():
        assert len(report["records"]) <= MAX_RECORDS, name
        alike = Counter((f["code"], f["params"].get("name", f["params"].get("domain")))
                        for f in report["findings"] if f["code"] != "report.more_findings")
        assert max(alike.values()) <= MAX_ALIKE, (name, alike.most_common(2))
    dkim = document["protocols"]["dkim"]
    more = [f["params"] for f in dkim["findings"] if f["code"] == "report.more_findings"]
    assert more and all(p["count"] > 0 and p["shown"] == MAX_ALIKE for p in more)
    # The whole document stays small (it was 11.8 MB before the bound).
    assert len(json.dumps(document)) < 500_000


def test_readable_report_says_how_many_more(dns_server):
    done = run(dns_server, "--lang", "en")
    assert f"{800 - MAX_RECORDS} more records are published here: only the first {MAX_RECORDS} are shown." \
        in done.stdout
    assert done.stdout.count("\n") < 2_000


def test_the_check_itself_bounds_each_report(dns_server):
    """In process (not through the command line), so the bound's own findings count as made
    by a check: the report keeps the first records and says how many more there are."""

    dns_server.load(load_zones("hostile_text.zone"))
    resolver = make_resolver(dns_server, "dns", timeout=5.0)

    async def main():
        try:
            return await check_domain("huge.example", resolver=resolver, fetch_policies=False)
        finally:
            await close(resolver)

    report = asyncio.run(main())
    spf = report.reports["spf"]
    assert len(spf.records) == MAX_RECORDS
    more = [f.params for f in spf.findings if f.code == "report.more_records"]
    assert more == [{"count": 800 - MAX_RECORDS, "shown": MAX_RECORDS}]
    dkim = report.reports["dkim"]
    assert any(f.code == "report.more_findings" for f in dkim.findings)
