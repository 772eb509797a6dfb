"""Another website embeds the checker with the documented snippet (EMBEDDING.md): an
iframe of the knowledge base's checker page in embed mode, in the language it asks for."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from ui_page import CHECK_TIMEOUT_MS, screenshot


def partner_page(site_url: str, above: str = "",
                 checker: str = 'data-protocols="spf" data-lang="fr" data-domain="toomany.example"') -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>
<body>
  <h1>Our partner's homepage</h1>
  {above}
  <div class="email-checker" {checker}></div>
  <script src="{site_url}assets/checker/embed.js" async></script>
</body></html>"""


@pytest.fixture
def partner_url(site_url):
    with serve_partner(partner_page(site_url)) as url:
        yield url


@contextmanager
def serve_partner(html: str):
    """A partner's page on its own origin: 127.0.0.1, another port. (Loopback, like
    the knowledge base here: Chromium refuses a page of a less private address space
    loading a script from a loopback one.)"""
    body = html.encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_partner_site_embeds_a_french_spf_check(pages, partner_url, expected_view, artifacts):
    view = expected_view("toomany.example", "fr", protocols=["spf"])
    page = pages.new_page()
    try:
        page.goto(partner_url)
        iframe = page.locator(".email-checker iframe")
        iframe.wait_for()
        query = parse_qs(urlsplit(iframe.get_attribute("src")).query)
        assert query == {"embed": ["1"], "protocols": ["spf"], "lang": ["fr"], "domain": ["toomany.example"]}
        assert iframe.get_attribute("title") == "Vérificateur d’authentification des e-mails"
        initial_height = iframe.bounding_box()["height"]

        frame = page.frame_locator(".email-checker iframe")
        checker = frame.locator(".email-checker")
        checker.and_(frame.locator("[data-state=done]")).wait_for(timeout=CHECK_TIMEOUT_MS)
        # The French page (the site's default language is another), without the site's chrome.
        assert frame.locator("html").get_attribute("lang") == "fr"
        assert frame.locator(".md-header").is_hidden()
        assert frame.locator(".md-sidebar--primary").is_hidden()
        assert frame.locator("#command-line").is_hidden()
        assert checker.locator(".email-checker__title").text_content() == view["title"]
        sections = checker.locator(".email-checker__protocol")
        assert sections.count() == 1 and sections.get_attribute("data-protocol") == "spf"
        assert checker.locator(".email-checker__verdict").count() == 0
        # Links open the knowledge base in a new tab, not inside the partner's frame.
        assert checker.locator("a.email-checker__more").first.get_attribute("target") == "_blank"
        # The frame grows to fit the report (the checker page tells the partner page).
        page.wait_for_function(
            "(h) => document.querySelector('.email-checker iframe').getBoundingClientRect().height > h + 200",
            arg=initial_height,
        )
        screenshot(page, artifacts / "embed-fr-spf-toomany.example.png", component=".email-checker iframe")
    finally:
        page.close()


def test_a_data_domain_check_never_scrolls_the_partner_page(pages, site_url):
    """The checker sits below the fold and checks its data-domain by itself: the page the
    visitor is reading stays where it is (scrollIntoView in the frame would move it)."""
    spacer = '<div style="height: 1300px">Partner content</div>'
    html = partner_page(site_url, spacer, 'data-lang="en" data-domain="good.example"')
    with serve_partner(html) as url:
        page = pages.new_page()
        try:
            page.goto(url)
            frame = page.frame_locator(".email-checker iframe")
            frame.locator(".email-checker[data-state=done]").wait_for(timeout=CHECK_TIMEOUT_MS)
            assert frame.locator(".email-checker__title").text_content() == \
                "E-mail authentication report for good.example"
            page.wait_for_timeout(300)  # a scroll, had there been one, is done by now
            assert page.evaluate("window.scrollY") == 0
            # A check the visitor asks for in the frame does bring its report into view.
            # (Submitted from a script: Playwright's own typing would scroll to the field.)
            frame.locator("form.email-checker__form").evaluate(
                "form => { form.elements.domain.value = 'monitoring.example'; form.requestSubmit(); }")
            frame.locator(".email-checker__title", has_text="monitoring.example").wait_for(timeout=CHECK_TIMEOUT_MS)
            page.wait_for_function("() => window.scrollY > 0")
        finally:
            page.close()
