"""DMARC aggregate reports (RFC 9990, and the RFC 7489 appendix C schema most
reporters still send), read as a stream.

    report = read_aggregate(chunks, on_record, limits)

``on_record(report, record)`` is called for each <record> as soon as it is complete,
so a report of a million rows never sits in memory: the analysis keeps only what it
sums. ``report`` is the same :class:`AggregateReport` for every record of a file; its
metadata is complete by the first record in every schema-conforming report, and in
any case once ``read_aggregate`` returns.

Values are kept as written except that results and dispositions are lower-cased
("Pass" is sent by some reporters) and blanks are stripped. Namespaces (RFC 9990's
``urn:ietf:params:xml:ns:dmarc-2.0``, or a prefix) are ignored: the element names
are the same in both schemas.
"""

from __future__ import annotations

import codecs
import re
import xml.parsers.expat as expat
from typing import Callable, Iterator, NamedTuple

from .errors import ReportError
from .limits import ReadLimits
from .xmlsafe import safe_parser

MAX_TEXT = 4096  # longer element text is cut: no report field needs more
WRAPPERS = {"schema"}  # elements seen around <feedback> in real reports


class AggregateReport:
    __slots__ = ("org_name", "email", "report_id", "begin", "end", "version", "domain", "adkim",
                 "aspf", "p", "sp", "np", "pct", "testing", "records", "messages", "errors", "skimmed",
                 "proven")

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, "")
        self.begin = self.end = None
        self.records = self.messages = 0
        self.skimmed = 0  # records read by skim.py (for the tests and the benchmark)
        self.proven = 0   # records skim.py proved well-formed, so its expat check did not read them (tests)
        self.errors = []

    def metadata(self) -> dict:
        return {"org_name": self.org_name, "email": self.email, "report_id": self.report_id,
                "begin": self.begin, "end": self.end, "domain": self.domain,
                "policy": {k: getattr(self, k) for k in ("p", "sp", "np", "pct", "adkim", "aspf", "testing")
                           if getattr(self, k)},
                "records": self.records, "messages": self.messages}


class Record(NamedTuple):
    """One <record>. A tuple: made in one C call, and once it holds only text and
    numbers the garbage collector stops visiting it (a report of 200,000 rows kept
    in a list otherwise costs more in collections than in reading)."""
    source_ip: str = ""
    count: int = 0
    disposition: str = ""
    dkim: str = ""
    spf: str = ""
    reasons: tuple[str, ...] = ()                           # override types
    header_from: str = ""
    envelope_from: str = ""
    envelope_to: str = ""
    dkim_results: tuple[tuple[str, str, str], ...] = ()     # (domain, selector, result)
    spf_results: tuple[tuple[str, str, str], ...] = ()      # (domain, scope, result)


_POLICY = ("domain", "adkim", "aspf", "p", "sp", "np", "pct", "testing")
_LOWER_POLICY = {"adkim", "aspf", "p", "sp", "np", "testing"}
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def read_aggregate(chunks: Iterator[bytes], on_record: Callable[[AggregateReport, Record], None],
                   limits: ReadLimits, skim: bool = True) -> AggregateReport:
    """Read one report; raises ReportError (not_report, xml, xml_dtd, too_many_records...).

    ``skim=False``: every element through the reader's handlers (skim.py reads plain
    records faster, with the same result; the tests compare both).
    """
    from .skim import Skimmer  # here: skim builds on this module

    report = AggregateReport()
    reader = Reader(report, on_record, limits)
    decoder = None
    text_run = 0
    target = reader
    for chunk in chunks:
        if decoder is None:
            decoder = _decoder(chunk)
            if skim and decoder is not _BYTES:  # decoded text: records can be skimmed from it
                target = Skimmer(reader, limits.chunk_bytes)
        data = decoder.decode(chunk) if decoder is not _BYTES else chunk
        text_run = _longest_text(data, text_run, limits.max_text_chars)
        target.feed(data)
    rest = decoder.decode(b"", True) if decoder not in (None, _BYTES) else b""
    target.feed(rest, final=True)
    if not reader.complete:
        raise ReportError("not_report")
    return report


def _longest_text(data, run: int, limit: int) -> int:
    """The text run (characters without a tag) at the end of ``data``; refuses one over ``limit``.

    The tree builder keeps an element's text whole until the next tag: a report made
    of one endless text would fill memory, whatever the bounds on decompression.
    """
    lt = b"<" if isinstance(data, bytes) else "<"
    if run + len(data) <= limit:  # no run can be too long: only the last one is measured
        last = data.rfind(lt)
        return run + len(data) if last < 0 else len(data) - last - 1
    pieces = data.split(lt)
    longest = max(run + len(pieces[0]), max(map(len, pieces[1:]), default=0))
    if longest > limit:
        raise ReportError("xml_text", limit=limit)
    return len(pieces[-1]) + (run if len(pieces) == 1 else 0)


class _Bytes:
    """Marker: hand the bytes to expat, which knows the declared encoding."""


_BYTES = _Bytes()


def _decoder(first: bytes):
    # UTF-8 (declared or by default) is decoded here, replacing invalid bytes with U+FFFD
    # instead of refusing the whole report: some reporters send a stray Latin-1 byte.
    match = _ENCODING.match(first.lstrip(b"\xef\xbb\xbf"))
    encoding = match.group(1).decode().lower().replace("_", "-") if match else "utf-8"
    if encoding in ("utf-8", "utf8") and not first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    return _BYTES


class Reader:
    """expat's events, a few Python handlers, and nothing built but what a record needs.

    Until <feedback> starts, only its place is checked (the root, or inside a wrapper).
    From then on each child of <feedback> is kept as a small tree of lists,
    ``[name, text, children]`` (text stripped and cut at MAX_TEXT), holding only the
    elements the report's fields come from (``_WANTED``, in the namespace of
    <feedback>); it is read at its end tag and dropped, so memory stays that of one
    record. What is read is what ElementTree's
    find() and findtext() gave: an element's text is the text before its first child,
    and the first element of a name wins (the last among an auth_results entry's fields).
    The same expat parser refuses DTDs and entities (xmlsafe) before any is expanded.
    """

    def __init__(self, report: AggregateReport, on_record, limits: ReadLimits):
        self.report = report
        self.on_record = on_record
        self.max_records = limits.max_records
        self.complete = False          # a whole report was read
        self.whole = False             # </feedback> was met
        self.parser = parser = safe_parser(namespace_separator="}")
        parser.StartElementHandler = self._find_feedback
        parser.EndElementHandler = self._leave_wrapper
        self.depth = 0                 # open elements, until <feedback> starts
        self.inside = False            # <feedback> has started
        self.at_top = _never           # between two children of <feedback>, nothing else open

    def feed(self, data, final: bool = False) -> None:
        if self.complete:
            return
        try:
            self.parser.Parse(data, final)
            self.complete = self.complete or (final and self.whole)
        except expat.ExpatError as error:
            if not self.complete:
                raise xml_error(error) from None

    def _find_feedback(self, name: str, _attributes) -> None:
        self.depth += 1
        namespace, _, local = name.rpartition("}")
        if local != "feedback":
            if self.depth == 1 and local in WRAPPERS:
                return
            raise ReportError("not_report")
        prefix = namespace + "}" if namespace else ""
        self._read_inside({prefix + local: local for local in _WANTED}, [local, "", []])

    def _leave_wrapper(self, _name: str) -> None:
        self.depth -= 1

    def _read_inside(self, names: dict[str, str], feedback: list) -> None:
        """Handlers for the elements inside <feedback>: closures, since they run millions of times.

        Character data goes straight into a list (a C method: no Python call for the
        blanks between elements); it is joined when an element's text is complete,
        and dropped at every tag.
        """
        stack: list = []             # the open element's parent at each level (None: skipped)
        open_ = feedback             # the open element, or None while skipping one
        text_node = None             # the open element, while its text is still being read
        texts: list[str] = []        # character data since the last tag
        append, pop, join, clear = stack.append, stack.pop, "".join, texts.clear
        read = {"record": self._record, "report_metadata": self._metadata, "policy_published": self._policy,
                "version": self._version}

        def start(name: str, _attributes) -> None:
            nonlocal open_, text_node
            if text_node is not None:  # its text ends at its first child, as in ElementTree
                text_node[1] = join(texts).strip()[:MAX_TEXT]
            clear()
            parent = open_
            append(parent)
            # A leaf's children are skipped: no field is read from them (its text still
            # ends at the first one).
            if parent is not None and parent[2] is not None:
                local = names.get(name)
                children = parent[2]
                if local is not None and len(children) < _MAX_CHILDREN:
                    if local in _CONTAINERS:
                        open_ = [local, "", []]
                        text_node = None  # no field is a container's text
                    else:
                        open_ = text_node = [local, "", [] if local in _EITHER else None]
                    children.append(open_)
                    return
            open_ = None
            text_node = None

        def end(_name: str) -> None:
            nonlocal open_, text_node
            if text_node is not None:
                text_node[1] = join(texts).strip()[:MAX_TEXT]
                text_node = None
            clear()
            node = open_
            if not stack:  # </feedback>
                self._close()
                return
            parent = open_ = pop()
            if parent is feedback and node is not None:
                feedback[2].clear()
                reader = read.get(node[0])
                if reader is not None:
                    reader(node)

        self.inside = True
        self.at_top = lambda: not stack and not self.whole

        def bound(*_args) -> None:
            # A comment, a processing instruction or a CDATA section: text split by
            # thousands of them must not pile up (a run without any is bounded by
            # _longest_text).
            if text_node is None:
                clear()
            elif len(texts) > 64:
                texts[:] = [_shorten(join(texts))]

        parser = self.parser
        parser.CharacterDataHandler = texts.append
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CommentHandler = parser.ProcessingInstructionHandler = parser.StartCdataSectionHandler = bound

    def _close(self) -> None:
        self.whole = True
        # Inside a wrapper, nothing after </feedback> is read (ikea.com never closes
        # its wrapper); as the root, the document must still end well.
        self.complete = self.depth > 1
        self.parser.StartElementHandler = self.parser.EndElementHandler = None

    def _version(self, element: list) -> None:
        self.report.version = _strip(element[1])

    def _metadata(self, element: list) -> None:
        report, first = self.report, _firsts(element)
        report.org_name = first.get("org_name", _NONE)[1]
        report.email = first.get("email", _NONE)[1]
        report.report_id = first.get("report_id", _NONE)[1]
        dates = {}
        for child in element[2]:   # "date_range/begin": the first <begin> of any <date_range>
            if child[0] == "date_range":
                for name, value in _firsts(child).items():
                    dates.setdefault(name, value)
        report.begin = whole_number(dates.get("begin", _NONE)[1])
        report.end = whole_number(dates.get("end", _NONE)[1])
        report.errors = [_strip(child[1]) for child in element[2] if child[0] == "error"][:20]

    def _policy(self, element: list) -> None:
        first = _firsts(element)
        for name in _POLICY:
            value = first.get(name, _NONE)[1]
            setattr(self.report, name, value.lower() if name in _LOWER_POLICY else value)

    def _record(self, element: list) -> None:
        values: dict = {}
        reasons, dkim_results, spf_results = [], [], []
        first = _firsts(element)
        row = first.get("row")
        if row is not None:
            fields = _firsts(row)
            values["source_ip"] = fields.get("source_ip", _NONE)[1]
            values["count"] = whole_number(fields.get("count", _NONE)[1]) or 0
            evaluated = fields.get("policy_evaluated")
            if evaluated is not None:
                fields = _firsts(evaluated)
                values["disposition"] = fields.get("disposition", _NONE)[1].lower()
                values["dkim"] = fields.get("dkim", _NONE)[1].lower()
                values["spf"] = fields.get("spf", _NONE)[1].lower()
                for reason in evaluated[2]:
                    if reason[0] == "reason":
                        kind = _firsts(reason).get("type", _NONE)[1].lower()
                        if kind:
                            reasons.append(kind)
        identifiers = first.get("identifiers")
        if identifiers is not None:
            fields = _firsts(identifiers)
            values["header_from"] = fields.get("header_from", _NONE)[1].lower()
            values["envelope_from"] = fields.get("envelope_from", _NONE)[1].lower()
            values["envelope_to"] = fields.get("envelope_to", _NONE)[1].lower()
        results = first.get("auth_results")
        if results is not None:
            for item in results[2]:
                if item[0] not in _EITHER:
                    continue  # neither <dkim> nor <spf>: nothing is read from it
                fields = {child[0]: child for child in item[2]}  # the last of a name wins
                if item[0] == "dkim":
                    dkim_results.append((fields.get("domain", _NONE)[1], fields.get("selector", _NONE)[1],
                                         fields.get("result", _NONE)[1].lower()))
                elif item[0] == "spf":
                    spf_results.append((fields.get("domain", _NONE)[1], fields.get("scope", _NONE)[1].lower(),
                                        fields.get("result", _NONE)[1].lower()))
        self.deliver(Record(**values, reasons=tuple(reasons), dkim_results=tuple(dkim_results),
                            spf_results=tuple(spf_results)))

    def deliver(self, record: Record) -> None:
        report = self.report
        report.records += 1
        if report.records > self.max_records:
            raise ReportError("too_many_records", limit=self.max_records)
        report.messages += record.count
        self.on_record(report, record)


def xml_error(error: expat.ExpatError) -> ReportError:
    detail = expat.ErrorString(error.code) if error.code else str(error)
    return ReportError("xml", line=error.lineno, column=error.offset + 1, detail=detail)


def _never() -> bool:
    return False


# The elements the fields come from; any other is skipped with all it holds.
_WANTED = ("record", "row", "source_ip", "count", "policy_evaluated", "disposition", "dkim", "spf", "reason",
           "type", "identifiers", "header_from", "envelope_from", "envelope_to", "auth_results", "domain",
           "selector", "scope", "result", "report_metadata", "org_name", "email", "report_id", "date_range",
           "begin", "end", "error", "version", "policy_published", *_POLICY)
_CONTAINERS = {"record", "row", "policy_evaluated", "reason", "identifiers", "auth_results", "report_metadata",
               "date_range", "policy_published"}
_EITHER = {"dkim", "spf"}  # a leaf in <policy_evaluated>, a container in <auth_results>
_MAX_CHILDREN = 1000   # kept per element: a record of a million <reason>s would otherwise fill memory


def _shorten(text: str) -> str:
    """``text`` cut so that its strip()[:MAX_TEXT] stays what the whole text's would be.

    Leading blanks are dropped; past MAX_TEXT characters, one character is kept: a
    letter when anything but blanks follows (the cut is then final), else a blank.
    """
    text = text.lstrip()
    if len(text) <= MAX_TEXT:
        return text
    return text[:MAX_TEXT] + ("x" if text[MAX_TEXT:].strip() else " ")


_NONE = ("", "", ())  # an element that is not there: findtext() gives ""


def _firsts(element: list) -> dict[str, list]:
    """Each child name to its first element (ElementTree's find())."""
    first: dict = {}
    for child in element[2]:
        first.setdefault(child[0], child)
    return first


def _strip(text: str | None) -> str:
    return text.strip()[:MAX_TEXT] if text else ""


def whole_number(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value >= 0 else None
