"""Domain names in SPF: the checked <domain> (4.3) and target names (4.8, 7.3).

Names built from macros may hold any character (a local-part with spaces, "@",
quotes); they are handed to the resolver in escaped presentation form, so the
labels asked are exactly the labels expanded.
"""

from __future__ import annotations

import dns.exception
import dns.name
import idna

from ..dnsname import MAX_NAME, length_problem, octets


def identity(mail_from: str, helo: str) -> tuple[str, str]:
    """(local-part, domain) of the <sender> for check_host() (2.3, 2.4, 4.3).

    An empty MAIL FROM checks the HELO identity as ``postmaster@helo``; a sender
    without local-part gets ``postmaster``.
    """
    mail_from = (mail_from or "").strip()
    if mail_from.startswith("<") and mail_from.endswith(">"):
        mail_from = mail_from[1:-1].strip()  # as in "MAIL FROM:<...>"; "<>" is the null reverse-path
    helo = (helo or "").strip()
    if not mail_from:
        return "postmaster", helo
    local, at, domain = mail_from.rpartition("@")
    if not at:
        local, domain = "", mail_from
    return local or "postmaster", domain


def checked_domain(domain: str) -> tuple[str, str | None]:
    """The <domain> to query (A-labels, no final dot) and why it cannot be, if so (4.3)."""
    text = domain.strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    if not text:
        return text, "empty"
    if text.startswith("["):
        return text, "domain_literal"
    if not text.isascii():
        try:
            text = idna.encode(text, uts46=True).decode("ascii")  # 4.3: IDNs as A-labels
        except (idna.IDNAError, UnicodeError):
            return text, "idna_invalid"
    return text, domain_problem(text)


def domain_problem(name: str) -> str | None:
    """Why ``name`` (no final dot) is not a checkable multi-label domain, or None."""
    problem = length_problem(name)
    if problem is None and "." not in name:
        return "single_label"
    return problem


def target_name(expanded: str) -> str:
    """4.8/7.3: an expanded domain-spec without its final dot, cut to 253 octets from the left."""
    if expanded.endswith("."):
        expanded = expanded[:-1]
    while octets(expanded) > MAX_NAME and "." in expanded:
        expanded = expanded.split(".", 1)[1]
    return expanded


def query_name(name: str) -> str | None:
    """Escaped presentation form of ``name`` for the resolver; None if no DNS query can carry it."""
    labels = name.split(".")
    if not name or any(not label for label in labels):
        return None
    try:
        wire_labels = [label.encode("utf-8", "surrogatepass") for label in labels]
        return dns.name.Name([*wire_labels, b""]).to_text(omit_final_dot=True)
    except (dns.exception.DNSException, UnicodeError):  # label or name too long
        return None
