"""A BIMI assertion record (draft-brand-indicators-for-message-identification), parsed and judged.

Pure: text in, :class:`BimiRecord` out, never an exception. The draft uses the
RFC 6376 tag=value syntax and forbids receivers to fix syntax or case errors, so
nothing is fixed here either: ``V=BIMI1``, ``L=`` or ``avp=Brand`` are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..taglist import parse_tag_list
from ..findings import Finding
from . import codes
from .uri import judge_https_uri

KNOWN_TAGS = ("v", "l", "a", "lps", "avp")
AVATAR_PREFERENCES = ("brand", "personal")
# bimi-version = "v" *WSP "=" *WSP "BIMI1", then a separator or the end.
_VERSION = re.compile(r"v[ \t]*=[ \t]*BIMI1[ \t]*(?:;|\Z)")
_LPS_PREFIX = re.compile(r"[A-Za-z0-9-]{1,63}\Z")
SVG_SUFFIXES = (".svg", ".svgz")   # the IANA BIMI formats registry: SVG and SVGZ only
OTHER_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico",
                        ".tif", ".tiff", ".avif", ".heic", ".heif", ".jxl", ".jp2", ".pdf", ".eps")


def is_bimi_record(text: str) -> bool:
    """Does ``text`` start with the exact version tag? Other records are discarded."""
    return bool(_VERSION.match(text))


def looks_like_bimi(text: str) -> bool:
    """A record meant as BIMI but not starting exactly with "v=BIMI1" ("V=bimi1 ;", " v=BIMI1")."""
    return "".join(text.split()).lower().startswith("v=bimi")


def corrected_version(text: str) -> str | None:
    """A look-alike record with its first tag written ``v=BIMI1``, or None when that is a guess."""
    tag_list = parse_tag_list(text)
    first = tag_list.first()
    if not tag_list.well_formed or first is None or first[0].lower() != "v":
        return None
    if not re.fullmatch(r"bimi[0-9]*", first[1], re.IGNORECASE):
        return None  # "v=bimi1 l=..." (a missing ";"): more than the version to guess
    return "; ".join(["v=BIMI1", *(f"{name}={value}" for name, value in tag_list.tags[1:])])


@dataclass
class BimiRecord:
    valid: bool = True                       # syntax and version as the draft requires
    tags: dict[str, str] = field(default_factory=dict)
    location: str | None = None              # l= as written; "" when empty; None when absent
    location_ok: bool = False                # l= is an HTTPS URI a receiver can fetch
    evidence: str | None = None              # a= as written; "" when empty; None when absent
    evidence_ok: bool = False
    lps: list[str] | None = None             # local-part selector prefixes, when lps= is valid
    avatar_preference: str = "brand"         # avp=, "brand" when absent or invalid
    declined: bool = False                   # l= and a= empty: an explicit refusal
    unknown_tags: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "tags": self.tags,
            "location": self.location,
            "location_ok": self.location_ok,
            "evidence": self.evidence,
            "evidence_ok": self.evidence_ok,
            "lps": self.lps,
            "avp": self.avatar_preference,
            "declined": self.declined,
            "unknown_tags": self.unknown_tags,
        }


def parse_bimi_record(text: str) -> BimiRecord:
    record = BimiRecord()
    found = record.findings.append
    if not is_bimi_record(text):
        found(version_invalid(text))
        record.valid = False
    tag_list = parse_tag_list(text)
    tags = record.tags = tag_list.as_dict()
    record.findings.extend(tag_list.syntax_findings(codes))
    if not tag_list.well_formed:
        record.valid = False

    _read_locations(record, tags)
    _read_options(record, tags)
    record.unknown_tags = [name for name in tags if name not in KNOWN_TAGS]
    if record.unknown_tags:
        found(codes.UNKNOWN_TAGS(tags=record.unknown_tags))
    if record.valid and record.location_ok:
        found(codes.RECORD_OK(location=record.location))
    return record


def version_invalid(text: str, name: str | None = None) -> Finding:
    """bimi.version_invalid for ``text``, with the corrected record when one can be written."""
    correction = corrected_version(text)
    if correction is None:
        return codes.VERSION_INVALID(published=text)
    if name is None:
        return codes.VERSION_INVALID(published=text, record=correction)
    return codes.VERSION_INVALID(published=text, record=correction, name=name)


def _read_locations(record: BimiRecord, tags: dict[str, str]) -> None:
    found = record.findings.append
    location, evidence = tags.get("l"), tags.get("a")
    record.location, record.evidence = location, evidence
    if location is None:
        found(codes.LOCATION_MISSING())
        record.valid = False
    elif location:
        record.location_ok = _judge_location(record, location)
    if evidence:
        record.evidence_ok = _judge_evidence(record, evidence)

    if location == "" and not evidence:
        record.declined = True
        found(codes.DECLINED(lps=_lps_list(tags.get("lps"))))
    elif location == "" and evidence:
        found(codes.LOCATION_EMPTY(evidence=evidence))
    elif location and not evidence:
        found(codes.EVIDENCE_MISSING())


def _judge_location(record: BimiRecord, value: str) -> bool:
    found = record.findings.append
    verdict = judge_https_uri(value)
    if verdict.problem == "not_https":
        found(codes.LOCATION_NOT_HTTPS(value=value, scheme=verdict.scheme))
        return False
    if not verdict.ok:
        found(codes.LOCATION_INVALID(value=value, reason=verdict.problem))
        return False
    suffix = _suffix(verdict.path)
    if suffix in SVG_SUFFIXES:
        return True
    if suffix in OTHER_IMAGE_SUFFIXES:
        # The draft: a URI ending with another image format suffix is a permanent error.
        found(codes.LOGO_NOT_SVG(value=value, suffix=suffix))
        return False
    found(codes.LOGO_SUFFIX_MISSING(value=value))
    return True


def _judge_evidence(record: BimiRecord, value: str) -> bool:
    found = record.findings.append
    verdict = judge_https_uri(value)
    if verdict.problem == "not_https":
        found(codes.EVIDENCE_NOT_HTTPS(value=value, scheme=verdict.scheme))
        return False
    if not verdict.ok:
        found(codes.EVIDENCE_INVALID(value=value, reason=verdict.problem))
        return False
    found(codes.EVIDENCE_PRESENT(url=value))
    return True


def _read_options(record: BimiRecord, tags: dict[str, str]) -> None:
    found = record.findings.append
    if "lps" in tags:
        record.lps = _lps_list(tags["lps"])
        if record.lps is None:
            found(codes.LPS_INVALID(value=tags["lps"]))
            record.valid = False
    if "avp" in tags:
        if tags["avp"] in AVATAR_PREFERENCES:
            record.avatar_preference = tags["avp"]
        else:
            found(codes.AVP_INVALID(value=tags["avp"]))


def _lps_list(value: str | None) -> list[str] | None:
    """lps= prefixes: [] for an empty value; None when absent or malformed."""
    if value is None:
        return None
    if value == "":
        return []
    prefixes = [item.strip(" \t") for item in value.split(",")]
    return prefixes if all(_LPS_PREFIX.match(p) for p in prefixes) else None


def _suffix(path: str) -> str:
    last = path.rsplit("/", 1)[-1]
    return "." + last.rsplit(".", 1)[1].lower() if "." in last else ""
