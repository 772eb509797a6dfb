"""The page shows what DNS sent, visibly: control, bidi and zero-width characters in records,
in the messages that quote them and in the error line that echoes the domain appear as
escapes (``\\x1b``, ``\\u202e``), exactly as the command line prints them
(checker.inert.visible is the reference the page's visible() is compared with)."""

from __future__ import annotations

import re

from ui_page import read_result, run_check

from checker.inert import visible

OBEYED = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _texts(shown: dict) -> list[str]:
    texts = [shown["title"] or "", shown["error"] or "", shown["status"] or ""]
    for protocol in shown["protocols"]:
        texts += protocol["records"]
        texts += [f["message"] or "" for f in protocol["findings"]]
        texts += [f["fix"]["record"] for f in protocol["findings"] if f["fix"]]
    return texts


# As published in tests/zones/hostile_text.zone, and as checker.inert.visible shows them
PUBLISHED = {
    "spf": "v=spf1 ip4:192.0.2.1 \x1b[8mhidden\x1b[0m -all",
    "dmarc": "v=DMARC1; p=none\r\x1b[32mDMARC \u2713 p=reject\x1b[0m",
    "dkim": "v=DKIM1; k=rsa; p=\x1b]52;c;cHduZWQ=\x07",
    "bimi": "v=BIMI1; l=https://spoof.example/\x1b]8;;https://evil.example/\x1b\\logo\x1b]8;;\x1b\\.svg",
    "mtasts": "v=STSv1; id=\x00abc\u200b",
    "tlsrpt": "v=TLSRPTv1; rua=mailto:tls@spoof.example\u202emoc.live",
}


def test_records_and_messages_show_hidden_characters_as_escapes(pages):
    page = pages.checker("en")
    assert run_check(page, "spoof.example", "sel") == "done"
    shown = read_result(page)
    assert [OBEYED.findall(t) for t in _texts(shown) if OBEYED.search(t)] == []
    by_protocol = {p["protocol"]: p for p in shown["protocols"]}
    for protocol, record in PUBLISHED.items():
        assert visible(record) in by_protocol[protocol]["records"], protocol
    # the messages quote the records in the same visible form
    dmarc_messages = " ".join(f["message"] for f in by_protocol["dmarc"]["findings"])
    assert "\\x1b[32m" in dmarc_messages or "\\x0d" in dmarc_messages


def test_reversed_policy_does_not_read_as_reject(pages):
    page = pages.checker("en")
    assert run_check(page, "bidi.example") == "done"
    dmarc = {p["protocol"]: p for p in read_result(page)["protocols"]}["dmarc"]
    assert dmarc["records"] == ["v=DMARC1; p=\\u202etcejer"]


def test_error_line_echoes_the_domain_visibly(pages):
    page = pages.checker("fr")
    assert run_check(page, "exa\u202emple\u200b.com") == "error"
    error = read_result(page)["error"]
    assert "exa\\u202emple\\u200b.com" in error and not OBEYED.search(error)
