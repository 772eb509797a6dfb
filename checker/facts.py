"""Typed facts each protocol check hands to the verdict (checker.verdict).

The verdict is computed from these, never from finding codes or words. Each
fact that depends on a lookup says so: a failed lookup makes it unknown, not false.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class SpfFacts:
    published: bool          # exactly one SPF record at the domain
    usable: bool             # and check_host() can evaluate it without permerror (RFC 7208 4.6, 4.6.4)
    passes_everyone: bool    # every sender of an IP version gets "pass" (RFC 7208 5.1 "+all" and the like)
    passes_no_one: bool      # no sender can get "pass" ("v=spf1 -all")
    lookup_failed: bool      # a lookup failed: usable and passes_everyone are not known

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DkimKey:
    selector: str
    usable: bool             # a verifier accepts signatures made with it
    problem: str | None      # why not: revoked, testing, too_short, hash, invalid


SHOWN_KEYS = 20


@dataclass(frozen=True)
class DkimFacts:
    keys: tuple[DkimKey, ...] = ()
    lookups_failed: int = 0  # selectors that could not be checked

    @property
    def usable(self) -> bool:
        """At least one key that verifies (RFC 6376 3.6.1, RFC 8301 3.1 and 3.2)."""
        return any(key.usable for key in self.keys)

    @property
    def signs_nothing(self) -> bool:
        """No key published, or only revoked ones: the domain says it does not sign."""
        return all(key.problem == "revoked" for key in self.keys)

    def to_json(self) -> dict[str, Any]:
        # The first keys only: a wildcard can give every probed selector hundreds of records.
        return {"usable": self.usable, "signs_nothing": self.signs_nothing, "lookups_failed": self.lookups_failed,
                "keys": [asdict(key) for key in self.keys[:SHOWN_KEYS]], "keys_total": len(self.keys)}


@dataclass(frozen=True)
class DmarcFacts:
    state: str                       # "applied", "missing", "not_applied" (record invalid), "unknown"
    effective: str | None = None     # the policy receivers apply: none, quarantine, reject
    requested: str | None = None     # the policy as written (before t=y lowers it)
    policy_domain: str | None = None
    organizational_domain: str | None = None
    organizational_p: str | None = None   # the p of the organizational domain's own record, if any
    organizational_sp: str | None = None  # and its sp, with p as default (for BIMI)
    subdomain_policy: str | None = None   # sp as it applies to subdomains of the checked name
    nonexistent_policy: str | None = None  # np as it applies to its non-existent subdomains
    pct: int | None = None                # obsolete (RFC 7489) but still read by BIMI's draft
    domain_exists: bool | None = None   # None: not known

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MxFacts:
    null_mx: bool = False            # RFC 7505: the domain accepts no mail
    lookup_failed: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DomainFacts:
    """Every protocol's facts for one domain; None where the protocol was not checked."""

    domain: str
    spf: SpfFacts | None = None
    dkim: DkimFacts | None = None
    dmarc: DmarcFacts | None = None
    mx: MxFacts | None = None
    statuses: dict[str, str] = field(default_factory=dict)   # protocol -> worst severity ("error", ...)
