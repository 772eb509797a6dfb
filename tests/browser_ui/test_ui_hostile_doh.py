"""The page against a hostile first DoH endpoint: a 1 GiB answer, a gzip bomb (64 MiB of
zeros in 64 KB), a byte every 0.3 s, a truncated answer. The browser's client reads the
body as a stream and stops at the DNS message limit, within one total deadline, so the
second endpoint answers and the report is the same as CPython's."""

from __future__ import annotations

import pytest
from ui_page import read_result, run_check


@pytest.mark.parametrize("attack", ["huge", "gzip", "drip", "truncated"])
def test_second_endpoint_answers_when_the_first_attacks(pages, endpoints, attack):
    page = pages.checker("en")
    endpoints.reset()
    endpoints.first.doh_fail = attack
    assert run_check(page, "good.example") == "done"
    shown = read_result(page)
    assert shown["notice"] is None, shown["notice"]  # no lookup failed: the second endpoint answered
    dmarc = next(p for p in shown["protocols"] if p["protocol"] == "dmarc")
    assert dmarc["records"] and dmarc["records"][0].startswith("v=DMARC1")
    assert endpoints.second.queries("_dmarc.good.example", "TXT")
    asked = len(endpoints.first.queries())
    # Chromium stopped reading each hostile answer: a few socket buffers, not 1 GiB each.
    assert endpoints.first.hostile_bytes <= asked * 8 * 1024 * 1024
