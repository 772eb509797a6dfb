"""Is a partner's SVG logo a picture and nothing else?

The logo is copied into the site. Shown through <img> an SVG runs nothing, but opened
at its own address it is a document of the site's origin: a <script>, an onload=, a
<foreignObject> with HTML, or a link to elsewhere would run or load there. Such a logo is
refused, with the reason, rather than cleaned (a cleaned logo may no longer look right).
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

# Elements that run code, embed other documents or HTML, or animate links.
FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)


def svg_problem(data: bytes) -> str | None:
    """Why ``data`` is not a safe SVG picture, in words for the partner, or None."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return "declares a DOCTYPE or entities (not needed in a logo)"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return "is not an SVG image"
    if _local(root.tag) != "svg":
        return "is not an SVG image"
    for element in root.iter():
        name = _local(element.tag).lower()
        if name in FORBIDDEN_ELEMENTS:
            return f"contains a <{_local(element.tag)}> element (scripts and embedded documents are not allowed)"
        if name == "style" and (_EXTERNAL_URL.search(element.text or "") or _IMPORT.search(element.text or "")):
            return "has a style that loads something from elsewhere"
        for attribute, value in element.attrib.items():
            attr = _local(attribute).lower()
            if attr.startswith("on"):
                return f"has an event handler ({_local(attribute)}=)"
            if attr == "href" and not value.strip().startswith("#"):
                return "links to something outside the logo (only #references are allowed)"
            if _EXTERNAL_URL.search(value) or "javascript:" in value.lower():
                return "refers to something outside the logo"
            if name in ANIMATIONS and attr == "attributename" and (value.lower().endswith("href")
                                                                   or value.lower().startswith("on")):
                return "animates a link or an event handler"
    return None


def _local(tag: str) -> str:
    """``{http://www.w3.org/2000/svg}svg`` -> ``svg``."""
    return tag.rsplit("}", 1)[-1]
