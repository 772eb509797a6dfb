"""The gate "every finding code is produced by a check", run at the end of the whole suite.

What counts: a finding in a result a check hands back, created by the checker's own
code: a ``ProtocolReport`` (every protocol, and the whole-domain report), an SPF
``SpfLint`` or ``SpfResult`` (``check_host``), or the ``Verdict``. A finding built
anywhere else (the catalogue's rendering test builds ``Finding`` objects directly,
a test that fills a report by hand, a parser called on its own) does not count.

When it runs: only when the run was the whole suite and every collected test ran
(no path or node id narrowing it, nothing deselected by ``-k``, ``-m``,
``--deselect``, ``--lf`` or ``--sw``, not stopped by ``-x``). It then fails the run
(exit status 1) for each code no check produced, even when other tests failed too.
A partial run cannot judge this, so it says so and passes: the per-protocol
producer tables (``test_code_is_produced_by_a_fixture_zone`` and the like, one test
per code, and ``test_every_<protocol>_code_has_...``) are the check that works under
any selection.
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

PRODUCED: set[str] = set()
_RESULTS: list = []      # results made by checker code during the current test
_STATE = {"deselected": 0, "ran": 0}


def install() -> None:
    """Note every result object the checker's own code creates (not those a test builds)."""
    from checker.report import ProtocolReport
    from checker.spf.evaluate import SpfResult
    from checker.spf.lint import SpfLint
    from checker.verdict import Verdict

    for cls in (ProtocolReport, SpfResult, SpfLint, Verdict):
        _note_instances(cls)


def _note_instances(cls) -> None:
    original = cls.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if sys._getframe(1).f_globals.get("__name__", "").startswith("checker."):
            _RESULTS.append(self)

    cls.__init__ = init


def harvest() -> None:
    """After each test: the codes in the results it made (complete by now)."""
    for result in _RESULTS:
        findings = getattr(result, "findings", None)
        if findings is None:  # SpfResult, Verdict: one finding or none
            findings = [getattr(result, "problem", None) or getattr(result, "finding", None)]
        PRODUCED.update(finding.code for finding in findings if finding is not None)
    _RESULTS.clear()


def deselected(count: int) -> None:
    _STATE["deselected"] += count


def ran_one() -> None:
    _STATE["ran"] += 1


def whole_suite_ran(args: list[str], selected: int, ran: int, deselected: int) -> bool:
    """``args``: pytest's arguments; ``selected``: the tests left to run after deselection."""
    paths = [Path(arg.split("::")[0]).resolve() for arg in args]
    return (all(arg.split("::")[0] == arg and path in (TESTS, TESTS.parent) for arg, path in zip(args, paths))
            and not deselected and selected > 0 and ran == selected)


def unproduced() -> list[str]:
    import checker.domain  # noqa: F401  (imports every protocol, so every code is defined)
    from checker.findings import CATALOGUE
    from tests.test_spf_producers import NOT_SERVABLE

    return sorted(set(CATALOGUE) - PRODUCED - set(NOT_SERVABLE))


def finish(session) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if not whole_suite_ran(session.config.args, len(session.items), _STATE["ran"], _STATE["deselected"]):
        if reporter and PRODUCED:
            reporter.write_line("finding codes: not judged (only part of the suite ran)")
        return
    missing = unproduced()
    if missing:
        session.exitstatus = 1
        reporter.write_line(f"FAILED finding codes no check produced ({len(missing)}): {', '.join(missing)}",
                            red=True)
    else:
        reporter.write_line(f"finding codes: every code produced by a check ({len(PRODUCED)})")
