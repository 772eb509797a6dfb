"""The MTA-STS policy file (RFC 8461 3.2) and MX host matching (4.1).

Pure functions: text in, data and findings out; never raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dnsname import HOST_LABEL, MAX_NAME
from ..findings import Finding, Severity
from . import codes

MAX_AGE_LIMIT = 31557600          # RFC 8461 3.2: the largest max_age
SHORT_MAX_AGE = 86400             # below a day we warn: weeks are what the RFC expects
MODES = ("enforce", "testing", "none")
REQUIRED = ("version", "mode", "max_age")

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
_LINE = re.compile(r"([^:\s]*):[ \t]*(.*?)[ \t]*")
# RFC 5321 4.1.2 Domain, ASCII only (A-labels), no trailing dot; optional "*." in front.
_MX_PATTERN = re.compile(rf"(\*\.)?{HOST_LABEL}(?:\.{HOST_LABEL})*")
_DIGITS = re.compile(r"[0-9]{1,10}")


@dataclass
class Policy:
    version: str | None = None
    mode: str | None = None
    max_age: int | None = None
    mx: list[str] = field(default_factory=list)              # valid patterns, lower case
    extensions: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def to_json(self) -> dict:
        return {"version": self.version, "mode": self.mode, "max_age": self.max_age,
                "mx": list(self.mx), "extensions": dict(self.extensions), "valid": self.valid}


def parse(text: str) -> Policy:
    """Parse a policy body (CRLF or LF lines). Blank lines are skipped."""
    policy = Policy()
    seen: dict[str, list[str]] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if not line.strip(" \t"):
            continue
        match = _LINE.fullmatch(line)
        if not match or not _KEY.fullmatch(match[1]) or not _valid_value(match[2]):
            policy.findings.append(codes.POLICY_SYNTAX(line_number=number, line=line))
            continue
        key, value = match[1], match[2]
        seen.setdefault(key, []).append(value)
        if key == "mx":
            _add_mx(policy, value)
        elif len(seen[key]) == 1:
            _set(policy, key, value)
    for key, values in seen.items():
        if key != "mx" and len(values) > 1:
            policy.findings.append(codes.POLICY_DUPLICATE_KEY(key=key, used=values[0], ignored=values[1:]))
    unknown = [k for k in seen if k not in (*REQUIRED, "mx")]
    if unknown:
        policy.findings.append(codes.POLICY_UNKNOWN_KEYS(keys=unknown))
    for key in REQUIRED:
        if key not in seen:
            policy.findings.append(codes.POLICY_MISSING_KEY(key=key))
    if "mx" not in seen and policy.mode != "none" and policy.mode in MODES:
        policy.findings.append(codes.POLICY_MISSING_KEY(key="mx"))
    return policy


def _valid_value(value: str) -> bool:
    # ABNF: visible characters (UTF-8 allowed) and inner spaces, no control characters.
    return bool(value) and all(c == " " or (c.isprintable() and not c.isspace()) for c in value)


def _set(policy: Policy, key: str, value: str) -> None:
    if key == "version":
        policy.version = value
        if value != "STSv1":
            policy.findings.append(codes.POLICY_BAD_VERSION(value=value))
    elif key == "mode":
        policy.mode = value
        if value not in MODES:
            policy.findings.append(codes.POLICY_BAD_MODE(value=value))
    elif key == "max_age":
        if _DIGITS.fullmatch(value) and int(value) <= MAX_AGE_LIMIT:
            policy.max_age = int(value)
        else:
            policy.findings.append(codes.POLICY_BAD_MAX_AGE(value=value, maximum=MAX_AGE_LIMIT))
    else:
        policy.extensions[key] = value


def _add_mx(policy: Policy, value: str) -> None:
    if _MX_PATTERN.fullmatch(value) and len(value.removeprefix("*.")) <= MAX_NAME:
        policy.mx.append(value.lower())
    else:
        policy.findings.append(codes.POLICY_BAD_MX(value=value))


def mx_matches(pattern: str, host: str) -> bool:
    """RFC 8461 4.1: "*." matches exactly one whole left-most label; case does not matter."""
    pattern, host = pattern.lower(), host.lower().rstrip(".")
    if pattern.startswith("*."):
        head, dot, rest = host.partition(".")
        return bool(head) and bool(dot) and rest == pattern[2:]
    return host == pattern


def uncovered_hosts(patterns: list[str], hosts: list[str]) -> list[str]:
    """The MX hosts no pattern matches, in the order given."""
    return [h for h in hosts if not any(mx_matches(p, h) for p in patterns)]
