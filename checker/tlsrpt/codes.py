"""Finding codes of the TLS-RPT check (RFC 8460, record at _smtp._tls.<domain>).

Each code declares its parameters as data (see :mod:`checker.findings`). Common: ``name`` the DNS name queried,
``published`` a TXT record as published; ``record`` a record to publish (a fix).
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown

# No TXT record starting "v=TLSRPTv1;": nobody sends the domain reports about failed TLS
# deliveries.
NO_RECORD = define("tlsrpt.no_record", Severity.INFO, "tls-rpt.md#record", params={
    "name": str,
    "record": not_shown(str),         # a record to publish there
    "placeholder": not_shown(bool),   # the mailbox tls-reports@<domain> is an example to replace
})

# More than one record starts with "v=TLSRPTv1;": senders treat the domain as having no
# TLS-RPT.
MULTIPLE_RECORDS = define("tlsrpt.multiple_records", Severity.ERROR, "tls-rpt.md#record", params={
    "name": str,
    "count": int,
    "records": not_shown(list[str]),
})

# A TXT record that does not start exactly with "v=TLSRPTv1;" (senders discard it) but
# looks like an attempt (starts with "v=tlsrpt", any case).
RECORD_DISCARDED = define("tlsrpt.record_discarded", Severity.WARNING, "tls-rpt.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
})

# The record has no rua field (or only an empty one): invalid, no reports.
MISSING_RUA = define("tlsrpt.missing_rua", Severity.ERROR, "tls-rpt.md#reporting-uris", params={
    "name": str,
    "published": not_shown(str),      # the record as published
})

# A rua entry is not a usable URI: empty, with blanks or unencoded "!", no scheme, no host
# after https://, or no address after mailto:. Reporters skip it.
INVALID_URI = define("tlsrpt.invalid_uri", Severity.ERROR, "tls-rpt.md#reporting-uris", params={
    "name": str,
    "uri": str,
})

# A rua URI whose scheme is neither mailto nor https: reporters skip it.
UNSUPPORTED_SCHEME = define("tlsrpt.unsupported_scheme", Severity.ERROR, "tls-rpt.md#reporting-uris", params={
    "name": not_shown(str),
    "uri": str,
    "scheme": str,
})

# A field is not "name=value" with a valid name and value (or is empty between two ";"):
# the record does not follow the syntax.
RECORD_SYNTAX = define("tlsrpt.record_syntax", Severity.ERROR, "tls-rpt.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    "field": str,                     # the field's text
})

# A field appears more than once; the first is used.
DUPLICATE_FIELD = define("tlsrpt.duplicate_field", Severity.WARNING, "tls-rpt.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    "field": str,                     # its name
})

# One valid record with at least one usable reporting URI.
RECORD_VALID = define("tlsrpt.record_valid", Severity.OK, "tls-rpt.md#record", params={
    "name": str,
    "published": not_shown(str),      # the record as published
    "rua": list[str],                 # the usable URIs
})

# The DNS lookup failed: whether a record exists is unknown (never read as absent).
LOOKUP_FAILED = define("tlsrpt.lookup_failed", Severity.ERROR, "tls-rpt.md#record", params={
    "name": str,
    "type": {"TXT"},
    "error": DnsErrorKind,
})
