"""RFC 7208 section 7: macro strings, parsed once, expanded against a check's values.

A macro string is parsed into literal text and :class:`Macro` tokens; ``%%``,
``%_`` and ``%-`` become literal text at parse time. Expansion is a pure
function of the tokens and a mapping from macro letter to value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import quote

from .errors import SpfSyntaxError

TERM_LETTERS = frozenset("slodipvh")          # 7.2: letters allowed in terms
EXPLAIN_LETTERS = TERM_LETTERS | set("crt")   # 7.2: c, r, t only in explanation text
MAX_DIGITS = 10 ** 6  # "keep the N rightmost parts": any N above the part count keeps all

_ESCAPES = {"%": "%", "_": " ", "-": "%20"}
_MACRO_BODY = re.compile(r"([A-Za-z])([0-9]*)([rR]?)([.\-+,/_=]*)\Z")  # letter, digits, "r", delimiters
_TOPLABEL = re.compile(r"(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])\Z")


@dataclass(frozen=True)
class Macro:
    """``%{letter digits r delimiters}``; an upper-case letter asks for URL escaping."""

    letter: str            # lower case
    digits: int | None     # keep this many right-hand parts; None keeps all
    reverse: bool
    delimiters: str        # split on these; "" means "."
    escape: bool           # the letter was upper case (7.3: URL-escape the value)

    def apply(self, value: str) -> str:
        if self.digits is not None or self.reverse or self.delimiters:
            pattern = "[" + re.escape(self.delimiters or ".") + "]"
            parts = re.split(pattern, value)
            if self.reverse:
                parts.reverse()
            if self.digits is not None and self.digits < len(parts):
                parts = parts[len(parts) - self.digits:]
            value = ".".join(parts)
        if self.escape:
            value = quote(value, safe="-._~", errors="surrogatepass")  # RFC 3986 unreserved stay
        return value


@dataclass(frozen=True)
class MacroString:
    text: str                           # as written
    tokens: tuple                       # str (literal text) or Macro
    tail: str                           # literal text after the last macro-expand, as written
    ends_with_expand: bool              # the text ends with a macro-expand (domain-end rule)

    @property
    def letters(self) -> frozenset[str]:
        return frozenset(t.letter for t in self.tokens if isinstance(t, Macro))


def parse_macro_string(text: str, *, letters: frozenset[str] = TERM_LETTERS, space: bool = False,
                       term: str | None = None, position: int = 0, offset: int = 0) -> MacroString:
    """Parse ``macro-string`` (or ``explain-string`` with ``space=True``).

    ``term``/``position`` name the enclosing term for errors, ``offset`` is where
    ``text`` starts in the record. Raises :class:`SpfSyntaxError`.
    """
    term = text if term is None else term
    tokens: list = []
    literal: list[str] = []
    tail_start = 0
    ends_with_expand = False
    i, n = 0, len(text)

    def fail(reason: str, at: int) -> SpfSyntaxError:
        return SpfSyntaxError(reason, term, position, offset + at)

    while i < n:
        char = text[i]
        if char == "%":
            follower = text[i + 1:i + 2]
            if follower in _ESCAPES:
                literal.append(_ESCAPES[follower])
                i += 2
            elif follower == "{":
                close = text.find("}", i + 2)
                if close < 0:
                    raise fail("macro_unterminated", i)
                macro = _parse_macro(text[i + 2:close], letters, lambda reason: fail(reason, i))
                if literal:
                    tokens.append("".join(literal))
                    literal = []
                tokens.append(macro)
                i = close + 1
            else:
                raise fail("macro_invalid_percent", i)  # 7.3: '%' not followed by { % - _
            tail_start, ends_with_expand = i, True
            continue
        code = ord(char)
        if 0x21 <= code <= 0x7E or (space and char == " "):
            literal.append(char)
            ends_with_expand = False
            i += 1
            continue
        raise fail("non_ascii" if code > 0x7F else "invalid_character", i)
    if literal:
        tokens.append("".join(literal))
    return MacroString(text, tuple(tokens), text[tail_start:], ends_with_expand)


def _parse_macro(body: str, letters: frozenset[str], fail) -> Macro:
    match = _MACRO_BODY.match(body)
    if not match:
        raise fail("macro_invalid")
    letter, digits, reverse, delimiters = match.groups()
    if letter.lower() not in letters:
        reason = "macro_letter_explanation_only" if letter.lower() in EXPLAIN_LETTERS else "macro_unknown_letter"
        raise fail(reason)
    count = None
    if digits:
        significant = digits.lstrip("0")
        if not significant:
            raise fail("macro_zero_digits")  # 7.3: the DIGIT value MUST be nonzero
        count = int(significant) if len(significant) <= 6 else MAX_DIGITS  # no huge int() parsing
    return Macro(letter.lower(), count, bool(reverse), delimiters, letter.isupper())


def parse_domain_spec(text: str, *, term: str | None = None, position: int = 0, offset: int = 0) -> MacroString:
    """``domain-spec = macro-string domain-end``; raises :class:`SpfSyntaxError`."""
    term = text if term is None else term
    if not text:
        raise SpfSyntaxError("domain_spec_empty", term, position, offset)
    spec = parse_macro_string(text, term=term, position=position, offset=offset)
    if not spec.ends_with_expand:
        # domain-end = "." toplabel ["."]: the toplabel is the last label of the literal tail
        tail = spec.tail[:-1] if spec.tail.endswith(".") else spec.tail
        dot = tail.rfind(".")
        if dot < 0 or not _TOPLABEL.match(tail, dot + 1):
            raise SpfSyntaxError("domain_spec_invalid_end", term, position, offset + len(text) - 1)
    return spec


def expand(spec: MacroString, values: Mapping[str, str]) -> str:
    """Replace every macro by its value; ``values`` maps each letter used to a string."""
    return "".join(t if isinstance(t, str) else t.apply(values[t.letter]) for t in spec.tokens)
