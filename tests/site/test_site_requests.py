"""No article page loads anything from another host: every request a page makes in
Chromium (page, scripts, styles, fonts, images, search worker and its index) goes to
the site, and no built page names another host in an attribute that loads something."""

from __future__ import annotations

from urllib.parse import urlsplit

from site_html import resolve

LOCAL_SCHEMES = {"data", "blob", "about"}
# <link rel=…> values that make the browser fetch the href.
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "apple-touch-icon"}


def test_built_pages_load_resources_only_from_the_site(built_site):
    site_url = built_site.config.site_url
    foreign = []
    for built in built_site.html_files():
        for link in built_site.page(built).links:
            if link.tag == "a" or (link.tag == "link" and not LOADING_RELS & set(link.rel.split())):
                continue  # a hyperlink, or an alternate / canonical reference: nothing is loaded
            if urlsplit(link.url).scheme in LOCAL_SCHEMES:
                continue
            if resolve(built_site.dir, built, link.url, site_url) is None:
                foreign.append(f"{built}: <{link.tag} {link.attr}={link.url!r}>")
    assert not foreign, "resources from other hosts:\n" + "\n".join(foreign[:50])


def test_pages_request_nothing_from_other_hosts(browser, served_site, built_site, english_pages):
    config = built_site.config
    context = browser.new_context()
    requests: list[tuple[str, str]] = []
    current = {"page": ""}
    context.on("request", lambda r: requests.append((current["page"], r.url)))
    tab = context.new_page()
    visited = 0
    try:
        for language in config.languages:
            visited_in_language = 0
            for source in english_pages:
                built = built_site.file_of(language, source)
                if not (built_site.dir / built).is_file():
                    continue
                url = served_site + built[: -len("index.html")]
                current["page"] = url
                # The first page of each language runs everything once, to the end
                # (search worker, its index and language files); the others until "load".
                tab.goto(url, wait_until="networkidle" if visited_in_language == 0 else "load")
                visited += 1
                visited_in_language += 1
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert visited, "no page was built"
    site = urlsplit(served_site).netloc
    foreign = sorted({
        f"{page} -> {url}" for page, url in requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != site
    })
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign[:50])
