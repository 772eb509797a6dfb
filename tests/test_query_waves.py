"""bench/query_waves.py, the DNS lower bound of the browser benchmark: each query lands in
the wave after the answer it waited for (a broken grouping would make the bound a lie)."""

import base64

import dns.message
import dns.rdatatype

from bench.common import ROOT
from bench.query_waves import doh_waves

ENDPOINT = "https://doh.test/dns-query"


def _questions(wave):
    out = []
    for url in wave:
        assert url.startswith(ENDPOINT + "?dns=")
        encoded = url.split("dns=", 1)[1]
        message = dns.message.from_wire(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        out.append((message.question[0].name.to_text(), dns.rdatatype.to_text(message.question[0].rdtype)))
    return out


def test_each_query_comes_in_the_wave_after_the_answer_it_needs():
    waves = [_questions(w) for w in doh_waves(ROOT / "bench" / "zones" / "full.zone", "bench.example", ENDPOINT)]
    first, second, third = waves  # the domain's SPF, its includes, an include's include
    assert ("bench.example.", "TXT") in first and ("_dmarc.bench.example.", "TXT") in first
    assert ("_spf.crm.bench.example.", "TXT") in second and ("_spf.crm.bench.example.", "TXT") not in first
    assert third == [("_spf2.crm.bench.example.", "TXT")]
    everything = [q for wave in waves for q in wave]
    assert len(everything) == len(set(everything)), "a query asked twice"
