"""A survey through unbound (Debian), the local resolver documented for large runs,
forwarding to the fixture DNS server."""

from __future__ import annotations

import socket

import pytest

from scripts import survey_resolver
from tests.dnsfixture import load_zones
from tests.survey_support import EXPECTED, read_jsonl, run_survey, write_list

# Through a caching resolver, an injected timeout becomes unbound's own retries and
# SERVFAIL: the failure cases are tested directly against the fixture (test_survey.py).
ANSWERED = {d: c for d, c in EXPECTED.items() if "not_known" not in c}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unbound(dns_server, tmp_path):
    port = _free_port()
    process = survey_resolver.start(tmp_path, port, threads=1, forward=f"127.0.0.1@{dns_server.port}")
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_survey_through_unbound_gives_the_same_categories_and_uses_its_cache(dns_server, unbound, tmp_path):
    dns_server.load(load_zones("survey_cases.zone"))
    listed = write_list(tmp_path / "domains.txt", ANSWERED)
    out = tmp_path / "out.jsonl"
    done = run_survey(str(listed), "--out", str(out), "--nameserver", unbound)
    assert done.returncode == 0, done.stderr
    assert {line["domain"]: (line["dmarc"], line["spf"]) for line in read_jsonl(out)} == ANSWERED
    assert dns_server.queries("_dmarc.reject.survey.example", "TXT")   # unbound asked the fixture

    dns_server.clear_log()
    again = run_survey(str(listed), "--out", str(tmp_path / "again.jsonl"), "--nameserver", unbound)
    assert again.returncode == 0
    assert dns_server.queries("_dmarc.reject.survey.example", "TXT") == []   # answered from unbound's cache
