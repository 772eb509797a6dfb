"""BIMI finding codes (draft-brand-indicators-for-message-identification).

Each code declares its parameters as data (see :mod:`checker.findings`).

URIs and record texts in parameters come from DNS as published, including hostile
ones (``javascript:...``): show them as text only, never as links or markup.
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown, optional
from .uri import URI_REASONS

_ERROR, _WARNING, _INFO, _OK = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK

# -- the record at default._bimi.<domain> -----------------------------------------

# No BIMI record: BIMI is optional.
NO_RECORD = define("bimi.no_record", _INFO, "bimi.md#record", params={
    "name": str,                      # the name queried ("default._bimi.<domain>")
})

# The lookup gave no usable answer (not an absent record).
LOOKUP_FAILED = define("bimi.lookup_failed", _ERROR, "bimi.md#record", params={"name": str, "error": DnsErrorKind})

# A TXT record there is meant as BIMI ("v=bimi..." in any case, spaces ignored) but
# does not start with exactly "v=BIMI1": receivers discard it (they must not fix case
# or syntax). Unrelated TXT records at the name are ignored, not reported.
VERSION_INVALID = define("bimi.version_invalid", _ERROR, "bimi.md#record", params={
    "published": not_shown(str),      # the record as published
    # the record to publish instead (version tag corrected), and where; both absent when the tag list is broken
    "record": not_shown(optional(str)),
    "name": not_shown(optional(str)),
})

# More than one BIMI record (v=BIMI1) at the name: receivers use none of them.
MULTIPLE_RECORDS = define("bimi.multiple_records", _ERROR, "bimi.md#record", params={"name": str, "count": int})

# A tag-spec is malformed.
TAG_SYNTAX = define("bimi.tag_syntax", _ERROR, "bimi.md#record", params={
    # "missing_equals" | "bad_name" | "bad_value" (a character outside printable ASCII other than ";")
    "reason": {"missing_equals", "bad_name", "bad_value"},
    "text": str,                      # the tag-spec as written
})

# A tag appears more than once: the record is invalid (RFC 6376 3.2 tag lists).
DUPLICATE_TAG = define("bimi.duplicate_tag", _ERROR, "bimi.md#record", params={"tag": str})

# Tags BIMI does not define; receivers ignore them (a typo may hide here, e.g. "L=").
UNKNOWN_TAGS = define("bimi.unknown_tags", _INFO, "bimi.md#record", params={
    "tags": list[str],                # the tag names as written
})

# lps= (local-part selector prefixes) is not a comma-separated list of 1-63
# letters, digits and hyphens.
LPS_INVALID = define("bimi.lps_invalid", _ERROR, "bimi.md#record", params={
    "value": str,                     # as written
})

# avp= is neither "brand" nor "personal" (case-sensitive): receivers ignore it or
# may treat the record as failing.
AVP_INVALID = define("bimi.avp_invalid", _WARNING, "bimi.md#record", params={
    "value": str,                     # as written
})

# l= and a= both empty: the domain explicitly declines BIMI (not an error).
DECLINED = define("bimi.declined", _INFO, "bimi.md#declination", params={
    "lps": not_shown(list[str] | None),  # the local-part selector prefixes when lps= is present
})

# A usable BIMI record: l= is an HTTPS URI of an SVG.
RECORD_OK = define("bimi.record_ok", _OK, "bimi.md#record", params={
    "location": str,                  # the l= URI
})

# -- l= (the logo) ------------------------------------------------------------------

# No l= tag: it is required (it may be empty, not absent).
LOCATION_MISSING = define("bimi.location_missing", _ERROR, "bimi.md#logo", params={})

# l= is empty while a= is not: the draft says Indicator Discovery then fails.
LOCATION_EMPTY = define("bimi.location_empty", _WARNING, "bimi.md#logo", params={
    "evidence": not_shown(str),       # the a= URI
})

# l= uses another scheme than https (http:, javascript:, data:, ...).
LOCATION_NOT_HTTPS = define("bimi.location_not_https", _ERROR, "bimi.md#logo", params={
    "value": not_shown(str),          # as written
    "scheme": str,                    # lower case
})

# l= is not a single well-formed HTTPS URI with a domain name.
LOCATION_INVALID = define("bimi.location_invalid", _ERROR, "bimi.md#logo", params={
    "value": not_shown(str),          # as written
    "reason": set(URI_REASONS),       # explained in checker.bimi.uri
})

# l= ends with another image format (.png, .jpg, ...): only SVG (SVG Tiny PS) is
# accepted, and the draft makes this a permanent error.
LOGO_NOT_SVG = define("bimi.logo_not_svg", _ERROR, "bimi.md#logo", params={
    "value": not_shown(str),
    "suffix": str,                    # lower case, e.g. ".png"
})

# l= does not end with ".svg" (or ".svgz"): allowed by the draft when the file is
# SVG, but receivers and validators commonly expect the suffix.
LOGO_SUFFIX_MISSING = define("bimi.logo_suffix_missing", _WARNING, "bimi.md#logo", params={"value": not_shown(str)})

# -- a= (the evidence document: VMC or CMC) ----------------------------------------

# a= is a well-formed HTTPS URI.
EVIDENCE_PRESENT = define("bimi.evidence_present", _OK, "bimi.md#certificate", params={"url": str})

# l= is set but a= is absent or empty: large mailbox providers show the logo only
# with a mark certificate (VMC or CMC).
EVIDENCE_MISSING = define("bimi.evidence_missing", _WARNING, "bimi.md#certificate", params={})

# a= uses another scheme than https.
EVIDENCE_NOT_HTTPS = define("bimi.evidence_not_https", _ERROR, "bimi.md#certificate", params={
    "value": not_shown(str),          # as written
    "scheme": str,                    # lower case
})

# a= is not a single well-formed HTTPS URI with a domain name.
EVIDENCE_INVALID = define("bimi.evidence_invalid", _ERROR, "bimi.md#certificate", params={
    "value": not_shown(str),
    "reason": set(URI_REASONS),       # as for bimi.location_invalid
})

# -- DMARC prerequisite (from the DMARC policy summary the caller passes) -----------

# No DMARC policy applies to the domain: receivers show no BIMI logo.
DMARC_MISSING = define("bimi.dmarc_missing", _ERROR, "bimi.md#dmarc-prerequisite", params={})

# The domain has no BIMI record; its organizational domain's default._bimi record applies.
ORGANIZATIONAL_RECORD = define("bimi.organizational_record", _INFO, "bimi.md#record", params={
    "name": str,                      # the record's name
    "domain": str,
    "organizational_domain": not_shown(str),
})

# The DMARC policy could not be read (a lookup failed): whether BIMI can apply is not known.
DMARC_UNKNOWN = define("bimi.dmarc_unknown", _WARNING, "bimi.md#dmarc-prerequisite", params={})

# The DMARC policy does not meet BIMI's requirement: no logo is shown.
DMARC_NOT_ENFORCED = define("bimi.dmarc_not_enforced", _ERROR, "bimi.md#dmarc-prerequisite", params={
    # "p_none" (p=none, or no p), "org_p_none" (the organizational domain's p=none), "sp_none" (sp=none
    # on the domain's or the organizational domain's record), "pct_below_100" (p=quarantine with pct
    # under 100); one finding per reason
    "reason": {"p_none", "org_p_none", "sp_none", "pct_below_100"},
    "p": not_shown(str | None),
    "sp": not_shown(str | None),
    "pct": not_shown(int | None),     # the policy as given
})

# The DMARC policy is at enforcement (quarantine or reject, pct 100 or absent).
DMARC_ENFORCED = define("bimi.dmarc_enforced", _OK, "bimi.md#dmarc-prerequisite", params={
    "p": str,
    "sp": not_shown(str | None),
    "pct": not_shown(int | None),
})
