"""The input: a text file with one domain per line; blank lines and ``#`` comments are skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..names import InvalidDomain, normalize_domain


@dataclass
class DomainList:
    domains: list[str] = field(default_factory=list)           # normalised, each once, in file order
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, text as written)


def read_domain_list(path: Path) -> DomainList:
    """Raises OSError / UnicodeDecodeError when the file cannot be read as UTF-8 text."""
    result, seen = DomainList(), set()
    with open(path, encoding="utf-8-sig") as handle:
        for number, raw in enumerate(handle, 1):
            text = raw.split("#", 1)[0].strip()
            if not text:
                continue
            try:
                domain = normalize_domain(text)
            except InvalidDomain:
                result.rejected.append((number, text))
                continue
            if domain not in seen:
                seen.add(domain)
                result.domains.append(domain)
    return result


def visible(text: str) -> str:
    """``text`` with control, format (bidi, zero-width) and separator characters as ``<U+XXXX>``."""
    import unicodedata

    return "".join(c if c == " " or unicodedata.category(c)[0] not in "CZ" else f"<U+{ord(c):04X}>" for c in text)
