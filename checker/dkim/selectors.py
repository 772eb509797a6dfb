"""DKIM selectors to probe: a curated list of names common senders use, and the user's own.

DNS cannot list the selectors of a domain: a checker can only guess names. A key
not found among these names says nothing about selectors outside the list. Many
providers give each customer a selector no list can guess:

- Amazon SES Easy DKIM publishes three random tokens (``<token>._domainkey``,
  CNAMEs to ``<token>.dkim.amazonses.com``); ``amazonses`` below only catches
  set-ups that chose that name (it is common in selector lists and in
  hand-made set-ups, not what Easy DKIM generates).
- Postmark (``<date>pm``), SparkPost (``scph<date>``), HubSpot (``hs1-<account>``),
  Salesforce (the admin picks the selector) and any self-hosted signer (any name).

Providers are named after the service a domain owner signs up for. A selector
name proves nothing about who holds the key: ``provider`` is a hint for people.
"""

from __future__ import annotations

import re

from ..dnsname import MAX_LABEL, MAX_NAME, octets

# selector -> provider known to use it by default (None: a generic convention).
KNOWN_SELECTORS: dict[str, str | None] = {
    # Google Workspace: "google" unless the admin sets another prefix.
    "google": "Google Workspace",
    # Microsoft 365: two CNAMEs to <selector>-<domain>._domainkey.<tenant>.onmicrosoft.com.
    "selector1": "Microsoft 365",
    "selector2": "Microsoft 365",
    # Amazon SES: see the module docstring (Easy DKIM tokens cannot be guessed).
    "amazonses": "Amazon SES",
    # Twilio SendGrid: "s1"/"s2" from automated security; "smtpapi" the older selector.
    "s1": "SendGrid",
    "s2": "SendGrid",
    "smtpapi": "SendGrid",
    # Mailchimp: k1 (dkim.mcsv.net), k2/k3 in the current domain authentication;
    # Mandrill (Mailchimp Transactional): "mandrill".
    "k1": "Mailchimp",
    "k2": "Mailchimp",
    "k3": "Mailchimp",
    "mandrill": "Mailchimp Transactional (Mandrill)",
    # Mailgun: "smtp" (older domains), "mailo" and "krs" (later defaults),
    # "pdk1"/"pdk2" (Automatic Sender Security, CNAMEs to Mailgun-hosted keys).
    "smtp": "Mailgun",
    "mailo": "Mailgun",
    "krs": "Mailgun",
    "pdk1": "Mailgun",
    "pdk2": "Mailgun",
    # Zoho Mail: the admin names the selector; "zmail" and "zoho" are the usual ones.
    "zmail": "Zoho Mail",
    "zoho": "Zoho Mail",
    # Proton Mail custom domains: three CNAMEs to Proton-hosted keys.
    "protonmail": "Proton Mail",
    "protonmail2": "Proton Mail",
    "protonmail3": "Proton Mail",
    # Fastmail custom domains: fm1-fm3, CNAMEs to <selector>.<domain>.dkim.fmhosted.com.
    "fm1": "Fastmail",
    "fm2": "Fastmail",
    "fm3": "Fastmail",
    # Salesforce: selector and alternate selector are the admin's choice; sf1/sf2 are
    # the names commonly chosen (its set-up guides use them as examples).
    "sf1": "Salesforce",
    "sf2": "Salesforce",
    # Zendesk: two CNAMEs, zendesk1/zendesk2.
    "zendesk1": "Zendesk",
    "zendesk2": "Zendesk",
    # iCloud+ Custom Email Domain: sig1, CNAME to Apple-hosted key.
    "sig1": "iCloud+",
    # Constant Contact: ctct1/ctct2.
    "ctct1": "Constant Contact",
    "ctct2": "Constant Contact",
    # Klaviyo branded sending domains: kl/kl2.
    "kl": "Klaviyo",
    "kl2": "Klaviyo",
    # Mailjet: "mailjet".
    "mailjet": "Mailjet",
    # Generic conventions: control-panel and signer defaults (cPanel, Plesk and
    # OpenDKIM examples use "default"; "mail" and "dkim" are common hand-made names),
    # and names by key size (Yahoo's own s1024/s2048, copied by others).
    "default": None,
    "dkim": None,
    "mail": None,
    "key1": None,
    "selector": None,
    "s1024": None,
    "s2048": None,
}

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")


def selector_problem(selector: str, domain: str) -> str | None:
    """Why ``selector`` cannot be queried under ``domain``, or None when it can.

    A selector is one or more DNS labels (RFC 6376 3.1: sub-domain *("." sub-domain)),
    letters, digits and hyphens; see codes.SELECTOR_INVALID for the reasons.
    """
    if not selector:
        return "empty"
    for label in selector.split("."):
        if octets(label) > MAX_LABEL:
            return "label_too_long"
        if not label.isascii() or not _LABEL.match(label):
            return "bad_label"
    if octets(f"{selector}._domainkey.{domain}") > MAX_NAME:
        return "name_too_long"
    return None


def provider_of(selector: str) -> str | None:
    return KNOWN_SELECTORS.get(selector)
