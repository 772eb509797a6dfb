"""Text from DNS, servers or files, made inert for a terminal and visible to a reader.

A TXT record can carry ESC sequences (cursor moves, hidden text, OSC 8 links, OSC 52
clipboard writes), CR, BEL and NUL, or Unicode bidi overrides and zero-width characters
that make ``p=\\u202etcejer`` look like ``p=reject``. :func:`visible` writes each such
character as its escape (``\\x1b``, ``\\u202e``), so what is printed is what is there.
The page does the same in ``docs/assets/checker/ui.js`` (``visible()``), with the same
character classes and the same escape form.
"""

from __future__ import annotations

import re

# Control (Cc), format (Cf: bidi controls, zero-width, BOM, tags), line and paragraph
# separators (Zl, Zp) and surrogates (Cs), as of Unicode 14 (tests/test_inert.py checks
# this list against the running Python's Unicode database). A fixed list, because
# scanning the database on every start would cost a third of a second.
HIDDEN_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_HIDDEN = re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in HIDDEN_RANGES) + "]")


def escape_char(char: str) -> str:
    """``\\x1b`` below U+0100, ``\\u202e`` in the BMP, ``\\U000e0001`` beyond."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: object) -> str:
    """``text`` with every control, format and separator character shown as its escape."""
    text = str(text)
    return _HIDDEN.sub(lambda m: escape_char(m.group()), text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_inert(document: str) -> str:
    """A JSON text with those characters as JSON escapes: same data, nothing for a terminal to obey.

    ``json.dumps(..., ensure_ascii=False)`` already escapes C0 controls, but leaves DEL, C1
    controls (0x9b is CSI) and bidi controls raw. Such characters can only appear inside
    strings, where ``\\uXXXX`` means the same character.
    """
    # The line breaks of indented JSON sit between tokens; inside strings json.dumps has
    # already written them as \\n.
    return _HIDDEN.sub(lambda m: m.group() if m.group() == "\n" else _json_escape(m.group()), document)
