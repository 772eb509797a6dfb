"""dmarc-check survey against the fixture DNS server: each category of the New Zealand
study from a zone, the summary, CSV and chart, and resolver failures as "not known"."""

from __future__ import annotations

import asyncio
import csv
import json
import threading
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from checker.dns import Limits, Resolver
from checker.survey.runner import run_survey as run_in_process
from tests.dnsfixture import ZoneDB, load_zones
from tests.survey_support import EXPECTED, bulk_zone, read_jsonl, run_survey, write_list

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def survey_server(dns_server):
    dns_server.load(load_zones("survey_cases.zone"))
    return dns_server


@pytest.fixture(scope="module")
def surveyed(dns_fixture, tmp_path_factory):
    """One run over every case of survey_cases.zone, with every output, shared by the tests
    that read it; the fixture server's log of that run is kept with it."""
    dns_fixture.reset(load_zones("survey_cases.zone"))
    folder = tmp_path_factory.mktemp("surveyed")
    listed = write_list(folder / "domains.txt", EXPECTED)
    paths = {name: folder / name for name in ("out.jsonl", "summary.json", "out.csv", "chart.svg")}
    # A timeout long enough for a busy machine: only the injected ones must expire.
    done = run_survey(str(listed), "--out", str(paths["out.jsonl"]), "--summary", str(paths["summary.json"]),
                      "--csv", str(paths["out.csv"]), "--chart", str(paths["chart.svg"]), "--retries", "1",
                      "--timeout", "2", "--nameserver", dns_fixture.nameserver)
    log = list(dns_fixture.log)
    dns_fixture.reset()
    return done, paths, log


def test_each_category_of_the_study_comes_from_its_zone(surveyed):
    done, paths, _ = surveyed
    lines = read_jsonl(paths["out.jsonl"])
    assert {line["domain"]: (line["dmarc"], line["spf"]) for line in lines} == EXPECTED
    assert len(lines) == len(EXPECTED)                  # one line per domain
    by_domain = {line["domain"]: line for line in lines}
    assert by_domain["twice.survey.example"]["spf_records"] == 2
    assert by_domain["twice.survey.example"]["dmarc_records"] == 2
    assert by_domain["reject.survey.example"]["dmarc_record"].startswith("v=DMARC1; p=reject")
    assert done.returncode == 3                         # some domains stayed not known
    assert "Traceback" not in done.stderr


def test_summary_counts_each_category_absolute_and_in_percent(surveyed):
    _, paths, _ = surveyed
    summary = json.loads(paths["summary.json"].read_text())
    total = len(EXPECTED)
    assert summary["format"] == "dmarc-check-survey-summary/1"
    assert summary["domains"] == total
    for index, group in ((0, "dmarc"), (1, "spf")):
        wanted = Counter(categories[index] for categories in EXPECTED.values())
        assert {c: f["count"] for c, f in summary[group].items() if f["count"]} == dict(wanted)
        assert sum(f["count"] for f in summary[group].values()) == total
        for category, figure in summary[group].items():
            assert figure["percent"] == round(100 * figure["count"] / total, 1)
    assert summary["duplicates"]["spf"]["count"] == 1 and summary["duplicates"]["dmarc"]["count"] == 1
    enforced = sum(1 for dmarc, _ in EXPECTED.values() if dmarc in ("quarantine", "reject"))
    assert summary["study"]["dmarc_enforced"]["count"] == enforced
    assert summary["study"]["dmarc_any_policy"]["count"] == enforced + summary["dmarc"]["none"]["count"]


def test_csv_has_one_row_per_domain_and_the_chart_one_bar_per_category(surveyed):
    _, paths, _ = surveyed
    with open(paths["out.csv"], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["domain"]: (row["dmarc"], row["spf"]) for row in rows} == EXPECTED
    svg = ET.parse(paths["chart.svg"]).getroot()
    assert svg.find(f"{SVG}title").text.startswith("Survey: DMARC and SPF")
    assert len(svg.findall(f".//{SVG}rect")) == 6 + 4 + 2
    dashed = [r for r in svg.iter(f"{SVG}rect") if r.get("stroke-dasharray")]
    assert len(dashed) == 2                             # "not known" is drawn apart, for DMARC and SPF
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "1 (9.1%)" in texts                          # count and percent beside a bar


def test_resolver_failure_is_retried_then_reported_not_known_never_missing(surveyed):
    _, paths, log = surveyed
    by_domain = {line["domain"]: line for line in read_jsonl(paths["out.jsonl"])}
    timed_out = by_domain["dmarctimeout.survey.example"]
    assert timed_out["dmarc"] == "not_known" and timed_out["attempts"] == 2
    assert timed_out["failures"] == [{"code": "dmarc.lookup_failed", "name": "_dmarc.dmarctimeout.survey.example",
                                      "type": "TXT", "error": "timeout"}]
    asked = [q for q in log if (q.name, q.rdtype) == ("_dmarc.dmarctimeout.survey.example", "TXT")]
    assert len(asked) == 2                              # once per attempt
    servfail = by_domain["spfservfail.survey.example"]
    assert servfail["spf"] == "not_known" and servfail["attempts"] == 2
    assert by_domain["reject.survey.example"]["attempts"] == 1   # a known answer is not asked again


def test_a_domain_known_on_retry_is_reported_once_with_its_answer(survey_server):
    name = "_dmarc.dmarctimeout.survey.example"
    survey_server.db.add(name, "TXT", '"v=DMARC1; p=quarantine"')
    lifted = threading.Event()

    def lift_fault_after_first_query():   # the resolver recovers between two attempts
        while not survey_server.queries(name, "TXT"):
            threading.Event().wait(0.02)
        survey_server.db.set_fault(name, "TXT", None)
        lifted.set()

    threading.Thread(target=lift_fault_after_first_query, daemon=True).start()
    lines = []
    resolver = Resolver.from_nameservers([survey_server.nameserver], Limits(timeout=1))
    asyncio.run(run_in_process(["dmarctimeout.survey.example"], resolver, lines.append, retries=2, retry_pause=0.2))
    assert lifted.is_set()
    assert [(line["dmarc"], line["attempts"]) for line in lines] == [("quarantine", 2)]


def test_concurrency_halves_while_the_resolver_fails_and_not_otherwise(dns_server):
    db, domains = bulk_zone(32, "slow.example")
    for domain in domains:
        db.set_fault(f"_dmarc.{domain}", "TXT", "servfail")
    dns_server.load(db)
    resolver = Resolver.from_nameservers([dns_server.nameserver])
    failing = asyncio.run(run_in_process(domains, resolver, lambda line: None, concurrency=8, retries=0))
    assert failing.not_known == 32
    assert failing.backoffs >= 2 and failing.lowest_concurrency <= 2

    healthy_db, healthy = bulk_zone(32, "fine.example")
    dns_server.load(healthy_db)
    healthy_run = asyncio.run(run_in_process(healthy, resolver, lambda line: None, concurrency=8, retries=0))
    assert healthy_run.not_known == 0
    assert healthy_run.backoffs == 0 and healthy_run.lowest_concurrency == 8


def test_existing_results_are_not_overwritten_without_resume(survey_server, tmp_path):
    listed = write_list(tmp_path / "domains.txt", ["reject.survey.example"])
    out = tmp_path / "out.jsonl"
    out.write_text('{"domain": "reject.survey.example"}\n')
    done = run_survey(str(listed), "--out", str(out), "--nameserver", survey_server.nameserver, lang="fr_FR.UTF-8")
    assert done.returncode == 2
    assert "contient déjà des résultats" in done.stderr and "--resume" in done.stderr
    assert out.read_text() == '{"domain": "reject.survey.example"}\n'


def test_bad_input_is_a_localized_line_not_a_traceback(survey_server, tmp_path):
    missing = run_survey(str(tmp_path / "absent.txt"), "--nameserver", survey_server.nameserver, lang="ja_JP.UTF-8")
    assert missing.returncode == 2 and "を読み込めません" in missing.stderr
    resume = run_survey(str(tmp_path / "absent.txt"), "--resume", "--nameserver", survey_server.nameserver)
    assert resume.returncode == 2 and "--resume needs --out" in resume.stderr
    zero = run_survey(str(tmp_path / "absent.txt"), "--concurrency", "0", "--nameserver", survey_server.nameserver)
    assert zero.returncode == 2 and "--concurrency must be between 1 and 5000" in zero.stderr
    for done in (missing, resume, zero):
        assert "Traceback" not in done.stderr


def test_lines_that_are_not_domains_are_shown_visibly_and_skipped(survey_server, tmp_path):
    listed = write_list(tmp_path / "domains.txt", ["reject.survey.example"], ["bad\u200bname.example here"])
    done = run_survey(str(listed), "--nameserver", survey_server.nameserver)
    assert done.returncode == 0
    assert "line 3: \u201cbad<U+200B>name.example here\u201d is not a domain name; skipped" in done.stderr
    assert [json.loads(line)["domain"] for line in done.stdout.splitlines()] == ["reject.survey.example"]


def test_chart_and_terminal_summary_in_the_readers_language(survey_server, tmp_path):
    listed = write_list(tmp_path / "domains.txt", ["reject.survey.example", "none.survey.example"])
    chart = tmp_path / "chart.svg"
    done = run_survey(str(listed), "--chart", str(chart), "--lang", "ja", "--nameserver", survey_server.nameserver)
    assert done.returncode == 0
    assert "調査したドメイン：2件" in done.stderr
    texts = [t.text for t in ET.parse(chart).getroot().iter(f"{SVG}text")]
    assert "適用されるDMARCポリシー" in texts and "1件（50%）" in texts


def test_a_record_many_domains_include_is_asked_once_per_survey(dns_server):
    domains = [f"d{i}.shared.example" for i in range(20)]
    db = ZoneDB()
    for domain in domains:
        db.add(domain, "TXT", '"v=spf1 include:_spf.provider.example -all"')
        db.add(f"_dmarc.{domain}", "TXT", '"v=DMARC1; p=none"')
    db.add("_spf.provider.example", "TXT", '"v=spf1 ip4:198.51.100.0/24 -all"')
    dns_server.load(db)
    lines = []
    resolver = Resolver.from_nameservers([dns_server.nameserver])
    stats = asyncio.run(run_in_process(domains, resolver, lines.append, concurrency=5))
    assert [line["spf"] for line in lines] == ["valid"] * 20
    assert len(dns_server.queries("_spf.provider.example", "TXT")) == 1
    assert stats.shared_answers >= 19
    assert len(dns_server.queries(f"_dmarc.{domains[0]}", "TXT")) == 1   # each domain's own names: asked once


def test_an_output_that_cannot_be_written_is_a_clear_error(survey_server, tmp_path):
    listed = write_list(tmp_path / "domains.txt", ["reject.survey.example"])
    nowhere = tmp_path / "no-such-folder"
    for option in ("--out", "--summary"):
        done = run_survey(str(listed), option, str(nowhere / "file"), "--nameserver", survey_server.nameserver)
        assert done.returncode == 2
        assert f"cannot write {nowhere / 'file'}: No such file or directory" in done.stderr
        assert "Traceback" not in done.stderr
