"""BIMI finding codes (draft-brand-indicators-for-message-identification). Parameters listed per code.

URIs and record texts in parameters come from DNS as published, including hostile
ones (``javascript:...``): show them as text only, never as links or markup.
"""

from ..findings import Severity, define

_ERROR, _WARNING, _INFO, _OK = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.OK

# -- the record at default._bimi.<domain> -----------------------------------------

# No BIMI record: BIMI is optional.
#   name: str, the name queried ("default._bimi.<domain>")
NO_RECORD = define("bimi.no_record", _INFO, "bimi.md#record")

# The lookup gave no usable answer (not an absent record).
#   name: str
#   error: "timeout" | "servfail" | "refused" | "network" | "bad_response" |
#          "cname_loop" | "query_limit" | "deadline"
LOOKUP_FAILED = define("bimi.lookup_failed", _ERROR, "bimi.md#record")

# A TXT record there is meant as BIMI ("v=bimi..." in any case, spaces ignored) but
# does not start with exactly "v=BIMI1": receivers discard it (they must not fix case
# or syntax). Unrelated TXT records at the name are ignored, not reported.
#   published: str, the record as published
#   record: str, optional: the record to publish instead (version tag corrected), and
#   name: str, where to publish it; both absent when the tag list itself is broken
VERSION_INVALID = define("bimi.version_invalid", _ERROR, "bimi.md#record")

# More than one BIMI record (v=BIMI1) at the name: receivers use none of them.
#   name: str; count: int
MULTIPLE_RECORDS = define("bimi.multiple_records", _ERROR, "bimi.md#record")

# A tag-spec is malformed.
#   reason: "missing_equals" | "bad_name" | "bad_value" (a character outside
#           printable ASCII other than ";")
#   text: str, the tag-spec as written
TAG_SYNTAX = define("bimi.tag_syntax", _ERROR, "bimi.md#record")

# A tag appears more than once: the record is invalid (RFC 6376 3.2 tag lists).
#   tag: str
DUPLICATE_TAG = define("bimi.duplicate_tag", _ERROR, "bimi.md#record")

# Tags BIMI does not define; receivers ignore them (a typo may hide here, e.g. "L=").
#   tags: list[str], the tag names as written
UNKNOWN_TAGS = define("bimi.unknown_tags", _INFO, "bimi.md#record")

# lps= (local-part selector prefixes) is not a comma-separated list of 1-63
# letters, digits and hyphens.
#   value: str, as written
LPS_INVALID = define("bimi.lps_invalid", _ERROR, "bimi.md#record")

# avp= is neither "brand" nor "personal" (case-sensitive): receivers ignore it or
# may treat the record as failing.
#   value: str, as written
AVP_INVALID = define("bimi.avp_invalid", _WARNING, "bimi.md#record")

# l= and a= both empty: the domain explicitly declines BIMI (not an error).
#   lps: list[str] | null, the local-part selector prefixes when lps= is present
DECLINED = define("bimi.declined", _INFO, "bimi.md#declination")

# A usable BIMI record: l= is an HTTPS URI of an SVG.
#   location: str, the l= URI
RECORD_OK = define("bimi.record_ok", _OK, "bimi.md#record")

# -- l= (the logo) ------------------------------------------------------------------

# No l= tag: it is required (it may be empty, not absent).
LOCATION_MISSING = define("bimi.location_missing", _ERROR, "bimi.md#logo")

# l= is empty while a= is not: the draft says Indicator Discovery then fails.
#   evidence: str, the a= URI
LOCATION_EMPTY = define("bimi.location_empty", _WARNING, "bimi.md#logo")

# l= uses another scheme than https (http:, javascript:, data:, ...).
#   value: str, as written; scheme: str, lower case
LOCATION_NOT_HTTPS = define("bimi.location_not_https", _ERROR, "bimi.md#logo")

# l= is not a single well-formed HTTPS URI with a domain name.
#   value: str, as written
#   reason: see URI_REASONS in checker.bimi.uri: "no_scheme" | "characters" |
#           "comma" | "no_host" | "host" | "ip_address" | "port" | "percent"
LOCATION_INVALID = define("bimi.location_invalid", _ERROR, "bimi.md#logo")

# l= ends with another image format (.png, .jpg, ...): only SVG (SVG Tiny PS) is
# accepted, and the draft makes this a permanent error.
#   value: str; suffix: str, lower case, e.g. ".png"
LOGO_NOT_SVG = define("bimi.logo_not_svg", _ERROR, "bimi.md#logo")

# l= does not end with ".svg" (or ".svgz"): allowed by the draft when the file is
# SVG, but receivers and validators commonly expect the suffix.
#   value: str
LOGO_SUFFIX_MISSING = define("bimi.logo_suffix_missing", _WARNING, "bimi.md#logo")

# -- a= (the evidence document: VMC or CMC) ----------------------------------------

# a= is a well-formed HTTPS URI.
#   url: str
EVIDENCE_PRESENT = define("bimi.evidence_present", _OK, "bimi.md#certificate")

# l= is set but a= is absent or empty: large mailbox providers show the logo only
# with a mark certificate (VMC or CMC).
EVIDENCE_MISSING = define("bimi.evidence_missing", _WARNING, "bimi.md#certificate")

# a= uses another scheme than https.
#   value: str, as written; scheme: str, lower case
EVIDENCE_NOT_HTTPS = define("bimi.evidence_not_https", _ERROR, "bimi.md#certificate")

# a= is not a single well-formed HTTPS URI with a domain name.
#   value: str; reason: as for bimi.location_invalid
EVIDENCE_INVALID = define("bimi.evidence_invalid", _ERROR, "bimi.md#certificate")

# -- DMARC prerequisite (from the DMARC policy summary the caller passes) -----------

# No DMARC policy applies to the domain: receivers show no BIMI logo.
DMARC_MISSING = define("bimi.dmarc_missing", _ERROR, "bimi.md#dmarc-prerequisite")

# The domain has no BIMI record; its organizational domain's default._bimi record applies.
#   name: str, the record's name; domain: str; organizational_domain: str
ORGANIZATIONAL_RECORD = define("bimi.organizational_record", _INFO, "bimi.md#record")

# The DMARC policy could not be read (a lookup failed): whether BIMI can apply is not known.
DMARC_UNKNOWN = define("bimi.dmarc_unknown", _WARNING, "bimi.md#dmarc-prerequisite")

# The DMARC policy does not meet BIMI's requirement: no logo is shown.
#   reason: "p_none" (p=none, or no p), "org_p_none" (the organizational domain's p=none),
#   "sp_none" (sp=none), "pct_below_100" (p=quarantine with pct under 100)
#           (pct under 100); one finding per reason
#   p: str | null; sp: str | null; pct: int | null, the policy as given
DMARC_NOT_ENFORCED = define("bimi.dmarc_not_enforced", _ERROR, "bimi.md#dmarc-prerequisite")

# The DMARC policy is at enforcement (quarantine or reject, pct 100 or absent).
#   p: str; sp: str | null; pct: int | null
DMARC_ENFORCED = define("bimi.dmarc_enforced", _OK, "bimi.md#dmarc-prerequisite")
