"""One SPF record from several (RFC 7208 4.5: two records at a name are a permerror for everyone).

The merged record keeps every term of each record in order, once, before a single
``all``: the strictest of theirs ("-" over "~" over "?"; "+all" is never copied back,
5.1), or "~all" when none had one. A ``redirect`` is kept only when no record has
``all`` (6.1: it would be ignored). Records that do not parse are left out.
"""

from __future__ import annotations

from .errors import SpfSyntaxError
from .parser import Mechanism, Modifier, parse_record

_STRICTNESS = {"-": 0, "~": 1, "?": 2}


def merge_records(texts: list[str]) -> str | None:
    """The merged record, or None when no record parses."""
    terms: dict[str, str] = {}    # folded text -> the text as first written
    modifiers: dict[str, str] = {}
    alls: list[str] = []
    parsed = 0
    for text in texts:
        try:
            record = parse_record(text)
        except SpfSyntaxError:
            continue
        parsed += 1
        for term in record.terms:
            if isinstance(term, Mechanism) and term.kind == "all":
                alls.append(term.qualifier)
            elif isinstance(term, Mechanism):
                terms.setdefault(term.text.lower().lstrip("+"), term.text.lstrip("+"))
            elif isinstance(term, Modifier):
                modifiers.setdefault(term.name, term.text)
    if not parsed:
        return None
    qualifiers = [q for q in alls if q in _STRICTNESS]
    ending = [f"{min(qualifiers, key=_STRICTNESS.__getitem__) if qualifiers else '~'}all"]
    if not alls and "redirect" in modifiers:
        ending = [modifiers["redirect"]]
    extra = [text for name, text in modifiers.items() if name != "redirect"]
    return " ".join(["v=spf1", *terms.values(), *ending, *extra])
