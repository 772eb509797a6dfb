"""Read the branded parts of a built Material page: what a visitor sees of the brand.

One pass of the standard library's HTML parser collects the document language, the
<title>, the header's logo and site name, the footer's copyright line, the favicon,
the stylesheets, the language switcher, the article's text and every link target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class BrandedPage:
    lang: str = ""
    title: str = ""
    header_topics: list[str] = field(default_factory=list)  # site name, then page title
    logo_images: list[str] = field(default_factory=list)    # <img src> in .md-logo
    logo_svgs: int = 0                                      # inline icons in .md-logo
    copyright: str = ""
    icons: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    switcher: dict[str, str] = field(default_factory=dict)  # hreflang -> href
    hrefs: list[str] = field(default_factory=list)
    article_text: str = ""
    meta_csp: str = ""

    @property
    def site_name(self) -> str:
        return self.header_topics[0] if self.header_topics else ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = BrandedPage()
        self.stack: list[tuple[str, set[str]]] = []
        self.topics: list[list[str]] = []
        self.copyright: list[str] = []
        self.article: list[str] = []
        self.title: list[str] = []

    def inside(self, css_class: str) -> bool:
        return any(css_class in classes for _, classes in self.stack)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        page = self.page
        if tag == "html":
            page.lang = a.get("lang", "")
        elif tag == "link" and "icon" in a.get("rel", "").split():
            page.icons.append(a.get("href", ""))
        elif tag == "link" and "stylesheet" in a.get("rel", "").split():
            page.stylesheets.append(a.get("href", ""))
        elif tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            page.meta_csp = a.get("content", "")
        elif tag == "img" and self.inside("md-logo"):
            page.logo_images.append(a.get("src", ""))
        elif tag == "svg" and self.inside("md-logo"):
            page.logo_svgs += 1
        elif tag == "a":
            page.hrefs.append(a.get("href", ""))
            if a.get("hreflang") and self.inside("md-select"):
                page.switcher[a["hreflang"]] = a.get("href", "")
        if "md-header__topic" in classes:
            self.topics.append([])
        if tag not in VOID_TAGS:
            self.stack.append((tag, classes))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "title" and any(tag == "head" for tag, _ in self.stack):
            self.title.append(data)
        if self.inside("md-header__topic") and self.topics:
            self.topics[-1].append(data)
        if self.inside("md-copyright__highlight"):
            self.copyright.append(data)
        if self.inside("md-content") and not self.inside("headerlink"):
            self.article.append(data)

    def result(self) -> BrandedPage:
        page = self.page
        page.title = " ".join("".join(self.title).split())
        page.header_topics = [" ".join("".join(t).split()) for t in self.topics]
        page.copyright = " ".join("".join(self.copyright).split())
        page.article_text = " ".join(" ".join(self.article).split())
        return page


def parse(path: Path) -> BrandedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.result()
