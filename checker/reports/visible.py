"""Text from a report, made safe to show: invisible characters become visible.

Control characters (Cc), format characters (Cf: bidi overrides, zero-width
spaces, joiners...), line and paragraph separators are written as ``<U+202E>``:
a reporter's org_name must not reorder or hide the text around it.
"""

from __future__ import annotations

import re
import unicodedata

_SUSPECT = re.compile(r"[^\x20-\x7e]")


def _mark(match: re.Match) -> str:
    char = match.group()
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"):
        return f"<U+{ord(char):04X}>"
    return char


def visible(text: str) -> str:
    return _SUSPECT.sub(_mark, text) if text else text
