"""SPF finding codes. Words come from the catalogs; here only codes, severities, parameters.

Parameters common to most codes: ``domain`` (whose record the finding is about)
and ``term`` (the term as published).
"""

from __future__ import annotations

from ..findings import Severity, define

_E, _W, _I, _OK = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK

# Why check_host() gave none, temperror or permerror (also used by lint)
INVALID_DOMAIN = define("spf.invalid_domain", _E, "spf/index.md#what-spf-checks")
# domain, reason: empty | domain_literal | idna_invalid | label_empty | label_too_long | name_too_long | single_label
NO_RECORD = define("spf.no_record", _E, "spf/index.md#record-syntax")
# domain, nxdomain (bool)
MULTIPLE_RECORDS = define("spf.multiple_records", _E, "spf/index.md#multiple-records")
# domain, count, records (the SPF records found, as published)
SYNTAX_ERROR = define("spf.syntax_error", _E, "spf/index.md#record-syntax")
# domain, term, position, offset, reason (see SpfSyntaxError)
DNS_ERROR = define("spf.dns_error", _E, "spf/limits.md#dns-errors")
# domain, name, rdtype, kind (checker.dns.DnsErrorKind value)
DEADLINE = define("spf.deadline", _E, "spf/limits.md#dns-errors")
# seconds (the time limit of the whole check, 4.6.4), domain (being evaluated when it ran out)
TOO_MANY_LOOKUPS = define("spf.too_many_lookups", _E, "spf/limits.md#ten-lookups")
# total, limit, domain; check_host adds term, lint adds lower_bound
TOO_MANY_VOID_LOOKUPS = define("spf.too_many_void_lookups", _E, "spf/limits.md#void-lookups")
# total, limit, domain; check_host adds term, lint adds terms (list of "domain: term")
TOO_MANY_MX = define("spf.too_many_mx", _E, "spf/limits.md#mx-limit")
# domain, term, count, limit
INCLUDE_TARGET_NO_RECORD = define("spf.include_target_no_record", _E, "spf/index.md#include")
# domain, term, target, reason (no_record | invalid_domain)
REDIRECT_TARGET_NO_RECORD = define("spf.redirect_target_no_record", _E, "spf/index.md#redirect")
# domain, term, target, reason

# Found by lint only
TYPE99_PRESENT = define("spf.type99_present", _I, "spf/index.md#spf-rr-type")
# domain, same_as_txt (bool)
PASS_ALL = define("spf.pass_all", _E, "spf/index.md#all")
# domain, term
PASSES_EVERY_SENDER = define("spf.passes_every_sender", _E, "spf/index.md#all")
# domain, terms (the terms that let every sender pass: networks adding up to 0.0.0.0/0 or ::/0,
# an exists of a fixed name, an include or redirect of a record that passes everyone),
# ip_versions (["IPv4"], ["IPv6"] or both)
NEUTRAL_ALL = define("spf.neutral_all", _W, "spf/index.md#all")
# domain, term
NO_ALL = define("spf.no_all", _W, "spf/index.md#all")
# domain (no "all" and no "redirect": the default result is neutral)
REDIRECT_IGNORED = define("spf.redirect_ignored", _W, "spf/index.md#redirect")
# domain, term (a record with "all" ignores its redirect)
PTR_USED = define("spf.ptr_used", _W, "spf/index.md#ptr")
# domain, term
STRING_TOO_LONG = define("spf.string_too_long", _E, "spf/index.md#record-length")
# domain, length, limit (255)
RECORD_OVER_GUIDELINE = define("spf.record_over_guideline", _W, "spf/index.md#record-length")
# domain, size, limit (450): name plus the text of every TXT record there (3.4)
RESPONSE_OVER_512 = define("spf.response_over_512", _W, "spf/index.md#record-length")
# domain, size: the TXT answer needs more than a 512-octet UDP message
INCLUDE_LOOP = define("spf.include_loop", _E, "spf/limits.md#ten-lookups")
# domain, term, chain (list of domains, the first repeated at the end)
LOOKUPS_UNKNOWN = define("spf.lookups_unknown", _I, "spf/index.md#macros")
# domain, term: its target depends on the message (macros), so its lookups cannot be counted
LINT_TRUNCATED = define("spf.lint_truncated", _W, "spf/limits.md#ten-lookups")
# nodes, skipped_checks: the tree was too large to follow entirely

# Summary of a usable policy (whole-domain check)
LOOKUPS_WITHIN_LIMIT = define("spf.lookups_within_limit", _OK, "spf/limits.md#ten-lookups")
# total (DNS-querying terms in the worst case), limit (10), lower_bound (bool: macros hide some, the total is "at least")
FLATTEN_PROPOSAL = define("spf.flatten_proposal", _I, "spf/limits.md#fixing-too-many-lookups")
# name (where to publish), record (the proposal), flattened (include terms replaced by the networks they list today),
# lookups_after, ranked (the top record's includes with their cost, costliest first, "term (cost)")
NO_FLATTEN_PROPOSAL = define("spf.no_flatten_proposal", _I, "spf/limits.md#fixing-too-many-lookups")
# total, limit, ranked (as above): the costliest includes use a, mx, exists or macros and cannot be copied as addresses
