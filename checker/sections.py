"""A protocol's section for the page as soon as its answers are in (checker.browser).

The section is the one the final result will hold, bounded the same way, without what
to publish: which records are offered depends on the verdict (none for a name that does
not exist, no next policy step while the domain's own mail is at risk), and the verdict
waits for every protocol. The final result replaces these sections whole.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

from .i18n import Messages
from .present import present_protocol, shown_domain


def early_sections(send: Callable[[str], Any], domain: str, protocols: tuple[str, ...], msgs: Messages,
                   site_root: str) -> Callable:
    """``on_report`` for checker.domain.check_domain: each report, presented, to ``send`` as JSON."""
    title = msgs.text("ui.report.title", domain=shown_domain(domain, msgs))
    names = {name: msgs.text(f"ui.protocol.{name}") for name in protocols}

    def on_report(name: str, report) -> None:
        # A copy: the check goes on judging the whole report (bound() keeps the first records).
        view = present_protocol(name, copy.deepcopy(report).bound(), msgs, site_root)
        view["proposals"] = []
        send(json.dumps({"protocol": name, "view": view, "title": title, "names": names}, ensure_ascii=False))

    return on_report
