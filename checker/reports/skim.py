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
by construction. Well-formedness and the refusals (DTD, entities) are checked by a
second expat parser without element handlers, at C speed, before anything is read
from a chunk; its errors are the ones reported. It reads every byte but those of
records their pattern already proves well-formed where they are (see _cut): a run of
them is replaced by blanks ending on the same line and column, so an error after
them is reported where it is.

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
_XML_BLANKS = " \t\r\n"
_FORBIDDEN_ASCII = [chr(c) for c in range(32) if chr(c) not in _XML_BLANKS]  # characters XML 1.0 forbids
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
        # What the check has been given, for the records it need not read (see _cut):
        self.check_head: str | None = ""   # its text before the first <record>
        self.plain = False                 # nothing in it can hide a tag, and <feedback> was opened
        self.after_record = False          # it ends with a matched record and XML blanks

    def feed(self, data: str, final: bool = False) -> None:
        reader = self.reader
        if reader.complete:
            return
        if self.check is None:
            reader.feed(data, final)
            return
        text, self.pending = self.pending + data, ""
        if not self.on:
            if self._checked(text, text, final):
                self._give(text, final)
        else:
            spans, runs, keep, long = self._cut(text, final)
            if not self._checked(_with_blanks(text, runs, keep), text, final):
                return
            rest = self._skim(text, spans, keep, final)
            self.on = self.on and not long
            if self.on:
                self.pending = rest
            elif rest and self._checked(rest, rest, False):
                self._give(rest)
        if not self.on and not self.withheld:
            self.check = None  # the reader has read every byte: its errors say where, as before

    def _checked(self, checked: str, text: str, final: bool) -> bool:
        """The check reads ``checked`` (``text`` or a stand-in for it); on an error, the
        reader reads ``text`` up to it, in order (a record cap or the end of <feedback>
        met before it still wins, as without skimming) and the check's error is raised."""
        try:
            self.check.Parse(checked, final)
            return True
        except expat.ExpatError as error:
            try:
                self.reader.feed(text, final)
            except ReportError as refused:
                if refused.code != "xml":
                    raise
            if not self.reader.complete:
                raise xml_error(error) from None
            return False

    def _cut(self, text: str, final: bool) -> tuple[list, list, int, bool]:
        """The whole records of ``text`` with their plans, the runs of them the check need
        not read, where the text still undecided (a record not yet whole) starts, and
        whether that record is too long to wait for (then all is decided now).

        A record the check skips is one it would read without an error and leave it where
        it was: a shape the reader planned (its tags well nested), texts with no '<', no
        '&' and no ']]>', right after another matched record with only XML blanks between
        (so inside the same element, never outside the root nor inside a comment, a CDATA
        section, a processing instruction or a tag, since nothing the check was given could
        open one), in a text of ASCII characters XML allows (so a column is a character).
        The check reads blanks with the same line ends instead, so the line and column of
        any error after them are those of the text.
        """
        find = text.find
        allowed_ascii = text.isascii() and not any(character in text for character in _FORBIDDEN_ASCII)
        brackets = "]" in text
        references, returns = "&" in text, "\r" in text
        plain, chained = self.plain, self.after_record
        spans, runs = [], []
        proven = 0
        fullmatch = after_blanks = None  # the shape before's patterns
        if self.last is not None:
            fullmatch, after_blanks = self.last.pattern.fullmatch, self.last.pattern.match
        pos = 0
        while True:
            found = after_blanks(text, pos) if after_blanks is not None and chained else None
            if found is not None:  # the shape before, after blanks: the span holds both
                start, end = pos, found.end()
            else:
                start = find("<record>", pos)
                if start < 0:
                    break
                end = find("</record>", start)
                if end < 0:
                    break
                end += 9
                if self.check_head is not None:  # the first record: what comes before it decides
                    plain = _plain_head(self.check_head + text[:start])
                    self.check_head = None
                    chained = False
                elif start > pos:
                    between = text[pos:start]
                    if between.strip(_XML_BLANKS):
                        chained = False
                        plain = plain and "<!" not in between and "<?" not in between
                found = fullmatch(text, start, end) if fullmatch is not None else None
                if found is None:  # not the shape of the record before
                    matched = self._new_shape(text, start, end)
                    if matched is None:
                        chained = False
                        plain = plain and find("<!", start, end) < 0 and find("<?", start, end) < 0
                        spans.append((start, end, None, None, False))
                        pos = end
                        continue
                    plan, found = matched
                    fullmatch, after_blanks = plan.pattern.fullmatch, plan.pattern.match
            no_reference = not references or find("&", start, end) < 0
            if (chained and plain and allowed_ascii and no_reference
                    and not (brackets and find("]]>", start, end) >= 0)):
                if runs and runs[-1][1] == pos:
                    runs[-1][1] = end  # the run goes on
                else:
                    runs.append([start, end])
                proven += 1
            exact = no_reference and not (returns and find("\r", start, end) >= 0) and end - start <= MAX_TEXT
            spans.append((start, end, self.last, found, exact))
            chained = True
            pos = end
        keep, long = len(text), False
        if not final:
            keep = find("<record>", pos)
            if keep < 0:
                keep = text.rfind("<", pos)  # a tag the chunk cut may be <record>
                keep = len(text) if keep < 0 else keep
            if len(text) - keep > self.max_record:
                keep, long = len(text), True
        tail = text[pos:keep]
        if self.check_head is not None:
            self.check_head += tail
            if len(self.check_head) > self.max_record:
                self.check_head = None  # (plain stays False)
        elif tail.strip(_XML_BLANKS):
            chained = False
            plain = plain and "<!" not in tail and "<?" not in tail
        self.plain, self.after_record = plain, chained
        self.reader.report.proven += proven
        return spans, runs, keep, long

    def _skim(self, text: str, spans: list, keep: int, final: bool) -> str:
        """The records to the reader, skimmed where they are at the top of <feedback>, and
        the text between them; gives back the text from ``keep`` on."""
        reader, give, deliver = self.reader, self._give, self.reader.deliver
        top = reader.at_top()  # (set when <feedback> starts; changes only when the reader is given text)
        skimmed = pos = 0
        for start, end, plan, found, exact in spans:
            if start > pos:
                between = text[pos:start]
                if top and between.isspace():
                    self.withheld = True  # blanks there are read as nothing
                else:
                    give(between)
                    top = self.on and reader.at_top()
            if top and plan is not None:
                texts = found.groups()
                if not exact:  # references, CR line ends or a text that may be too long
                    texts = [_text(piece) for piece in texts]
                self.withheld = True
                skimmed += 1
                deliver(plan.record(texts))
            else:
                give(text[start:end])
                top = self.on and reader.at_top()
            pos = end
            if not self.on:
                break
        reader.report.skimmed += skimmed
        give(text[pos:keep], final)
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

    def _new_shape(self, text: str, start: int, end: int) -> tuple | None:
        """The plan of the record text[start:end], not of the shape before, and its match;
        None: left to the reader."""
        record = text[start:end]
        if record.find("<record>", 8) >= 0:
            return None  # a <record> inside: its end is not the end found
        shape = tuple(_TAG.findall(record))
        plan = _PLANS.get(shape, _UNKNOWN)
        if plan is _UNKNOWN:
            if self.new_shapes >= _NEW_SHAPES:
                return None  # a report of ever new shapes: planning would cost more than it saves
            self.new_shapes += 1
            plan = _make_plan(shape)
            if plan is not None:
                if len(_PLANS) >= _MAX_PLANS:
                    _PLANS.clear()
                _PLANS[shape] = plan
        if plan is None:
            return None
        self.last = plan
        return plan, plan.pattern.fullmatch(text, start, end)


def _with_blanks(text: str, runs: list, keep: int) -> str:
    """text[:keep] with each run of records the check need not read made blanks with the same line ends."""
    if not runs:
        return text[:keep]
    pieces = []
    pos = 0
    for start, end in runs:
        pieces.append(text[pos:start])
        pieces.append(_blanks(text, start, end))
        pos = end
    pieces.append(text[pos:keep])
    return "".join(pieces)


def _blanks(text: str, start: int, end: int) -> str:
    """Blanks that end on the line and column text[start:end] ends on (expat counts CR LF, CR
    and LF as one line end each). A space first: a CR just before must not pair with an LF."""
    lines = text.count("\n", start, end)
    returns = text.count("\r", start, end)
    if returns:
        lines += returns - text.count("\r\n", start, end)
    if not lines:
        return " " * (end - start)
    last = max(text.rfind("\n", start, end), text.rfind("\r", start, end))
    return " " + "\n" * lines + " " * (end - last - 1)


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
        # Any XML blanks first: matched where the record before ended, one call instead of
        # finding the record, cutting the text before it and checking it is blank.
        self.pattern = re.compile(f"[{_XML_BLANKS}]*+" + "".join(parts) + "()")

    def record(self, texts) -> Record:
        """The record from its pattern's groups (texts as expat gives them, stripped and cut)."""
        source_ip, disposition, dkim, spf, header_from, envelope_from, envelope_to, count = self.scalars(texts)
        count = int(count) if count.isdecimal() else whole_number(count) or 0  # (int() reads any decimal digits)
        reasons = dkim_results = spf_results = ()
        # Loops, not generators: a generator costs more than the one or two results of most records.
        if self.reasons:
            reasons = []
            for place in self.reasons:
                kind = texts[place].lower()
                if kind:
                    reasons.append(kind)
            reasons = tuple(reasons)
        if self.dkim:
            dkim_results = []
            for domain, selector, result in self.dkim:
                dkim_results.append((texts[domain], texts[selector], texts[result].lower()))
            dkim_results = tuple(dkim_results)
        if self.spf:
            spf_results = []
            for domain, scope, result in self.spf:
                spf_results.append((texts[domain], texts[scope].lower(), texts[result].lower()))
            spf_results = tuple(spf_results)
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
