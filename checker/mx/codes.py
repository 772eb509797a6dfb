"""Finding codes of the MX check (RFC 5321 5.1, RFC 7505 null MX, RFC 2181 10.3).

Each code declares its parameters as data (see :mod:`checker.findings`). Common:
``domain`` the domain checked, ``exchange`` an MX host name (lower case, no trailing
dot), ``preference`` its MX preference.
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown

# The domain's MX hosts.
HOSTS_FOUND = define("mx.hosts_found", Severity.OK, "mx.md#mx-records", params={
    "domain": str,
    "hosts": list[str],               # host names in preference order
    "preferences": not_shown(list[int]),  # their preferences, same order
})

# No MX record, but the domain has addresses: senders deliver to the domain itself (the
# "implicit MX" of RFC 5321 5.1).
NO_MX_IMPLICIT = define("mx.no_mx_implicit", Severity.WARNING, "mx.md#no-mx", params={
    "domain": str,
    "addresses": list[str],           # its A/AAAA addresses
    "name": not_shown(str),           # where to publish
    "type": not_shown({"MX"}),
    "record": not_shown(str),         # an MX naming the domain itself, which keeps today's behaviour explicit
    "null_mx_record": str,            # "0 ." to publish instead if the domain receives no mail
})

# No MX record and no address: the domain receives no mail, but senders only learn it
# after trying.
NO_MX_NO_ADDRESS = define("mx.no_mx_no_address", Severity.INFO, "mx.md#no-mx", params={
    "domain": str,
    "name": not_shown(str),
    "type": not_shown({"MX"}),
    "record": not_shown(str),         # "0 ." (a null MX says it at once)
})

# The domain name does not exist (NXDOMAIN).
DOMAIN_NOT_FOUND = define("mx.domain_not_found", Severity.ERROR, "mx.md#mx-records", params={"domain": str})

# A null MX (RFC 7505: preference 0, exchange "."): the domain declares it receives no
# mail, and receivers may refuse mail that uses it as sender.
NULL_MX = define("mx.null_mx", Severity.OK, "mx.md#null-mx", params={"domain": str})

# A null MX published together with other MX records, which RFC 7505 forbids: senders may
# do either.
NULL_MX_MIXED = define("mx.null_mx_mixed", Severity.ERROR, "mx.md#null-mx", params={
    "domain": str,
    "hosts": list[str],               # the other MX hosts
})

# An MX with exchange "." but a preference other than 0: not a null MX as RFC 7505 defines
# it.
NULL_MX_PREFERENCE = define("mx.null_mx_preference", Severity.WARNING, "mx.md#null-mx", params={
    "domain": str,
    "preference": int,
    "record": not_shown(str),         # "0 ." (the null MX to publish instead)
})

# The MX host is an alias (CNAME): RFC 2181 10.3 and RFC 5321 5.1 say an MX must name a
# host with its own address records.
MX_CNAME = define("mx.cname", Severity.WARNING, "mx.md#mx-cname", params={
    "exchange": str,
    "preference": not_shown(int),
    "target": str,                    # where the alias leads
})

# The MX host is an IP address written as a name (e.g. "10 192.0.2.1."); an MX must name a
# host.
MX_IP_LITERAL = define("mx.ip_literal", Severity.ERROR, "mx.md#mx-ip", params={
    "exchange": str,
    "preference": not_shown(int),
    "address": str,                   # the IP address it spells
})

# The MX host has no A or AAAA record: mail to it cannot be delivered.
NO_ADDRESS = define("mx.no_address", Severity.ERROR, "mx.md#mx-records", params={
    "exchange": str,
    "preference": not_shown(int),
    "status": {"nxdomain", "nodata"},  # nxdomain: the name does not exist
})

# A DNS lookup failed; what it asked for is unknown (never read as absent).
LOOKUP_FAILED = define("mx.lookup_failed", Severity.ERROR, "mx.md#mx-records", params={
    "name": str,
    "type": {"MX", "A", "AAAA"},
    "error": DnsErrorKind,
})
