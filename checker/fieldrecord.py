"""The ``v=VERSION; name=value; ...`` TXT records of MTA-STS (RFC 8461 3.1) and TLS-RPT (RFC 8460 3).

Both share one grammar: the version field, then ``;``-separated fields whose
names are 1-32 of ALPHA / DIGIT / "_" / "-" / "." (starting alphanumeric) and
whose values are printable ASCII without ``;`` and ``=``, with one trailing
``;`` allowed. This module reads that much; each protocol judges its own fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

EXT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
EXT_VALUE = re.compile(r"[\x21-\x3a\x3c\x3e-\x7e]+")
WSP = " \t"


@dataclass(frozen=True)
class Field:
    text: str          # the field as written, without surrounding blanks
    name: str | None   # None when the field is not name=value with a valid name
    value: str = ""


def select(texts: list[str], prefix: str, lookalike: str) -> tuple[list[str], list[str]]:
    """Records starting exactly with ``prefix``, and look-alikes (starting ``lookalike``, any case)."""
    chosen = [t for t in texts if t.startswith(prefix)]
    lookalikes = [t for t in texts if not t.startswith(prefix) and t.lstrip(WSP).lower().startswith(lookalike)]
    return chosen, lookalikes


def fields(text: str) -> Iterator[Field]:
    """The fields after the version field, in order (one trailing ";" allowed)."""
    body = text.split(";")[1:]
    if body and not body[-1].strip(WSP):
        body = body[:-1]
    for raw in body:
        item = raw.strip(WSP)
        name, sep, value = item.partition("=")
        yield Field(item, name, value) if sep and EXT_NAME.fullmatch(name) else Field(item, None)


def read_fields(text: str, known: dict[str, Callable[[str], None]], *,
                malformed: Callable[[Field], None], repeated: Callable[[Field], None]) -> dict[str, str]:
    """Every field of ``text`` by name, its first occurrence. In order: a field that is not
    name=value, or an unknown one whose value is not well formed, goes to ``malformed``; a name
    seen before to ``repeated``; a known field's value to its judge in ``known``."""
    seen: dict[str, str] = {}
    for item in fields(text):
        if item.name is None:
            malformed(item)
        elif item.name in seen:
            repeated(item)
        else:
            seen[item.name] = item.value
            if item.name in known:
                known[item.name](item.value)
            elif not valid_extension(item):
                malformed(item)
    return seen


def valid_extension(field: Field) -> bool:
    """An extension field's value is well formed (and "v" does not come again)."""
    return field.name != "v" and bool(EXT_VALUE.fullmatch(field.value))
