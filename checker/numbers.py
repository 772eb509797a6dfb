"""Numbers written as the reader's language writes them: 1.62 s and 1,234 in English
and Japanese, 1,62 s and 1 234 in French.

A table rather than Babel: the checker also runs in the browser, where its runtime
ships without Babel's locale data, and three languages need two characters each.
"""

from __future__ import annotations

DECIMAL_MARK = {"ja": ".", "fr": ",", "en": "."}
# French groups thousands with a narrow no-break space (U+202F).
GROUP_MARK = {"ja": ",", "fr": "\u202f", "en": ","}


def format_number(value: float, lang: str, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals and thousands grouped, in ``lang``'s writing."""
    english = f"{value:,.{digits}f}"
    return english.translate(str.maketrans({",": GROUP_MARK.get(lang, ","), ".": DECIMAL_MARK.get(lang, ".")}))
