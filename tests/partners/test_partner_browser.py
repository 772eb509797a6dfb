"""Each partner's site as a visitor sees it in Chromium: the partner's name, logo and
colours on screen, its default language at /, only its languages in the switcher, and
its contact page. Screenshots go to test-artifacts/partners/."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from partner_support import LANGUAGE_NAMES, PARTNER_IDS, language_root, partner_site

pytestmark = pytest.mark.parametrize("pid", PARTNER_IDS)

BRAND = """() => {
  const topic = document.querySelector(".md-header__topic .md-ellipsis");
  const logo = document.querySelector(".md-header .md-logo img");
  const header = document.querySelector(".md-header");
  const footer = document.querySelector(".md-footer-meta");
  const copyright = document.querySelector(".md-copyright__highlight");
  return {
    lang: document.documentElement.lang,
    title: document.title,
    siteName: topic ? topic.textContent.trim() : null,
    logo: logo ? {src: logo.currentSrc, loaded: logo.complete && logo.naturalWidth > 0,
                  width: logo.getBoundingClientRect().width, height: logo.getBoundingClientRect().height} : null,
    headerColour: getComputedStyle(header).backgroundColor,
    headerText: getComputedStyle(header).color,
    footerColour: footer ? getComputedStyle(footer).backgroundColor : null,
    copyright: copyright ? copyright.innerText.trim() : null,
    languages: [...document.querySelectorAll(".md-select__link[hreflang]")]
      .map((a) => ({lang: a.hreflang, name: a.textContent.trim(), href: a.href})),
  };
}"""


def _rgb(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def _open(page, url: str):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(url)
    assert response is not None and response.ok, url
    return requests


def test_the_home_page_shows_the_partner(page, built, served, artifacts, pid):
    partner = built[pid].partner
    requests = _open(page, served[pid])
    brand = page.evaluate(BRAND)
    assert brand["lang"] == partner.default_language
    assert brand["title"] == partner.name
    assert brand["siteName"] == partner.name
    assert brand["logo"]["src"] == served[pid] + f"assets/partner/{partner_site.logo_name(partner)}"
    assert brand["logo"]["loaded"] and brand["logo"]["width"] > 0 and brand["logo"]["height"] > 0
    assert brand["headerColour"] == _rgb(partner.primary)
    assert brand["footerColour"] is not None
    assert partner.name in brand["copyright"]
    page.screenshot(path=str(artifacts / f"{pid}-home-{partner.default_language}.png"))
    # Everything the page loads comes from the partner's own site.
    site = urlsplit(served[pid]).netloc
    assert {urlsplit(u).netloc for u in requests if u.startswith("http")} == {site}


def test_the_home_page_carries_the_domain_field(page, served, built, pid):
    partner = built[pid].partner
    _open(page, served[pid])
    checker = page.locator(".email-checker")
    checker.locator("input[name=domain]").wait_for()
    assert checker.get_attribute("lang") == partner.default_language


def test_the_language_switcher_offers_only_the_partner_languages(page, built, served, artifacts, pid):
    partner = built[pid].partner
    _open(page, served[pid])
    brand = page.evaluate(BRAND)
    if len(partner.languages) == 1:
        assert brand["languages"] == []
        assert page.locator(".md-select").count() == 0
        return
    assert [(entry["lang"], entry["name"]) for entry in brand["languages"]] == [
        (lang, LANGUAGE_NAMES[lang]) for lang in partner.languages]
    # Choosing another language opens the same page in that language, still branded.
    for lang in partner.languages[1:]:
        page.hover(".md-header .md-select")
        page.locator(f".md-select__link[hreflang='{lang}']").click()
        page.wait_for_load_state()
        assert page.url == served[pid] + language_root(lang, partner.default_language)
        brand = page.evaluate(BRAND)
        assert (brand["lang"], brand["siteName"]) == (lang, partner.name)
        assert brand["headerColour"] == _rgb(partner.primary)
        page.screenshot(path=str(artifacts / f"{pid}-home-{lang}.png"))
        page.goto(served[pid])


def test_the_contact_page_is_in_the_navigation(page, built, served, artifacts, pid):
    partner = built[pid].partner
    _open(page, served[pid])
    link = page.locator(".md-sidebar--primary a.md-nav__link[href$='contact/']")
    assert link.count() == 1
    link.click()
    page.wait_for_load_state()
    assert page.url == served[pid] + "contact/"
    article = page.locator("article").inner_text()
    assert partner.contact_text[partner.default_language] in " ".join(article.split())
    if partner.website:
        assert page.locator(f"article a[href='{partner.website}']").is_visible()
    page.screenshot(path=str(artifacts / f"{pid}-contact-{partner.default_language}.png"))
