"""Read a built site: what a visitor's browser would get from each HTML file.

One parser pass per file collects the document language, the ids, every URL the page
links to or loads, the hreflang alternates, the language switcher, the H1 and the
article's text blocks (with code, scripts and foreign-language quotes set apart).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Elements whose start and end delimit a block of text (runs of words never cross them).
BLOCK_TAGS = {
    "p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "div",
    "blockquote", "figcaption", "caption", "summary", "details", "table", "tr", "ul",
    "ol", "dl", "section", "figure", "br", "hr", "text", "tspan", "title", "desc", "label",
}
# Never prose: code, records, program text.
CODE_TAGS = {"pre", "code", "kbd", "samp", "script", "style", "template"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Attributes holding URLs the browser follows or loads.
URL_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
             ("source", "src"), ("audio", "src"), ("video", "src"), ("embed", "src"), ("object", "data"),
             ("form", "action"), ("use", "href"), ("image", "href")}


@dataclass
class Link:
    tag: str
    attr: str
    url: str
    rel: str = ""
    hreflang: str = ""


@dataclass
class PageHtml:
    lang: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    h1: str = ""
    article_blocks: list[str] = field(default_factory=list)
    article_text: str = ""

    def alternates(self) -> dict[str, str]:
        """hreflang -> href of the <link rel="alternate"> elements in <head>."""
        return {l.hreflang: l.url for l in self.links if l.tag == "link" and "alternate" in l.rel.split() and l.hreflang}

    def language_switcher(self) -> dict[str, str]:
        """hreflang -> href of the header's language selector links."""
        return {l.hreflang: l.url for l in self.links if l.tag == "a" and l.hreflang}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageHtml()
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, is article, is skipped prose)
        self._in_h1 = False
        self._h1_done = False
        self._h1: list[str] = []
        self._block: list[str] = []
        self._article_depth = 0

    # -- state helpers ------------------------------------------------------------
    def _in_article(self) -> bool:
        return any(article for _, article, _ in self._stack)

    def _skipping(self) -> bool:
        return any(skip for _, _, skip in self._stack)

    def _flush(self) -> None:
        text = " ".join("".join(self._block).split())
        if text:
            self.page.article_blocks.append(text)
        self._block = []

    # -- events -----------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.page.lang = a.get("lang", "")
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.page.ids.add(a[key])
        for t, attr in URL_ATTRS:
            if t == tag and attr in a:
                self.page.links.append(Link(tag, attr, a[attr], a.get("rel", ""), a.get("hreflang", "")))
        if tag == "use" and "xlink:href" in a:
            self.page.links.append(Link(tag, "xlink:href", a["xlink:href"]))

        is_article = tag == "article" and "md-content__inner" in a.get("class", "")
        classes = a.get("class", "").split()
        foreign = "lang" in a and tag != "html" and self._in_article() and a["lang"].split("-")[0] != self.page.lang.split("-")[0]
        skip = tag in CODE_TAGS or tag == "cite" or foreign or "headerlink" in classes or a.get("translate") == "no"
        if tag == "h1" and self._in_article() and not self._h1_done:
            self._in_h1 = True
        if self._in_article() and tag in BLOCK_TAGS:
            self._flush()
        if tag not in VOID_TAGS:
            self._stack.append((tag, is_article, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        # Pop to the matching start tag (tolerates unclosed <p>, <li>, …).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self._h1_done = True
            self.page.h1 = " ".join("".join(self._h1).split())
        if tag in BLOCK_TAGS or tag == "article":
            self._flush()

    def handle_data(self, data):
        if not self._in_article():
            return
        if self._in_h1 and not self._skipping():
            self._h1.append(data)
        if not self._skipping():
            self._block.append(data)


def parse_html(text: str) -> PageHtml:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    parser._flush()
    page = parser.page
    page.article_text = "\n".join(page.article_blocks)
    return page


def parse_file(path: Path) -> PageHtml:
    return parse_html(path.read_text(encoding="utf-8", errors="replace"))


# -- URLs ---------------------------------------------------------------------------

LOCAL_ORIGIN = "http://site.invalid"


def page_url(relative_file: str) -> str:
    """URL path of a built file: "fr/spf/index.html" -> "/fr/spf/"."""
    path = "/" + relative_file
    return path[: -len("index.html")] if path.endswith("/index.html") or path == "/index.html" else path


def source_to_url(md_path: str) -> str:
    """URL of a page relative to its language root: "spf/index.md" -> "spf/", "dkim.md" -> "dkim/"."""
    stem = md_path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def language_root(language: str, default: str) -> str:
    return "/" if language == default else f"/{language}/"


def resolve(site_dir: Path, from_file: str, url: str, site_url: str) -> tuple[Path | None, str] | None:
    """Where a URL found in `from_file` leads inside the built site.

    Returns (file or None when missing, fragment), or None when the URL leaves the site
    (another host, mailto:, data:, …).
    """
    if site_url and url.startswith(site_url):
        url = "/" + url[len(site_url):]
    absolute = urljoin(LOCAL_ORIGIN + page_url(from_file), url)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != LOCAL_ORIGIN:
        return None
    site_path = urlsplit(site_url).path if site_url else "/"
    path = unquote(parts.path)
    if site_path != "/" and path.startswith(site_path):
        path = "/" + path[len(site_path):]
    target = site_dir / posixpath.normpath(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return (target if target.is_file() else None), unquote(parts.fragment)
