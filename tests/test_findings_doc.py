"""FINDINGS.md, the documented catalogue of finding codes, matches the code."""

from pathlib import Path

from checker.catalogue import render

ROOT = Path(__file__).resolve().parent.parent


def test_findings_md_is_up_to_date():
    assert (ROOT / "FINDINGS.md").read_text(encoding="utf-8") == render(), \
        "FINDINGS.md is stale: run python -m checker.catalogue > FINDINGS.md"


def test_every_code_is_listed_once():
    from checker.findings import CATALOGUE

    text = render()
    for code in CATALOGUE:
        assert text.count(f"| `{code}` |") == 1, code
