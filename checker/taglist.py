"""RFC 6376 3.2 tag=value lists, as used by DKIM key records and BIMI records.

    tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
    tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
    tag-name  =  ALPHA *ALNUMPUNC
    tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]      tval = 1*VALCHAR (%x21-3A / %x3C-7E)

Pure and total: any text gives a :class:`TagList` (syntax problems are data in
``errors``), never an exception. Names and values keep their case: RFC 6376 says
tags are case-sensitive, and the BIMI draft forbids fixing case errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# FWS in a TXT record: folding whitespace may carry CR LF as well as spaces and tabs.
FWS = " \t\r\n"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_VALUE_CHAR = re.compile(r"[\x21-\x3a\x3c-\x7e \t\r\n]*\Z")

# Reasons a tag-spec is malformed (the vocabulary of the *.tag_syntax findings).
MISSING_EQUALS = "missing_equals"   # no "=" in the tag-spec
BAD_NAME = "bad_name"               # the name is empty or not ALPHA *(ALPHA / DIGIT / "_")
BAD_VALUE = "bad_value"             # the value holds a character outside VALCHAR and whitespace


@dataclass(frozen=True)
class TagSyntaxError:
    reason: str   # MISSING_EQUALS, BAD_NAME or BAD_VALUE
    text: str     # the tag-spec as written, without surrounding whitespace


@dataclass
class TagList:
    tags: list[tuple[str, str]] = field(default_factory=list)   # in order, duplicates kept
    errors: list[TagSyntaxError] = field(default_factory=list)

    def names(self) -> list[str]:
        return [name for name, _ in self.tags]

    def first(self) -> tuple[str, str] | None:
        return self.tags[0] if self.tags else None

    def duplicates(self) -> list[str]:
        """Names that occur more than once (RFC 6376 3.2: the whole list is then invalid)."""
        seen: set[str] = set()
        repeated: list[str] = []
        for name in self.names():
            if name in seen and name not in repeated:
                repeated.append(name)
            seen.add(name)
        return repeated

    @property
    def well_formed(self) -> bool:
        return not self.errors and not self.duplicates()

    def syntax_findings(self, codes, draft: bool = False) -> list:
        """The protocol's TAG_SYNTAX and DUPLICATE_TAG findings for what is wrong here
        (drafts, see :meth:`checker.findings.Code.draft`, when the caller adds parameters)."""
        syntax, duplicate = ((codes.TAG_SYNTAX.draft, codes.DUPLICATE_TAG.draft) if draft
                             else (codes.TAG_SYNTAX, codes.DUPLICATE_TAG))
        return ([syntax(reason=error.reason, text=error.text) for error in self.errors]
                + [duplicate(tag=name) for name in self.duplicates()])

    def as_dict(self) -> dict[str, str]:
        """Each tag's first value (for display; check :meth:`duplicates` first)."""
        values: dict[str, str] = {}
        for name, value in self.tags:
            values.setdefault(name, value)
        return values


def parse_tag_list(text: str) -> TagList:
    result = TagList()
    for spec in text.split(";"):
        spec = spec.strip(FWS)
        if not spec:
            # ";;" or a trailing ";": no tag to read. Verifiers skip these; so do we.
            continue
        name, equals, value = spec.partition("=")
        name, value = name.strip(FWS), value.strip(FWS)
        if not equals:
            result.errors.append(TagSyntaxError(MISSING_EQUALS, spec))
        elif not _NAME.match(name):
            result.errors.append(TagSyntaxError(BAD_NAME, spec))
        elif not _VALUE_CHAR.match(value):
            result.errors.append(TagSyntaxError(BAD_VALUE, spec))
        else:
            result.tags.append((name, value))
    return result


def split_list(value: str, separator: str = ":") -> list[str]:
    """A colon-separated value (``h=``, ``s=``, ``t=``) as its items, FWS removed around each."""
    return [item.strip(FWS) for item in value.split(separator)]


def remove_fws(value: str) -> str:
    """Base64 values may be folded anywhere (RFC 6376 3.6.1, p=): drop all whitespace."""
    return value.translate(_NO_FWS)


_NO_FWS = str.maketrans("", "", FWS)
