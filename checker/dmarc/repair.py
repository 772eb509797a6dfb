"""One corrected DMARC record per name: every problem the check found, repaired at once.

The repaired record keeps what the owner wrote where it is valid, and never copies
back what is known to be wrong (RFC 9989 4.7): the version first and exact, ";"
between tags, one value per tag, an invalid p/sp/np replaced by the policy it most
likely meant, invalid enumerations and unknown or obsolete tags (pct, rf, ri, C.5.2)
dropped so their defaults apply (pct=0 becomes t=y, its RFC 9989 equivalent), report URIs without their obsolete "!size" and
without the invalid ones. With no valid rua left, an address to replace is added.
"""

from __future__ import annotations

from dataclasses import dataclass

from .destinations import parse_uri_list
from .parser import DEFAULTS, ParsedRecord, parse_fo, suggest_policy, _ENUMS

POLICY_TAGS = ("p", "sp", "np")
_RANK = {"none": 0, "quarantine": 1, "reject": 2}


@dataclass(frozen=True)
class Repair:
    record: str
    placeholder: bool          # holds an example address to replace
    changed: bool              # differs from the published record


def repair(record: ParsedRecord, policy_domain: str) -> Repair:
    first = {}
    for name, value in record.tags:
        first.setdefault(name, value.strip())
    tags: list[tuple[str, str]] = []
    policies = {}
    for tag in POLICY_TAGS:
        value = first.get(tag)
        if value is None:
            continue
        policies[tag] = value.lower() if value.lower() in _RANK else suggest_policy(value)
    policies.setdefault("p", "none")
    for tag in ("sp", "np"):   # a weaker subdomain policy is a gap the check reports
        if tag in policies and _RANK[policies[tag]] < _RANK[policies["p"]]:
            policies[tag] = policies["p"]
    tags.extend((tag, policies[tag]) for tag in POLICY_TAGS if tag in policies)
    placeholder = False
    for tag in ("rua", "ruf"):
        uris = _valid_uris(tag, first.get(tag, ""))
        if tag == "rua" and not uris:
            uris, placeholder = [f"mailto:dmarc-reports@{policy_domain}"], True
        if uris:
            tags.append((tag, ",".join(uris)))
    if first.get("pct") == "0" and "t" not in first:
        first["t"] = "y"   # pct=0 meant "do not enforce yet": RFC 9989's testing flag says it (A.6)
    for tag in ("adkim", "aspf", "t", "psd"):
        value = first.get(tag, "").lower()
        if value in _ENUMS[tag] and value != DEFAULTS[tag]:
            tags.append((tag, value))
    fo = parse_fo(first["fo"]) if "fo" in first else None
    if fo and fo != ["0"] and any(tag == "ruf" for tag, _ in tags):
        tags.append(("fo", ":".join(fo)))
    text = "; ".join(["v=DMARC1"] + [f"{tag}={value}" for tag, value in tags])
    return Repair(text, placeholder, text != _canonical(record))


def _valid_uris(tag: str, value: str) -> list[str]:
    """The mailto: URIs receivers can send to (RFC 9990 and 9991 define no other scheme),
    without "!size"; an address written without "mailto:" gets it."""
    result = []
    for uri in parse_uri_list(tag, value)[0] if value else []:
        text = uri.text.split("!", 1)[0] if uri.valid else uri.suggestion
        if not text:
            continue
        [checked] = parse_uri_list(tag, text)[0]
        if checked.valid and checked.scheme == "mailto" and text not in result:
            result.append(text)
    return result


def _canonical(record: ParsedRecord) -> str:
    return "; ".join(["v=DMARC1"] + [f"{name}={value}" for name, value in record.tags])
