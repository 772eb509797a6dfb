"""RFC 7208 4.6.4 processing limits, and how long a check may outlive its session's deadline."""

LOOKUP_LIMIT = 10      # DNS-querying terms per check_host() evaluation, includes and redirects included
VOID_LIMIT = 2         # void lookups (RECOMMENDED default)
MX_LIMIT = 10          # address lookups per "mx" mechanism; more is permerror
PTR_LIMIT = 10         # names kept per "ptr" mechanism or %{p} macro; the others are ignored
DEADLINE_GRACE = 1.0   # seconds: the session's deadline ends lookups; this only stops a check that hangs
