"""DMARC record text -> tags and syntax findings (RFC 9989 4.7, 4.8). Pure and total.

    dmarc-record  = dmarc-version *(dmarc-sep dmarc-tag) [dmarc-sep]
    dmarc-version = "v" equals %s"DMARC1"        ; the value is case-sensitive
    dmarc-sep     = *WSP ";" *WSP
    dmarc-tag     = 1*ALPHA equals 1*dmarc-value ; dmarc-value = %x20-3A / %x3C-7E

Any text gives a result, never an exception. Choices where the grammar is strict
and receivers are lenient (each one documented where it is made):
- tag names and the values of p, sp, np, adkim, aspf, fo, t, psd compare without
  case (ABNF literals are case-insensitive; only DMARC1 is %s);
- empty parts (";;") are skipped, like a trailing ";";
- a duplicated tag: the first value is used, and it is reported.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding
from . import codes
from .destinations import ReportUri, parse_uri_list

WSP = " \t\r\n"   # WSP, plus line breaks some zone editors leave in TXT data
POLICIES = ("none", "quarantine", "reject")
KNOWN_TAGS = ("v", "p", "sp", "np", "adkim", "aspf", "fo", "t", "psd", "rua", "ruf")
OBSOLETE_TAGS = ("pct", "rf", "ri")   # RFC 7489 tags removed by RFC 9989 (C.5.2)

_VERSION = re.compile(r"v[ \t]*=[ \t]*DMARC1[ \t]*(;|\Z)", re.I)   # "v" itself: any case
_VERSION_EXACT_VALUE = re.compile(r"v[ \t]*=[ \t]*DMARC1", re.I)
_NAME = re.compile(r"[A-Za-z]+\Z")
_VALUE = re.compile(r"[\x20-\x3a\x3c-\x7e]*\Z")
_ENUMS = {"adkim": ("r", "s"), "aspf": ("r", "s"), "t": ("y", "n"), "psd": ("y", "n", "u")}
DEFAULTS = {"adkim": "r", "aspf": "r", "fo": "0", "t": "n", "psd": "u"}


# -- is this a DMARC record? ----------------------------------------------------

def starts_with_version(text: str) -> bool:
    """RFC 9989 4.10 step 2: the record starts with the v tag, value exactly DMARC1."""
    match = _VERSION.match(text)
    return bool(match) and text[match.start():match.end()].rstrip(" \t;").endswith("DMARC1")


def classify(text: str) -> tuple[str, str | None, str | None]:
    """("dmarc" | "near_miss" | "unrelated", reason, corrected text) for one TXT text.

    A near miss is a record meant as DMARC that receivers discard; ``reason`` names
    the mistake (codes.VERSION_INVALID) and ``corrected`` is the record as it should
    read when that can be derived.
    """
    if starts_with_version(text):
        return "dmarc", None, None
    stripped = text.strip(WSP)
    if stripped != text and starts_with_version(stripped):
        return "near_miss", "leading_space", stripped
    unquoted = stripped.strip("\"'")
    if unquoted != stripped and starts_with_version(unquoted):
        return "near_miss", "quoted", unquoted
    head = re.match(r"v[ \t]*=[ \t]*(dmarc[0-9]*)([ \t]*)(.?)", stripped, re.I)
    if head:
        value, space, after = head.group(1), head.group(2), head.group(3)
        if value.lower() == "dmarc1" and value != "DMARC1":
            return "near_miss", "version_case", _fix_version(stripped)
        if value == "DMARC1" and after not in ("", ";") and (space or not after.isalnum()):
            # "v=DMARC1 p=reject" or "v=DMARC1, p=reject": no ";" after the version
            corrected = "v=DMARC1; " + stripped[head.start(3):] if space and after.isalpha() else None
            return "near_miss", "missing_separator", corrected
        return "near_miss", "version_value", None
    parts = [part.strip(WSP) for part in stripped.split(";")]
    for index, part in enumerate(parts):
        if index and _VERSION_EXACT_VALUE.fullmatch(part):
            rest = [p for i, p in enumerate(parts) if i != index and p]
            return "near_miss", "not_first", "; ".join(["v=DMARC1"] + rest)
    return "unrelated", None, None


def _fix_version(text: str) -> str:
    return re.sub(r"\Av[ \t]*=[ \t]*dmarc1", "v=DMARC1", text, count=1, flags=re.I)


def is_spf(text: str) -> bool:
    return re.match(r"v=spf1(\s|\Z)", text.strip(WSP), re.I) is not None


# -- the record's tags ----------------------------------------------------------

@dataclass
class ParsedRecord:
    text: str
    is_dmarc: bool
    tags: list[tuple[str, str]] = field(default_factory=list)   # (name lower, value) in order
    values: dict[str, Any] = field(default_factory=dict)        # valid values only, no defaults
    rua: list[ReportUri] = field(default_factory=list)
    ruf: list[ReportUri] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)       # syntax findings
    invalid_policy: list[tuple[str, str]] = field(default_factory=list)   # (tag, value) p/sp/np
    empty: bool = False                                         # nothing after v=DMARC1

    @property
    def psd(self) -> str:
        return self.values.get("psd", "u")

    def valid_uris(self, tag: str) -> list[ReportUri]:
        return [u for u in (self.rua if tag == "rua" else self.ruf) if u.valid]

    @property
    def applies(self) -> bool:
        """RFC 9989 4.10.1: without a valid p, or with an invalid sp/np, DMARC applies (as p=none)
        only when rua holds a valid URI.

        A record with no p at all is read the same way: 4.10.1 speaks of a record that
        "does not contain a valid p tag", which 4.7's "treated as if it included p=none"
        does not contradict when a rua is present, and without a rua a receiver following
        4.10.1 applies no DMARC at all. Either way, nothing is enforced.
        """
        return ("p" in self.values and not self.invalid_policy) or bool(self.valid_uris("rua"))

    def policies(self) -> dict[str, str]:
        """p, sp, np with their defaults; all "none" when an invalid one forces p=none."""
        if self.invalid_policy:
            return {"p": "none", "sp": "none", "np": "none"}
        p = self.values.get("p", "none")
        sp = self.values.get("sp", p)
        return {"p": p, "sp": sp, "np": self.values.get("np", sp)}

    def effective(self) -> dict[str, Any]:
        """Every tag with its default applied (JSON-ready)."""
        values = {"v": "DMARC1", **self.policies()}
        for tag in ("adkim", "aspf", "t", "psd"):
            values[tag] = self.values.get(tag, DEFAULTS[tag])
        values["fo"] = self.values.get("fo", ["0"])
        values["rua"] = [u.text for u in self.valid_uris("rua")]
        values["ruf"] = [u.text for u in self.valid_uris("ruf")]
        pct = next((v for n, v in self.tags if n == "pct"), None)
        if pct is not None and pct.isdigit() and int(pct) <= 100:
            values["pct"] = int(pct)   # obsolete (RFC 7489); still read by BIMI's draft
        return values

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "tags": [[n, v] for n, v in self.tags],
                "explicit": sorted(self.values), "effective": self.effective(),
                "rua": [u.to_json() for u in self.rua], "ruf": [u.to_json() for u in self.ruf]}

    def rebuilt(self, set_tags: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> str:
        """The record text with tags replaced, added (at the end) or removed, for fixes.
        Tags RFC 9989 removed (pct, rf, ri) are never copied into a record to publish."""
        set_tags = dict(set_tags or {})
        parts = ["v=DMARC1"]
        seen: set[str] = set()
        for name, value in self.tags:
            if name in drop or name in OBSOLETE_TAGS or name in seen:
                continue
            seen.add(name)
            parts.append(f"{name}={set_tags.pop(name, value)}")
        if "p" in set_tags and "p" not in seen:   # p reads best right after v
            parts.insert(1, f"p={set_tags.pop('p')}")
        parts.extend(f"{name}={value}" for name, value in set_tags.items())
        return "; ".join(parts)


def parse_record(text: str) -> ParsedRecord:
    """Parse one TXT text. A text that does not start with v=DMARC1 gives is_dmarc False."""
    if not isinstance(text, str):
        text = str(text)
    if not starts_with_version(text):
        return ParsedRecord(text, False)
    record = ParsedRecord(text, True)
    _, _, rest = text.partition(";")
    repeated: dict[str, list[str]] = {}
    for part in rest.split(";"):
        part = part.strip(WSP)
        if not part:
            continue   # ";;" or a trailing ";": nothing to read; receivers skip it
        name, equals, value = part.partition("=")
        name, value = name.strip(WSP), value.strip(WSP)
        if not equals:
            record.findings.append(codes.TAG_MALFORMED(text=part, reason="no_equals"))
            continue
        if not _NAME.match(name):
            record.findings.append(codes.TAG_MALFORMED(text=part, reason="bad_name"))
            continue
        if not _VALUE.match(value):
            record.findings.append(codes.TAG_MALFORMED(text=part, reason="bad_character"))
            continue
        name = name.lower()
        record.tags.append((name, value))
        repeated.setdefault(name, []).append(value)
    record.empty = not record.tags and not record.findings
    for name, values in repeated.items():
        if len(values) > 1:
            record.findings.append(codes.DUPLICATE_TAG(tag=name, values=values))
        _read_tag(record, name, values[0])
    if "fo" in record.values and not record.valid_uris("ruf"):
        record.findings.append(codes.FO_WITHOUT_RUF(fo=":".join(record.values["fo"])))
    return record


def _read_tag(record: ParsedRecord, name: str, value: str) -> None:
    folded = value.lower()
    if name == "v":
        return   # a second v: reported as a duplicate, nothing else to read
    if name in ("p", "sp", "np"):
        if folded in POLICIES:
            record.values[name] = folded
        else:
            record.invalid_policy.append((name, value))
    elif name in _ENUMS:
        if folded in _ENUMS[name]:
            record.values[name] = folded
        else:
            record.findings.append(codes.TAG_VALUE_INVALID(tag=name, value=value, allowed=list(_ENUMS[name]),
                                                           default=DEFAULTS[name]))
    elif name == "fo":
        options = parse_fo(value)
        if options is None:
            record.findings.append(codes.TAG_VALUE_INVALID(tag=name, value=value, allowed=["0", "1", "d", "s"],
                                                           default=DEFAULTS["fo"]))
        else:
            record.values["fo"] = options
    elif name in ("rua", "ruf"):
        uris, findings = parse_uri_list(name, value)
        setattr(record, name, uris)
        record.findings.extend(findings)
        if any(u.valid for u in uris):
            record.values[name] = [u.text for u in uris if u.valid]
    elif name in OBSOLETE_TAGS:
        record.findings.append(codes.OBSOLETE_TAG(tag=name, value=value))
        if name == "pct" and value.isdigit() and int(value) < 100:
            record.findings.append(codes.PCT_IGNORED(value=int(value), policy=record_policy(record),
                                                     replacement="t=y" if int(value) == 0 else None))
    else:
        record.findings.append(codes.UNKNOWN_TAG(tag=name, value=value))


def record_policy(record: ParsedRecord) -> str:
    """The p value receivers apply (before defaults for sp/np), for messages: an invalid
    or absent p never reaches a sentence as if it were a policy ("apply rejet")."""
    for name, value in record.tags:
        if name == "p":
            return value.lower() if value.lower() in POLICIES else "none"
    return "none"


def parse_fo(value: str) -> list[str] | None:
    """fo options in order, or None when invalid: 0, 1, d, s; each once; not 0 and 1."""
    options = [item.strip(WSP).lower() for item in value.split(":")]
    if not options or any(o not in ("0", "1", "d", "s") for o in options):
        return None
    if len(set(options)) != len(options) or {"0", "1"} <= set(options):
        return None
    return options


def suggest_policy(value: str) -> str:
    """The policy value closest to a misspelt one ("none" when nothing is close)."""
    folded = value.strip().lower()
    for policy in POLICIES:
        if folded and (policy.startswith(folded[:3]) and len(folded) >= 3):
            return policy
    close = difflib.get_close_matches(folded, POLICIES, n=1, cutoff=0.6)
    return close[0] if close else "none"


def lower_policy(policy: str) -> str:
    """t=y: the policy one level lower (RFC 9989 4.7 "t")."""
    return {"reject": "quarantine", "quarantine": "none"}.get(policy, "none")
