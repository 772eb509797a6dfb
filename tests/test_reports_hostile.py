"""Hostile report files: what defusedxml lists for XML, decompression bombs, zip
entries that climb out of the archive, a 100,000-record report. Each one is refused
with its reason (or read) while memory stays bounded; all are made at test time."""

from __future__ import annotations

import gzip
import io
import tracemalloc

import pytest

from checker.reports import Analysis, ReadLimits, read_file, read_paths
from tests.report_factory import MB, Row, aggregate_bytes, bomb_gzip, bomb_zip, many_rows, write_aggregate, zip_of

GIGABYTE = 1024 * MB


def read_traced(name: str, data: bytes, limits: ReadLimits | None = None) -> tuple[dict, int]:
    """The document, and the peak of memory allocated while reading (bytes)."""
    analysis = Analysis()
    tracemalloc.start()
    try:
        read_file(analysis, name, io.BytesIO(data), *([limits] if limits else []))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return analysis.to_json(), peak


def codes(document: dict) -> list[str]:
    return [e["code"] for e in document["errors"]]


# -- XML: the threats defusedxml lists ------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE feedback [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feedback><report_metadata><org_name>&lol9;</org_name></report_metadata></feedback>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE feedback [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<feedback><report_metadata><org_name>&secret;</org_name></report_metadata></feedback>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE feedback SYSTEM "http://127.0.0.1:9/evil.dtd">
<feedback><report_metadata><org_name>x</org_name></report_metadata></feedback>
"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE feedback [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<feedback/>
"""

UNDECLARED_ENTITY = b"""<?xml version="1.0"?>
<feedback><report_metadata><org_name>&secret;</org_name></report_metadata></feedback>
"""


@pytest.mark.parametrize("name, data", [
    ("billion-laughs.xml", BILLION_LAUGHS), ("external-entity.xml", EXTERNAL_ENTITY),
    ("external-dtd.xml", EXTERNAL_DTD), ("parameter-entity.xml", PARAMETER_ENTITY),
])
def test_a_dtd_is_refused_before_anything_is_expanded(name, data):
    document, peak = read_traced(name, data)
    assert codes(document) == ["xml_dtd"]
    assert document["reports"] == 0
    assert peak < 2 * MB


def test_a_dtd_is_refused_inside_gzip_and_zip_too():
    for name, data in (("a.xml.gz", gzip.compress(BILLION_LAUGHS)), ("a.zip", zip_of({"a.xml": BILLION_LAUGHS}))):
        document, _ = read_traced(name, data)
        assert codes(document) == ["xml_dtd"]


def test_an_undeclared_entity_is_malformed_xml():
    document, _ = read_traced("entity.xml", UNDECLARED_ENTITY)
    assert codes(document) == ["xml"]
    assert document["errors"][0]["params"]["line"] == 2


# -- decompression bombs ---------------------------------------------------------------

@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    data = bomb_gzip(GIGABYTE)
    assert len(data) < 2 * MB  # a gigabyte once expanded
    return data


def test_gzip_bomb_of_a_gigabyte_is_refused_by_ratio(gzip_bomb):
    document, peak = read_traced("bomb.xml.gz", gzip_bomb)
    assert codes(document) == ["ratio"]
    assert peak < 32 * MB


def test_gzip_bomb_within_the_ratio_is_stopped_by_size(gzip_bomb):
    limits = ReadLimits(max_ratio=10_000, max_expanded_bytes=64 * MB)
    document, peak = read_traced("bomb.xml.gz", gzip_bomb, limits)
    assert codes(document) == ["too_large"]
    assert document["errors"][0]["params"] == {"limit": 64 * MB}
    assert peak < 32 * MB  # streamed: the 64 MB read never sit in memory at once


def test_zip_bomb_of_a_gigabyte_is_refused_by_ratio():
    data = bomb_zip(GIGABYTE)
    assert len(data) < 2 * MB
    document, peak = read_traced("bomb.zip", data)
    assert codes(document) == ["ratio"]
    assert document["errors"][0]["file"] == "bomb.zip/bomb.xml"
    assert peak < 32 * MB


def test_gzip_bomb_attached_to_a_message_is_refused():
    message = (b"From: dmarc@receiver.example\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
               b"Content-Type: application/gzip\r\nContent-Transfer-Encoding: base64\r\n"
               b"Content-Disposition: attachment; filename=\"r.xml.gz\"\r\n\r\n")
    import base64
    message += base64.encodebytes(bomb_gzip(256 * MB))
    document, _ = read_traced("bomb.eml", message)
    assert codes(document) == ["ratio"]


# -- zip members -------------------------------------------------------------------------

def test_zip_members_that_climb_out_are_refused_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = aggregate_bytes([Row("192.0.2.10", 3)])
    archive = zip_of({"../../evil.xml": good, "/etc/evil.xml": good, "..\\win.xml": good,
                      "C:/x.xml": good, "ok/good.xml": good})
    document, _ = read_traced("reports.zip", archive)
    assert sorted((e["params"]["member"], e["code"]) for e in document["errors"]) == [
        ("../../evil.xml", "zip_path"), ("..\\win.xml", "zip_path"), ("/etc/evil.xml", "zip_path"),
        ("C:/x.xml", "zip_path")]
    assert document["reports"] == 1 and document["messages"] == 3
    assert list(tmp_path.iterdir()) == [] and not (tmp_path.parent / "evil.xml").exists()


def test_too_many_members_and_too_deep_nesting():
    small = aggregate_bytes([Row("192.0.2.10", 1)])
    many = zip_of({f"r{i}.xml": small for i in range(101)})
    assert codes(read_traced("many.zip", many)[0]) == ["zip_members"]
    nested = zip_of({"inner.zip": zip_of({"deeper.zip": zip_of({"r.xml": small})})})
    document, _ = read_traced("nested.zip", nested)
    assert codes(document) == ["nested"]


def test_not_an_archive_at_all():
    assert codes(read_traced("x.zip", b"PK\x03\x04 garbage")[0]) == ["zip"]
    assert codes(read_traced("x.gz", b"\x1f\x8b garbage")[0]) == ["gzip"]


# -- size ----------------------------------------------------------------------------------

def test_a_100000_record_report_is_read_in_bounded_memory(tmp_path):
    path = tmp_path / "large.xml.gz"
    with gzip.open(path, "wb", compresslevel=1) as stream:
        write_aggregate(stream, many_rows(100_000, distinct_ips=500))
    expected = sum(row.count for row in many_rows(100_000, distinct_ips=500))
    tracemalloc.start()
    try:
        document = read_paths([str(path)]).to_json()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert document["errors"] == []
    assert document["messages"] == expected
    assert len(document["sources"]) == 500
    # the report is about 45 MB of XML: memory depends on the sources, not on the file
    assert peak < 24 * MB, f"peak {peak / MB:.1f} MB"


def test_an_endless_text_is_refused_in_bounded_memory():
    data = b"<feedback><report_metadata><org_name>" + b"x" * (8 * MB) + b"</org_name>"
    document, peak = read_traced("long.xml", data)
    assert codes(document) == ["xml_text"]
    assert peak < 6 * MB  # stopped at the first megabyte of text, not after the eight


def test_record_cap():
    data = aggregate_bytes(many_rows(50))
    document, _ = read_traced("r.xml", data, ReadLimits(max_records=49))
    assert codes(document) == ["too_many_records"]
    assert document["messages"] == 0
