"""Finding codes of the DNSSEC check: what the resolver's AD flag says.

The checker validates nothing itself; it reads the AD (Authenticated Data) flag that a
validating resolver sets. Common parameters: ``domain``; ``lookups``: the lookups
judged, each "NAME TYPE" (list of strings).
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown

# The resolver marked every answer as authenticated: the zone is signed and the chain of
# trust validated.
VALIDATED = define("dnssec.validated", Severity.OK, "dnssec.md#validation", params={
    "domain": str,
    "lookups": list[str],
})

# No answer was marked authenticated. From one flag the checker cannot tell why.
NOT_VALIDATED = define("dnssec.not_validated", Severity.INFO, "dnssec.md#validation", params={
    "domain": str,
    "lookups": not_shown(list[str]),
    "possible_causes": not_shown(list[str]),  # ["zone_unsigned", "resolver_does_not_validate"]
    "distinguishable": not_shown(bool),  # always False: one flag cannot tell the causes apart
})

# Some answers were authenticated and others not (e.g. one leads through an alias into an
# unsigned zone).
PARTLY_VALIDATED = define("dnssec.partly_validated", Severity.WARNING, "dnssec.md#validation", params={
    "domain": str,
    "validated": list[str],           # lookups with AD set
    "not_validated": list[str],       # lookups without it
})

# A lookup failed. A validating resolver answers SERVFAIL when signatures do not validate,
# so SERVFAIL may mean broken DNSSEC.
LOOKUP_FAILED = define("dnssec.lookup_failed", Severity.ERROR, "dnssec.md#validation", params={
    "name": str,
    "type": str,
    "error": DnsErrorKind,
    # for servfail ["dnssec_validation_failure", "server_failure"], otherwise [error]
    "possible_causes": not_shown(list[str]),
})
