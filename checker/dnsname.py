"""Small facts about DNS names that several checks need, in one place."""

from __future__ import annotations


def is_within(name: str, domain: str) -> bool:
    """``name`` is ``domain`` or a name below it (case and a final dot do not matter)."""
    name, domain = name.lower().rstrip("."), domain.lower().rstrip(".")
    return name == domain or name.endswith("." + domain)
