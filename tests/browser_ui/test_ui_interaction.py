"""Using the checker with the keyboard, a screen reader's landmarks, the copy button,
the JSON download, and input that is not a domain."""

from __future__ import annotations

import json

from ui_page import read_result, run_check


def test_form_is_labelled_and_the_status_is_a_polite_live_region(pages):
    page = pages.checker("en")
    status = page.locator(".email-checker [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert page.get_by_label("Domain", exact=True).get_attribute("name") == "domain"
    assert page.get_by_label("DKIM selectors (optional)").get_attribute("name") == "selector"
    assert page.locator(".email-checker form button").evaluate_all("bs => bs.map(b => b.type)") == ["submit"]


def test_keyboard_only_check_moves_focus_and_shows_focus(pages):
    page = pages.checker("en")
    page.locator("input[name=domain]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("monitoring.example")
    page.keyboard.press("Enter")
    # (Predicates are functions: a string would be eval()ed, which the page's CSP forbids.)
    page.wait_for_function("() => document.querySelector('.email-checker').dataset.state === 'done'"
                           " && document.querySelector('.email-checker__title').textContent.includes('monitoring.example')",
                           timeout=60_000)
    assert page.evaluate("document.activeElement.tagName") == "H2"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return {tag: e.tagName, cls: e.className, outline: s.outlineStyle, width: s.outlineWidth}; })()"
    )
    assert focused["tag"] == "BUTTON" and "download" in focused["cls"]
    assert focused["outline"] == "solid" and focused["width"] == "3px"


def test_copy_button_puts_the_exact_record_on_the_clipboard(pages, expected_view):
    view = expected_view("nodmarc.example", "en")
    [dmarc] = [p for p in view["protocols"] if p["protocol"] == "dmarc"]
    [record] = [item["record"] for item in dmarc["proposals"] if "dmarc.no_record" in item["addresses"]]
    page = pages.checker("en")
    assert run_check(page, "nodmarc.example") == "done"
    button = page.locator("[data-protocol='dmarc'] > .email-checker__fix .email-checker__copy")
    assert button.get_attribute("aria-label") == "Copy the record to publish at _dmarc.nodmarc.example"
    button.click()
    page.wait_for_function("() => document.querySelector(\"[data-protocol='dmarc'] > .email-checker__fix .email-checker__copy\").textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == record


def test_download_gives_the_raw_json_report(pages, tmp_path):
    page = pages.checker("en")
    assert run_check(page, "twospf.example") == "done"
    with page.expect_download() as download:
        page.locator(".email-checker__download").click()
    target = tmp_path / "report.json"
    download.value.save_as(target)
    assert download.value.suggested_filename == "email-check-twospf.example.json"
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["domain"] == "twospf.example"
    assert report["format"] == "dmarc-check/2"
    assert report["protocols"]["spf"]["findings"][0]["code"] == "spf.multiple_records"


def test_not_a_domain_is_explained_in_the_form(pages):
    page = pages.checker("fr")
    assert run_check(page, "pas un domaine !") == "error"
    shown = read_result(page)
    assert shown["error"] and "pas un domaine !" in shown["error"]
    domain = page.locator("input[name=domain]")
    assert domain.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "domain"
    # Empty: said at once, in the page's language, without waiting for Python.
    domain.fill("")
    domain.press("Enter")
    assert page.locator(".email-checker__error").text_content() == "Saisissez un nom de domaine, par exemple example.com."
