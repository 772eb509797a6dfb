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
from .xmlsafe import PrologGuard

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
    guard = PrologGuard()
    decoder = None
    try:
        for chunk in chunks:
            if decoder is None:
                decoder = _decoder(chunk)
            data = decoder.decode(chunk) if decoder is not _BYTES else chunk
            guard.feed(data)  # before the tree builder sees it: a DTD is refused unread
            reader.feed(data)
        if decoder not in (None, _BYTES):
            reader.feed(decoder.decode(b"", True))
        reader.close()
    except ET.ParseError as error:
        if not reader.complete:
            raise _malformed(error) from None
        # A whole <feedback> was read: what is wrong comes after it or around it
        # (ikea.com wraps reports in an <xs:schema> element it never closes).
    if not reader.complete:
        raise ReportError("not_report")
    return report


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
    """ElementTree's C parser builds each <record>; it is read, then dropped."""

    def __init__(self, report: AggregateReport, on_record, limits: ReadLimits):
        self.report = report
        self.on_record = on_record
        self.limits = limits
        self.parser = ET.XMLPullParser(("start", "end"))
        self.stack: list[ET.Element] = []
        self.complete = False
        self.paths: _Paths | None = None

    def feed(self, data) -> None:
        self.parser.feed(data)
        self._events()

    def close(self) -> None:
        self.parser.close()
        self._events()

    def _events(self) -> None:
        stack = self.stack
        for event, element in self.parser.read_events():
            if event == "start":
                if len(stack) < 2:
                    self._check_start(element)
                stack.append(element)
                continue
            stack.pop()
            paths = self.paths
            if paths is None:
                continue
            depth, level = len(stack), paths.level   # level: the depth of <feedback>'s children
            if depth > level:
                continue  # inside a record or the metadata: read when that ends
            if depth < level:
                self.complete = self.complete or element.tag == paths.feedback
                continue
            tag = element.tag
            if tag == paths.record:
                self._record(element)
            elif tag == paths.report_metadata:
                self._metadata(element)
            elif tag == paths.policy_published:
                self._policy(element)
            elif tag == paths.version:
                self.report.version = (element.text or "").strip()[:MAX_TEXT]
            stack[-1].remove(element)  # read: dropped, so memory does not grow with the report

    def _check_start(self, element: ET.Element) -> None:
        namespace, _, name = element.tag.rpartition("}")
        if not self.stack:
            if name == "feedback":
                self.paths = _Paths(namespace + "}" if namespace else "", wrapped=False)
            elif name not in WRAPPERS:
                raise ReportError("not_report")
        elif self.paths is None:  # inside a wrapper
            if name != "feedback":
                raise ReportError("not_report")
            self.paths = _Paths(namespace + "}" if namespace else "", wrapped=True)

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
        # Children are walked directly (ElementPath with "a/b" runs in Python: slower).
        p, report = self.paths, self.report
        record = Record()
        for part in element:
            tag = part.tag
            if tag == p.row:
                for item in part:
                    name = item.tag
                    if name == p.source_ip:
                        record.source_ip = _strip(item.text)
                    elif name == p.count:
                        record.count = _integer(_strip(item.text)) or 0
                    elif name == p.policy_evaluated:
                        for field in item:
                            name = field.tag
                            if name == p.disposition:
                                record.disposition = _strip(field.text).lower()
                            elif name == p.dkim:
                                record.dkim = _strip(field.text).lower()
                            elif name == p.spf:
                                record.spf = _strip(field.text).lower()
                            elif name == p.reason:
                                kind = _strip(field.findtext(p.type)).lower()
                                if kind:
                                    record.reasons.append(kind)
            elif tag == p.identifiers:
                for item in part:
                    name = item.tag
                    if name == p.header_from:
                        record.header_from = _strip(item.text).lower()
                    elif name == p.envelope_from:
                        record.envelope_from = _strip(item.text).lower()
                    elif name == p.envelope_to:
                        record.envelope_to = _strip(item.text).lower()
            elif tag == p.auth_results:
                for item in part:
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

    def __init__(self, ns: str, wrapped: bool):
        self.ns = ns
        self.level = 2 if wrapped else 1

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
