"""Finding codes of the MTA-STS check (RFC 8461).

Each code lists its parameters: the only data the message writers get.
Common parameters: ``name`` a DNS name, ``published`` a TXT record as published (``record`` is a record to publish),
``url`` the policy URL.
"""

from ..findings import Severity, define

# --- the TXT record at _mta-sts.<domain> ---------------------------------

# No TXT record starting "v=STSv1;" at _mta-sts.<domain>: the domain has no MTA-STS.
# name: the name queried; policy_url: where the policy file must be served;
# policy: a starting policy file in testing mode listing the domain's MX hosts (LF lines;
# when the MX hosts are unknown its mx line "mail.<domain>" is an example).
# The set-up is offered as steps (report.details["proposals"]), never as one record.
NO_RECORD = define("mtasts.no_record", Severity.INFO, "mta-sts.md#record")

# More than one record starts with "v=STSv1;": senders treat the domain as having no MTA-STS.
# name; count: how many; records: the records (list of strings).
MULTIPLE_RECORDS = define("mtasts.multiple_records", Severity.ERROR, "mta-sts.md#record")

# A TXT record at _mta-sts.<domain> that does not start exactly with "v=STSv1;" (senders
# discard it), but looks like an attempt (starts with "v=sts", any case).
# name; published (the record as published).
RECORD_DISCARDED = define("mtasts.record_discarded", Severity.WARNING, "mta-sts.md#record")

# The record has no "id=" field: invalid, senders ignore MTA-STS. name; published (the record as published).
MISSING_ID = define("mtasts.missing_id", Severity.ERROR, "mta-sts.md#record")

# The id is not 1 to 32 letters and digits: invalid record. name; published (the record as published); id: the value given.
INVALID_ID = define("mtasts.invalid_id", Severity.ERROR, "mta-sts.md#record")

# A field of the record is not "name=value" with a valid name and value (or an empty
# field between two ";"): the record is invalid. name; published (the record as published); field: the field's text.
RECORD_SYNTAX = define("mtasts.record_syntax", Severity.ERROR, "mta-sts.md#record")

# A field appears more than once in the record; the first is used. name; published (the record as published); field: its name.
RECORD_DUPLICATE_FIELD = define("mtasts.record_duplicate_field", Severity.WARNING, "mta-sts.md#record")

# One valid record. name; published (the record as published); id: the policy id.
RECORD_VALID = define("mtasts.record_valid", Severity.OK, "mta-sts.md#record")

# A DNS lookup failed; nothing is known about what it asked for (never read as absent).
# name; type: the record type ("TXT", "A", "AAAA", "MX"); error: timeout, servfail, refused,
# network, bad_response, cname_loop, query_limit or deadline.
LOOKUP_FAILED = define("mtasts.lookup_failed", Severity.ERROR, "mta-sts.md#record")

# --- the policy file ------------------------------------------------------

# The policy host mta-sts.<domain> has no address (A/AAAA) in DNS, so no sender can fetch
# the policy. host: the policy host; status: "nxdomain" or "nodata"; url.
POLICY_HOST_MISSING = define("mtasts.policy_host_missing", Severity.ERROR, "mta-sts.md#policy")

# The policy could not be read from where the check runs: the network refused it, or a
# browser blocked the cross-origin request, or fetching was turned off. Not a verdict on
# the server. url; reason: "network" (no HTTP response) or "not_fetched" (fetching off).
POLICY_UNVERIFIABLE = define("mtasts.policy_unverifiable", Severity.INFO, "mta-sts.md#browser-limits")

# The policy host did not answer within the check's time limit (senders are advised to
# wait up to one minute). url; seconds: the limit used.
POLICY_TIMEOUT = define("mtasts.policy_timeout", Severity.WARNING, "mta-sts.md#policy")

# The policy host's certificate was refused (expired, self-signed, not valid for
# mta-sts.<domain>, or an unknown authority): senders cannot fetch the policy either.
# url. (Seen only where the TLS library says so, i.e. on the command line.)
POLICY_CERTIFICATE = define("mtasts.policy_certificate", Severity.ERROR, "mta-sts.md#policy")

# The server answered with a redirect, which senders MUST NOT follow: no policy.
# url; status: the HTTP status (0 when a browser hid it); location: the Location header or "".
POLICY_REDIRECT = define("mtasts.policy_redirect", Severity.ERROR, "mta-sts.md#policy")

# The server answered with a status other than 200 (and not a redirect): no policy.
# url; status: the HTTP status.
POLICY_HTTP_STATUS = define("mtasts.policy_http_status", Severity.ERROR, "mta-sts.md#policy")

# The policy is larger than senders are advised to accept. url; limit: bytes;
# size: bytes received, or 0 when the transfer was stopped at a larger bound.
POLICY_TOO_LARGE = define("mtasts.policy_too_large", Severity.ERROR, "mta-sts.md#policy")

# The policy is not served as text/plain (senders SHOULD check this).
# url; content_type: the media type received ("" when there was none).
POLICY_CONTENT_TYPE = define("mtasts.policy_content_type", Severity.WARNING, "mta-sts.md#policy")

# A line of the policy is not "key: value": senders ignore it.
# line_number: 1-based; line: the line's text.
POLICY_SYNTAX = define("mtasts.policy_syntax", Severity.ERROR, "mta-sts.md#policy")

# A required key is absent: the policy is invalid. key: "version", "mode", "max_age" or "mx"
# ("mx" is required unless the mode is "none").
POLICY_MISSING_KEY = define("mtasts.policy_missing_key", Severity.ERROR, "mta-sts.md#policy")

# version is not "STSv1" (case matters): invalid policy. value: as written.
POLICY_BAD_VERSION = define("mtasts.policy_bad_version", Severity.ERROR, "mta-sts.md#policy")

# mode is not "enforce", "testing" or "none" (case matters): invalid policy. value.
POLICY_BAD_MODE = define("mtasts.policy_bad_mode", Severity.ERROR, "mta-sts.md#mode")

# max_age is not 1 to 10 digits with a value from 0 to 31557600: invalid policy.
# value: as written; maximum: 31557600.
POLICY_BAD_MAX_AGE = define("mtasts.policy_bad_max_age", Severity.ERROR, "mta-sts.md#max-age")

# An mx value is not a host name, or "*." followed by one (A-labels, no trailing dot):
# it matches nothing. value: as written.
POLICY_BAD_MX = define("mtasts.policy_bad_mx", Severity.ERROR, "mta-sts.md#mx-patterns")

# A key other than mx appears more than once; senders use the first.
# key; used: the value used; ignored: the later values (list).
POLICY_DUPLICATE_KEY = define("mtasts.policy_duplicate_key", Severity.WARNING, "mta-sts.md#policy")

# Keys this version of MTA-STS does not define; senders ignore them (keys are case-sensitive,
# so "Mode" is not "mode"). keys: list of the keys.
POLICY_UNKNOWN_KEYS = define("mtasts.policy_unknown_keys", Severity.INFO, "mta-sts.md#policy")

# A valid policy. mode; max_age: seconds; mx: the patterns (list).
POLICY_VALID = define("mtasts.policy_valid", Severity.OK, "mta-sts.md#policy")

# --- what the policy says -------------------------------------------------

# mode enforce: senders refuse to deliver over unauthenticated or unencrypted connections.
MODE_ENFORCE = define("mtasts.mode_enforce", Severity.OK, "mta-sts.md#mode")

# mode testing: senders deliver anyway and only report failures (through TLS-RPT).
# reports_only: true; enforce_policy: the policy to publish next, with "mode: enforce", the
# same max_age and mx patterns, plus any MX host they miss (text, LF lines).
MODE_TESTING = define("mtasts.mode_testing", Severity.INFO, "mta-sts.md#mode")

# mode none: the policy is withdrawn; senders treat the domain as having no MTA-STS.
MODE_NONE = define("mtasts.mode_none", Severity.INFO, "mta-sts.md#mode")

# max_age is short: senders re-fetch often and an attacker who blocks the fetch removes
# the protection sooner. max_age: seconds; recommended_minimum: 86400 (a day; weeks are usual).
MAX_AGE_SHORT = define("mtasts.max_age_short", Severity.WARNING, "mta-sts.md#max-age")

# --- the domain's MX hosts against the policy's mx patterns -------------------

# Every MX host matches an mx pattern. hosts: the MX hosts (list, preference order).
MX_COVERED = define("mtasts.mx_covered", Severity.OK, "mta-sts.md#mx-patterns")

# mode enforce and an MX host matches no mx pattern: senders refuse to deliver to it.
# host: the MX host; patterns: the policy's mx patterns (list).
MX_NOT_COVERED = define("mtasts.mx_not_covered", Severity.ERROR, "mta-sts.md#mx-patterns")

# mode testing and an MX host matches no pattern: senders only report it now, and will
# refuse it once the mode is enforce. host; patterns; mode: "testing".
MX_NOT_COVERED_TESTING = define("mtasts.mx_not_covered_testing", Severity.WARNING, "mta-sts.md#mx-patterns")

# The domain has no MX host to compare with the patterns (no MX, or a null MX). No parameters.
MX_NONE_TO_MATCH = define("mtasts.mx_none_to_match", Severity.INFO, "mta-sts.md#mx-patterns")
