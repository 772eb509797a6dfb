"""The site's frame speaks the page's language and works on a phone: 404 pages, admonition
titles, footer, no failing requests, French search without accents, the survey chart
and code blocks at 390 px, and the domain field on every home page."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_support import PROJECT_ROOT
from test_site_search import search

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
NOT_FOUND_TITLES = {"ja": "ページが見つかりません", "fr": "Page introuvable", "en": "Page not found"}
ENGLISH_ADMONITION_TITLES = {"Note", "Tip", "Warning", "Danger", "Info", "Example"}


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.mark.parametrize("language", ["ja", "fr", "en"])
def test_missing_page_gets_the_404_page_of_its_language(language, served_site, built_site):
    root = built_site.config.root(language)
    status, body = fetch(served_site + root.lstrip("/") + "no/such/page/")
    assert status == 404
    assert f'<html lang="{language}"' in body
    assert f"<h1>{NOT_FOUND_TITLES[language]}</h1>" in body
    # Its language selector leads to each language's home page.
    selector = dict(re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link">', body))
    homes = {href: lang for href, lang in selector.items()}
    assert set(homes) == {built_site.config.root(l) for l in built_site.config.languages}, selector


@pytest.mark.parametrize("language", ["ja", "fr"])
def test_no_english_in_admonition_titles_or_footer(language, built_site, english_pages):
    problems = []
    for source in english_pages:
        built = built_site.file_of(language, source)
        text = (built_site.dir / built).read_text(encoding="utf-8")
        titles = set(re.findall(r'<p class="admonition-title">([^<]*)</p>', text))
        if titles & ENGLISH_ADMONITION_TITLES:
            problems.append(f"{built}: admonition title {sorted(titles & ENGLISH_ADMONITION_TITLES)}")
        if "Made with" in text:
            problems.append(f"{built}: footer says 'Made with'")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["ja", "fr", "en"])
def test_pages_make_no_failing_request(language, page, served_site, built_site):
    failed, errors = [], []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    root = built_site.config.root(language).lstrip("/")
    for path in ("", "spf/limits/", "dmarc/myths/"):
        page.goto(served_site + root + path)
        page.wait_for_load_state("networkidle")
    assert not failed, failed
    assert not errors, errors


def test_french_search_ignores_accents(page, served_site, built_site):
    root = built_site.config.root("fr")
    with_accent = search(page, served_site, root, "requête")
    without = search(page, served_site, root, "requete")
    assert with_accent, "no result for « requête »"
    assert set(without) == set(with_accent), f"requete: {without}\nrequête: {with_accent}"
    assert search(page, served_site, root, "securite"), "no result for « securite »"


def test_survey_chart_is_legible_on_a_phone(browser, served_site, built_site):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        for language in built_site.config.languages:
            phone.goto(served_site + built_site.config.root(language).lstrip("/") + "survey/new-zealand/")
            chart = phone.locator("figure > svg").first
            chart.scroll_into_view_if_needed()
            sizes = chart.evaluate(
                """svg => {
                     const box = svg.getBoundingClientRect();
                     const texts = [...svg.querySelectorAll("text")].map(t => {
                       const r = t.getBoundingClientRect();
                       return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize)
                                 * box.width / svg.viewBox.baseVal.width,
                               left: r.left - box.left, right: box.right - r.right};
                     });
                     return {width: box.width, viewport: innerWidth, texts};
                   }"""
            )
            ARTIFACTS.mkdir(exist_ok=True)
            chart.screenshot(path=str(ARTIFACTS / f"survey-chart-390-{language}.png"))
            assert sizes["width"] <= sizes["viewport"], sizes["width"]
            too_small = [t["text"] for t in sizes["texts"] if t["size"] < 11]
            assert not too_small, f"{language}: text under 11 px on a 390 px screen: {too_small}"
            cut = [t["text"] for t in sizes["texts"] if t["left"] < -1 or t["right"] < -1]
            assert not cut, f"{language}: text outside the chart: {cut}"
    finally:
        context.close()


def test_code_blocks_do_not_scroll_sideways_on_a_phone(browser, served_site, built_site):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        scrolling = []
        for language in built_site.config.languages:
            for path in ("spf/limits/", "spf/", "dkim/", "mx/"):
                phone.goto(served_site + built_site.config.root(language).lstrip("/") + path)
                scrolling += phone.eval_on_selector_all(
                    ".md-typeset pre > code",
                    "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => location.pathname + ': ' + e.textContent.slice(0, 60))",
                )
    finally:
        context.close()
    assert not scrolling, "\n".join(scrolling)


@pytest.mark.parametrize("language", ["ja", "fr", "en"])
def test_home_page_carries_the_domain_field(language, page, served_site, built_site):
    runtime = []
    page.on("request", lambda r: "/assets/pyodide/" in r.url and runtime.append(r.url))
    page.goto(served_site + built_site.config.root(language).lstrip("/"))
    field = page.locator(".email-checker input[name=domain]")
    field.wait_for()
    assert page.locator(".email-checker").get_attribute("lang") == language
    page.wait_for_load_state("networkidle")
    assert not runtime, f"the runtime loads before the visitor uses the field: {runtime[:3]}"
    def is_runtime(request) -> bool:
        return "/assets/pyodide/" in request.url or request.url.endswith("/worker.js")

    with page.expect_request(is_runtime, timeout=15_000):
        field.focus()
