"""Shared by the survey tests: the categories each zone of survey_cases.zone produces,
domain lists, generated zones and running ``dmarc-check survey`` as a user does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.dnsfixture import ZoneDB

# domain -> (dmarc, spf), as the comments of tests/zones/survey_cases.zone describe them
EXPECTED = {
    "reject.survey.example": ("reject", "valid"),
    "quarantine.survey.example": ("quarantine", "valid"),
    "none.survey.example": ("none", "missing"),
    "nodmarc.survey.example": ("missing", "valid"),
    "badsyntax.survey.example": ("invalid", "invalid"),
    "twice.survey.example": ("invalid", "invalid"),
    "lookups.survey.example": ("reject", "invalid"),
    "void.survey.example": ("none", "invalid"),
    "nothing.survey.example": ("missing", "missing"),
    "dmarctimeout.survey.example": ("not_known", "valid"),
    "spfservfail.survey.example": ("reject", "not_known"),
}
ROOT = Path(__file__).resolve().parent.parent


def write_list(path: Path, domains, extra_lines=()) -> Path:
    path.write_text("# a survey list\n" + "\n".join([*domains, *extra_lines]) + "\n", encoding="utf-8")
    return path


def bulk_zone(count: int, suffix: str = "bulk.example") -> tuple[ZoneDB, list[str]]:
    """``count`` healthy domains d0.<suffix>, d1.<suffix>...: SPF valid, DMARC reject."""
    db, domains = ZoneDB(), []
    for i in range(count):
        domain = f"d{i}.{suffix}"
        db.add(domain, "TXT", '"v=spf1 ip4:192.0.2.1 -all"')
        db.add(f"_dmarc.{domain}", "TXT", '"v=DMARC1; p=reject"')
        domains.append(domain)
    return db, domains


def survey_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker", "survey", *args]


def run_survey(*args: str, lang: str = "C", timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(survey_command(*args), capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={"LANG": lang, "PATH": "/usr/bin:/bin"})


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
