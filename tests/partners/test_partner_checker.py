"""A partner's checker page asks the partner's own DNS-over-HTTPS endpoint.

Config's partner folder is copied with `checker.doh` pointed at the fixture DoH server
(a resolver the partner runs, as far as the site can tell), built with the real command,
served, and its checker page (French, at /checker/) runs a check in Chromium. The
fixture's query log shows the questions arrived; nothing went to another resolver; the
links of the report lead to pages of the partner's site.
"""

from __future__ import annotations

import shutil
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
import yaml

from partner_support import build_all, partners
from tests.served_site import SiteServer
from tests.dnsfixture import DnsFixture, load_zones
from tests.absent_material import absent

CHECK_TIMEOUT_MS = 90_000  # the first check includes Pyodide's cold start
DOMAIN = "good.example"
SOURCE_PARTNER = "config"


@pytest.fixture(scope="module")
def doh_server():
    with DnsFixture(load_zones("ui_cases.zone")) as fixture:
        yield fixture


@pytest.fixture(scope="module")
def resolver_partner(doh_server, tmp_path_factory):
    """Config's folder, with the fixture as its resolver, built; (partner, site folder)."""
    root = tmp_path_factory.mktemp("own-resolver")
    folder = root / "partners" / SOURCE_PARTNER
    shutil.copytree(partners.PARTNERS_DIR / SOURCE_PARTNER, folder)
    file = folder / "partner.yml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    data["checker"] = {"doh": [doh_server.doh_url]}
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    run = build_all("--partners-dir", root / "partners", "--partner", SOURCE_PARTNER, "--out", root / "out")
    if run.returncode != 0 and "node_modules/pyodide" in run.output:
        absent("the checker runtime cannot be prepared: node_modules/pyodide is missing (run `npm ci`)")
    assert run.returncode == 0, run.output
    site = root / "out" / SOURCE_PARTNER / "site"
    missing = [p for p in ("assets/pyodide/*/pyodide.mjs", "assets/checker/runtime.json", "assets/checker/ui.js")
               if not any(site.glob(p))]
    assert not missing, f"the partner site has no checker runtime: no {', '.join(missing)}"
    return partners.load_partner(folder), site


@pytest.fixture(scope="module")
def site_url(resolver_partner):
    server = SiteServer(resolver_partner[1])
    try:
        yield server.url
    finally:
        server.stop()


def test_the_checker_page_queries_the_partner_resolver(page, resolver_partner, site_url, doh_server, artifacts):
    partner, site = resolver_partner
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "checker/")
    form = page.locator(".email-checker input[name=domain]")
    assert form.count() > 0, "the partner's checker page shows no form"
    assert page.evaluate("document.documentElement.lang") == partner.default_language
    doh_server.clear_log()
    form.first.fill(DOMAIN)
    form.first.press("Enter")
    page.wait_for_function(
        """() => ["done", "error", "failed"].includes(document.querySelector(".email-checker").dataset.state)""",
        timeout=CHECK_TIMEOUT_MS)
    page.screenshot(path=str(artifacts / f"{partner.id}-own-resolver-checker.png"), full_page=True)
    assert page.locator(".email-checker").first.get_attribute("data-state") == "done"

    # The questions reached the partner's resolver, over DoH.
    asked = doh_server.queries()
    assert doh_server.queries(f"_dmarc.{DOMAIN}", "TXT"), [q.name for q in asked]
    assert doh_server.queries(DOMAIN, "TXT")
    assert {q.via for q in asked} == {"doh"}
    # Nothing went anywhere but the site and that resolver.
    allowed = {urlsplit(site_url).netloc, urlsplit(doh_server.doh_url).netloc}
    assert {urlsplit(u).netloc for u in requests if u.startswith("http")} <= allowed


def test_the_report_links_lead_to_the_partner_pages(page, resolver_partner, site_url):
    """French is at / on Config's site: a finding's "learn more" link must not assume
    the base site's layout (Japanese at /, French under /fr/)."""
    partner, _ = resolver_partner
    page.goto(site_url + "checker/")
    assert page.locator(".email-checker input[name=domain]").count() > 0, "the checker page shows no form"
    page.locator(".email-checker input[name=domain]").first.fill("nodmarc.example")
    page.locator(".email-checker input[name=domain]").first.press("Enter")
    page.wait_for_function(
        """() => ["done", "error", "failed"].includes(document.querySelector(".email-checker").dataset.state)""",
        timeout=CHECK_TIMEOUT_MS)
    links = page.eval_on_selector_all("a.email-checker__more", "(as) => as.map((a) => a.href)")
    assert links, "the report of a domain without DMARC links to the article that explains it"
    for link in sorted(set(links)):
        assert link.startswith(site_url) and not link.startswith(site_url + "fr/"), link
        try:
            with urlopen(link.split("#")[0]) as response:
                body = response.read().decode("utf-8")
        except HTTPError as error:
            pytest.fail(f"{link}: HTTP {error.code}")
        assert f'<html lang="{partner.default_language}"' in body, f"{link} is not a {partner.default_language} page"
