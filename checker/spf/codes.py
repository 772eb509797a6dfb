"""SPF finding codes. Words come from the catalogs; here only codes, severities, parameters
(declared as data, see :mod:`checker.findings`).

Parameters common to most codes: ``domain`` (whose record the finding is about)
and ``term`` (the term as published).
"""

from __future__ import annotations

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown, optional

_E, _W, _I, _OK = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK

# Why check_host() gave none, temperror or permerror (also used by lint)
INVALID_DOMAIN = define("spf.invalid_domain", _E, "spf/index.md#what-spf-checks", params={
    "domain": str,
    "reason": {"empty", "domain_literal", "idna_invalid", "label_empty", "label_too_long", "name_too_long",
               "single_label"},
})
NO_RECORD = define("spf.no_record", _E, "spf/index.md#record-syntax", params={
    "domain": str,
    "nxdomain": not_shown(bool),    # the name does not exist at all
})
MULTIPLE_RECORDS = define("spf.multiple_records", _E, "spf/index.md#multiple-records", params={
    "domain": str,
    "count": int,
    "records": not_shown(list[str]),  # the SPF records found, as published (the report lists them)
})
SYNTAX_ERROR = define("spf.syntax_error", _E, "spf/index.md#record-syntax", params={
    "domain": str,
    "term": str,
    "position": not_shown(int),     # of the term in the record
    "offset": not_shown(int),       # of the error in the record
    "reason": str,                  # an SpfSyntaxError reason code (each has words: value.reason.<code>)
})
DNS_ERROR = define("spf.dns_error", _E, "spf/limits.md#dns-errors", params={
    "domain": str,
    "name": str,
    "rdtype": str,
    "kind": DnsErrorKind,
})
DEADLINE = define("spf.deadline", _E, "spf/limits.md#dns-errors", params={
    "seconds": float,               # the time limit of the whole check (4.6.4)
    "domain": str,                  # being evaluated when it ran out
})
TOO_MANY_LOOKUPS = define("spf.too_many_lookups", _E, "spf/limits.md#ten-lookups", params={
    "domain": str,
    "total": int,
    "limit": int,
    "term": not_shown(optional(str)),          # check_host: the term that went over
    "lower_bound": not_shown(optional(bool)),  # lint: macros hide some, the total is "at least"
})
TOO_MANY_VOID_LOOKUPS = define("spf.too_many_void_lookups", _E, "spf/limits.md#void-lookups", params={
    "domain": str,
    "total": int,
    "limit": int,
    "term": not_shown(optional(str)),          # check_host: the term that went over
    "terms": not_shown(optional(list[str])),   # lint: each "domain: term" that was void
})
TOO_MANY_MX = define("spf.too_many_mx", _E, "spf/limits.md#mx-limit", params={
    "domain": str,
    "term": str,
    "count": int,
    "limit": int,
})
INCLUDE_TARGET_NO_RECORD = define("spf.include_target_no_record", _E, "spf/index.md#include", params={
    "domain": str,
    "term": str,
    "target": str,
    "reason": {"no_record", "invalid_domain"},
})
REDIRECT_TARGET_NO_RECORD = define("spf.redirect_target_no_record", _E, "spf/index.md#redirect", params={
    "domain": str,
    "term": str,
    "target": str,
    "reason": {"no_record", "invalid_domain"},
})

# Found by lint only
TYPE99_PRESENT = define("spf.type99_present", _I, "spf/index.md#spf-rr-type", params={
    "domain": str,
    "same_as_txt": not_shown(bool),
})
PASS_ALL = define("spf.pass_all", _E, "spf/index.md#all", params={"domain": str, "term": str})
PASSES_EVERY_SENDER = define("spf.passes_every_sender", _E, "spf/index.md#all", params={
    "domain": str,
    # the terms that let every sender pass: networks adding up to 0.0.0.0/0 or 2000::/3, a fixed exists
    # that resolves, a/0 or mx/0, an include or redirect of a record that passes everyone
    "terms": list[str],
    "ip_versions": list[str],       # "IPv4", "IPv6" or both
})
# A wildcard TXT record gives every subdomain without records of its own an SPF record that passes
# every sender: mail from any such subdomain passes SPF aligned with its From domain, so DMARC too
WILDCARD_PASSES_EVERY_SENDER = define("spf.wildcard_passes_every_sender", _E, "spf/index.md#all", params={
    "name": str,                    # the wildcard, "*.example.com"
    "published": str,               # the record it gives
    "record": str,                  # what to publish there instead: "v=spf1 -all"
})
NEUTRAL_ALL = define("spf.neutral_all", _W, "spf/index.md#all", params={"domain": str, "term": str})
# No "all" and no "redirect": the default result is neutral
NO_ALL = define("spf.no_all", _W, "spf/index.md#all", params={"domain": str})
# A record with "all" ignores its redirect
REDIRECT_IGNORED = define("spf.redirect_ignored", _W, "spf/index.md#redirect", params={"domain": str, "term": str})
PTR_USED = define("spf.ptr_used", _W, "spf/index.md#ptr", params={"domain": str, "term": str})
STRING_TOO_LONG = define("spf.string_too_long", _E, "spf/index.md#record-length", params={
    "domain": str,
    "length": int,
    "limit": int,                   # 255
})
RECORD_OVER_GUIDELINE = define("spf.record_over_guideline", _W, "spf/index.md#record-length", params={
    "domain": str,
    "size": int,                    # the name plus the text of every TXT record there (3.4)
    "limit": int,                   # 450
})
# The TXT answer needs more than a 512-octet UDP message
RESPONSE_OVER_512 = define("spf.response_over_512", _W, "spf/index.md#record-length", params={
    "domain": str,
    "size": int,
})
INCLUDE_LOOP = define("spf.include_loop", _E, "spf/limits.md#ten-lookups", params={
    "domain": str,
    "term": str,
    "chain": list[str],             # domains, the first repeated at the end
})
# The term's target depends on the message (macros), so its lookups cannot be counted
LOOKUPS_UNKNOWN = define("spf.lookups_unknown", _I, "spf/index.md#macros", params={"domain": str, "term": str})
# The tree was too large to follow entirely
LINT_TRUNCATED = define("spf.lint_truncated", _W, "spf/limits.md#ten-lookups", params={
    "nodes": int,                   # records followed
    "skipped_checks": int,          # terms left unchecked
})

# Summary of a usable policy (whole-domain check)
LOOKUPS_WITHIN_LIMIT = define("spf.lookups_within_limit", _OK, "spf/limits.md#ten-lookups", params={
    "total": int,                   # DNS-querying terms in the worst case
    "limit": int,                   # 10
    "lower_bound": not_shown(bool),  # macros hide some: the total is "at least"
})
FLATTEN_PROPOSAL = define("spf.flatten_proposal", _I, "spf/limits.md#fixing-too-many-lookups", params={
    "name": not_shown(str),         # where to publish
    "record": not_shown(str),       # the proposal
    "flattened": list[str],         # include terms replaced by the networks they list today
    "lookups_after": int,
    "ranked": not_shown(list[str]),  # the top record's includes, costliest first: "term (cost)"
})
# The costliest includes use a, mx, exists or macros and cannot be copied as addresses
NO_FLATTEN_PROPOSAL = define("spf.no_flatten_proposal", _I, "spf/limits.md#fixing-too-many-lookups", params={
    "total": int,
    "limit": int,
    "ranked": list[str],            # as for spf.flatten_proposal
})
