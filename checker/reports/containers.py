"""From a file to the reports inside it: .xml, .json, .gz, .zip and .eml, nested.

    for part in parts(name, read_chunks(stream), limits):
        part.error          # a ReportError: this part could not be opened
        part.kind           # "xml", "json" or "arf" (a failure report's fields)
        part.chunks         # its bytes, decompressed, a chunk at a time

What a file holds is recognised from its first bytes, not from its name (receivers
name attachments inconsistently). Nothing is ever written to disk: an archive
member's name is only a label, and one that climbs out of the archive (``../``) is
refused all the same, since it is the mark of a hostile file.

Every decompression is bounded twice: by size (``max_expanded_bytes``) and by ratio
(``max_ratio``, output over input). The chunk iterators raise ReportError when a
bound is crossed; the reader catches it for that part only.
"""

from __future__ import annotations

import binascii
import email
import email.policy
import email.utils
import io
import quopri
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from .errors import ReportError
from .limits import ReadLimits

Chunks = Iterator[bytes]

# Attachments worth opening in a message: anything named like a report, or typed as one.
REPORT_TYPES = ("application/zip", "application/x-zip-compressed", "application/gzip",
                "application/x-gzip", "application/xml", "text/xml", "application/json",
                "application/tlsrpt+gzip", "application/tlsrpt+json", "application/octet-stream")
REPORT_SUFFIXES = (".xml", ".gz", ".zip", ".json", ".gzip")


@dataclass
class Part:
    name: str
    kind: str = ""
    chunks: Chunks = field(default_factory=lambda: iter(()))
    error: ReportError | None = None
    reporter: str = ""    # "arf": the From: address of the message that carried it


def read_chunks(stream: BinaryIO, limits: ReadLimits) -> Chunks:
    """A file's bytes as read, refusing more than ``max_file_bytes``."""
    total = 0
    while True:
        chunk = stream.read(limits.chunk_bytes)
        if not chunk:
            return
        total += len(chunk)
        if total > limits.max_file_bytes:
            raise ReportError("too_large", limit=limits.max_file_bytes)
        yield chunk


def parts(name: str, chunks: Chunks, limits: ReadLimits, depth: int = 0) -> Iterator[Part]:
    try:
        first, chunks = _peek(chunks)
        kind = sniff(first)
        if kind in ("gzip", "zip", "eml") and depth >= limits.max_nesting:
            raise ReportError("nested", limit=limits.max_nesting)
        if kind == "gzip":
            inner = name[:-3] if name.lower().endswith(".gz") else name
            yield from parts(inner, gunzip(chunks, limits), limits, depth + 1)
        elif kind == "zip":
            yield from _zip_parts(name, _join(chunks, limits), limits, depth)
        elif kind == "eml":
            yield from _message_parts(name, _join(chunks, limits), limits, depth)
        elif kind in ("xml", "json"):
            yield Part(name, kind, chunks)
        elif not first:
            raise ReportError("empty")
        else:
            raise ReportError("not_report")
    except ReportError as error:
        yield Part(name, error=error)


def sniff(first: bytes) -> str:
    """"gzip", "zip", "xml", "json", "eml" or "" from a file's first bytes."""
    if first.startswith(b"\x1f\x8b"):
        return "gzip"
    if first.startswith(b"PK\x03\x04") or first.startswith(b"PK\x05\x06"):
        return "zip"
    text = first.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        return "xml"
    if text.startswith(b"{"):
        return "json"
    if text.startswith(b"From "):
        return "eml"  # a message saved from a mailbox (mbox), its envelope line first
    head = text.split(b"\n", 1)[0]
    if b":" in head and head.split(b":", 1)[0].replace(b"-", b"").isalnum():
        return "eml"  # "Received: ...", "Return-Path: ...": a message's first header
    return ""


def gunzip(chunks: Chunks, limits: ReadLimits) -> Chunks:
    """Decompress gzip (several members too), bounded by size and ratio."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    consumed = produced = 0   # consumed: input bytes the decompressor has actually used
    try:
        for chunk in chunks:
            data = chunk
            while data:
                out = decompressor.decompress(data, limits.chunk_bytes)
                consumed += len(data) - len(decompressor.unconsumed_tail)
                produced += len(out)
                _check_expansion(produced, consumed, limits)
                if out:
                    yield out
                if decompressor.eof:
                    data = decompressor.unused_data
                    if not data.startswith(b"\x1f\x8b"[:len(data)]):
                        return  # trailing bytes after the data (a CRLF, seen from Mimecast): ignored, as gzip does
                    if data:  # another gzip member follows
                        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                else:
                    data = decompressor.unconsumed_tail
        out = decompressor.flush()
        produced += len(out)
        _check_expansion(produced, consumed, limits)
        if out:
            yield out
    except zlib.error as error:
        raise ReportError("gzip", detail=str(error)) from None
    if not decompressor.eof and consumed and produced == 0:
        raise ReportError("gzip", detail="truncated")


def _check_expansion(produced: int, consumed: int, limits: ReadLimits) -> None:
    if produced > limits.max_expanded_bytes:
        raise ReportError("too_large", limit=limits.max_expanded_bytes)
    if produced > limits.ratio_grace_bytes and produced > limits.max_ratio * max(consumed, 1):
        raise ReportError("ratio", limit=limits.max_ratio)


def _zip_parts(name: str, data: bytes, limits: ReadLimits, depth: int) -> Iterator[Part]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError) as error:
        raise ReportError("zip", detail=str(error)) from None
    if len(members) > limits.max_zip_members:
        raise ReportError("zip_members", limit=limits.max_zip_members)
    for member in members:
        label = f"{name}/{member.filename}"
        if _climbs_out(member.filename):
            yield Part(label, error=ReportError("zip_path", member=member.filename))
            continue
        yield from parts(label, _zip_member(archive, member, limits), limits, depth + 1)


def _climbs_out(path: str) -> bool:
    path = path.replace("\\", "/")
    return path.startswith("/") or (len(path) > 1 and path[1] == ":") or ".." in path.split("/")


def _zip_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ReadLimits) -> Chunks:
    produced = 0
    try:
        with archive.open(member) as stream:
            while True:
                chunk = stream.read(limits.chunk_bytes)
                if not chunk:
                    return
                produced += len(chunk)
                # compressed bytes read so far (zipfile keeps what is left to read)
                consumed = member.compress_size - getattr(stream, "_compress_left", 0)
                _check_expansion(produced, consumed, limits)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, ValueError, NotImplementedError, EOFError, RuntimeError) as error:
        raise ReportError("zip", detail=str(error)) from None


def _message_parts(name: str, data: bytes, limits: ReadLimits, depth: int) -> Iterator[Part]:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    found = False
    # A failure report carries a copy of the failed message, whose attachments are not reports.
    failure = any(section.get_content_type() == "message/feedback-report" for section in message.walk())
    for index, section in enumerate(_sections(message, skip_attached=failure), 1):
        if section.get_content_type() == "message/feedback-report":
            found = True
            reporter = email.utils.parseaddr(str(message.get("From", "")))[1]
            yield Part(name, "arf", iter((_feedback_fields(section),)), reporter=reporter[:254])
            continue
        if section.is_multipart():
            continue
        filename = section.get_filename() or ""
        content_type = section.get_content_type()
        if not (filename.lower().endswith(REPORT_SUFFIXES) or content_type in REPORT_TYPES):
            continue
        payload = section.get_payload(decode=True) or b""
        found = True
        label = f"{name}/{filename or f'part-{index}'}"
        yield from parts(label, iter((payload,)), limits, depth + 1)
    if not found and message.get_content_type() in ("application/xml", "text/xml", "application/gzip"):
        # a report sent as the message body itself
        found = True
        yield from parts(name, iter((message.get_payload(decode=True) or b"",)), limits, depth + 1)
    if not found:
        raise ReportError("no_report")


def _sections(message, skip_attached: bool) -> Iterator:
    """message.walk(), optionally without going into attached messages."""
    yield message
    if message.get_content_type() == "message/feedback-report" or (
            skip_attached and message.get_content_type() == "message/rfc822"):
        return
    payload = message.get_payload()
    if isinstance(payload, list):
        for part in payload:
            yield from _sections(part, skip_attached)


def _feedback_fields(section) -> bytes:
    """The fields of a message/feedback-report part, as bytes (some senders base64 them)."""
    payload = section.get_payload()
    if not isinstance(payload, list):
        return section.get_payload(decode=True) or b""
    inner = payload[0] if payload else None
    if inner is None:
        return b""
    encoding = str(section.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding in ("base64", "quoted-printable"):
        body = inner.get_payload()
        text = body if isinstance(body, str) else ""
        return (binascii.a2b_base64(text.encode("ascii", "ignore")) if encoding == "base64"
                else quopri.decodestring(text.encode("ascii", "ignore")))
    # written back as they came (as_bytes() would need email.generator, not shipped to the browser)
    # (surrogateescape: the bytes the parser could not decode go back as they were)
    return "".join(f"{name}: {value}\n" for name, value in inner.raw_items()).encode("utf-8", "surrogateescape")


def _peek(chunks: Chunks) -> tuple[bytes, Chunks]:
    for first in chunks:
        if first:
            def chained() -> Chunks:
                yield first
                yield from chunks
            return first, chained()
    return b"", iter(())


def _join(chunks: Chunks, limits: ReadLimits) -> bytes:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > limits.max_expanded_bytes:
            raise ReportError("too_large", limit=limits.max_expanded_bytes)
    return bytes(buffer)
