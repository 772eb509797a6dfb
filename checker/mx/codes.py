"""Finding codes of the MX check (RFC 5321 5.1, RFC 7505 null MX, RFC 2181 10.3).

Each code lists its parameters. Common: ``domain`` the domain checked, ``exchange`` an
MX host name (lower case, no trailing dot), ``preference`` its MX preference.
"""

from ..dns import DnsErrorKind
from ..findings import Severity, define, not_shown

# The domain's MX hosts. domain; hosts: host names in preference order (list);
# preferences: their preferences, same order (list of numbers).
HOSTS_FOUND = define("mx.hosts_found", Severity.OK, "mx.md#mx-records", params={
    "domain": str,
    "hosts": list[str],
    "preferences": not_shown(list[int]),
})

# No MX record, but the domain has addresses: senders deliver to the domain itself
# (the "implicit MX" of RFC 5321 5.1). domain; addresses: its A/AAAA addresses (list);
# name: where to publish; type: "MX"; record: an MX naming the domain itself, which keeps
# today's behaviour explicit; null_mx_record: "0 ." to publish instead if the domain
# receives no mail.
NO_MX_IMPLICIT = define("mx.no_mx_implicit", Severity.WARNING, "mx.md#no-mx", params={
    "name": not_shown(str),
    "domain": str,
    "record": not_shown(str),
    "addresses": list[str],
    "type": not_shown({"MX"}),
    "null_mx_record": str,
})

# No MX record and no address: the domain receives no mail, but senders only learn it
# after trying. domain; name; type: "MX"; record: "0 ." (a null MX says it at once).
NO_MX_NO_ADDRESS = define("mx.no_mx_no_address", Severity.INFO, "mx.md#no-mx", params={
    "domain": str,
    "record": not_shown(str),
    "name": not_shown(str),
    "type": not_shown({"MX"}),
})

# The domain name does not exist (NXDOMAIN). domain.
DOMAIN_NOT_FOUND = define("mx.domain_not_found", Severity.ERROR, "mx.md#mx-records", params={"domain": str})

# A null MX (RFC 7505: preference 0, exchange "."): the domain declares it receives no
# mail, and receivers may refuse mail that uses it as sender. domain.
NULL_MX = define("mx.null_mx", Severity.OK, "mx.md#null-mx", params={"domain": str})

# A null MX published together with other MX records, which RFC 7505 forbids: senders
# may do either. domain; hosts: the other MX hosts (list).
NULL_MX_MIXED = define("mx.null_mx_mixed", Severity.ERROR, "mx.md#null-mx", params={
    "domain": str,
    "hosts": list[str],
})

# An MX with exchange "." but a preference other than 0: not a null MX as RFC 7505 defines
# it. domain; preference; record: "0 ." (the null MX to publish instead).
NULL_MX_PREFERENCE = define("mx.null_mx_preference", Severity.WARNING, "mx.md#null-mx", params={
    "domain": str,
    "preference": int,
    "record": not_shown(str),
})

# The MX host is an alias (CNAME): RFC 2181 10.3 and RFC 5321 5.1 say an MX must name a
# host with its own address records. exchange; preference; target: where the alias leads.
MX_CNAME = define("mx.cname", Severity.WARNING, "mx.md#mx-cname", params={
    "preference": not_shown(int),
    "exchange": str,
    "target": str,
})

# The MX host is an IP address written as a name (e.g. "10 192.0.2.1."); an MX must name
# a host. exchange; preference; address: the IP address it spells.
MX_IP_LITERAL = define("mx.ip_literal", Severity.ERROR, "mx.md#mx-ip", params={
    "exchange": str,
    "preference": not_shown(int),
    "address": str,
})

# The MX host has no A or AAAA record: mail to it cannot be delivered.
# exchange; preference; status: "nxdomain" (the name does not exist) or "nodata".
NO_ADDRESS = define("mx.no_address", Severity.ERROR, "mx.md#mx-records", params={
    "exchange": str,
    "preference": not_shown(int),
    "status": {"nxdomain", "nodata"},
})

# A DNS lookup failed; what it asked for is unknown (never read as absent).
# name; type: "MX", "A" or "AAAA"; error: timeout, servfail, refused, network,
# bad_response, cname_loop, query_limit or deadline.
LOOKUP_FAILED = define("mx.lookup_failed", Severity.ERROR, "mx.md#mx-records", params={
    "name": str,
    "type": {"MX", "A", "AAAA"},
    "error": DnsErrorKind,
})
