"""The verdict as a reader sees it in the terminal and on the page (the terminal's render
module is not shipped to the browser, so these run on CPython only)."""

from __future__ import annotations

from checker.i18n import Messages
from checker.present import present_domain
from checker.render import render_domain
from tests.test_verdict import check


def test_a_typo_is_said_first_and_gets_nothing_to_publish_on_either_edge():
    report = check("typo.example")
    text = render_domain(report, Messages("en")).splitlines()
    assert text[2] == "No grade" and "does not exist" in text[3]
    assert not any(line.strip().startswith("Publish at") for line in text)
    view = present_domain(report, Messages("en"))
    assert view["verdict"]["outcome"] == "no_domain" and all(p["proposals"] == [] for p in view["protocols"])


def test_dns_failure_reads_try_again_not_fix():
    for lang in ("ja", "fr", "en"):
        msgs = Messages(lang)
        text = render_domain(check("spf-fails.example"), msgs)
        assert msgs.text("ui.verdict.try_again") in text
        assert msgs.text("ui.verdict.grade", grade="?") in text

