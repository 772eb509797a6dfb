"""axe-core (npm, pinned in package.json) in a page driven by Playwright.

The script is evaluated through the DevTools protocol, not added as a <script>
element: the checker page's Content-Security-Policy refuses inline scripts, and the
test must see the page exactly as a visitor gets it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run scripts/setup.sh (npm ci installs axe-core)")
    return AXE.read_text(encoding="utf-8")


def violations(page, context: str | None = None) -> list[dict]:
    """axe's violations of impact serious or critical on the page (or inside `context`)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async (context) => {
             const r = await axe.run(context || document, {resultTypes: ["violations"]});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
           }""",
        context,
    )
    return [v for v in result if v["impact"] in BLOCKING]


def describe(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, items in found.items():
        for v in items:
            lines.append(f"{where}: {v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'])}")
    return "\n".join(lines)
