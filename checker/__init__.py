"""Email authentication checker: SPF, DMARC, DKIM, BIMI, MTA-STS, TLS-RPT.

One async core; the command line reaches DNS through dnspython's sockets or
DNS over HTTPS, the browser through DNS over HTTPS with ``fetch``.
"""

__version__ = "0.1.0"
