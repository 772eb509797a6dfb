"""Anything the checker offers to publish, it accepts once published, and it removes what it addresses.

For every domain of every fixture zone, and for DMARC and SPF records drawn by
Hypothesis: check it against the real fixture server, publish each proposal in the
server's data, check again. The findings a proposal addresses are gone, no new
error appears, and the grade does not drop.
"""

from __future__ import annotations

import asyncio
import functools

import dns.rdatatype
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.domain import check_domain, is_dns_failure
from checker.findings import Severity
from checker.proposals import proposals_of
from tests.dnsfixture import ZONES_DIR, DnsFixture, ZoneDB
from tests.dnsfixture.client import make_resolver

PROTOCOLS = ("spf", "dmarc", "dkim", "bimi", "tlsrpt", "mx")
GRADES = "ABCDEF"
# Zones whose names are not domains a reader would check (RFC examples with their own layout).
SKIP_ZONES = {"dmarc_rfc_orgdomain_psdcom.zone", "dmarc_rfc_orgdomain_psdn.zone", "spf_hostile.zone",
              "resolver.zone", "hostile_text.zone"}
ZONE_FILES = sorted(p.name for p in ZONES_DIR.glob("*.zone") if p.name not in SKIP_ZONES)


@pytest.fixture(scope="module")
def server():
    with DnsFixture(ZoneDB()) as fixture:
        yield fixture


def check(server: DnsFixture, db: ZoneDB, domain: str):
    server.load(db)
    resolver = make_resolver(server, "dns", timeout=2.0)
    return asyncio.run(check_domain(domain, resolver=resolver, protocols=PROTOCOLS, fetch_policies=False))


def domains_of(db: ZoneDB) -> list[str]:
    """Names with an SPF record, a _dmarc or a _smtp._tls record: the domains a reader checks."""
    found = set()
    for name, node in db._rrsets.items():
        text = name.to_text(omit_final_dot=True).lower()
        if dns.rdatatype.TXT not in node:
            continue
        for prefix in ("_dmarc.", "_smtp._tls."):
            if text.startswith(prefix):
                found.add(text[len(prefix):])
        if any(b"".join(r.strings).lower().startswith(b"v=spf1") for r in node[dns.rdatatype.TXT]):
            found.add(text)
    # Names the fixture fails on purpose are left out: a failed lookup says nothing about the
    # records, and each one costs the check its time-out.
    failing = {name.to_text(omit_final_dot=True).lower() for name, _ in db._faults}
    return sorted(d for d in found if "*" not in d and not d.startswith("_")
                  and not any(f == d or f.endswith("." + d) for f in failing))


def publish(db: ZoneDB, item: dict) -> ZoneDB:
    """The zone with the proposal published: it replaces the records it names, and any
    record of the same kind ("v=spf1", "v=DMARC1", ...) at that name."""
    db = db.copy()
    record, name, rdtype = item["record"], item["name"], item["type"]
    kind = record.split(";")[0].split(" ")[0].lower() if rdtype == "TXT" else None
    replaced = set(item["replaces"])

    def keep(rdata) -> bool:
        if rdtype != "TXT":
            return False
        text = b"".join(rdata.strings).decode("utf-8", "replace")
        if text in replaced or name.startswith("_dmarc."):
            return False
        return not text.strip().lower().startswith(kind)

    db.remove(name, rdtype, keep)
    value = " ".join(f'"{record[i:i + 250]}"' for i in range(0, len(record), 250)) if rdtype == "TXT" else record
    return db.add(name, rdtype, value)


def errors(report) -> set[str]:
    """Error findings, less failed lookups: those say nothing about the records (the fixture
    injects timeouts, and a busy machine adds its own)."""
    return {f.code for r in report.reports.values() for f in r.findings
            if f.severity is Severity.ERROR and not is_dns_failure(f)}


def rank(report) -> int | None:
    grade = report.verdict.grade if report.verdict else None
    return GRADES.index(grade) if grade in GRADES else None


def assert_round_trip(server: DnsFixture, db: ZoneDB, domain: str) -> int:
    """Publish each proposal of ``domain`` in turn; returns how many were published."""
    before = check(server, db, domain)
    published = 0
    for protocol, report in before.reports.items():
        for item in proposals_of(report):
            if item["steps"]:
                assert item["steps"][-1]["type"] == "TXT"  # the record comes last, after what it announces
                continue
            after = check(server, publish(db, item), domain)
            context = (domain, protocol, item["record"])
            still = {f.code for f in after.reports[protocol].findings} & set(item["addresses"])
            assert not still, (context, still)
            assert errors(after) <= errors(before), (context, errors(after) - errors(before))
            if rank(before) is not None and rank(after) is not None:
                assert rank(after) <= rank(before), (context, before.verdict.grade, after.verdict.grade)
            published += 1
    return published


@functools.lru_cache(maxsize=None)
def zone(name: str) -> ZoneDB:
    return ZoneDB.from_zonefile(ZONES_DIR / name)


@pytest.mark.parametrize("zone_file", ZONE_FILES)
def test_every_proposal_of_every_fixture_zone_round_trips(server, zone_file):
    db = zone(zone_file)
    for domain in domains_of(db):
        assert_round_trip(server, db, domain)


def test_the_fixture_zones_do_offer_proposals(server):
    """The round trip above is not vacuous: the zones hold records to repair of each kind."""
    db = zone("verdict.zone")
    assert assert_round_trip(server, db, "rejet.example") >= 1
    assert assert_round_trip(server, db, "nearmiss.example") >= 1
    assert assert_round_trip(server, zone("spf_fix.zone"), "tworecords.example") >= 1
    assert assert_round_trip(server, zone("spf_fix.zone"), "toomany.example") >= 1


# -- records drawn by Hypothesis --------------------------------------------------------

_TAG_VALUES = {
    "p": ["none", "quarantine", "reject", "rejet", "Reject", ""],
    "sp": ["none", "reject", "bogus"],
    "np": ["quarantine", "x"],
    "adkim": ["r", "s", "x"],
    "aspf": ["s", "strict"],
    "pct": ["50", "100", "abc"],
    "rf": ["afrf"],
    "ri": ["86400"],
    "fo": ["1", "d:s", "2"],
    "t": ["y", "n", "maybe"],
    "rua": ["mailto:d@drawn.example", "d@drawn.example", "mailto:d@drawn.example!10m", "ftp://x"],
    "ruf": ["mailto:f@drawn.example", "nope"],
    "zz": ["1"],
}
_tags = st.lists(st.sampled_from(sorted(_TAG_VALUES)).flatmap(
    lambda tag: st.sampled_from(_TAG_VALUES[tag]).map(lambda value: f"{tag}={value}")), max_size=6)
_versions = st.sampled_from(["v=DMARC1; ", "v=DMARC1;", "v=dmarc1; ", "v=DMARC1 ", " v=DMARC1; "])
_separators = st.sampled_from(["; ", ";", " ; "])


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(version=_versions, tags=_tags, separator=_separators)
def test_drawn_dmarc_records_round_trip(server, version, tags, separator):
    record = version + separator.join(tags)
    db = ZoneDB().add("drawn.example", "TXT", '"v=spf1 ip4:192.0.2.0/24 -all"')
    db.add("_dmarc.drawn.example", "TXT", '"' + record.replace('"', "") + '"')
    assert_round_trip(server, db, "drawn.example")


_spf_terms = st.sampled_from(["ip4:192.0.2.1", "ip4:198.51.100.0/24", "ip6:2001:db8::/32", "a", "mx",
                              "-all", "~all", "?all", "+all", "include:_spf.drawn.example", "ptr"])


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(_spf_terms, max_size=4), second=st.lists(_spf_terms, max_size=4))
def test_drawn_pairs_of_spf_records_round_trip(server, first, second):
    db = ZoneDB().add("drawn.example", "TXT", '"' + " ".join(["v=spf1", *first]) + '"',
                      '"' + " ".join(["v=spf1", *second]) + '"')
    db.add("_spf.drawn.example", "TXT", '"v=spf1 ip4:203.0.113.0/24 -all"')
    db.add("drawn.example", "A", "192.0.2.10")
    assert_round_trip(server, db, "drawn.example")
