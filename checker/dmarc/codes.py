"""DMARC finding codes (RFC 9989, RFC 9990 section 4, RFC 9991 section 5).

Each comment lists the parameters, for the message writers. Parameters are plain
JSON values. Record texts, tag values and URIs are data taken from DNS: show them
as text, never as markup or links.

Words used in several parameters:
  domain         the name checked (A-labels, lower case)
  policy_domain  the domain whose DMARC record applies (where it was found)
  name           a DNS name (for a fix: where to publish ``record``)
  record         a TXT record text (for a fix: the exact text to publish)
  placeholder    true when ``record`` holds a made-up mailbox
                 (dmarc-reports@<domain>) the owner must replace with a real one
  policy values  "none" | "quarantine" | "reject"
  tag            a DMARC tag name, lower case ("p", "sp", "rua", ...)
"""

from ..findings import Severity, define

_ERROR, _WARNING, _INFO, _OK = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK

_INDEX = "dmarc/index.md"
_ENFORCEMENT = "dmarc/enforcement.md"
_MYTHS = "dmarc/myths.md"

# -- lookups and discovery -------------------------------------------------------

# A DNS lookup gave no usable answer (timeout, SERVFAIL, ...). This is NOT an absent
# record: the result that depends on it is unknown.
#   name: str, the name queried
#   type: "TXT" | "A"
#   error: "timeout" | "servfail" | "refused" | "network" | "bad_response" |
#          "cname_loop" | "query_limit" | "deadline"
#   step: "policy" (a _dmarc.<name> lookup of the tree walk of the checked domain) |
#         "apex" (the TXT records of the domain itself, looked at for a misplaced
#         record) | "existence" (whether the checked name exists, which selects np) |
#         "destination_walk" (tree walk on a report destination's host) |
#         "destination_authorization" (the <policy-domain>._report._dmarc.<host> TXT)
LOOKUP_FAILED = define("dmarc.lookup_failed", _ERROR, f"{_INDEX}#discovery")

# No DMARC record for the domain, nor for any parent the tree walk visited: DMARC is
# not applied to mail in this domain's name (RFC 9989 4.10.1).
#   domain: str
#   queried: list[str], the _dmarc names queried
#   name: str, "_dmarc.<domain>", where to publish the record
#   record: str, a starting record "v=DMARC1; p=none; rua=mailto:dmarc-reports@<domain>"
#   placeholder: true
#   next_records: list[str], the path to enforcement once reports show all
#                 legitimate mail passes: the same record with p=quarantine, then
#                 p=reject
#   discarded: list[str], TXT records at _dmarc.<domain> that were meant as DMARC but
#              discarded (several v=DMARC1 records, or a near miss; each also has its
#              own finding); usually empty
NO_RECORD = define("dmarc.no_record", _ERROR, f"{_ENFORCEMENT}#starting-record")

# The DMARC record that applies was found.
#   name: str, the _dmarc name it was found at
#   policy_domain: str
#   source: "domain" (the checked domain's own record) | "organizational" (the
#           record of its organizational domain) | "public_suffix" (the record of
#           its public suffix domain, psd=y)
RECORD_FOUND = define("dmarc.record_found", _OK, f"{_INDEX}#discovery")

# The checked name has 8 labels or more: the tree walk skipped to its last 7 labels
# after the first query (RFC 9989 4.10, at most 8 queries).
#   domain: str
#   labels: int, the label count of the domain
#   skipped: list[str], the names the walk did not query
WALK_SHORTENED = define("dmarc.walk_shortened", _INFO, f"{_INDEX}#discovery")

# Several TXT records starting "v=DMARC1" at one name: receivers discard them all
# and go on as if that name had none (RFC 9989 4.10 step 2).
#   name: str, the _dmarc name
#   count: int
#   records: list[str]
MULTIPLE_RECORDS = define("dmarc.multiple_records", _ERROR, f"{_INDEX}#record-location")

# A TXT record at a _dmarc name looks meant as DMARC but does not start with
# "v=DMARC1" exactly, so receivers discard it (RFC 9989 4.7 "v", 4.10 step 2).
#   name: str
#   published: str, the record as published
#   reason: "leading_space" (text before "v=") | "quoted" (quote marks are part of
#           the text) | "version_case" (e.g. "v=dmarc1": the value is case-sensitive) |
#           "version_value" (another version, e.g. "v=DMARC2") |
#           "missing_separator" (no ";" after "v=DMARC1") |
#           "not_first" (v=DMARC1 is present but not the first tag)
#   record: str | null, the record as it should read (the fix), when it can be derived
VERSION_INVALID = define("dmarc.version_invalid", _ERROR, f"{_INDEX}#record-syntax")

# A TXT record at a _dmarc name that is not DMARC at all (receivers ignore it).
#   name: str
#   published: str, the record as published
#   kind: "spf" (an SPF record "v=spf1 ...": it belongs at the domain itself, not
#         under _dmarc) | "other"
UNRELATED_TXT = define("dmarc.unrelated_txt", _WARNING, f"{_INDEX}#record-location")

# A DMARC record is published at the domain itself instead of _dmarc.<domain>:
# receivers never look there.
#   domain: str
#   record: str, the misplaced record
#   name: str, "_dmarc.<domain>", where it belongs
#   published: bool, true when _dmarc.<domain> also has a DMARC record
RECORD_AT_APEX = define("dmarc.record_at_apex", _WARNING, f"{_INDEX}#record-location")

# -- syntax (one record) ---------------------------------------------------------

# Nothing after "v=DMARC1": the record acts as p=none and asks for no reports.
#   name: str, where it is published
#   record: str, a starting record to publish there instead (with rua)
#   placeholder: true
RECORD_EMPTY = define("dmarc.record_empty", _WARNING, f"{_ENFORCEMENT}#starting-record")

# A part between semicolons that is not tag=value; receivers skip it.
#   text: str, the part as written
#   reason: "no_equals" | "bad_name" (the name is not letters only) |
#           "bad_character" (a character that is not printable ASCII)
TAG_MALFORMED = define("dmarc.tag_malformed", _WARNING, f"{_INDEX}#record-syntax")

# A tag appears more than once; the checker (like common receivers) uses the first.
#   tag: str
#   values: list[str], every value given, in order
DUPLICATE_TAG = define("dmarc.duplicate_tag", _WARNING, f"{_INDEX}#record-syntax")

# A tag's value is not valid; receivers use the default instead (RFC 9989 4.8).
# (Invalid p, sp, np: see dmarc.policy_invalid.)
#   tag: "adkim" | "aspf" | "fo" | "t" | "psd"
#   value: str
#   allowed: list[str], the valid values ("r","s" / "y","n" / "y","n","u" /
#            fo: "0","1","d","s" joined by ":", 0 and 1 not together)
#   default: str, what is used instead
TAG_VALUE_INVALID = define("dmarc.tag_value_invalid", _WARNING, f"{_INDEX}#record-syntax")

# A tag DMARC does not define; receivers ignore it (RFC 9989 4.7).
#   tag: str; value: str
UNKNOWN_TAG = define("dmarc.unknown_tag", _INFO, f"{_INDEX}#record-syntax")

# No p tag: receivers treat the record as p=none (RFC 9989 4.7).
#   name: str, the record's _dmarc name
#   record: str, the record with p=none written out (the same policy, explicit)
POLICY_MISSING = define("dmarc.policy_missing", _WARNING, f"{_INDEX}#policy")

# No p tag and no valid rua URI: receivers apply no DMARC (RFC 9989 4.10.1).
#   name: str, the record's _dmarc name
#   record: str, the record with p=none written out
POLICY_MISSING_NO_RUA = define("dmarc.policy_missing_no_rua", _ERROR, f"{_INDEX}#policy")

# p, sp or np has an invalid value. With at least one valid rua URI receivers act
# as if the record were p=none for everything; without, no DMARC at all
# (RFC 9989 4.10.1).
#   tag: "p" | "sp" | "np"
#   value: str
#   effect: "treated_as_none" | "not_applied"
#   suggested: str, the policy value closest to what was written ("none" when
#              nothing is close)
#   name: str, the record's _dmarc name
#   record: str, the record with the value replaced by ``suggested``
POLICY_INVALID = define("dmarc.policy_invalid", _ERROR, f"{_INDEX}#record-syntax")

# An RFC 7489 tag that RFC 9989 removed: receivers following RFC 9989 ignore it.
#   tag: "pct" | "rf" | "ri"
#   value: str
OBSOLETE_TAG = define("dmarc.obsolete_tag", _INFO, f"{_INDEX}#obsolete-tags")

# pct below 100: RFC 7489 receivers applied the policy to that share of failing
# mail; RFC 9989 receivers ignore pct and apply the policy to all failing mail
# (pct=0 was used as a testing signal; t=y replaces it, RFC 9989 A.6).
#   value: int, the pct value
#   policy: str, the requested p value that now applies in full
#   replacement: "t=y" | null, "t=y" when value is 0
PCT_IGNORED = define("dmarc.pct_ignored", _WARNING, f"{_INDEX}#obsolete-tags")

# A report URI carries an RFC 7489 size limit ("!10m"); RFC 9989 reporters ignore it.
#   tag: "rua" | "ruf"; uri: str, as written; size: str, e.g. "10m"
URI_SIZE_OBSOLETE = define("dmarc.uri_size_obsolete", _INFO, f"{_INDEX}#obsolete-tags")

# fo is set but there is no ruf: fo only concerns failure reports and is ignored.
#   fo: str, the value
FO_WITHOUT_RUF = define("dmarc.fo_without_ruf", _INFO, f"{_INDEX}#reporting")

# -- report URIs and destinations -------------------------------------------------

# A report URI is not a valid URI; no report is sent to it (RFC 9990 3.5).
#   tag: "rua" | "ruf"
#   uri: str, as written
#   reason: "empty" (nothing between commas) | "no_scheme" (e.g. a bare address;
#           see suggestion) | "bad_address" (mailto without a local part and a
#           domain) | "bad_host" (the host is not a valid domain name) |
#           "bad_size" (a "!" not followed by a size) | "bad_character" (spaces or
#           other characters a URI cannot hold)
#   suggestion: str | null, e.g. "mailto:dmarc@example.com" for "dmarc@example.com"
URI_INVALID = define("dmarc.uri_invalid", _WARNING, f"{_INDEX}#reporting")

# A report URI uses a scheme other than mailto: receivers are only required to
# support mailto and ignore schemes they do not support (RFC 9989 4.7).
#   tag: "rua" | "ruf"; uri: str; scheme: str, lower case
URI_SCHEME_UNSUPPORTED = define("dmarc.uri_scheme_unsupported", _WARNING, f"{_INDEX}#reporting")

# No valid rua URI: no aggregate reports, so no way to see who sends in the
# domain's name before enforcing. (Not reported for a public suffix operator's
# record.)
#   name: str, the applied record's _dmarc name
#   present: bool, true when rua is there but holds no valid URI
#   record: str, the applied record with rua=mailto:dmarc-reports@<policy_domain>
#   placeholder: true
NO_RUA = define("dmarc.no_rua", _WARNING, f"{_INDEX}#reporting")

# A report destination inside the policy domain's organizational domain: no
# authorization needed.
#   tag: "rua" | "ruf"; uri: str; host: str
#   organizational_domain: str, the organizational domain both share
DESTINATION_INTERNAL = define("dmarc.destination_internal", _OK, f"{_INDEX}#reporting")

# An external report destination that authorizes this domain
# (TXT "v=DMARC1..." at <policy_domain>._report._dmarc.<host>; RFC 9990 4).
#   tag: "rua" | "ruf"; uri: str; host: str
#   name: str, the authorization record's name (it may be answered by a wildcard)
DESTINATION_AUTHORIZED = define("dmarc.destination_authorized", _OK, f"{_INDEX}#external-destinations")

# An external report destination that does not authorize this domain: receivers
# send no reports there (RFC 9990 4, RFC 9991 5).
#   tag: "rua" | "ruf"; uri: str; host: str
#   name: str, where the destination's owner must publish ``record``
#   record: "v=DMARC1;", the record that authorizes the reports
#   found: list[str], TXT records found at ``name`` that are not DMARC (may be empty)
DESTINATION_UNAUTHORIZED = define("dmarc.destination_unauthorized", _WARNING, f"{_INDEX}#external-destinations")

# An external report destination whose authorization cannot be checked, so
# receivers cannot confirm it either.
#   tag: "rua" | "ruf"; uri: str; host: str
#   reason: "name_too_long" (<policy_domain>._report._dmarc.<host> is over 253
#           octets or has a label over 63: a shorter name is needed, RFC 9990 4
#           step 4) | "ip_literal" (the host is an IP address, which has no DNS
#           name to publish an authorization under)
#   name: str | null, the name that would have been queried
DESTINATION_UNVERIFIABLE = define("dmarc.destination_unverifiable", _WARNING, f"{_INDEX}#external-destinations")

# The destination's authorization record names its own rua/ruf, which replace the
# URI in the domain's record (RFC 9990 4 step 9).
#   tag: "rua" | "ruf"; uri: str, the URI in the domain's record
#   override: list[str], the URIs reports go to instead
DESTINATION_OVERRIDE = define("dmarc.destination_override", _INFO, f"{_INDEX}#external-destinations")

# The authorization record's override URI points at another host: receivers send
# reports neither to the original nor to the override URI (RFC 9990 4).
#   tag: "rua" | "ruf"; uri: str; host: str
#   override: list[str]; other_hosts: list[str], hosts other than ``host``
DESTINATION_OVERRIDE_INVALID = define("dmarc.destination_override_invalid", _WARNING,
                                      f"{_INDEX}#external-destinations")

# ruf in a record with psd=y: report generators do not consider it (RFC 9991 2).
#   policy_domain: str; ruf: list[str]
RUF_IGNORED_PSD = define("dmarc.ruf_ignored_psd", _WARNING, f"{_INDEX}#psd")

# -- policy ----------------------------------------------------------------------
# The three policy findings share these parameters:
#   policy_domain: str
#   tag: "p" | "sp" | "np", the tag that applies to the checked name (p for the
#        domain's own record; sp for an existing subdomain, np for a non-existent
#        one, each falling back to p)
#   requested: policy value, what the record asks
#   effective: policy value, what receivers apply (one level lower with t=y)
#   testing: bool, t=y
#   record: str | null, the next step toward enforcement: the record with the
#           applied tag raised one level (and t=y removed); null for reject, and
#           for a public suffix operator's record (see dmarc.psd_policy_only)
#   name: str, where that record goes (the policy domain's _dmarc name)

# Effective policy reject: failing mail is refused.
POLICY_REJECT = define("dmarc.policy_reject", _OK, f"{_ENFORCEMENT}#reject")
# Effective policy quarantine: failing mail goes to spam/quarantine.
POLICY_QUARANTINE = define("dmarc.policy_quarantine", _OK, f"{_ENFORCEMENT}#quarantine")
# Effective policy none: monitoring only; mail in the domain's name can still be
# spoofed.
POLICY_NONE = define("dmarc.policy_none", _WARNING, f"{_MYTHS}#myth-none-is-enough")

# The checked name has no record of its own; its organizational domain's policy
# covers it (as RFC 9989 intends: one record can cover a whole organization).
#   domain: str; policy_domain: str
#   tag: "sp" | "np" | "p", as for the policy findings
#   exists: bool | null, whether the checked name exists (null: unknown, the
#           existence lookup failed; sp is then assumed)
POLICY_INHERITED = define("dmarc.policy_inherited", _OK, f"{_INDEX}#subdomain-policy")

# Only a public suffix operator's record (psd=y) covers the checked name: its
# organizational domain has no DMARC record of its own.
#   domain: str; policy_domain: str, the public suffix domain
#   organizational_domain: str
#   name: str, "_dmarc.<organizational_domain>"; record: str, a starting record
#   placeholder: true
PSD_POLICY_ONLY = define("dmarc.psd_policy_only", _WARNING, f"{_INDEX}#psd")

# t=y: the domain owner is testing; receivers apply one level lower
# (reject→quarantine, quarantine→none; no effect on none) (RFC 9989 4.7).
#   tag: "p" | "sp" | "np"; requested; effective (policy values)
#   name: str; record: str | null, the record without t=y (null for a public
#   suffix operator's record)
TESTING = define("dmarc.testing", _WARNING, f"{_INDEX}#testing-flag")

# What the record asks for subdomains of the organizational domain (only reported
# for a record at an organizational domain, where sp and np apply).
#   sp: policy value, for existing subdomains (default p)
#   np: policy value, for non-existent subdomains (default sp, then p)
#   sp_source, np_source: the tag each value comes from ("sp" | "np" | "p")
SUBDOMAIN_POLICY = define("dmarc.subdomain_policy", _OK, f"{_INDEX}#subdomain-policy")

# sp or np asks less than p: subdomains are easier to spoof than the domain.
#   tag: "sp" | "np"; value: policy value; p: policy value
#   name: str; record: str, the record with the tag set to the p value
SUBDOMAIN_POLICY_WEAKER = define("dmarc.subdomain_policy_weaker", _WARNING, f"{_INDEX}#subdomain-policy")

# sp or np in a record that is not at an organizational domain: receivers never
# use them (RFC 9989 4.7 "sp"); subdomains get the organizational domain's policy.
#   tag: "sp" | "np"; value: str; organizational_domain: str
SP_IGNORED = define("dmarc.sp_ignored", _INFO, f"{_INDEX}#subdomain-policy")

# Identifier alignment modes (descriptive: both modes are valid choices).
#   adkim, aspf: "relaxed" | "strict"
#   explicit: list[str], which of the two the record sets (others are defaults)
ALIGNMENT = define("dmarc.alignment", _OK, f"{_INDEX}#alignment")

# Failure report options (only meaningful with ruf).
#   fo: list[str], the options ("0", "1", "d", "s")
FAILURE_OPTIONS = define("dmarc.failure_options", _OK, f"{_INDEX}#reporting")

# The psd flag of the applied record.
#   value: "y" (a public suffix domain) | "n" (an organizational domain for itself
#          and its subdomains) ; not reported when absent ("u")
#   policy_domain: str
PSD_FLAG = define("dmarc.psd_flag", _OK, f"{_INDEX}#psd")

# The organizational domain found by the tree walk (RFC 9989 4.10.2).
#   domain: str; organizational_domain: str
ORGANIZATIONAL_DOMAIN = define("dmarc.organizational_domain", _OK, f"{_INDEX}#discovery")
