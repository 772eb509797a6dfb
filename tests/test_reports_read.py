"""Reading report files: the real corpus (../shared/corpus/dmarc-reports), generated
reports, and every container (.xml, .xml.gz, .zip, .json, .json.gz, .eml)."""

from __future__ import annotations

import gzip
import io
import json
import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from checker.i18n import Messages
from checker.reports import Analysis, read_file, read_paths
from checker.reports.present import present
from tests.report_factory import Row, aggregate_bytes, zip_of

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dmarc-reports"


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the report corpus is missing: {CORPUS}")
        pytest.skip("../shared/corpus/dmarc-reports is not beside the project")
    return CORPUS


def read_one(name: str, data: bytes) -> dict:
    analysis = Analysis()
    read_file(analysis, name, io.BytesIO(data))
    return analysis.to_json()


def errors_by_file(document: dict) -> dict[str, str]:
    return {Path(e["file"]).name: e["code"] for e in document["errors"]}


# -- the real corpus -------------------------------------------------------------------

def test_every_corpus_file_is_read_or_refused_with_a_reason(corpus):
    document = read_paths([str(corpus)]).to_json()
    files = {Path(f["file"]).name: f for f in document["files"]}
    assert len(files) == sum(1 for p in corpus.rglob("*") if p.is_file())
    for name, entry in files.items():
        assert entry["dmarc"] + entry["tls"] + entry["failure"] + entry["errors"] >= 1, name
    assert errors_by_file(document) == {
        "LICENSE.parsedmarc": "not_report", "NOTICE": "not_report", "empty.xml": "empty",
        "invalid_xml.xml": "xml",
        "exim_plain_text_only_no_arf_part.eml": "no_report",  # a bounce in words: no feedback-report part
    }
    assert document["dmarc"]["reports"] == 23
    assert document["tls"]["reports"] == 4
    assert document["failure"]["reports"] == 4


def test_failure_reports_give_their_arf_fields(corpus):
    document = read_paths([str(corpus / "failure")]).to_json()
    listed = {(f["reporter"], f["reported_domain"]): f for f in document["failure"]["listed"]}
    assert listed[("dmarc-report@domain.de", "domain.de")] == {
        "reporter": "dmarc-report@domain.de", "feedback_type": "auth-failure", "source_ip": "10.10.10.10",
        "reported_domain": "domain.de", "auth_failure": "dmarc", "arrival_date": "Mon, 01 Oct 2018 11:20:27 +0200",
        "delivery_result": "smg-policy-action"}
    # NetEase base64-encodes the fields (RFC 6591 does not allow it; read all the same) and names no Auth-Failure
    netease = listed[("abuse@163.com", "cardinal.com")]
    assert (netease["source_ip"], netease["auth_failure"], netease["delivery_result"]) == ("167.89.69.24", "", "delivered")
    # LinkedIn's are saved from a mailbox ("From " line first), one with CRLF line ends: both read alike
    linkedin = [f for f in document["failure"]["listed"] if f["reporter"] == "dmarc-noreply@linkedin.com"]
    assert len(linkedin) == 2 and linkedin[0] == linkedin[1]
    assert linkedin[0]["arrival_date"] == "Tue, 30 Apr 2019 02:09:00 +0000"
    assert document["dmarc"]["reports"] == 0 and document["sources"] == []  # the failed messages are not read


def test_a_forwarded_aggregate_report_is_still_read_inside_an_attached_message():
    inner = EmailMessage()
    inner["From"] = "dmarc@receiver.example"
    inner["Subject"] = "Report domain: reports.example"
    inner.add_attachment(gzip.compress(aggregate_bytes(ROWS)), maintype="application", subtype="gzip",
                         filename="receiver.example!reports.example!1.xml.gz")
    outer = EmailMessage()
    outer["From"] = "colleague@reports.example"
    outer.set_content("Forwarding this one.")
    outer.add_attachment(inner)
    document = read_one("forwarded.eml", outer.as_bytes())
    assert (document["dmarc"]["reports"], document["messages"], document["errors"]) == (1, 107, [])


def test_malformed_xml_says_where(corpus):
    document = read_paths([str(corpus / "aggregate" / "invalid_xml.xml")]).to_json()
    [error] = document["errors"]
    assert error["code"] == "xml" and error["params"]["line"] == 5


@pytest.mark.parametrize("name, messages, reporter", [
    ("rfc9990-sample.xml", 123, "Sample Reporter"),                   # RFC 9990 namespace
    ("old_draft_from_wiki.xml", 2, "acme.com"),                       # the pre-RFC 7489 draft
    ("fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz", None, "FastMail Pty Ltd"),
    ("estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip", None, None),
    ("twilight.eml", 1, "google.com"),                                # zip attached to a message
    ("mimecast-weird-gzip.eml", 1, None),                             # gzip followed by a stray CRLF
    ("ikea.com!example.de!1538690400!1538776800.xml", None, "ikea.com"),  # inside an unclosed <xs:schema>
    ("invalid_utf_8.xml", 1, None),                                   # a stray byte, shown as U+FFFD
])
def test_corpus_reports_are_read(corpus, name, messages, reporter):
    document = read_paths([str(corpus / "aggregate" / name)]).to_json()
    assert document["errors"] == []
    assert document["dmarc"]["reports"] == 1
    if messages is not None:
        assert document["messages"] == messages
    if reporter is not None:
        assert [r["org_name"] for r in document["dmarc"]["reporters"]] == [reporter]


def test_invalid_utf8_byte_is_replaced_not_fatal(corpus):
    document = read_paths([str(corpus / "aggregate" / "invalid_utf_8.xml")]).to_json()
    assert document["sources"][0]["domain"] == "bad_byte\ufffd"


def test_upper_case_results_count_as_pass(corpus):
    document = read_paths([str(corpus / "aggregate_invalid" / "report_with_upper_cased_pass.xml")]).to_json()
    assert document["dmarc"]["pass"] == 1
    assert document["sources"][0]["dispositions"] == {"none": 1}


def test_the_same_report_in_every_container_reads_the_same(corpus):
    folder = corpus / "extract_report"
    documents = [read_paths([str(folder / name)]).to_json() for name in
                 ("nice-input.xml", "nice-input.xml.gz", "nice-input.xml.zip")]
    assert all(d["errors"] == [] for d in documents)
    assert len({(d["messages"], tuple(s["ip"] for s in d["sources"])) for d in documents}) == 1


def test_tls_reports(corpus):
    document = read_paths([str(corpus / "smtp_tls")]).to_json()
    assert document["errors"] == []
    assert document["tls"]["reports"] == 4
    policies = {(p["domain"], p["policy_type"]): p for p in document["tls"]["policies"]}
    rfc = policies[("company-y.example", "sts")]
    assert (rfc["successful"], rfc["failed"]) == (5326, 303)
    assert {f["result_type"]: f["count"] for f in rfc["failures"]} == {
        "starttls-not-supported": 200, "certificate-expired": 100, "validation-failure": 3}
    assert policies[("cardinalhealth.ca", "no-policy-found")]["successful"] == 48  # json.gz in a message


def test_tls_failures_per_receiving_mx_and_sending_ip(corpus):
    document = read_paths([str(corpus / "smtp_tls")]).to_json()
    by_mx = {row["mx"]: row for row in document["tls"]["receiving_mx"]}
    assert by_mx["mx2.mail.company-y.example"] == {
        "mx": "mx2.mail.company-y.example", "failed": 200, "result_types": {"starttls-not-supported": 200},
        "domains": ["company-y.example"]}
    assert by_mx["mx-backup.mail.company-y.example"]["result_types"] == {"validation-failure": 3}
    assert [row["mx"] for row in document["tls"]["receiving_mx"]][:2] == [
        "mx2.mail.company-y.example", "mx1.mail.company-y.example"]  # most failures first
    by_ip = {row["ip"]: row["failed"] for row in document["tls"]["sending_ips"]}
    assert by_ip["2001:db8:abcd:13::1"] == 200  # written 2001:db8:abcd:0013::1: one spelling per address
    assert by_ip["198.51.100.62"] == 3
    assert sum(by_ip.values()) == sum(f["count"] for p in document["tls"]["policies"] for f in p["failures"])


def test_tls_failures_of_one_host_are_summed_over_reports_and_policies():
    def tls_report(report_id: str, domain: str, ip: str, count: int) -> bytes:
        return json.dumps({
            "organization-name": "Receiver", "report-id": report_id,
            "date-range": {"start-datetime": "2026-01-01T00:00:00Z", "end-datetime": "2026-01-01T23:59:59Z"},
            "policies": [{"policy": {"policy-type": "sts", "policy-domain": domain},
                          "summary": {"total-successful-session-count": 0, "total-failure-session-count": count},
                          "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": ip,
                                               "receiving-mx-hostname": "mx.shared.example",
                                               "failed-session-count": count}]}]}).encode()

    analysis = Analysis()
    read_file(analysis, "a.json", io.BytesIO(tls_report("1", "one.example", "192.0.2.1", 5)))
    read_file(analysis, "b.json", io.BytesIO(tls_report("2", "two.example", "192.0.2.1", 7)))
    tls = analysis.to_json()["tls"]
    assert tls["receiving_mx"] == [{"mx": "mx.shared.example", "failed": 12,
                                    "result_types": {"certificate-expired": 12},
                                    "domains": ["one.example", "two.example"]}]
    assert [(row["ip"], row["failed"]) for row in tls["sending_ips"]] == [("192.0.2.1", 12)]


# -- generated reports -------------------------------------------------------------------

ROWS = [Row("192.0.2.10", 100), Row("203.0.113.5", 7, dkim="fail", spf="fail", disposition="none")]


def test_counts_are_weighted_by_count():
    document = read_one("r.xml", aggregate_bytes(ROWS))
    assert (document["messages"], document["dmarc"]["pass"], document["dmarc"]["fail"]) == (107, 100, 7)
    assert [(s["ip"], s["count"], s["dmarc_pass"]) for s in document["sources"]] == [
        ("192.0.2.10", 100, 100), ("203.0.113.5", 7, 0)]


def test_a_report_that_breaks_half_way_adds_nothing():
    whole = aggregate_bytes(ROWS)
    cut = whole[: whole.index(b"203.0.113.5")]
    document = read_one("cut.xml", cut)
    assert document["messages"] == 0 and document["sources"] == []
    assert [e["code"] for e in document["errors"]] == ["xml"]


def test_bad_files_do_not_stop_the_others(tmp_path):
    (tmp_path / "a-good.xml").write_bytes(aggregate_bytes(ROWS))
    (tmp_path / "b-bad.xml").write_bytes(b"<feedback><record>")
    (tmp_path / "c-other.xml").write_bytes(b"<html><body>hello</body></html>")
    (tmp_path / "d-good.json.gz").write_bytes(gzip.compress(b'{"organization-name": "x", "date-range": {}, '
                                                            b'"report-id": "1", "policies": []}'))
    document = read_paths([str(tmp_path)]).to_json()
    assert document["reports"] == 2
    assert errors_by_file(document) == {"b-bad.xml": "xml", "c-other.xml": "not_report"}


def test_json_that_is_not_json():
    assert errors_by_file(read_one("t.json", b'{"policies": [')) == {"t.json": "json"}


def test_message_with_several_attachments():
    message = EmailMessage()
    message["From"] = "dmarc@receiver.example"
    message["Subject"] = "Report domain: reports.example"
    message.set_content("Reports attached.")
    message.add_attachment(gzip.compress(aggregate_bytes(ROWS)), maintype="application", subtype="gzip",
                           filename="one.xml.gz")
    message.add_attachment(zip_of({"two.xml": aggregate_bytes(ROWS, report_id="r2")}), maintype="application",
                           subtype="zip", filename="two.zip")
    document = read_one("reports.eml", message.as_bytes())
    assert document["errors"] == []
    assert document["dmarc"]["reports"] == 2 and document["messages"] == 214


def test_rfc9990_namespace_and_reasons():
    xml = aggregate_bytes([Row("192.0.2.10", 4, dkim="fail", spf="fail", reason="forwarded")])
    xml = xml.replace(b"<feedback>", b'<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">')
    [source] = read_one("ns.xml", xml)["sources"]
    assert source["overrides"] == {"forwarded": 4}


FAILURE_FIELDS = ("Feedback-Type: auth-failure\r\nSource-IP: 203.0.113.5\r\nAuth-Failure: dmarc\r\n"
                  "Reported-Domain: <b>x</b>\u202eexample.com\r\nArrival-Date: today\r\n")


def failure_base64() -> bytes:
    message = EmailMessage()
    message["From"] = "ruf@receiver.example"
    message.set_content("A message failed DMARC.")
    message.add_attachment(FAILURE_FIELDS.encode(), maintype="message", subtype="feedback-report")
    return message.as_bytes()


def failure_8bit() -> bytes:
    return ("From: ruf@receiver.example\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n"
            "--b\r\nContent-Type: message/feedback-report\r\n\r\n" + FAILURE_FIELDS + "\r\n--b--\r\n").encode()


@pytest.mark.parametrize("make", [failure_base64, failure_8bit])
def test_a_failure_reports_fields_are_data_shown_visibly(make):
    document = read_one("failure.eml", make())
    assert document["errors"] == [] and document["failure"]["reports"] == 1
    assert document["failure"]["listed"][0]["reported_domain"] == "<b>x</b>\u202eexample.com"
    line = present(document, Messages("en"))["failure_lines"][0]
    assert line == ("today: ruf@receiver.example reports a message from 203.0.113.5 for <b>x</b><U+202E>example.com "
                    "that failed authentication (dmarc)")
