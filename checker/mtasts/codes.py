"""Finding codes of the MTA-STS check (RFC 8461).

Each code declares its parameters as data (see :mod:`checker.findings`): the only data
the message writers get.
Common parameters: ``name`` a DNS name, ``published`` a TXT record as published (``record`` is a record to publish),
``url`` the policy URL.
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown

# --- the TXT record at _mta-sts.<domain> ---------------------------------

# No TXT record starting "v=STSv1;" at _mta-sts.<domain>: the domain has no MTA-STS.
NO_RECORD = define("mtasts.no_record", Severity.INFO, "mta-sts.md#record", params={
    "name": str,                      # the name queried
    "policy_url": str,                # where the policy file must be served
    # a starting policy file in testing mode listing the domain's MX hosts (LF lines; when the MX hosts
    # are unknown its mx line "mail.<domain>" is an example). The set-up is offered as steps
    # (report.details["proposals"]), never as one record.
    "policy": not_shown(str),
})

# More than one record starts with "v=STSv1;": senders treat the domain as having no
# MTA-STS.
MULTIPLE_RECORDS = define("mtasts.multiple_records", Severity.ERROR, "mta-sts.md#record", params={
    "name": str,
    "count": int,
    "records": not_shown(list[str]),
})

# A TXT record at _mta-sts.<domain> that does not start exactly with "v=STSv1;" (senders
# discard it), but looks like an attempt (starts with "v=sts", any case).
RECORD_DISCARDED = define("mtasts.record_discarded", Severity.WARNING, "mta-sts.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
})

# The record has no "id=" field: invalid, senders ignore MTA-STS.
MISSING_ID = define("mtasts.missing_id", Severity.ERROR, "mta-sts.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
})

# The id is not 1 to 32 letters and digits: invalid record.
INVALID_ID = define("mtasts.invalid_id", Severity.ERROR, "mta-sts.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    "id": str,                        # the value given
})

# A field of the record is not "name=value" with a valid name and value (or an empty field
# between two ";"): the record is invalid.
RECORD_SYNTAX = define("mtasts.record_syntax", Severity.ERROR, "mta-sts.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    "field": str,                     # the field's text
})

# A field appears more than once in the record; the first is used.
RECORD_DUPLICATE_FIELD = define("mtasts.record_duplicate_field", Severity.WARNING, "mta-sts.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    "field": str,                     # its name
})

# One valid record.
RECORD_VALID = define("mtasts.record_valid", Severity.OK, "mta-sts.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    "id": str,                        # the policy id
})

# A DNS lookup failed; nothing is known about what it asked for (never read as absent).
LOOKUP_FAILED = define("mtasts.lookup_failed", Severity.ERROR, "mta-sts.md#record", params={
    "name": str,
    "type": {"TXT", "A", "AAAA", "MX"},
    "error": DnsErrorKind,
})

# --- the policy file ------------------------------------------------------

# The policy host mta-sts.<domain> has no address (A/AAAA) in DNS, so no sender can fetch
# the policy.
POLICY_HOST_MISSING = define("mtasts.policy_host_missing", Severity.ERROR, "mta-sts.md#policy", params={
    "host": str,                      # the policy host
    "status": {"nxdomain", "nodata"},
    "url": str,
})

# The policy could not be read from where the check runs: the network refused it, or a
# browser blocked the cross-origin request, or fetching was turned off. Not a verdict on
# the server.
POLICY_UNVERIFIABLE = define("mtasts.policy_unverifiable", Severity.INFO, "mta-sts.md#browser-limits", params={
    "url": str,
    "reason": {"network", "not_fetched"},  # network: no HTTP response; not_fetched: fetching off
})

# The policy host did not answer within the check's time limit (senders are advised to
# wait up to one minute).
POLICY_TIMEOUT = define("mtasts.policy_timeout", Severity.WARNING, "mta-sts.md#policy", params={
    "url": str,
    "seconds": float,                 # the limit used
})

# The policy host's certificate was refused (expired, self-signed, not valid for
# mta-sts.<domain>, or an unknown authority): senders cannot fetch the policy either.
# (Seen only where the TLS library says so, i.e. on the command line.)
POLICY_CERTIFICATE = define("mtasts.policy_certificate", Severity.ERROR, "mta-sts.md#policy", params={"url": str})

# The server answered with a redirect, which senders MUST NOT follow: no policy.
POLICY_REDIRECT = define("mtasts.policy_redirect", Severity.ERROR, "mta-sts.md#policy", params={
    "url": str,
    "status": not_shown(int),         # the HTTP status (0 when a browser hid it)
    "location": not_shown(str),       # the Location header or ""
})

# The server answered with a status other than 200 (and not a redirect): no policy.
POLICY_HTTP_STATUS = define("mtasts.policy_http_status", Severity.ERROR, "mta-sts.md#policy", params={
    "url": str,
    "status": int,                    # the HTTP status
})

# The policy is larger than senders are advised to accept.
POLICY_TOO_LARGE = define("mtasts.policy_too_large", Severity.ERROR, "mta-sts.md#policy", params={
    "url": str,
    "limit": int,                     # bytes
    "size": not_shown(int),           # bytes received, or 0 when the transfer was stopped at a larger bound
})

# The policy is not served as text/plain (senders SHOULD check this).
POLICY_CONTENT_TYPE = define("mtasts.policy_content_type", Severity.WARNING, "mta-sts.md#policy", params={
    "url": str,
    "content_type": not_shown(str),   # the media type received ("" when there was none)
})

# A line of the policy is not "key: value": senders ignore it.
POLICY_SYNTAX = define("mtasts.policy_syntax", Severity.ERROR, "mta-sts.md#policy", params={
    "line_number": int,               # 1-based
    "line": str,                      # the line's text
})

# A required key is absent: the policy is invalid.
POLICY_MISSING_KEY = define("mtasts.policy_missing_key", Severity.ERROR, "mta-sts.md#policy", params={
    "key": {"version", "mode", "max_age", "mx"},  # "mx" is required unless the mode is "none"
})

# version is not "STSv1" (case matters): invalid policy.
POLICY_BAD_VERSION = define("mtasts.policy_bad_version", Severity.ERROR, "mta-sts.md#policy", params={
    "value": str,                     # as written
})

# mode is not "enforce", "testing" or "none" (case matters): invalid policy.
POLICY_BAD_MODE = define("mtasts.policy_bad_mode", Severity.ERROR, "mta-sts.md#mode", params={"value": str})

# max_age is not 1 to 10 digits with a value from 0 to 31557600: invalid policy.
POLICY_BAD_MAX_AGE = define("mtasts.policy_bad_max_age", Severity.ERROR, "mta-sts.md#max-age", params={
    "value": str,                     # as written
    "maximum": int,                   # 31557600
})

# An mx value is not a host name, or "*." followed by one (A-labels, no trailing dot): it
# matches nothing.
POLICY_BAD_MX = define("mtasts.policy_bad_mx", Severity.ERROR, "mta-sts.md#mx-patterns", params={
    "value": str,                     # as written
})

# A key other than mx appears more than once; senders use the first.
POLICY_DUPLICATE_KEY = define("mtasts.policy_duplicate_key", Severity.WARNING, "mta-sts.md#policy", params={
    "key": str,
    "used": str,                      # the value used
    "ignored": not_shown(list[str]),  # the later values
})

# Keys this version of MTA-STS does not define; senders ignore them (keys are
# case-sensitive, so "Mode" is not "mode").
POLICY_UNKNOWN_KEYS = define("mtasts.policy_unknown_keys", Severity.INFO, "mta-sts.md#policy", params={
    "keys": list[str],
})

# A valid policy.
POLICY_VALID = define("mtasts.policy_valid", Severity.OK, "mta-sts.md#policy", params={
    "mode": {"enforce", "testing", "none"},
    "max_age": int,                   # seconds
    "mx": list[str],                  # the patterns
})

# --- what the policy says -------------------------------------------------

# mode enforce: senders refuse to deliver over unauthenticated or unencrypted connections.
MODE_ENFORCE = define("mtasts.mode_enforce", Severity.OK, "mta-sts.md#mode", params={})

# mode testing: senders deliver anyway and only report failures (through TLS-RPT).
MODE_TESTING = define("mtasts.mode_testing", Severity.INFO, "mta-sts.md#mode", params={
    "reports_only": not_shown(bool),
    # the policy to publish next, with "mode: enforce", the same max_age and mx patterns, plus any MX host they miss
    # (text, LF lines)
    "enforce_policy": not_shown(str),
})

# mode none: the policy is withdrawn; senders treat the domain as having no MTA-STS.
MODE_NONE = define("mtasts.mode_none", Severity.INFO, "mta-sts.md#mode", params={})

# max_age is short: senders re-fetch often and an attacker who blocks the fetch removes
# the protection sooner.
MAX_AGE_SHORT = define("mtasts.max_age_short", Severity.WARNING, "mta-sts.md#max-age", params={
    "max_age": int,                   # seconds
    "recommended_minimum": int,       # 86400 (a day; weeks are usual)
})

# --- the domain's MX hosts against the policy's mx patterns -------------------

# Every MX host matches an mx pattern.
MX_COVERED = define("mtasts.mx_covered", Severity.OK, "mta-sts.md#mx-patterns", params={
    "hosts": list[str],               # the MX hosts (list, preference order)
})

# mode enforce and an MX host matches no mx pattern: senders refuse to deliver to it.
MX_NOT_COVERED = define("mtasts.mx_not_covered", Severity.ERROR, "mta-sts.md#mx-patterns", params={
    "host": str,                      # the MX host
    "patterns": list[str],            # the policy's mx patterns
})

# mode testing and an MX host matches no pattern: senders only report it now, and will
# refuse it once the mode is enforce.
MX_NOT_COVERED_TESTING = define("mtasts.mx_not_covered_testing", Severity.WARNING, "mta-sts.md#mx-patterns", params={
    "host": str,
    "patterns": list[str],
    "mode": not_shown({"testing"}),
})

# The domain has no MX host to compare with the patterns (no MX, or a null MX). No parameters.
MX_NONE_TO_MATCH = define("mtasts.mx_none_to_match", Severity.INFO, "mta-sts.md#mx-patterns", params={})
