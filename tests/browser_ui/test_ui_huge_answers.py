"""800 TXT records on every name of a domain: the page shows the first records and findings
per name and how many more there are (it used to render 37,600 records and 68,097 findings)."""

from __future__ import annotations

from ui_page import read_result, run_check

from checker.report import MAX_RECORDS


def test_the_page_shows_a_bounded_report(pages):
    page = pages.checker("en")
    assert run_check(page, "huge.example") == "done"
    shown = read_result(page)
    spf = next(p for p in shown["protocols"] if p["protocol"] == "spf")
    assert len(spf["records"]) == MAX_RECORDS
    assert f"{800 - MAX_RECORDS} more records are published here: only the first {MAX_RECORDS} are shown." \
        in [f["message"] for f in spf["findings"]]
    counts = page.evaluate("""() => ({
      records: document.querySelectorAll('.email-checker__record').length,
      findings: document.querySelectorAll('.email-checker__finding').length,
    })""")
    assert counts["records"] <= 8 * MAX_RECORDS
    assert counts["findings"] <= 400, counts
