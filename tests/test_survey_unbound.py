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
    """A port free for UDP and TCP alike at this moment (unbound listens on both)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.socket() as tcp:
        udp.bind(("127.0.0.1", 0))
        port = udp.getsockname()[1]
        tcp.bind(("127.0.0.1", port))
        return port


def _start_unbound(tmp_path, forward: str):
    """Another process may take the port between our check and unbound's bind: try another."""
    for attempt in range(5):
        try:
            port = _free_port()
        except OSError:
            continue   # free for UDP, not for TCP
        try:
            return port, survey_resolver.start(tmp_path, port, threads=1, forward=forward)
        except RuntimeError as error:
            if "already in use" not in str(error) or attempt == 4:
                raise
    raise RuntimeError("no port free for UDP and TCP on 127.0.0.1")


@pytest.fixture
def unbound(dns_server, tmp_path):
    port, process = _start_unbound(tmp_path, forward=f"127.0.0.1@{dns_server.port}")
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
