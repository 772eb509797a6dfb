"""Skimming (checker/reports/skim.py) reads aggregate reports exactly as the reader's
handlers do: both paths run on every corpus report and on generated reports, odd
but valid XML included, and must give the same report, records and errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.reports.aggregate import Record, read_aggregate
from checker.reports.containers import parts, read_chunks
from checker.reports.errors import ReportError
from checker.reports.limits import ReadLimits
from tests.report_factory import Row, aggregate_bytes, many_rows
from tests.test_reports_read import corpus  # noqa: F401 (fixture)

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feedback{attributes}>
  <report_metadata><org_name>Org &amp; Co</org_name><report_id>x1</report_id>
    <date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
"""

PLAIN_RECORD = """  <record>
    <row>
      <source_ip>192.0.2.{n}</source_ip>
      <count>{n}</count>
      <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated>
    </row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results>
      <dkim><domain>example.com</domain><selector>s{n}</selector><result>pass</result></dkim>
      <spf><domain>bounce.example.net</domain><result>softfail</result></spf>
    </auth_results>
  </record>
"""


def report(*records: str, attributes: str = "", tail: str = "</feedback>\n") -> bytes:
    return (HEAD.format(attributes=attributes) + "".join(records) + tail).encode()


def plain(n: int) -> str:
    return PLAIN_RECORD.format(n=n)


def parse(data: bytes, skim: bool, chunk: int = 256 * 1024, **limits) -> dict:
    """What the reader gives: the report's fields and every record, or the error."""
    records = []
    keep = lambda _report, record: records.append({name: getattr(record, name) for name in Record._fields})
    chunks = (data[i:i + chunk] for i in range(0, len(data), chunk))
    try:
        got = read_aggregate(chunks, keep, ReadLimits(chunk_bytes=chunk, **limits), skim=skim)
    except ReportError as error:
        return {"error": error.code, "params": error.params, "skimmed": 0, "proven": 0}
    return {"report": got.metadata(), "version": got.version, "errors": got.errors, "records": records,
            "skimmed": got.skimmed, "proven": got.proven}


def both(data: bytes, chunk: int = 256 * 1024, **limits) -> dict:
    """Both paths, asserted equal; the skimming one is returned (with how many records it skimmed)."""
    skimmed = parse(data, True, chunk, **limits)
    handled = parse(data, False, chunk, **limits)
    assert handled["skimmed"] == handled["proven"] == 0
    assert {**skimmed, "skimmed": 0, "proven": 0} == handled
    return skimmed


def test_every_corpus_report_reads_the_same_both_ways(corpus):
    skimmed = 0
    for path in sorted((corpus / "aggregate").iterdir()) + sorted((corpus / "aggregate_invalid").iterdir()):
        xml = [part for part in parts(path.name, read_chunks(io.BytesIO(path.read_bytes()), ReadLimits()),
                                      ReadLimits()) if part.kind == "xml"]
        for part in xml:
            data = b"".join(part.chunks)
            for chunk in (256 * 1024, 100):
                skimmed += both(data, chunk)["skimmed"]
    assert skimmed > 100  # most corpus records are plain: the fast path was taken


def test_a_generated_report_is_skimmed_whole_across_chunks():
    data = aggregate_bytes(many_rows(3000))
    for chunk in (256 * 1024, 4096, 997):
        result = both(data, chunk)
        assert result["skimmed"] == len(result["records"]) == 3000
    assert sum(r["count"] for r in result["records"]) == result["report"]["messages"] == sum(
        1 + i % 7 for i in range(3000))


ODD_RECORDS = {
    "blanks, tabs and CRLF": "<record>\r\n\t<row>\r\n<source_ip>\r\n 192.0.2.1 \t</source_ip><count>\n 3\n</count>"
                             "<policy_evaluated><disposition>\r\nQuarantine </disposition></policy_evaluated>"
                             "</row></record>",
    "references": "<record><row><source_ip>192.0.2.&#x31;</source_ip><count>&#52;</count></row>"
                  "<identifiers><header_from>A&amp;B.example</header_from><envelope_from>x&#13;y&#xD;\r\nz"
                  "</envelope_from></identifiers><auth_results><dkim><domain>d&lt;1&gt;</domain>"
                  "<selector>&quot;S&apos;</selector><result>PASS</result></dkim></auth_results></record>",
    "empty elements": "<record><row><source_ip/><count/><policy_evaluated><dkim/><spf></spf></policy_evaluated>"
                      "</row><identifiers><header_from/></identifiers><auth_results><dkim/><spf><domain/>"
                      "<result>pass</result></spf></auth_results></record>",
    "nothing optional": "<record><row><source_ip>192.0.2.9</source_ip><count>1</count></row></record>",
    "an empty record": "<record></record>",
    "unusual order": "<record><auth_results><spf><result>fail</result><domain>b.example</domain><scope>HELO"
                     "</scope></spf><dkim><result>pass</result><selector>k</selector><domain>a.example</domain>"
                     "</dkim></auth_results><identifiers><envelope_to>To.example</envelope_to><header_from>"
                     "h.example</header_from></identifiers><row><policy_evaluated><reason><comment>c</comment>"
                     "<type>Forwarded</type></reason><spf>pass</spf></policy_evaluated><count>5</count>"
                     "<source_ip>2001:db8::1</source_ip></row></record>",
    "twice the same element": "<record><row><source_ip>192.0.2.1</source_ip><source_ip>192.0.2.2</source_ip>"
                              "<count>1</count></row><row><count>9</count></row><auth_results><dkim><domain>"
                              "first</domain><domain>last</domain><result>pass</result></dkim></auth_results>"
                              "</record>",
    "text around a child": "<record><row><source_ip>192.0.2.3<b>not this</b> nor this</source_ip>"
                           "<count>2<i/></count></row></record>",
    "unknown elements": "<record><extension><count>99</count><row><count>98</count></row></extension><row>"
                        "<count>4</count><données>é</données></row></record>",
    "reasons": "<record><row><count>1</count><policy_evaluated><reason><type> </type></reason><reason>"
               "<type>mailing_list</type></reason><reason/><reason><type>Local_Policy</type></reason>"
               "</policy_evaluated></row></record>",
    "odd counts": "<record><row><count>-5</count></row></record><record><row><count>x</count></row></record>"
                  "<record><row><count>1_000</count></row></record><record><row><count>\u0661\u0662</count></row>"
                  "</record>",
    "a long text": "<record><row><source_ip>" + "a" * 5000 + "</source_ip></row><identifiers><header_from> "
                   + "B" * 4095 + "&amp;c</header_from></identifiers></record>",
    "text between records": "<record><row><count>1</count></row></record>text<other><record><row><count>7"
                            "</count></row></record></other><record><row><count>2</count></row></record>",
    "a record inside a record": "<record><x><record><row><count>3</count></row></record></x><row><count>4"
                                "</count></row></record>",
}


@pytest.mark.parametrize("name", ODD_RECORDS)
def test_odd_but_valid_records_read_the_same_both_ways(name):
    data = report(plain(1), ODD_RECORDS[name], plain(2))
    for chunk in (64, 7):  # records longer than a chunk: left to the handlers
        both(data, chunk)
    result = both(data)
    # every record at the top of <feedback> skimmed, the odd one too
    assert result["skimmed"] == len(result["records"]) - (name == "a record inside a record")


def test_references_and_line_ends_are_read_as_xml_says():
    records = both(report(ODD_RECORDS["references"]))["records"]
    assert records[0]["source_ip"] == "192.0.2.1" and records[0]["count"] == 4
    assert records[0]["header_from"] == "a&b.example"
    assert records[0]["envelope_from"] == "x\ry\r\nz"  # a written CR is kept, a CR line end is not
    assert records[0]["dkim_results"] == (("d<1>", "\"S'", "pass"),)


DECLARATIONS = {
    "RFC 9990 namespace": ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"',
    "schema attributes": ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="r.xsd"',
}


@pytest.mark.parametrize("name", DECLARATIONS)
def test_declarations_on_feedback_still_let_records_be_skimmed(name):
    result = both(report(plain(1), plain(2), attributes=DECLARATIONS[name]))
    assert result["skimmed"] == 2 and [r["count"] for r in result["records"]] == [1, 2]


def test_inside_a_wrapper_never_closed():
    data = b'<?xml version="1.0"?><schema>' + report(plain(1), plain(2)).split(b"?>", 1)[1] + b"<junk"
    result = both(data)
    assert result["skimmed"] == 2 and len(result["records"]) == 2


FALLBACKS = {
    "CDATA": plain(5).replace("<count>5</count>", "<count><![CDATA[5]]></count>"),
    "a comment in a record": plain(5).replace("<row>", "<row><!-- <record> -->"),
    "a comment between records": "<!-- </record> -->" + plain(5),
    "a processing instruction": plain(5).replace("<row>", "<row><?pi x?>"),
    "attributes": plain(5).replace("<row>", '<row id="r">').replace("<count>", "<count\n>"),
    "another namespace on a record": plain(5).replace("<record>", '<record xmlns="urn:other">'),
}


@pytest.mark.parametrize("name", FALLBACKS)
def test_what_skimming_cannot_follow_is_read_by_the_handlers(name):
    result = both(report(plain(1), FALLBACKS[name], plain(2), plain(3)))
    assert result["skimmed"] >= 1  # the records before it
    expected = [1, 5, 2, 3] if name != "another namespace on a record" else [1, 2, 3]
    assert [r["count"] for r in result["records"]] == expected


def test_a_prefixed_feedback_is_read_by_the_handlers():
    data = ('<d:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0">' + plain(1).replace("<", "<d:")
            .replace("<d:/", "</d:") + plain(2) + "</d:feedback>").encode()
    result = both(data)
    # records without the prefix are in no namespace: not the report's records
    assert result["skimmed"] == 0 and [r["count"] for r in result["records"]] == [1]


def test_a_long_record_is_left_to_the_handlers():
    long = plain(7).replace("<row>", "<x>" + "<y>z</y>" * 20000 + "</x><row>")
    result = both(report(plain(1), long, plain(2)), chunk=64 * 1024)
    assert [r["count"] for r in result["records"]] == [1, 7, 2]


ERRORS = {
    "a mismatched tag": report(*(plain(n) for n in range(1, 300)), plain(7).replace("</row>", "</rows>")),
    "an undefined entity": report(plain(1), plain(2).replace("example.com<", "&nbsp;<")),
    "cut short": report(*(plain(n) for n in range(1, 300)))[:-400],
    "junk after the root": report(plain(1), tail="</feedback><record/>"),
    "a record after the root": report(plain(1), tail="</feedback>" + plain(2)),
    "a DTD": b'<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY a "b">]>' + report(plain(1)).split(b"?>", 1)[1],
    "not a report": report(plain(1)).replace(b"feedback", b"fedback"),
    "a comment first, a mismatched tag later": report(*(plain(n) for n in range(1, 300)), "</row>")
    .replace(b"<feedback>", b"<feedback><!-- not plain: read by the handlers alone -->"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_are_the_same_both_ways(name):
    for chunk in (256 * 1024, 1000, 13):
        result = both(ERRORS[name], chunk)
    assert "error" in result


def test_the_record_cap_wins_over_a_later_error_in_the_same_chunk():
    data = report(*(plain(n) for n in range(1, 50)), tail="<broken></feedback>")
    assert both(data, max_records=10) == {"error": "too_many_records", "params": {"limit": 10}, "skimmed": 0,
                                          "proven": 0}
    assert both(data, max_records=100)["error"] == "xml"


def test_the_corpus_with_generated_rows_of_every_kind():
    rows = [Row("192.0.2.1", 3, dkim="fail", spf="fail", envelope_from="bounce.example.net", reason="forwarded"),
            Row("198.51.100.2", 1, dkim_domain="Other.Example", header_from="Reports.Example", disposition="reject")]
    result = both(aggregate_bytes(rows * 50), chunk=1000)
    assert result["skimmed"] == 100


# Records the check does not read (proven well-formed by their pattern, see skim.Skimmer._cut):
# one broken thing among 199 plain records must still be refused with the code, line and
# column the handlers give, whatever the chunks.
def run_of_records(middle: str, tail: str = "</feedback>\n", line_end: str = "\n") -> bytes:
    records = [plain(n) for n in range(1, 100)] + [middle] + [plain(n) for n in range(101, 200)]
    return report(*(record.replace("\n", line_end) for record in records), tail=tail)


BROKEN_IN_A_RUN = {
    "a control character in a text": run_of_records(plain(100).replace("<count>100", "<count>1\x0100")),
    "a control character between records": run_of_records("\x0b" + plain(100)),
    "an undefined entity": run_of_records(plain(100).replace("example.com<", "example&nbsp;com<")),
    "a reference to a character XML forbids": run_of_records(plain(100).replace("<count>100", "<count>&#1;100")),
    "]]> in a text": run_of_records(plain(100).replace("<selector>s100", "<selector>s]]>100")),
    "U+FFFE in a text": run_of_records(plain(100).replace("<selector>s100", "<selector>s\ufffe100")),
    "a stray < in a text": run_of_records(plain(100).replace("<count>100", "<count>1<00")),
    "a mismatched tag": run_of_records(plain(100).replace("</identifiers>", "</identifier>")),
    "comment dashes in records a comment holds": run_of_records(
        "<!-- " + plain(100) + plain(100).replace("s100", "s--100") + " -->"),
    "comment dashes after a comment opened before the first record": report(
        "  <!--\n", *(plain(n) for n in range(1, 100)), plain(100).replace("s100", "s--100"), "  -->\n"),
    "records inside an attribute value": run_of_records('  <x a="' + plain(100) + plain(101) + '"/>\n'),
    "junk after the root, records on one line": run_of_records(plain(100), line_end="",
                                                               tail="</feedback><x/>"),
    "a mismatched end after CRLF records": run_of_records(plain(100), line_end="\r\n",
                                                          tail="</feedbacks>\r\n"),
    "a mismatched end after CR records": run_of_records(plain(100), line_end="\r", tail=" \r</feedbacks>"),
    "an error on the line records end": run_of_records(plain(100)).replace(b"</record>\n</feedback>",
                                                                          b"</record></row></feedback>"),
    "non-ASCII text, an error on the line records end": run_of_records(
        plain(100).replace("s100", "sé100"), line_end="", tail="</row></feedback>"),
}


def test_runs_of_plain_records_are_not_read_again_by_the_check():
    for line_end in ("\n", "\r\n", "\r", ""):
        for chunk in (256 * 1024, 4096, 1000):
            assert parse(run_of_records(plain(100), line_end=line_end), True, chunk)["proven"] > 150


@pytest.mark.parametrize("name", BROKEN_IN_A_RUN)
def test_an_error_among_records_the_check_skips_is_refused_where_it_is(name):
    for chunk in (256 * 1024, 4096, 1000):
        result = both(BROKEN_IN_A_RUN[name], chunk)
        assert result["error"] == "xml" and result["params"]["line"] > 1


# Anything anywhere, in reports whose records the check skips: both paths read or refuse
# them alike (code, line and column), whatever the chunks.
LINE_ENDS = {line_end: report(*(plain(n).replace("\n", line_end) for n in range(1, 40))).decode()
             for line_end in ("\n", "\r\n", "\r", "")}
PIECES = ["<", ">", "&", "]", "\x00", "\x01", "\x0b", "\r", "\n", "\r\n", "\u00e9", "\ufffe", "--", "!", "?", "/", " ",
          "a", ";", '"', "=", "<!--", "-->", "]]>", "&amp;", "&#0;", "&#x41;", "&nbsp;", "<x>", "</x>", "<x/>", "<record>",
          "</record>", "<?pi ?>", "<![CDATA[", "<feedback>", "</feedback>"]
EDITS = st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(PIECES), st.integers(0, 3))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LINE_ENDS)), st.lists(EDITS, min_size=1, max_size=3),
       st.sampled_from([256 * 1024, 4096, 1000, 97]))
def test_a_report_broken_anywhere_reads_the_same_both_ways(line_end, edits, chunk):
    text = LINE_ENDS[line_end]
    prolog = text.index("\n")  # (its encoding left as it is: an unknown one is not this test's matter)
    for where, piece, replaced in edits:  # the piece written at ``where``, over ``replaced`` characters
        at = prolog + int(where * (len(text) - prolog))
        text = text[:at] + piece + text[at + replaced:]
    both(text.encode(), chunk)
