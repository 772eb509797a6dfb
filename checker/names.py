"""Turn what a person typed into a domain name to check.

Accepts a bare domain in any case, with a trailing dot or spaces, an e-mail
address, a ``mailto:`` URI or a web address, and internationalized names,
which become A-labels per IDNA 2008 (UTS #46 mapping, as browsers do).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import idna

from .dnsname import length_problem

_LDH_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


class InvalidDomain(ValueError):
    """``reason`` is a stable code the edges turn into words; ``value`` what was given."""

    def __init__(self, reason: str, value: str):
        self.reason = reason
        self.value = value
        super().__init__(f"{reason}: {value!r}")


def normalize_domain(text: str) -> str:
    """Return the domain in lower-case A-labels without a trailing dot, or raise InvalidDomain."""
    original = text
    text = (text or "").strip()
    if not text:
        raise InvalidDomain("empty", original)
    if "://" in text:
        try:
            text = urlsplit(text).hostname or ""
        except ValueError:  # "https://[x]/", "http://[::1": not a name to check
            raise InvalidDomain("bad_character", original) from None
    elif text.lower().startswith("mailto:"):
        text = text[7:].split("?", 1)[0]
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    text = text.strip().rstrip(".")
    if not text:
        raise InvalidDomain("empty", original)
    if any(c.isspace() for c in text) or "/" in text:
        raise InvalidDomain("bad_character", original)
    if text.isascii():
        name = text.lower()
    else:
        try:
            name = idna.encode(text, uts46=True).decode("ascii")
        except idna.IDNAError:
            raise InvalidDomain("bad_idn", original) from None
    labels = name.split(".")
    problem = length_problem(name)
    if problem:
        raise InvalidDomain("empty_label" if problem == "label_empty" else problem, original)
    if not all(_LDH_LABEL.match(label) for label in labels):
        raise InvalidDomain("bad_character", original)
    if labels[-1].isdigit():
        raise InvalidDomain("ip_address", original)
    if len(labels) < 2:
        raise InvalidDomain("single_label", original)
    if any(label.startswith("xn--") for label in labels):
        _check_a_labels(labels, original)
    return name


def _check_a_labels(labels: list[str], original: str) -> None:
    """An xn-- label typed directly must be a valid IDNA 2008 A-label."""
    for label in labels:
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except idna.IDNAError:
                raise InvalidDomain("bad_idn", original) from None


def to_unicode(name: str) -> str:
    """For display: U-labels where valid, the A-label otherwise."""
    try:
        return idna.decode(name)
    except idna.IDNAError:
        return name


def is_address(text: str) -> bool:
    """True for a web address, an e-mail address or a mailto: URI: the domain is taken from it."""
    text = (text or "").strip()
    return "://" in text or "@" in text or text.lower().startswith("mailto:")
