"""The page against a hostile first DoH endpoint: a 1 GiB answer, a gzip bomb (64 MiB of
zeros in 64 KB), a truncated answer. The browser's client reads the body as a stream and
stops at the DNS message limit, so the second endpoint answers. (The endpoint that drips
one byte at a time is tested on the command line, tests/test_http_limits.py: in Chromium,
fifty queries held by it wait on six connections per host, which makes the outcome depend
on the machine's speed.)"""

from __future__ import annotations

import pytest
from ui_page import read_result, run_check

from tests.dnsfixture.doh import gzip_bomb


@pytest.mark.parametrize("attack", ["huge", "gzip", "truncated"])
def test_second_endpoint_answers_when_the_first_attacks(pages, endpoints, attack):
    gzip_bomb()  # made before the check, not while the fixture should be answering
    page = pages.checker("en")
    endpoints.reset()
    endpoints.first.doh_fail = attack
    assert run_check(page, "good.example") == "done"
    records = {p["protocol"]: p["records"] for p in read_result(page)["protocols"]}
    assert records["dmarc"] == ["v=DMARC1; p=reject; rua=mailto:dmarc@good.example"]
    assert records["spf"] == ["v=spf1 ip4:192.0.2.0/24 include:_spf.good.example -all"]
    # The first endpoint was asked first and attacked; once one of its answers has failed, the
    # check asks the second one first, so which names still went to the first depends on timing.
    assert endpoints.first.queries()
    assert endpoints.second.queries("_dmarc.good.example", "TXT")  # then answered
    asked = len(endpoints.first.queries())
    # Chromium stopped reading each hostile answer: what loopback's socket buffers and the
    # browser's own took before the cancel (about 9 MiB each on a quiet machine), not 1 GiB each.
    assert endpoints.first.hostile_bytes <= asked * 64 * 1024 * 1024
