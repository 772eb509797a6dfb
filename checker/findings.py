"""Findings are data: a stable code, a severity and parameters. No prose here.

Each protocol module declares its codes with :func:`define`; words are
attached at the edges (command line, browser) from the message catalogs, and
each code names the article section that explains it.

Declaring a code and its parameters
-----------------------------------
Every code declares its parameters as data, next to it, with a short comment on
what a parameter means where its name does not say it (for the message writers)::

    TOO_MANY_MX = define("spf.too_many_mx", Severity.ERROR, "spf/limits.md#mx-limit",
                         params={"domain": str, "term": str, "count": int, "limit": int})

``params`` is required (``{}`` for a code without parameters). It maps each
parameter name to a spec:

``str``, ``int``, ``bool``, ``float``
    a value of that type (``int`` refuses ``True``/``False``; ``float`` takes an int too);
``list``, ``list[str]``, ``list[int]``
    a list (a tuple is refused: findings become JSON), any items or items of that type;
``{"nxdomain", "nodata"}``
    one of these literal values (a set may hold ``None``: ``{"t=y", None}``);
an :class:`enum.Enum` class
    one of its members' values (``DnsErrorKind``: ``"timeout"``, ``"servfail"``...);
``str | None``, ``list[str] | None``
    either (any specs joined with ``|``, also as a string: ``"str|None"``);
``optional(spec)``
    the parameter may be absent (a fix that cannot always be written);
``not_shown(spec)``
    no message shows it: it is data for the interface (a record to copy, a
    list the report lays out) or for JSON readers. ``tests/test_catalog.py``
    requires every other parameter to appear in at least one language's
    message, and no message to show a ``not_shown`` or ``optional`` one.
    Both wrappers combine: ``not_shown(optional(str))``.

A producer that cannot know every parameter calls ``CODE.draft(...)`` (checks
names and types only); its caller adds the rest with ``complete(finding, ...)``,
which checks the whole finding.

Calling a code checks the given parameters against the declaration, always
(a dictionary lookup and an ``isinstance`` per parameter): a missing or
unknown name, a value of the wrong type or outside its literal set raises
:class:`FindingParamsError`, which names the code and every problem.

A new code also needs its words in ``checker/locale/{ja,fr,en}/LC_MESSAGES/checker.po``
(placeholders: its shown parameters), ``python -m checker.catalogue > FINDINGS.md``,
and a fixture zone that produces it through a check (see tests/production_gate.py).
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"


class FindingParamsError(TypeError):
    """A finding created with parameters its code does not declare (a bug in the checker)."""


@dataclass(frozen=True)
class Param:
    """One declared parameter: what its value may be, whether it may be absent or shown."""

    spec: Any
    optional: bool = False
    shown: bool = True

    @property
    def literals(self) -> frozenset:
        """The literal values the spec allows (empty when it is a plain type)."""
        return frozenset(_literals(self.spec))

    def describe(self) -> str:
        return _describe(self.spec)


def optional(spec: Any) -> Param:
    """The parameter may be absent."""
    param = _as_param(spec)
    return Param(param.spec, True, param.shown)


def not_shown(spec: Any) -> Param:
    """No message shows the parameter: data for the interface or JSON readers only."""
    param = _as_param(spec)
    return Param(param.spec, param.optional, False)


def _as_param(spec: Any) -> Param:
    return spec if isinstance(spec, Param) else Param(spec)


@dataclass(frozen=True)
class Code:
    code: str                 # "spf.too_many_lookups"
    severity: Severity
    article: str              # knowledge-base page and anchor, "spf-limits.md#ten-lookups"
    params: Mapping[str, Param] = field(default_factory=dict, compare=False)
    _checks: Mapping[str, Callable[[Any], bool]] = field(default_factory=dict, compare=False, repr=False)
    required: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __call__(self, **params: Any) -> "Finding":
        self._check(params, complete=True)
        return Finding(self.code, self.severity, params)

    def draft(self, **params: Any) -> "Finding":
        """A finding whose producer cannot know every parameter (DKIM's record parser does not
        know the selector). Names and types are checked now; :func:`complete` adds the rest
        and checks the whole before the finding goes into a report."""
        self._check(params, complete=False)
        return Finding(self.code, self.severity, params)

    def _check(self, params: dict[str, Any], complete: bool) -> None:
        checks = self._checks
        for name, value in params.items():
            check = checks.get(name)
            if check is None or not check(value):
                self._refuse(params, complete)
        if complete and len(params) != len(checks) and not self.required <= params.keys():
            self._refuse(params, complete)

    def _refuse(self, params: dict[str, Any], complete: bool) -> None:
        problems = [f"unknown parameter {name!r}" for name in params if name not in self.params]
        if complete:
            problems += [f"missing parameter {name!r}" for name in sorted(self.required - params.keys())]
        problems += [f"{name!r} must be {self.params[name].describe()}, got {value!r}"
                     for name, value in params.items() if name in self._checks and not self._checks[name](value)]
        raise FindingParamsError(f"{self.code}: " + "; ".join(problems))


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "params": self.params}


CATALOGUE: dict[str, Code] = {}


def complete(finding: Finding, **more: Any) -> Finding:
    """A drafted finding with the parameters its producer could not know, checked in full."""
    return CATALOGUE[finding.code](**finding.params, **more)


def define(code: str, severity: Severity, article: str, *, params: Mapping[str, Any]) -> Code:
    if code in CATALOGUE:
        raise ValueError(f"finding code {code} defined twice")
    declared = {name: _as_param(spec) for name, spec in params.items()}
    checks = {name: _predicate(p.spec) for name, p in declared.items()}
    required = frozenset(name for name, p in declared.items() if not p.optional)
    CATALOGUE[code] = entry = Code(code, severity, article, declared, checks, required)
    return entry


# -- specs ---------------------------------------------------------------------------

_NAMED = {"str": str, "int": int, "bool": bool, "float": float, "list": list, "None": None,
          "list[str]": list[str], "list[int]": list[int]}


def _alternatives(spec: Any) -> list[Any]:
    if isinstance(spec, str):
        try:
            return [_NAMED[part.strip()] for part in spec.split("|")]
        except KeyError:
            raise ValueError(f"unknown parameter spec {spec!r}") from None
    if isinstance(spec, types.UnionType):
        return [None if a is type(None) else a for a in spec.__args__]
    return [spec]


def _predicate(spec: Any) -> Callable[[Any], bool]:
    tests = [_one(alternative) for alternative in _alternatives(spec)]
    if len(tests) == 1:
        return tests[0]
    return lambda value: any(test(value) for test in tests)


def _one(spec: Any) -> Callable[[Any], bool]:
    if spec is None:
        return lambda value: value is None
    if spec is int:
        return lambda value: type(value) is int
    if spec is float:
        return lambda value: type(value) in (int, float)
    if isinstance(spec, (set, frozenset)):
        allowed = frozenset(spec)
        return lambda value: (value is None or isinstance(value, str)) and value in allowed
    if isinstance(spec, type) and issubclass(spec, enum.Enum):
        values = frozenset(member.value for member in spec)
        return lambda value: isinstance(value, str) and value in values
    if isinstance(spec, types.GenericAlias) and spec.__origin__ is list:
        (item,) = spec.__args__
        item_test = _one(item)
        return lambda value: type(value) is list and all(item_test(v) for v in value)
    if isinstance(spec, type):
        return lambda value: isinstance(value, spec)
    raise ValueError(f"unknown parameter spec {spec!r}")


def _literals(spec: Any) -> set:
    found: set = set()
    for alternative in _alternatives(spec):
        if isinstance(alternative, (set, frozenset)):
            found |= {v for v in alternative if v is not None}
        elif isinstance(alternative, type) and issubclass(alternative, enum.Enum):
            found |= {member.value for member in alternative}
    return found


def _describe(spec: Any) -> str:
    parts = []
    for alternative in _alternatives(spec):
        if alternative is None:
            parts.append("None")
        elif isinstance(alternative, (set, frozenset)):
            parts.extend(sorted((f'"{v}"' for v in alternative if v is not None)))
            if None in alternative:
                parts.append("None")
        elif isinstance(alternative, type) and issubclass(alternative, enum.Enum):
            parts.extend(f'"{member.value}"' for member in alternative)
        elif isinstance(alternative, types.GenericAlias):
            parts.append(str(alternative))
        else:
            parts.append(alternative.__name__)
    return " | ".join(parts)
