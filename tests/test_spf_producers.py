"""Every SPF finding code comes from a fixture zone, through a real check against the fixture server.

``lint`` is the whole-domain SPF check (``checker.spf.report.check``, the report a
user reads); ``check_host`` evaluates a message from 192.0.2.1 with that MAIL FROM
domain (the ``spf`` command). Both go over UDP/TCP to tests/dnsfixture's server.
"""

from __future__ import annotations

import pytest

from checker.findings import CATALOGUE
from checker.spf import check_host
from checker.spf.report import check
from tests.dnsfixture import load_zones
from tests.dnsfixture.client import make_resolver, run_session

ZONES = ("spf_cases.zone", "spf_fix.zone")

# code -> (how, domain, limits of the check)
PRODUCED_BY = {
    "spf.invalid_domain": ("lint", "a..spf.example", {}),
    "spf.no_record": ("lint", "norecord.spf.example", {}),
    "spf.multiple_records": ("lint", "twice.spf.example", {}),
    "spf.syntax_error": ("lint", "syntax.spf.example", {}),
    "spf.dns_error": ("lint", "dnsfail.spf.example", {"timeout": 0.3}),
    "spf.deadline": ("check_host", "chain.spf.example", {"timeout": 2.0, "deadline": 0.001}),  # 50 includes in turn
    "spf.too_many_lookups": ("lint", "toomany.example", {}),
    "spf.too_many_void_lookups": ("lint", "voids.spf.example", {}),
    "spf.too_many_mx": ("lint", "manymx.spf.example", {}),
    "spf.include_target_no_record": ("lint", "incnone.spf.example", {}),
    "spf.redirect_target_no_record": ("lint", "redirnone.spf.example", {}),
    "spf.type99_present": ("lint", "type99.spf.example", {}),
    "spf.pass_all": ("lint", "plusall.spf.example", {}),
    "spf.passes_every_sender": ("lint", "opennets.spf.example", {}),
    "spf.wildcard_passes_every_sender": ("lint", "wildopen.spf.example", {}),
    "spf.neutral_all": ("lint", "neutralall.spf.example", {}),
    "spf.no_all": ("lint", "noall.spf.example", {}),
    "spf.redirect_ignored": ("lint", "redirall.spf.example", {}),
    "spf.ptr_used": ("lint", "ptr.spf.example", {}),
    "spf.record_over_guideline": ("lint", "big.spf.example", {}),
    "spf.response_over_512": ("lint", "big.spf.example", {}),
    "spf.include_loop": ("lint", "loop.spf.example", {}),
    "spf.lookups_unknown": ("lint", "macro.spf.example", {}),
    "spf.lint_truncated": ("lint", "trunc.spf.example", {}),
    "spf.lookups_within_limit": ("lint", "good.spf.example", {}),
    "spf.flatten_proposal": ("lint", "toomany.example", {}),
    "spf.no_flatten_proposal": ("lint", "dynonly.example", {}),
}

# Codes no DNS answer can produce, with the reason; the production gate (tests/conftest.py)
# accepts them unproduced. Each is still tested on a hand-built answer.
NOT_SERVABLE = {
    "spf.string_too_long": "a DNS character-string holds at most 255 octets, so no server can send a longer "
                           "one (tests/test_spf_lint.py::test_a_string_over_255_octets_is_reported)",
}


def produced(dns_server, how: str, domain: str, limits: dict) -> set[str]:
    dns_server.reset(load_zones(*ZONES))
    resolver = make_resolver(dns_server, "dns", **{"timeout": 1.0, **limits})
    if how == "lint":
        report = run_session(resolver, lambda session: check(domain, session))
        return {finding.code for finding in report.findings}
    result = run_session(resolver, lambda session: check_host("192.0.2.1", f"user@{domain}", "", session=session))
    return {result.problem.code} if result.problem else set()


@pytest.mark.parametrize("code", sorted(PRODUCED_BY))
def test_code_is_produced_by_a_fixture_zone(dns_server, code):
    how, domain, limits = PRODUCED_BY[code]
    assert code in produced(dns_server, how, domain, limits)


def test_every_spf_code_has_a_producing_zone_or_a_reason_why_none_can():
    assert set(PRODUCED_BY) | set(NOT_SERVABLE) == {c for c in CATALOGUE if c.startswith("spf.")}
    assert not set(PRODUCED_BY) & set(NOT_SERVABLE)
