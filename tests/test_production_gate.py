"""The code-production gate (tests/production_gate.py) counts what a check hands back, nothing else."""

from __future__ import annotations

import asyncio

from checker.findings import CATALOGUE, Finding
from checker.report import ProtocolReport
from checker.spf.report import check
from tests import production_gate
from tests.dnsfixture import load_zones, memory_resolver
from tests.production_gate import TESTS, whole_suite_ran


def test_findings_a_test_builds_do_not_count_those_a_check_returns_do():
    code = CATALOGUE["spf.pass_all"]
    built = ProtocolReport("spf", "plusall.spf.example",
                           findings=[Finding(code.code, code.severity, {"domain": "x", "term": "+all"})])
    assert not any(result is built for result in production_gate._RESULTS)

    resolver = memory_resolver(load_zones("spf_cases.zone"), timeout=0.5)
    report = asyncio.run(check("plusall.spf.example", resolver.session()))
    assert any(result is report for result in production_gate._RESULTS)
    production_gate.harvest()
    assert "spf.pass_all" in production_gate.PRODUCED and not production_gate._RESULTS


def test_the_gate_judges_only_a_run_where_every_test_of_the_suite_ran():
    assert whole_suite_ran([str(TESTS)], selected=100, ran=100, deselected=0)
    assert whole_suite_ran([str(TESTS.parent)], selected=100, ran=100, deselected=0)
    assert not whole_suite_ran([str(TESTS)], selected=90, ran=90, deselected=10)   # -k, -m, --deselect, --lf
    assert not whole_suite_ran([str(TESTS)], selected=100, ran=12, deselected=0)   # -x stopped it
    assert not whole_suite_ran([str(TESTS / "test_catalog.py")], selected=40, ran=40, deselected=0)
    assert not whole_suite_ran([f"{TESTS}::test_x"], selected=1, ran=1, deselected=0)
    assert not whole_suite_ran([str(TESTS)], selected=0, ran=0, deselected=0)
