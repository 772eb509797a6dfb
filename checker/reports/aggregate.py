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
import xml.etree.ElementTree as ET
from typing import Callable, Iterator

from .errors import ReportError
from .limits import ReadLimits
from .xmlsafe import XmlGuard

MAX_TEXT = 4096  # longer element text is cut: no report field needs more
WRAPPERS = {"schema"}  # elements seen around <feedback> in real reports


class AggregateReport:
    __slots__ = ("org_name", "email", "report_id", "begin", "end", "version", "domain", "adkim",
                 "aspf", "p", "sp", "np", "pct", "testing", "records", "messages", "errors")

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, "")
        self.begin = self.end = None
        self.records = self.messages = 0
        self.errors = []

    def metadata(self) -> dict:
        return {"org_name": self.org_name, "email": self.email, "report_id": self.report_id,
                "begin": self.begin, "end": self.end, "domain": self.domain,
                "policy": {k: getattr(self, k) for k in ("p", "sp", "np", "pct", "adkim", "aspf", "testing")
                           if getattr(self, k)},
                "records": self.records, "messages": self.messages}


class Record:
    __slots__ = ("source_ip", "count", "disposition", "dkim", "spf", "reasons", "header_from",
                 "envelope_from", "envelope_to", "dkim_results", "spf_results")

    def __init__(self):
        self.source_ip = self.disposition = self.dkim = self.spf = ""
        self.header_from = self.envelope_from = self.envelope_to = ""
        self.count = 0
        self.reasons: list[str] = []                            # override types
        self.dkim_results: list[tuple[str, str, str]] = []      # (domain, selector, result)
        self.spf_results: list[tuple[str, str, str]] = []       # (domain, scope, result)


_POLICY = ("domain", "adkim", "aspf", "p", "sp", "np", "pct", "testing")
_LOWER_POLICY = {"adkim", "aspf", "p", "sp", "np", "testing"}
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def read_aggregate(chunks: Iterator[bytes], on_record: Callable[[AggregateReport, Record], None],
                   limits: ReadLimits) -> AggregateReport:
    """Read one report; raises ReportError (not_report, xml, xml_dtd, too_many_records...)."""
    report = AggregateReport()
    reader = _Reader(report, on_record, limits)
    guard = XmlGuard()
    decoder = None
    text_run = 0
    try:
        for chunk in chunks:
            if decoder is None:
                decoder = _decoder(chunk)
            data = decoder.decode(chunk) if decoder is not _BYTES else chunk
            guard.feed(data)  # before the tree builder sees it: a DTD is refused unread
            text_run = _longest_text(data, text_run, limits.max_text_chars)
            reader.feed(data)
        rest = decoder.decode(b"", True) if decoder not in (None, _BYTES) else b""
        guard.feed(rest, final=True)
        reader.feed(rest)
        reader.close()
    except ET.ParseError as error:
        if not reader.complete:
            raise (guard.report_error() or _malformed(error)) from None
        # A whole <feedback> was read: what is wrong comes after it or around it
        # (ikea.com wraps reports in an <xs:schema> element it never closes).
    if not reader.complete:
        raise ReportError("not_report")
    return report


def _longest_text(data, run: int, limit: int) -> int:
    """The text run (characters without a tag) at the end of ``data``; refuses one over ``limit``.

    The tree builder keeps an element's text whole until the next tag: a report made
    of one endless text would fill memory, whatever the bounds on decompression.
    """
    pieces = data.split(b"<" if isinstance(data, bytes) else "<")
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


def _malformed(error: ET.ParseError) -> ReportError:
    line, column = getattr(error, "position", (0, 0))
    detail = str(error).split(":", 1)[0]
    return ReportError("xml", line=line, column=column + 1, detail=detail)


class _Reader:
    """ElementTree's C parser builds the records; each is read, then dropped.

    Until <feedback> starts, start and end events are followed, to find it. From then
    on, when <feedback> is the document, the parser sends no events at all: after each
    chunk, every child of <feedback> but the last (the only one that may still be
    open) is complete, is read and detached, so memory stays that of one chunk and
    Python does nothing per element. Inside a wrapper, end events tell when
    <feedback> is complete, since the wrapper may never be closed.
    """

    def __init__(self, report: AggregateReport, on_record, limits: ReadLimits):
        self.report = report
        self.on_record = on_record
        self.limits = limits
        self.parser = ET.XMLPullParser(("start", "end"))
        self.stack: list[ET.Element] = []
        self.complete = False
        self.paths: _Paths | None = None
        self.feedback: ET.Element | None = None
        self.silent = False   # no more events: children are read from the tree
        self.unknown = 0

    def feed(self, data) -> None:
        self.parser.feed(data)
        self._events()
        if self.silent:
            self._read_children(keep_last=True)

    def close(self) -> None:
        self.parser.close()  # raises ParseError when the document is not whole
        self._events()
        if self.silent:
            self._read_children(keep_last=False)
            self.complete = self.feedback is not None

    def _read_children(self, keep_last: bool) -> None:
        feedback = self.feedback
        done = len(feedback) - 1 if keep_last else len(feedback)
        if done <= 0:
            return
        paths, record_tag = self.paths, self.paths.record
        for child in feedback[:done]:
            tag = child.tag
            if tag == record_tag:
                self._record(child)
            elif tag == paths.report_metadata:
                self._metadata(child)
            elif tag == paths.policy_published:
                self._policy(child)
            elif tag == paths.version:
                self.report.version = _strip(child.text)
        del feedback[:done]

    def _pending(self):
        # The queue itself when this Python has it (CPython 3.4 to 3.14 at least):
        # read_events() is a generator, and the events of a report are counted in millions.
        queue = getattr(self.parser, "_events_queue", None)
        if queue is None:
            yield from self.parser.read_events()
            return
        popleft = queue.popleft
        while queue:
            item = popleft()
            if item.__class__ is not tuple:
                raise item  # a ParseError, queued where it happened
            yield item

    def _events(self) -> None:
        if self.silent:
            return
        events = self._pending()
        if self.feedback is None:
            for event, element in events:
                if event == "start":
                    if len(self.stack) < 2:
                        self._check_start(element)
                    self.stack.append(element)
                    if self.feedback is not None:
                        if len(self.stack) == 1 and self._set_events(()):
                            self.silent = True
                            self.parser._events_queue.clear()
                            return
                        self._set_events(("end",))
                        break
                else:
                    self.stack.pop()
            else:
                return
        paths, feedback, record_tag = self.paths, self.feedback, self.paths.record
        for event, element in events:
            if event != "end":
                continue  # queued before the switch to end events only
            tag = element.tag
            if tag == record_tag:
                self._record(element)
                del feedback[:]
            elif tag == paths.report_metadata:
                self._metadata(element)
                del feedback[:]
            elif tag == paths.policy_published:
                self._policy(element)
                del feedback[:]
            elif tag == paths.version:
                self.report.version = _strip(element.text)
            elif tag == paths.feedback:
                self.complete = True
            else:
                self.unknown += 1
                if self.unknown % 4096 == 0:
                    del feedback[:]  # elements of no schema, by the thousand: dropped unread

    def _set_events(self, events: tuple[str, ...]) -> bool:
        try:
            self.parser._parser._setevents(self.parser._events_queue, events)
        except AttributeError:
            return False  # another Python: all events keep coming, and are skipped
        return True

    def _check_start(self, element: ET.Element) -> None:
        namespace, _, name = element.tag.rpartition("}")
        if not self.stack:
            if name == "feedback":
                self.paths = _Paths(namespace + "}" if namespace else "")
                self.feedback = element
            elif name not in WRAPPERS:
                raise ReportError("not_report")
        elif self.paths is None:  # inside a wrapper
            if name != "feedback":
                raise ReportError("not_report")
            self.paths = _Paths(namespace + "}" if namespace else "")
            self.feedback = element

    def _metadata(self, element: ET.Element) -> None:
        p, report = self.paths, self.report
        report.org_name = _text(element, p.ns + "org_name")
        report.email = _text(element, p.ns + "email")
        report.report_id = _text(element, p.ns + "report_id")
        report.begin = _integer(_text(element, p.begin))
        report.end = _integer(_text(element, p.end))
        report.errors = [(e.text or "").strip()[:MAX_TEXT] for e in element.findall(p.ns + "error")[:20]]

    def _policy(self, element: ET.Element) -> None:
        for name in _POLICY:
            value = _text(element, self.paths.ns + name)
            setattr(self.report, name, value.lower() if name in _LOWER_POLICY else value)

    def _record(self, element: ET.Element) -> None:
        # find() and findtext() with one plain tag run in C; "a/b" paths would not.
        p, report = self.paths, self.report
        record = Record()
        row = element.find(p.row)
        if row is not None:
            record.source_ip = _strip(row.findtext(p.source_ip))
            record.count = _integer(_strip(row.findtext(p.count))) or 0
            evaluated = row.find(p.policy_evaluated)
            if evaluated is not None:
                record.disposition = _strip(evaluated.findtext(p.disposition)).lower()
                record.dkim = _strip(evaluated.findtext(p.dkim)).lower()
                record.spf = _strip(evaluated.findtext(p.spf)).lower()
                for reason in evaluated.iterfind(p.reason):
                    kind = _strip(reason.findtext(p.type)).lower()
                    if kind:
                        record.reasons.append(kind)
        identifiers = element.find(p.identifiers)
        if identifiers is not None:
            record.header_from = _strip(identifiers.findtext(p.header_from)).lower()
            record.envelope_from = _strip(identifiers.findtext(p.envelope_from)).lower()
            record.envelope_to = _strip(identifiers.findtext(p.envelope_to)).lower()
        results = element.find(p.auth_results)
        if results is not None:
            for item in results:
                fields = {f.tag: _strip(f.text) for f in item}
                if item.tag == p.dkim:
                    record.dkim_results.append((fields.get(p.domain, ""), fields.get(p.selector, ""),
                                                fields.get(p.result, "").lower()))
                elif item.tag == p.spf:
                    record.spf_results.append((fields.get(p.domain, ""), fields.get(p.scope, "").lower(),
                                               fields.get(p.result, "").lower()))
        report.records += 1
        if report.records > self.limits.max_records:
            raise ReportError("too_many_records", limit=self.limits.max_records)
        report.messages += record.count
        self.on_record(report, record)


class _Paths:
    """ElementPath expressions for one namespace (none, or RFC 9990's)."""

    def __init__(self, ns: str):
        self.ns = ns

        def path(*names: str) -> str:
            return "/".join(ns + n for n in names)

        self.feedback = path("feedback")
        self.record = path("record")
        self.report_metadata = path("report_metadata")
        self.policy_published = path("policy_published")
        self.version = path("version")
        self.begin = path("date_range", "begin")
        self.end = path("date_range", "end")
        for name in ("row", "source_ip", "count", "policy_evaluated", "disposition", "dkim", "spf", "reason",
                     "type", "identifiers", "header_from", "envelope_from", "envelope_to", "auth_results",
                     "domain", "selector", "scope", "result"):
            setattr(self, name, ns + name)


def _strip(text: str | None) -> str:
    return text.strip()[:MAX_TEXT] if text else ""


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(path) or "").strip()[:MAX_TEXT]


def _integer(text: str) -> int | None:
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value >= 0 else None
