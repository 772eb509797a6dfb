"""Small facts about DNS names that several checks need, in one place."""

from __future__ import annotations

import re

MAX_LABEL = 63   # octets of one label (RFC 1035 2.3.4)
MAX_NAME = 253   # octets of a name in text form, without the final dot

# A host name label (RFC 1123 2.1): letters, digits, inner hyphens, at most 63
HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_LABEL = re.compile(HOST_LABEL + r"\Z")


def octets(text: str) -> int:
    """Length on the wire of a name or label given as text (any character counts its UTF-8 bytes)."""
    return len(text.encode("utf-8", "surrogatepass"))


def length_problem(name: str) -> str | None:
    """Why ``name`` (no final dot) cannot be a DNS name: "label_empty", "label_too_long",
    "name_too_long"; None when its labels and its length fit."""
    labels = name.split(".")
    if any(not label for label in labels):
        return "label_empty"
    if any(octets(label) > MAX_LABEL for label in labels):
        return "label_too_long"
    if octets(name) > MAX_NAME:
        return "name_too_long"
    return None


def is_host_name(name: str) -> bool:
    """``name`` (no final dot) is a fully qualified host name: two or more host name labels,
    at most 253 octets, and a last label that is not all digits (not an IPv4 address)."""
    labels = name.split(".")
    return (len(labels) >= 2 and octets(name) <= MAX_NAME and all(_HOST_LABEL.match(label) for label in labels)
            and not labels[-1].isdigit())


def is_within(name: str, domain: str) -> bool:
    """``name`` is ``domain`` or a name below it (case and a final dot do not matter)."""
    name, domain = name.lower().rstrip("."), domain.lower().rstrip(".")
    return name == domain or name.endswith("." + domain)
