"""DKIM finding codes, their parameters declared as data (see :mod:`checker.findings`).

Every finding about one selector's record carries ``selector`` (the selector as
probed, lower case; ``"*"`` for a wildcard record that answers for any selector).
Parameters are plain JSON values. Record texts and values are data taken from
DNS: show them as text, never as markup or links.

Codes marked [fix] may also carry ``record`` (the key record to publish instead,
with every correction that needs no new key applied) and ``name`` (where to
publish it, ``<selector>._domainkey.<domain>``). Both are absent when no
correction can be written mechanically (e.g. the tag list has syntax errors).

The record parser (keyrecord.py) does not know the selector: it drafts these
findings (``CODE.draft(...)``) and the check completes them with ``selector``
and ``name`` (``checker.findings.complete``), which checks them in full.
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown, optional
from .keys import REASONS as KEY_REASONS

_ERROR, _WARNING, _INFO, _OK = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK

# -- discovery ------------------------------------------------------------------

# A selector named by the user is not a valid DNS name part; it was not queried.
SELECTOR_INVALID = define("dkim.selector_invalid", _WARNING, "dkim.md#selectors", params={
    "selector": str,                  # the text as given
    # "empty" | "bad_label" (a label not made of letters, digits, hyphens, or starting/ending with a hyphen) |
    # "label_too_long" (over 63 octets) | "name_too_long" (the name <selector>._domainkey.<domain> over 253 octets)
    "reason": {"empty", "bad_label", "label_too_long", "name_too_long"},
})

# A DNS lookup gave no usable answer (timeout, SERVFAIL, ...): not an absent key.
LOOKUP_FAILED = define("dkim.lookup_failed", _ERROR, "dkim.md#not-found", params={
    # the selector probed; null for the helper lookups of "_domainkey.<domain>" and of the wildcard probe
    "selector": not_shown(str | None),
    "name": str,                      # the name queried
    "error": DnsErrorKind,
})

# No key found among the selectors probed, and every probe was answered. This does NOT
# mean the domain has no DKIM: a sender may use a selector not in the list.
NONE_FOUND = define("dkim.none_found", _WARNING, "dkim.md#not-found", params={
    "count": int,                     # how many selectors were probed
    "selectors": not_shown(list[str]),  # the selectors probed
    # "nxdomain" (the name _domainkey.<domain> does not exist, so no selector exists under it) | "exists" |
    # "unknown" (its lookup failed)
    "domainkey": {"nxdomain", "exists", "unknown"},
})

# No key found among the selectors that could be checked; some could not be checked.
NONE_FOUND_INCOMPLETE = define("dkim.none_found_incomplete", _WARNING, "dkim.md#not-found", params={
    "count": int,                     # how many selectors answered "no record"
    "selectors": not_shown(list[str]),  # those selectors
    # how many selectors could not be checked (lookup errors, each also reported as dkim.lookup_failed)
    "failed": int,
    "failed_selectors": list[str],    # those selectors
    "domainkey": {"nxdomain", "exists", "unknown"},  # as for dkim.none_found
})

# A selector the user named has no record (NXDOMAIN or no TXT record).
SELECTOR_NOT_FOUND = define("dkim.selector_not_found", _WARNING, "dkim.md#selectors", params={
    "selector": str,
    "name": str,                      # the name queried
})

# A TXT record was found at a selector.
KEY_FOUND = define("dkim.key_found", _OK, "dkim.md#selectors", params={
    "selector": str,
    "name": str,                      # the name queried
    # the sender known to use this selector name (a guess from the name alone: "Google Workspace", "Microsoft 365",
    # ...)
    "provider": not_shown(str | None),
})

# Every selector name under _domainkey.<domain> answers with the same record (a
# wildcard, *._domainkey.<domain>, or a wildcard higher up). The guessed selectors
# that only got this answer are not listed as found; the record is checked once,
# under selector "*".
WILDCARD_RECORD = define("dkim.wildcard_record", _INFO, "dkim.md#selectors", params={
    "name": str,                      # "*._domainkey.<domain>"
    # true when the wildcard is a revoked key (v=DKIM1; p=), the usual way to say "no key here" for a domain that
    # sends no mail
    "revoked": not_shown(bool),
})

# More than one TXT record at a selector: RFC 6376 3.6.2.2 says results are undefined.
MULTIPLE_RECORDS = define("dkim.multiple_records", _ERROR, "dkim.md#key-record", params={
    "selector": not_shown(str),
    "name": str,
    "count": int,
})

# -- key record syntax (RFC 6376 3.2, 3.6.1) ------------------------------------

# A tag-spec is malformed; verifiers reject the whole record.
TAG_SYNTAX = define("dkim.tag_syntax", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    # "missing_equals" | "bad_name" | "bad_value" (a character outside printable ASCII other than ";", e.g. a
    # control or non-ASCII character)
    "reason": {"missing_equals", "bad_name", "bad_value"},
    "text": str,                      # the tag-spec as written
})

# A tag appears more than once: the whole record is invalid (RFC 6376 3.2).
DUPLICATE_TAG = define("dkim.duplicate_tag", _ERROR, "dkim.md#key-record", params={"selector": str, "tag": str})

# [fix] v= is not exactly "DKIM1": verifiers discard the record.
VERSION_INVALID = define("dkim.version_invalid", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    "value": str,                     # the v= value as written
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# [fix] v= is present but not the first tag (RFC 6376 3.6.1: it MUST be first).
VERSION_NOT_FIRST = define("dkim.version_not_first", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# No p= tag: p= is required.
KEY_MISSING = define("dkim.key_missing", _ERROR, "dkim.md#key-record", params={"selector": str})

# p= is empty: the key is revoked; signatures with this selector fail.
KEY_REVOKED = define("dkim.key_revoked", _INFO, "dkim.md#revoked-key", params={"selector": str})

# p= is not valid base64.
KEY_BASE64_INVALID = define("dkim.key_base64_invalid", _ERROR, "dkim.md#key-record", params={"selector": str})

# [fix: when case_only] k= names a key type other than "rsa" and "ed25519":
# verifiers ignore the record.
KEY_TYPE_UNKNOWN = define("dkim.key_type_unknown", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    "value": str,                     # as written
    # true when only the letter case differs ("RSA"): values are case-sensitive (RFC 6376 3.2); the key is still
    # analysed as meant
    "case_only": not_shown(bool),
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# [fix: when reason is raw_32_bytes, adds k=ed25519] The RSA key is not well-formed DER.
KEY_DER_INVALID = define("dkim.key_der_invalid", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    # a reason of checker.dkim.keys.REASONS, or "raw_32_bytes": 32 bytes that look like an Ed25519 key
    # published without k=ed25519
    "reason": {*KEY_REASONS, "raw_32_bytes"},
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# [fix: the same key wrapped in a SubjectPublicKeyInfo] The RSA key is a bare
# RSAPublicKey (PKCS #1) rather than a SubjectPublicKeyInfo.
# RFC 6376's text describes this form, but verifiers commonly expect the other one.
KEY_PKCS1 = define("dkim.key_pkcs1", _WARNING, "dkim.md#key-record", params={
    "selector": str,
    "bits": int,
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# [fix: when p= holds an RSA key, or an Ed25519 key of 32 bytes] The key in p= is of another
# algorithm than k= says.
KEY_ALGORITHM_MISMATCH = define("dkim.key_algorithm_mismatch", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    "key_type": str,                  # the k= type ("rsa" when k= is absent)
    # what p= holds: "rsa", "ed25519", "ec", "dsa", "ed448", "x25519", "rsassa-pss", or a dotted OID
    "algorithm": str,
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# -- key strength (RFC 8301 3.2, RFC 8463) -------------------------------------

# RSA key under 1024 bits: verifiers MUST NOT accept its signatures (RFC 8301).
RSA_KEY_TOO_SHORT = define("dkim.rsa_key_too_short", _ERROR, "dkim.md#key-size", params={
    "selector": str,
    "bits": int,
})

# RSA key of 1024 to 2047 bits: accepted, but signers SHOULD use 2048 (RFC 8301).
RSA_KEY_SHORT = define("dkim.rsa_key_short", _WARNING, "dkim.md#key-size", params={"selector": str, "bits": int})

# RSA key of 2048 to 4096 bits.
RSA_KEY_OK = define("dkim.rsa_key_ok", _OK, "dkim.md#key-size", params={"selector": str, "bits": int})

# RSA key over 4096 bits: verifiers need only validate up to 4096 (RFC 8301).
RSA_KEY_TOO_LONG = define("dkim.rsa_key_too_long", _WARNING, "dkim.md#key-size", params={
    "selector": str,
    "bits": int,
})

# A well-formed Ed25519 key (RFC 8463).
ED25519_KEY_OK = define("dkim.ed25519_key_ok", _OK, "dkim.md#ed25519", params={"selector": str})

# [fix: when spki_wrapped] k=ed25519 but p= is not a 32-byte key.
ED25519_KEY_INVALID = define("dkim.ed25519_key_invalid", _ERROR, "dkim.md#ed25519", params={
    "selector": str,
    "bytes": int,                     # the decoded length
    # true when p= is the key wrapped in a SubjectPublicKeyInfo (RFC 8463 asks for the bare 32 bytes)
    "spki_wrapped": not_shown(bool),
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# -- other tags -----------------------------------------------------------------

# [fix: for when testing is over, the record without the y flag] t=y: the domain is
# testing DKIM; verifiers treat its mail as unsigned.
TESTING = define("dkim.testing", _WARNING, "dkim.md#testing-flag", params={
    "selector": str,
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# t=s: signatures must use an i= domain equal to d= (recommended unless subdomains sign).
STRICT_IDENTITY = define("dkim.strict_identity", _INFO, "dkim.md#testing-flag", params={"selector": str})

# [fix: h=sha256] h= allows sha1 only: rsa-sha1 MUST NOT be used (RFC 8301), so no
# signature verifies.
HASH_SHA1_ONLY = define("dkim.hash_sha1_only", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# [fix: h=sha256] h= lists no hash algorithm verifiers know (sha256): no signature
# can verify.
HASH_UNUSABLE = define("dkim.hash_unusable", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    "value": str,                     # the h= value as written
    "name": not_shown(optional(str)),
    "record": not_shown(optional(str)),
})

# s= lists neither "email" nor "*": email verifiers ignore the record.
SERVICE_NOT_EMAIL = define("dkim.service_not_email", _ERROR, "dkim.md#key-record", params={
    "selector": str,
    "value": str,                     # the s= value as written
})

# Tags DKIM does not define; they are ignored (a typo may hide here, e.g. "P=").
UNKNOWN_TAGS = define("dkim.unknown_tags", _INFO, "dkim.md#key-record", params={
    "selector": str,
    "tags": list[str],                # the tag names as written
})
