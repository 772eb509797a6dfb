"""The sections a page shows before the whole result (checker.sections): each is the
section of the final view, bounded alike, without what to publish (that waits for the
verdict), and each protocol checked gets one."""

from __future__ import annotations

import asyncio
import json

import pytest

from checker.domain import PROTOCOLS, check_domain
from checker.i18n import Messages
from checker.present import present_domain
from checker.sections import early_sections
from tests.dnsfixture import load_zones, memory_resolver

DB = load_zones("ui_cases.zone")


def check_with_sections(domain: str, protocols=PROTOCOLS, lang: str = "en"):
    msgs = Messages(lang)
    sent: list[dict] = []
    on_report = early_sections(lambda text: sent.append(json.loads(text)), domain, protocols, msgs, "/")
    report = asyncio.run(check_domain(domain, resolver=memory_resolver(DB, latency=0.01), protocols=protocols,
                                      fetch_policies=False, on_report=on_report))
    return sent, present_domain(report, msgs, "/")


@pytest.mark.parametrize("domain", ["good.example", "nodmarc.example", "toomany.example", "nothing.example"])
def test_each_early_section_is_the_final_one_without_proposals(domain):
    sent, final = check_with_sections(domain)
    assert sorted(s["protocol"] for s in sent) == sorted(PROTOCOLS)
    sections = {s["protocol"]: s["view"] for s in sent}
    for view in final["protocols"]:
        assert sections[view["protocol"]] == {**view, "proposals": []}
    assert {s["title"] for s in sent} == {final["title"]}


def test_only_the_protocols_asked_and_their_names_in_the_readers_language():
    sent, _ = check_with_sections("good.example", ("spf", "bimi"), "fr")  # BIMI needs DMARC, not shown
    assert sorted(s["protocol"] for s in sent) == ["bimi", "spf"]
    assert sent[0]["names"] == {"spf": Messages("fr").text("ui.protocol.spf"),
                                "bimi": Messages("fr").text("ui.protocol.bimi")}
