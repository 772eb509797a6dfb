"""The checker page shows the right verdict and findings for each kind of domain, in
the page's language: all kinds in English, two of them in Japanese and in French.

One page per language, its Python worker kept warm: each check is typed into the
form, as a visitor would. A screenshot of each verdict kind goes to test-artifacts/.
"""

from __future__ import annotations

import pytest

from ui_page import assert_shows, read_result, run_check, screenshot

# domain -> (grade, the finding codes the page must show among others)
CASES = {
    "good.example": ("A", {"spf.lookups_within_limit", "dmarc.policy_reject", "dkim.key_found"}),
    "nodmarc.example": ("F", {"dmarc.no_record"}),
    "toomany.example": ("C", {"spf.too_many_lookups"}),
    "twospf.example": ("C", {"spf.multiple_records"}),
    "monitoring.example": ("D", {"dmarc.policy_none"}),
    "slow.example": ("?", {"dmarc.lookup_failed"}),
}

# Words of the interface itself (not from the report), per language.
UI_WORDS = {
    "en": {"submit": "Check", "label": "Domain", "done": "Check finished."},
    "fr": {"submit": "Vérifier", "label": "Domaine", "done": "Vérification terminée."},
    "ja": {"submit": "チェックする", "label": "ドメイン", "done": "チェックが完了しました。"},
}

RUNS = [("en", domain) for domain in CASES] + [
    ("ja", "good.example"), ("ja", "nodmarc.example"),
    ("fr", "toomany.example"), ("fr", "slow.example"),
]


@pytest.mark.parametrize(("lang", "domain"), RUNS, ids=[f"{lang}-{domain}" for lang, domain in RUNS])
def test_verdict_and_findings(lang, domain, pages, expected_view, artifacts):
    view = expected_view(domain, lang)
    page = pages.checker(lang)
    words = UI_WORDS[lang]
    assert page.get_by_role("button", name=words["submit"]).count() == 1
    assert page.get_by_label(words["label"], exact=True).count() == 1

    assert run_check(page, domain) == "done"

    shown = read_result(page)
    assert_shows(shown, view)
    grade, codes = CASES[domain]
    assert shown["verdict"]["grade"] == grade
    shown_codes = {f["code"] for p in shown["protocols"] for f in p["findings"]}
    assert codes <= shown_codes, f"missing findings: {codes - shown_codes}"
    # The live region says the check is over and gives the verdict.
    assert words["done"] in shown["status"]
    assert view["verdict"]["grade_text"] in shown["status"]
    # Focus is on the result's heading, for keyboard and screen-reader users.
    assert page.evaluate("document.activeElement.classList.contains('email-checker__title')")
    # A lookup that failed is never shown as a missing record.
    if domain == "slow.example":
        assert shown["notice"], "no notice about failed lookups"
        assert "dmarc.no_record" not in shown_codes
    else:
        assert shown["notice"] is None

    screenshot(page, artifacts / f"checker-{lang}-{domain}-grade-{grade.replace('?', 'unknown')}.png")
