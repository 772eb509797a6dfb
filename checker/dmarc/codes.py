"""DMARC finding codes (RFC 9989, RFC 9990 section 4, RFC 9991 section 5).

Each code declares its parameters as data (see :mod:`checker.findings`), with a
comment on what they mean for the message writers. Parameters are plain JSON
values. Record texts, tag values and URIs are data taken from DNS: show them as
text, never as markup or links.

Words used in several parameters:
  domain         the name checked (A-labels, lower case)
  policy_domain  the domain whose DMARC record applies (where it was found)
  name           a DNS name (for a fix: where to publish ``record``)
  record         a TXT record text (for a fix: the exact text to publish)
  placeholder    true when ``record`` holds a made-up mailbox
                 (dmarc-reports@<domain>) the owner must replace with a real one
  tag            a DMARC tag name, lower case ("p", "sp", "rua", ...)
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown

_ERROR, _WARNING, _INFO, _OK = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK

_INDEX = "dmarc/index.md"
_ENFORCEMENT = "dmarc/enforcement.md"
_MYTHS = "dmarc/myths.md"

# -- lookups and discovery -------------------------------------------------------

# A DNS lookup gave no usable answer (timeout, SERVFAIL, ...). This is NOT an absent
# record: the result that depends on it is unknown.
LOOKUP_FAILED = define("dmarc.lookup_failed", _ERROR, f"{_INDEX}#discovery", params={
    "name": str,                      # the name queried
    "type": {"TXT", "A"},
    "error": DnsErrorKind,
    # "policy" (a _dmarc.<name> lookup of the tree walk of the checked domain) | "apex" (the TXT records of the
    # domain itself, looked at for a misplaced record) | "existence" (whether the checked name exists, which selects
    # np) | "destination_walk" (tree walk on a report destination's host) | "destination_authorization" (the
    # <policy-domain>._report._dmarc.<host> TXT)
    "step": {"policy", "apex", "existence", "destination_walk", "destination_authorization"},
})

# No DMARC record for the domain, nor for any parent the tree walk visited: DMARC is
# not applied to mail in this domain's name (RFC 9989 4.10.1).
NO_RECORD = define("dmarc.no_record", _ERROR, f"{_ENFORCEMENT}#starting-record", params={
    "domain": str,
    "queried": not_shown(list[str]),  # the _dmarc names queried
    "name": not_shown(str),           # "_dmarc.<domain>", where to publish the record
    "record": not_shown(str),         # a starting record "v=DMARC1; p=none; rua=mailto:dmarc-reports@<domain>"
    "placeholder": not_shown(bool),
    # the path to enforcement once reports show all legitimate mail passes: the same record with p=quarantine, then
    # p=reject
    "next_records": not_shown(list[str]),
    # TXT records at _dmarc.<domain> that were meant as DMARC but discarded (several v=DMARC1 records, or a near
    # miss; each also has its own finding); usually empty
    "discarded": not_shown(list[str]),
})

# The DMARC record that applies was found.
RECORD_FOUND = define("dmarc.record_found", _OK, f"{_INDEX}#discovery", params={
    "name": str,                      # the _dmarc name it was found at
    "policy_domain": not_shown(str),
    # "domain" (the checked domain's own record) | "organizational" (the record of its organizational domain) |
    # "public_suffix" (the record of its public suffix domain, psd=y)
    "source": {"domain", "organizational", "public_suffix"},
})

# The checked name has 8 labels or more: the tree walk skipped to its last 7 labels
# after the first query (RFC 9989 4.10, at most 8 queries).
WALK_SHORTENED = define("dmarc.walk_shortened", _INFO, f"{_INDEX}#discovery", params={
    "domain": str,
    "labels": int,                    # the label count of the domain
    "skipped": not_shown(list[str]),  # the names the walk did not query
})

# Several TXT records starting "v=DMARC1" at one name: receivers discard them all
# and go on as if that name had none (RFC 9989 4.10 step 2).
MULTIPLE_RECORDS = define("dmarc.multiple_records", _ERROR, f"{_INDEX}#record-location", params={
    "name": str,                      # the _dmarc name
    "count": int,
    "records": not_shown(list[str]),
})

# A TXT record at a _dmarc name looks meant as DMARC but does not start with
# "v=DMARC1" exactly, so receivers discard it (RFC 9989 4.7 "v", 4.10 step 2).
VERSION_INVALID = define("dmarc.version_invalid", _ERROR, f"{_INDEX}#record-syntax", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    # "leading_space" (text before "v=") | "quoted" (quote marks are part of the text) | "version_case" (e.g.
    # "v=dmarc1": the value is case-sensitive) | "version_value" (another version, e.g. "v=DMARC2") |
    # "missing_separator" (no ";" after "v=DMARC1") | "not_first" (v=DMARC1 is present but not the first tag)
    "reason": {"leading_space", "quoted", "version_case", "version_value", "missing_separator", "not_first"},
    "record": not_shown(str | None),  # the record as it should read (the fix), when it can be derived
})

# A TXT record at a _dmarc name that is not DMARC at all (receivers ignore it).
UNRELATED_TXT = define("dmarc.unrelated_txt", _WARNING, f"{_INDEX}#record-location", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    # "spf" (an SPF record "v=spf1 ...": it belongs at the domain itself, not under _dmarc) | "other"
    "kind": {"spf", "other"},
})

# A DMARC record is published at the domain itself instead of _dmarc.<domain>:
# receivers never look there.
RECORD_AT_APEX = define("dmarc.record_at_apex", _WARNING, f"{_INDEX}#record-location", params={
    "domain": str,
    "record": not_shown(str),         # the misplaced record
    "name": str,                      # "_dmarc.<domain>", where it belongs
    "published": not_shown(bool),     # true when _dmarc.<domain> also has a DMARC record
})

# -- syntax (one record) ---------------------------------------------------------

# Nothing after "v=DMARC1": the record acts as p=none and asks for no reports.
RECORD_EMPTY = define("dmarc.record_empty", _WARNING, f"{_ENFORCEMENT}#starting-record", params={
    "name": str,                      # where it is published
    "record": not_shown(str),         # a starting record to publish there instead (with rua)
    "placeholder": not_shown(bool),
})

# A part between semicolons that is not tag=value; receivers skip it.
TAG_MALFORMED = define("dmarc.tag_malformed", _WARNING, f"{_INDEX}#record-syntax", params={
    "text": str,                      # the part as written
    # "no_equals" | "bad_name" (the name is not letters only) | "bad_character" (a character that is not printable
    # ASCII)
    "reason": {"no_equals", "bad_name", "bad_character"},
})

# A tag appears more than once; the checker (like common receivers) uses the first.
DUPLICATE_TAG = define("dmarc.duplicate_tag", _WARNING, f"{_INDEX}#record-syntax", params={
    "tag": str,
    "values": list[str],              # every value given, in order
})

# A tag's value is not valid; receivers use the default instead (RFC 9989 4.8).
# (Invalid p, sp, np: see dmarc.policy_invalid.)
TAG_VALUE_INVALID = define("dmarc.tag_value_invalid", _WARNING, f"{_INDEX}#record-syntax", params={
    "tag": {"adkim", "aspf", "fo", "t", "psd"},
    "value": str,
    # the valid values ("r","s" / "y","n" / "y","n","u" / fo: "0","1","d","s" joined by ":", 0 and 1 not together)
    "allowed": list[str],
    "default": str,                   # what is used instead
})

# A tag DMARC does not define; receivers ignore it (RFC 9989 4.7).
UNKNOWN_TAG = define("dmarc.unknown_tag", _INFO, f"{_INDEX}#record-syntax", params={
    "tag": str,
    "value": not_shown(str),
})

# No p tag: receivers treat the record as p=none (RFC 9989 4.7).
POLICY_MISSING = define("dmarc.policy_missing", _WARNING, f"{_INDEX}#policy", params={
    "name": str,                      # the record's _dmarc name
    "record": not_shown(str),         # the record with p=none written out (the same policy, explicit)
})

# No p tag and no valid rua URI: receivers apply no DMARC (RFC 9989 4.10.1).
POLICY_MISSING_NO_RUA = define("dmarc.policy_missing_no_rua", _ERROR, f"{_INDEX}#policy", params={
    "name": str,                      # the record's _dmarc name
    "record": not_shown(str),         # the record with p=none written out
})

# p, sp or np has an invalid value. With at least one valid rua URI receivers act
# as if the record were p=none for everything; without, no DMARC at all
# (RFC 9989 4.10.1).
POLICY_INVALID = define("dmarc.policy_invalid", _ERROR, f"{_INDEX}#record-syntax", params={
    "tag": {"p", "sp", "np"},
    "value": str,
    "effect": {"treated_as_none", "not_applied"},
    # the policy value closest to what was written ("none" when nothing is close)
    "suggested": {"none", "quarantine", "reject"},
    "name": not_shown(str),           # the record's _dmarc name
    "record": not_shown(str),         # the record with the value replaced by ``suggested``
})

# An RFC 7489 tag that RFC 9989 removed: receivers following RFC 9989 ignore it.
OBSOLETE_TAG = define("dmarc.obsolete_tag", _INFO, f"{_INDEX}#obsolete-tags", params={
    "tag": {"pct", "rf", "ri"},
    "value": str,
})

# pct below 100: RFC 7489 receivers applied the policy to that share of failing
# mail; RFC 9989 receivers ignore pct and apply the policy to all failing mail
# (pct=0 was used as a testing signal; t=y replaces it, RFC 9989 A.6).
PCT_IGNORED = define("dmarc.pct_ignored", _WARNING, f"{_INDEX}#obsolete-tags", params={
    "value": int,                     # the pct value
    "policy": {"none", "quarantine", "reject"},  # the requested p value that now applies in full
    "replacement": not_shown({"t=y", None}),  # "t=y" when value is 0
})

# A report URI carries an RFC 7489 size limit ("!10m"); RFC 9989 reporters ignore it.
URI_SIZE_OBSOLETE = define("dmarc.uri_size_obsolete", _INFO, f"{_INDEX}#obsolete-tags", params={
    "tag": {"rua", "ruf"},
    "uri": str,                       # as written
    "size": str,                      # e.g. "10m"
})

# fo is set but there is no ruf: fo only concerns failure reports and is ignored.
FO_WITHOUT_RUF = define("dmarc.fo_without_ruf", _INFO, f"{_INDEX}#reporting", params={
    "fo": str,                        # the value
})

# -- report URIs and destinations -------------------------------------------------

# A report URI is not a valid URI; no report is sent to it (RFC 9990 3.5).
URI_INVALID = define("dmarc.uri_invalid", _WARNING, f"{_INDEX}#reporting", params={
    "tag": {"rua", "ruf"},
    "uri": str,                       # as written
    # "empty" (nothing between commas) | "no_scheme" (e.g. a bare address; see suggestion) | "bad_address" (mailto
    # without a local part and a domain) | "bad_host" (the host is not a valid domain name) | "bad_size" (a "!" not
    # followed by a size) | "bad_character" (spaces or other characters a URI cannot hold)
    "reason": {"empty", "no_scheme", "bad_address", "bad_host", "bad_size", "bad_character"},
    "suggestion": not_shown(str | None),  # e.g. "mailto:dmarc@example.com" for "dmarc@example.com"
})

# A report URI uses a scheme other than mailto: receivers are only required to
# support mailto and ignore schemes they do not support (RFC 9989 4.7).
URI_SCHEME_UNSUPPORTED = define("dmarc.uri_scheme_unsupported", _WARNING, f"{_INDEX}#reporting", params={
    "tag": {"rua", "ruf"},
    "uri": str,
    "scheme": str,                    # lower case
})

# No valid rua URI: no aggregate reports, so no way to see who sends in the
# domain's name before enforcing. (Not reported for a public suffix operator's
# record.)
NO_RUA = define("dmarc.no_rua", _WARNING, f"{_INDEX}#reporting", params={
    "name": str,                      # the applied record's _dmarc name
    "present": not_shown(bool),       # true when rua is there but holds no valid URI
    "record": not_shown(str),         # the applied record with rua=mailto:dmarc-reports@<policy_domain>
    "placeholder": not_shown(bool),
})

# A report destination inside the policy domain's organizational domain: no
# authorization needed.
DESTINATION_INTERNAL = define("dmarc.destination_internal", _OK, f"{_INDEX}#reporting", params={
    "tag": {"rua", "ruf"},
    "uri": str,
    "host": not_shown(str),
    "organizational_domain": str,     # the organizational domain both share
})

# An external report destination that authorizes this domain
# (TXT "v=DMARC1..." at <policy_domain>._report._dmarc.<host>; RFC 9990 4).
DESTINATION_AUTHORIZED = define("dmarc.destination_authorized", _OK, f"{_INDEX}#external-destinations", params={
    "tag": {"rua", "ruf"},
    "uri": str,
    "host": str,
    "name": str,                      # the authorization record's name (it may be answered by a wildcard)
})

# An external report destination that does not authorize this domain: receivers
# send no reports there (RFC 9990 4, RFC 9991 5).
DESTINATION_UNAUTHORIZED = define("dmarc.destination_unauthorized", _WARNING, f"{_INDEX}#external-destinations",
                                  params={
    "tag": {"rua", "ruf"},
    "uri": str,
    "host": str,
    "name": str,                      # where the destination's owner must publish ``record``
    "record": not_shown(str),         # the record that authorizes the reports
    "found": not_shown(list[str]),    # TXT records found at ``name`` that are not DMARC (may be empty)
})

# An external report destination whose authorization cannot be checked, so
# receivers cannot confirm it either.
DESTINATION_UNVERIFIABLE = define("dmarc.destination_unverifiable", _WARNING, f"{_INDEX}#external-destinations",
                                  params={
    "tag": {"rua", "ruf"},
    "uri": str,
    "host": not_shown(str),
    # "name_too_long" (<policy_domain>._report._dmarc.<host> is over 253 octets or has a label over 63: a shorter
    # name is needed, RFC 9990 4 step 4) | "ip_literal" (the host is an IP address, which has no DNS name to publish
    # an authorization under)
    "reason": {"name_too_long", "ip_literal"},
    "name": not_shown(str | None),    # the name that would have been queried
})

# The destination's authorization record names its own rua/ruf, which replace the
# URI in the domain's record (RFC 9990 4 step 9).
DESTINATION_OVERRIDE = define("dmarc.destination_override", _INFO, f"{_INDEX}#external-destinations", params={
    "tag": {"rua", "ruf"},
    "uri": str,                       # the URI in the domain's record
    "override": list[str],            # the URIs reports go to instead
})

# The authorization record's override URI points at another host: receivers send
# reports neither to the original nor to the override URI (RFC 9990 4).
DESTINATION_OVERRIDE_INVALID = define("dmarc.destination_override_invalid", _WARNING,
                                      f"{_INDEX}#external-destinations", params={
    "tag": {"rua", "ruf"},
    "uri": str,
    "host": str,
    "override": not_shown(list[str]),
    "other_hosts": list[str],         # hosts other than ``host``
})

# ruf in a record with psd=y: report generators do not consider it (RFC 9991 2).
RUF_IGNORED_PSD = define("dmarc.ruf_ignored_psd", _WARNING, f"{_INDEX}#psd", params={
    "policy_domain": str,
    "ruf": list[str],
})

# -- policy ----------------------------------------------------------------------
# The three policy findings share their parameters: ``tag`` is the tag that applies
# to the checked name (p for the domain's own record; sp for an existing subdomain,
# np for a non-existent one, each falling back to p); ``requested`` what the record
# asks; ``effective`` what receivers apply (one level lower with t=y); ``testing``
# t=y; ``record`` the next step toward enforcement: the record with the applied tag
# raised one level (and t=y removed), None for reject and for a public suffix
# operator's record (see dmarc.psd_policy_only); ``name`` where that record goes
# (the policy domain's _dmarc name).

# Effective policy reject: failing mail is refused.
POLICY_REJECT = define("dmarc.policy_reject", _OK, f"{_ENFORCEMENT}#reject", params={
    "effective": not_shown({"none", "quarantine", "reject"}),
    "name": not_shown(str),
    "policy_domain": str,
    "record": not_shown(str | None),
    "requested": not_shown({"none", "quarantine", "reject"}),
    "tag": {"p", "sp", "np"},
    "testing": not_shown(bool),
})
# Effective policy quarantine: failing mail goes to spam/quarantine.
POLICY_QUARANTINE = define("dmarc.policy_quarantine", _OK, f"{_ENFORCEMENT}#quarantine", params={
    "effective": not_shown({"none", "quarantine", "reject"}),
    "name": not_shown(str),
    "policy_domain": str,
    "record": not_shown(str | None),
    "requested": not_shown({"none", "quarantine", "reject"}),
    "tag": not_shown({"p", "sp", "np"}),
    "testing": not_shown(bool),
})
# Effective policy none: monitoring only; mail in the domain's name can still be
# spoofed.
POLICY_NONE = define("dmarc.policy_none", _WARNING, f"{_MYTHS}#myth-none-is-enough", params={
    "effective": not_shown({"none", "quarantine", "reject"}),
    "name": not_shown(str),
    "policy_domain": str,
    "record": not_shown(str),
    "requested": not_shown({"none", "quarantine", "reject"}),
    "tag": not_shown({"p", "sp", "np"}),
    "testing": not_shown(bool),
})

# The checked name has no record of its own; its organizational domain's policy
# covers it (as RFC 9989 intends: one record can cover a whole organization).
POLICY_INHERITED = define("dmarc.policy_inherited", _OK, f"{_INDEX}#subdomain-policy", params={
    "domain": str,
    "policy_domain": str,
    "tag": {"p", "sp", "np"},         # as for the policy findings
    # whether the checked name exists (null: unknown, the existence lookup failed; sp is then assumed)
    "exists": not_shown(bool | None),
})

# Only a public suffix operator's record (psd=y) covers the checked name: its
# organizational domain has no DMARC record of its own.
PSD_POLICY_ONLY = define("dmarc.psd_policy_only", _WARNING, f"{_INDEX}#psd", params={
    "domain": str,
    "policy_domain": str,             # the public suffix domain
    "organizational_domain": str,
    "name": not_shown(str),           # "_dmarc.<organizational_domain>"
    "record": not_shown(str),         # a starting record
    "placeholder": not_shown(bool),
})

# t=y: the domain owner is testing; receivers apply one level lower
# (reject→quarantine, quarantine→none; no effect on none) (RFC 9989 4.7).
TESTING = define("dmarc.testing", _WARNING, f"{_INDEX}#testing-flag", params={
    "tag": {"p", "sp", "np"},
    "requested": {"none", "quarantine", "reject"},
    "effective": {"none", "quarantine", "reject"},
    "name": not_shown(str),
    "record": not_shown(str | None),  # the record without t=y (None for a public suffix operator's record)
})

# What the record asks for subdomains of the organizational domain (only reported
# for a record at an organizational domain, where sp and np apply).
SUBDOMAIN_POLICY = define("dmarc.subdomain_policy", _OK, f"{_INDEX}#subdomain-policy", params={
    "sp": {"none", "quarantine", "reject"},  # for existing subdomains (default p)
    "np": {"none", "quarantine", "reject"},  # for non-existent subdomains (default sp, then p)
    "sp_source": {"p", "sp", "np"},   # the tag the value comes from
    "np_source": {"p", "sp", "np"},   # the tag the value comes from
})

# sp or np asks less than p: subdomains are easier to spoof than the domain.
SUBDOMAIN_POLICY_WEAKER = define("dmarc.subdomain_policy_weaker", _WARNING, f"{_INDEX}#subdomain-policy", params={
    "tag": {"sp", "np"},
    "value": {"none", "quarantine", "reject"},
    "p": {"none", "quarantine", "reject"},
    "name": not_shown(str),
    "record": not_shown(str),         # the record with the tag set to the p value
})

# sp or np in a record that is not at an organizational domain: receivers never
# use them (RFC 9989 4.7 "sp"); subdomains get the organizational domain's policy.
SP_IGNORED = define("dmarc.sp_ignored", _INFO, f"{_INDEX}#subdomain-policy", params={
    "tag": {"sp", "np"},
    "value": str,
    "organizational_domain": str,
})

# Identifier alignment modes (descriptive: both modes are valid choices).
ALIGNMENT = define("dmarc.alignment", _OK, f"{_INDEX}#alignment", params={
    "adkim": {"relaxed", "strict"},
    "aspf": {"relaxed", "strict"},
    "explicit": not_shown(list[str]),  # which of the two the record sets (others are defaults)
})

# Failure report options (only meaningful with ruf).
FAILURE_OPTIONS = define("dmarc.failure_options", _OK, f"{_INDEX}#reporting", params={
    "fo": list[str],                  # the options ("0", "1", "d", "s")
})

# The psd flag of the applied record.
PSD_FLAG = define("dmarc.psd_flag", _OK, f"{_INDEX}#psd", params={
    # "y": a public suffix domain; "n": an organizational domain for itself and its subdomains
    # (not reported when absent, "u")
    "value": {"y", "n"},
    "policy_domain": str,
})

# The organizational domain found by the tree walk (RFC 9989 4.10.2).
ORGANIZATIONAL_DOMAIN = define("dmarc.organizational_domain", _OK, f"{_INDEX}#discovery", params={
    "domain": str,
    "organizational_domain": str,
})
