"""Records read from the text of a report without a Python call per element.

The reader of aggregate.py calls Python handlers for every element: about 16 per
record, the larger part of the time. Most reports are plain: no comment, CDATA
section or processing instruction after the prolog, no prefix on <feedback>, records
written as ``<record>...</record>`` with tags that have no attributes. For those,
each record is cut from the text with str.find and matched by one regular
expression made for its shape (its tags, in order), whose groups are the texts the
fields come from. A reporter writes its records in one or two shapes: the pattern
of the record before is tried first, and plans are kept across reports.

What is not skimmed is read by the reader as before, in order: every byte goes
either to it or, as a whole record, to a plan. The plan of a shape is made by the
reader itself, on a copy of the record where each text is a number naming its
place: the fields it gives back name the texts, so both paths read the same fields
by construction. Well-formedness and the refusals (DTD, entities) are checked on
every byte by a second expat parser without element handlers, at C speed, before
anything is read from a chunk; its errors are the ones reported.

Skimming stops for the rest of a report at the first thing it does not read
(a comment, a CDATA section, a processing instruction, a prefixed <feedback>, a
record longer than a chunk): from there the reader reads everything.
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from functools import partial
from operator import itemgetter

from .aggregate import MAX_TEXT, AggregateReport, Reader, Record, whole_number, xml_error
from .errors import ReportError
from .limits import DEFAULT_LIMITS
from .xmlsafe import safe_parser

_TAG = re.compile(r"<[^>]*>")
# A text in a shape's pattern: a field's, stripped as str.strip() does (\s is the same set),
# or one skipped. Possessive and atomic: a record of another shape fails in linear time.
_FIELD = r"\s*+((?>[^<]*[^\s<])?)\s*+"
_SKIPPED = r"[^<]*+"
_PLAIN_TAGS = re.compile(r"(?:</?[^\s<>/!?:=\"']+/?>)*")  # no attribute, prefix, comment...
_XML_DECLARATION = re.compile(r"\s*<\?xml\s[^>]*>")
_FEEDBACK_TAG = re.compile(r"<([^\s<>/!?]*:)?feedback[\s/>]")
_REFERENCE = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|apos|quot));")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": '"'}
_MARK = 10 ** 9       # text number i is written str(_MARK + i) when a plan is made
_MAX_TAGS = 400       # a record with more tags, or longer ones, is read by the reader (no plan)
_MAX_SHAPE = 8192     # characters of all the tags of a shape
_MAX_PLANS = 128      # plans kept (then forgotten all at once): a few MB at most
_NEW_SHAPES = 16      # shapes planned per report


class Skimmer:
    """Feeds a report's decoded text to a reader (aggregate.Reader), skimming records."""

    def __init__(self, reader: Reader, max_record: int):
        self.reader = reader
        self.max_record = max_record       # a longer record is left to the reader
        self.check: expat.XMLParserType | None = safe_parser(namespace_separator="}")
        if hasattr(self.check, "SetReparseDeferralEnabled"):
            self.check.SetReparseDeferralEnabled(False)  # each chunk checked to its last whole token
        self.on = True
        self.head: str | None = ""         # text given to the reader until <feedback> starts
        self.pending = ""                  # text not given yet: a record not yet whole
        self.last: _Plan | None = None     # the plan of the record before: most likely this one's
        self.new_shapes = 0                # shapes planned for this report
        self.withheld = False              # text not given to the reader (skimmed records, blanks)

    def feed(self, data: str, final: bool = False) -> None:
        reader = self.reader
        if reader.complete:
            return
        if self.check is None:
            reader.feed(data, final)
            return
        text, self.pending = self.pending + data, ""
        try:
            self.check.Parse(data, final)
        except expat.ExpatError as error:
            # The reader reads up to the error, in order: a record cap or the end of
            # <feedback> met before it still wins, as without skimming.
            try:
                reader.feed(text, final)
            except ReportError as refused:
                if refused.code != "xml":
                    raise
            if not reader.complete:
                raise xml_error(error) from None
            return
        self.pending = self._skim(text, final)
        if not self.on and not self.withheld:
            self.check = None  # the reader has read every byte: its errors say where, as before

    def _skim(self, text: str, final: bool) -> str:
        find, reader, give, record = text.find, self.reader, self._give, self._record
        pos = 0
        while self.on:
            start = find("<record>", pos)
            if start < 0:
                break
            end = find("</record>", start)
            if end < 0:
                break
            end += 9
            top = reader.at_top()  # (at_top is set when <feedback> starts)
            if start > pos:
                between = text[pos:start]
                if top and between.isspace():
                    self.withheld = True  # blanks there are read as nothing
                else:
                    give(between)
                    top = self.on and reader.at_top()
            if not (top and record(text[start:end])):
                give(text[start:end])
            pos = end
        if final or not self.on:
            self._give(text[pos:], final)
            return ""
        keep = find("<record>", pos)
        if keep < 0:
            keep = text.rfind("<", pos)  # a tag the chunk cut may be <record>
            keep = len(text) if keep < 0 else keep
        if keep > pos:
            self._give(text[pos:keep])
        if not self.on or len(text) - keep > self.max_record:
            self.on = False
            self._give(text[keep:])
            return ""
        return text[keep:]

    def _give(self, text: str, final: bool = False) -> None:
        """Text to the reader; skimming stops at what it cannot follow."""
        reader = self.reader
        if self.head is not None:
            self.head += text
            reader.feed(text, final)
            if reader.inside:
                self.on = self.on and _plain_head(self.head)
                self.head = None
            elif len(self.head) > self.max_record:
                self.on = False
                self.head = None
            return
        if "<!" in text or "<?" in text:
            self.on = False  # a comment or CDATA section could hide a <record> tag
        reader.feed(text, final)

    def _record(self, text: str) -> bool:
        """Read one whole <record> element at the top of <feedback>; False: left to the reader."""
        plan = self.last
        found = plan.pattern.fullmatch(text) if plan is not None else None
        if found is None:  # not the shape of the record before
            if text.find("<record>", 8) >= 0:
                return False  # a <record> inside: its end is not the end found
            shape = tuple(_TAG.findall(text))
            plan = _PLANS.get(shape, _UNKNOWN)
            if plan is _UNKNOWN:
                if self.new_shapes >= _NEW_SHAPES:
                    return False  # a report of ever new shapes: planning would cost more than it saves
                self.new_shapes += 1
                plan = _make_plan(shape)
                if plan is not None:
                    if len(_PLANS) >= _MAX_PLANS:
                        _PLANS.clear()
                    _PLANS[shape] = plan
            if plan is None:
                return False
            self.last = plan
            found = plan.pattern.fullmatch(text)
        texts = found.groups()
        if "&" in text or "\r" in text or len(text) > MAX_TEXT:
            texts = [_text(piece) for piece in texts]
        self.withheld = True
        reader = self.reader
        reader.report.skimmed += 1
        reader.deliver(plan.record(texts))
        return True


def _plain_head(head: str) -> bool:
    """Nothing before the records can hide a tag, and <feedback> has no prefix (its
    namespace is then the one unprefixed records are in)."""
    declaration = _XML_DECLARATION.match(head)
    rest = head[declaration.end():] if declaration else head
    feedback = _FEEDBACK_TAG.search(rest)
    return "<!" not in rest and "<?" not in rest and feedback is not None and feedback.group(1) is None


class _Plan:
    """A record's shape as a pattern, and which of its groups gives which field."""

    __slots__ = ("pattern", "scalars", "reasons", "dkim", "spf")

    def __init__(self, shape: tuple, template: Record):
        # The template's fields are numbers naming the text they came from (text i follows tag i).
        places = [template.source_ip, template.disposition, template.dkim, template.spf, template.header_from,
                  template.envelope_from, template.envelope_to, str(template.count or ""), *template.reasons,
                  *(text for result in template.dkim_results + template.spf_results for text in result)]
        order = {place: n for n, place in enumerate(sorted({int(p) - _MARK for p in places if p}))}
        group = lambda mark: order[int(mark) - _MARK] if mark else -1  # noqa: E731 (-1: the empty group)
        # The scalar fields' texts in one C call, in Record's order (a field not in the shape: the empty group).
        self.scalars = itemgetter(*(group(getattr(template, name)) for name in _SCALARS),
                                  group(str(template.count or "")))
        self.reasons = tuple(group(kind) for kind in template.reasons)
        self.dkim = tuple(tuple(map(group, result)) for result in template.dkim_results)
        self.spf = tuple(tuple(map(group, result)) for result in template.spf_results)
        parts = []
        for i, tag in enumerate(shape):
            parts.append(re.escape(tag))
            if i + 1 < len(shape):
                parts.append(_FIELD if i in order else _SKIPPED)
        self.pattern = re.compile("".join(parts) + "()")

    def record(self, texts) -> Record:
        """The record from its pattern's groups (texts as expat gives them, stripped and cut)."""
        source_ip, disposition, dkim, spf, header_from, envelope_from, envelope_to, count = self.scalars(texts)
        count = whole_number(count) or 0
        reasons = dkim_results = spf_results = ()
        if self.reasons:
            reasons = tuple(kind for kind in (texts[place].lower() for place in self.reasons) if kind)
        if self.dkim:
            dkim_results = tuple((texts[domain], texts[selector], texts[result].lower())
                                 for domain, selector, result in self.dkim)
        if self.spf:
            spf_results = tuple((texts[domain], texts[scope].lower(), texts[result].lower())
                                for domain, scope, result in self.spf)
        return _new_record((source_ip, count, disposition.lower(), dkim.lower(), spf.lower(), reasons,
                            header_from.lower(), envelope_from.lower(), envelope_to.lower(), dkim_results,
                            spf_results))


_SCALARS = ("source_ip", "disposition", "dkim", "spf", "header_from", "envelope_from", "envelope_to")
_new_record = partial(tuple.__new__, Record)  # a Record from its fields in order, in one C call


_UNKNOWN = _Plan.__new__(_Plan)  # a shape not met yet (None: a shape left to the reader)
# Plans by shape, for every report read (a shape reads the same in any report skimmed).
_PLANS: dict[tuple, _Plan] = {}


def _make_plan(shape: tuple) -> _Plan | None:
    tags = "".join(shape)
    if len(shape) > _MAX_TAGS or len(tags) > _MAX_SHAPE or not _PLAIN_TAGS.fullmatch(tags):
        return None
    # The reader reads a copy whose texts are numbers: text i (after tag i) is _MARK + i.
    copy = "<feedback>" + "".join(f"{tag}{_MARK + i}" for i, tag in enumerate(shape)) + "</feedback>"
    templates: list[Record] = []
    reader = Reader(AggregateReport(), lambda _report, record: templates.append(record), DEFAULT_LIMITS)
    try:
        reader.feed(copy, final=True)
        return _Plan(shape, templates[0]) if len(templates) == 1 else None
    except (ReportError, ValueError):  # (a field that is not one text: never met, left to the reader)
        return None


def _text(raw: str) -> str:
    """What expat gives for a text without markup: line ends made \\n, references replaced."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in raw:
        raw = _REFERENCE.sub(_replace, raw)
    return raw.strip()[:MAX_TEXT]


def _replace(match: re.Match) -> str:
    hexadecimal, decimal, name = match.groups()
    if name:
        return _PREDEFINED[name]
    return chr(int(hexadecimal, 16) if hexadecimal else int(decimal))
