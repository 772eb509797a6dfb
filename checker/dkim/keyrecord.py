"""A DKIM key record (RFC 6376 3.6.1, RFC 8301, RFC 8463), parsed and judged.

Pure: text in, :class:`KeyRecord` out, never an exception. The findings do not
carry the ``selector`` parameter; the check adds it (see ``checker.dkim.check``).

When a problem can be corrected without a new key (a PKCS #1 key re-wrapped as
SubjectPublicKeyInfo, ``v=`` moved first, ``k=ed25519`` added, ...), the findings
about it carry ``record``: the whole record with every such correction applied.
No ``record`` is offered when the tag list itself is broken (syntax errors,
duplicate tags: which value was meant is then a guess) or has no ``p=``.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any

from ..findings import CATALOGUE, Finding
from . import codes
from .keys import ED25519_KEY_LENGTH, KeyFormatError, read_public_key, spki_from_rsa_public_key
from ..taglist import parse_tag_list, remove_fws, split_list

KNOWN_TAGS = ("v", "h", "k", "n", "p", "s", "t")
KEY_TYPES = ("rsa", "ed25519")
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z")

MIN_RSA_BITS = 1024        # RFC 8301 3.2: shorter keys MUST NOT be accepted
RECOMMENDED_RSA_BITS = 2048  # RFC 8301 3.2: signers SHOULD use at least this
MAX_VERIFIED_RSA_BITS = 4096  # RFC 8301 3.2: verifiers MUST validate up to this


@dataclass
class KeyRecord:
    valid: bool = True                  # a verifier could use this record
    tags: dict[str, str] = field(default_factory=dict)   # first value of each tag, as written
    key_type: str = "rsa"               # k=, default "rsa"
    hash_algorithms: list[str] | None = None   # h=; None = any (the default)
    services: list[str] = field(default_factory=lambda: ["*"])  # s=
    flags: list[str] = field(default_factory=list)       # t=
    revoked: bool = False               # p= present and empty
    key_format: str | None = None       # "spki", "pkcs1" (RSA) or "raw" (Ed25519)
    key_bits: int | None = None         # RSA modulus length, 256 for Ed25519
    unknown_tags: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    corrected: str | None = None        # the record with mechanical corrections, when any apply
    # tag -> corrected value (None: remove the tag), and the findings those corrections answer
    _changes: dict[str, str | None] = field(default_factory=dict, repr=False)
    _fixable: list[int] = field(default_factory=list, repr=False)

    def fixable(self, finding: Finding, **changes: str | None) -> None:
        """Add ``finding``; publishing the record with ``changes`` would resolve it."""
        self._fixable.append(len(self.findings))
        self.findings.append(finding)
        self._changes.update(changes)

    @property
    def testing(self) -> bool:
        return "y" in self.flags

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "tags": self.tags,
            "key_type": self.key_type,
            "key_bits": self.key_bits,
            "key_format": self.key_format,
            "hash_algorithms": self.hash_algorithms,
            "services": self.services,
            "flags": self.flags,
            "testing": self.testing,
            "revoked": self.revoked,
            "unknown_tags": self.unknown_tags,
            "corrected": self.corrected,
        }


def parse_key_record(text: str) -> KeyRecord:
    record = KeyRecord()
    found = record.findings.append
    tag_list = parse_tag_list(text)
    tags = record.tags = tag_list.as_dict()

    record.findings.extend(tag_list.syntax_findings(codes, draft=True))  # the caller adds the selector
    if not tag_list.well_formed:
        record.valid = False

    if "v" in tags:
        if tag_list.names()[0] != "v":
            record.fixable(codes.VERSION_NOT_FIRST.draft(), v="DKIM1")
            record.valid = False
        if tags["v"] != "DKIM1":  # a string comparison: "DKIM1.0" and "dkim1" are not DKIM1
            record.fixable(codes.VERSION_INVALID.draft(value=tags["v"]), v="DKIM1")
            record.valid = False

    _read_key(record, tags)
    _read_options(record, tags)
    record.unknown_tags = [name for name in tags if name not in KNOWN_TAGS]
    if record.unknown_tags:
        found(codes.UNKNOWN_TAGS.draft(tags=record.unknown_tags))
    # A correction keeps the published key: without p= there is no key record to correct.
    if record._changes and "p" in tags and tag_list.well_formed:
        _offer_correction(record, tag_list.tags)
    return record


def _offer_correction(record: KeyRecord, tags: list[tuple[str, str]]) -> None:
    values = {name: remove_fws(value) if name == "p" else value for name, value in tags}
    order = [name for name, _ in tags]
    for name, value in record._changes.items():
        values[name] = value
        if name not in order:
            order.insert(order.index("p") if "p" in order else len(order), name)
    if "v" in order:
        order.remove("v")
        order.insert(0, "v")
    record.corrected = "; ".join(f"{name}={values[name]}" for name in order if values[name] is not None)
    for index in record._fixable:
        finding = record.findings[index]
        record.findings[index] = CATALOGUE[finding.code].draft(**finding.params, record=record.corrected)


def _read_key(record: KeyRecord, tags: dict[str, str]) -> None:
    found = record.findings.append
    written_type = tags.get("k", "rsa")
    key_type = written_type
    if written_type not in KEY_TYPES:
        case_only = written_type.lower() in KEY_TYPES
        finding = codes.KEY_TYPE_UNKNOWN.draft(value=written_type, case_only=case_only)
        if case_only:
            record.fixable(finding, k=written_type.lower())
        else:
            found(finding)
        record.valid = False
        key_type = written_type.lower() if case_only else ""
    record.key_type = written_type

    if "p" not in tags:
        found(codes.KEY_MISSING.draft())
        record.valid = False
        return
    encoded = remove_fws(tags["p"])
    if not encoded:
        record.revoked = True
        found(codes.KEY_REVOKED.draft())
        return
    if not _BASE64.match(encoded):
        found(codes.KEY_BASE64_INVALID.draft())
        record.valid = False
        return
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):  # the pattern above should make this unreachable
        found(codes.KEY_BASE64_INVALID.draft())
        record.valid = False
        return
    if key_type == "rsa":
        _judge_rsa(record, key)
    elif key_type == "ed25519":
        _judge_ed25519(record, key)


def _judge_rsa(record: KeyRecord, der: bytes) -> None:
    found = record.findings.append
    try:
        key = read_public_key(der)
    except KeyFormatError as error:
        if len(der) == ED25519_KEY_LENGTH:  # likely an Ed25519 key published without k=ed25519
            record.fixable(codes.KEY_DER_INVALID.draft(reason="raw_32_bytes"), k="ed25519")
        else:
            found(codes.KEY_DER_INVALID.draft(reason=error.reason))
        record.valid = False
        return
    if key.algorithm != "rsa":
        mismatch = codes.KEY_ALGORITHM_MISMATCH.draft(key_type="rsa", algorithm=key.algorithm)
        if key.algorithm == "ed25519" and key.key_length == ED25519_KEY_LENGTH:
            record.fixable(mismatch, k="ed25519", p=_base64(key.key))
        else:
            found(mismatch)
        record.valid = False
        return
    record.key_format, record.key_bits = key.form, key.bits
    bits = key.bits or 0
    if key.form == "pkcs1":
        record.fixable(codes.KEY_PKCS1.draft(bits=bits), p=_base64(spki_from_rsa_public_key(der)))
    if bits < MIN_RSA_BITS:
        found(codes.RSA_KEY_TOO_SHORT.draft(bits=bits))
        record.valid = False
    elif bits < RECOMMENDED_RSA_BITS:
        found(codes.RSA_KEY_SHORT.draft(bits=bits))
    elif bits <= MAX_VERIFIED_RSA_BITS:
        found(codes.RSA_KEY_OK.draft(bits=bits))
    else:
        found(codes.RSA_KEY_TOO_LONG.draft(bits=bits))


def _judge_ed25519(record: KeyRecord, key: bytes) -> None:
    found = record.findings.append
    if len(key) == ED25519_KEY_LENGTH:
        record.key_format, record.key_bits = "raw", 8 * ED25519_KEY_LENGTH
        found(codes.ED25519_KEY_OK.draft())
        return
    record.valid = False
    try:
        inside = read_public_key(key)
    except KeyFormatError:
        inside = None
    if inside is not None and inside.algorithm != "ed25519":
        mismatch = codes.KEY_ALGORITHM_MISMATCH.draft(key_type="ed25519", algorithm=inside.algorithm)
        if inside.algorithm == "rsa":
            # The key is RSA: say so, and in the form verifiers expect.
            rewrap = {"p": _base64(spki_from_rsa_public_key(key))} if inside.form == "pkcs1" else {}
            record.fixable(mismatch, k="rsa", **rewrap)
        else:
            found(mismatch)
        return
    wrapped = inside is not None and inside.key_length == ED25519_KEY_LENGTH
    invalid = codes.ED25519_KEY_INVALID.draft(bytes=len(key), spki_wrapped=wrapped)
    if wrapped:
        record.fixable(invalid, p=_base64(inside.key))
    else:
        found(invalid)


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _read_options(record: KeyRecord, tags: dict[str, str]) -> None:
    found = record.findings.append
    if "h" in tags:
        record.hash_algorithms = split_list(tags["h"])
        if "sha256" not in record.hash_algorithms:
            if "sha1" in record.hash_algorithms:
                record.fixable(codes.HASH_SHA1_ONLY.draft(), h="sha256")
            else:
                record.fixable(codes.HASH_UNUSABLE.draft(value=tags["h"]), h="sha256")
            record.valid = False
    if "s" in tags:
        record.services = split_list(tags["s"])
        if "email" not in record.services and "*" not in record.services:
            found(codes.SERVICE_NOT_EMAIL.draft(value=tags["s"]))
            record.valid = False
    if "t" in tags:
        record.flags = [flag for flag in split_list(tags["t"]) if flag]
        if "y" in record.flags:
            # The correction is for when testing is over: the same flags without "y".
            others = [flag for flag in record.flags if flag != "y"]
            record.fixable(codes.TESTING.draft(), t=":".join(others) or None)
        if "s" in record.flags:
            found(codes.STRICT_IDENTITY.draft())
