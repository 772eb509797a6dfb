"""An SVG bar chart of a summary, drawn like the site's survey charts.

Text uses ``currentColor`` (readable in light and dark themes), a title and a
description make it accessible, and every word comes from the catalogs.
Nothing here comes from DNS: only category names and numbers.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from ..i18n import Messages

WIDTH = 700
LABELS_RIGHT = 260
BARS_LEFT = 270
BARS_WIDTH = 400      # 100 %
ROW = 28
BAR = 20
COLORS = {"dmarc": "#1e6fd9", "spf": "#d9531e", "duplicates": "#6b6b6b"}
ROWS = (("dmarc", ("reject", "quarantine", "none", "invalid", "missing", "not_known")),
        ("spf", ("valid", "invalid", "missing", "not_known")),
        ("duplicates", ("spf", "dmarc")))


def render_chart(summary: dict[str, Any], msgs: Messages) -> str:
    total = summary["domains"]
    parts: list[str] = []
    y = 20
    for group, categories in ROWS:
        parts.append(f'<text x="10" y="{y + 14}" font-weight="bold" fill="currentColor">'
                     f'{_t(msgs, f"cli.survey.chart.group.{group}")}</text>')
        y += ROW
        for category in categories:
            figure = summary[group][category]
            parts.append(_bar(y, msgs.text(f"cli.survey.chart.{group}.{category}"), figure, COLORS[group],
                              uncertain=category == "not_known", msgs=msgs))
            y += ROW
        y += 8
    axis_top, axis_bottom = 20, y - 8
    grid = "".join(f'<line x1="{x}" y1="{axis_top}" x2="{x}" y2="{axis_bottom}"/>' for x in _ticks())
    ticks = "".join(f'<text x="{x}" y="{axis_bottom + 16}">{p}%</text>'
                    for p, x in zip(range(0, 101, 25), _ticks()))
    height = axis_bottom + 44
    note = _t(msgs, "cli.survey.chart.note", domains=total)
    title, desc = _t(msgs, "cli.survey.chart.title"), _t(msgs, "cli.survey.chart.desc", domains=total)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}" role="img" aria-labelledby="survey-chart-title survey-chart-desc" '
            f'style="max-width:100%;height:auto;font-family:sans-serif;font-size:13px">\n'
            f'<title id="survey-chart-title">{title}</title>\n<desc id="survey-chart-desc">{desc}</desc>\n'
            f'<g stroke="currentColor" stroke-opacity="0.25">{grid}</g>\n'
            f'<g fill="currentColor" text-anchor="middle">{ticks}</g>\n'
            + "\n".join(parts) +
            f'\n<text x="10" y="{height - 8}" fill="currentColor" font-size="11">{note}</text>\n</svg>\n')


def _ticks() -> list[int]:
    return [BARS_LEFT + BARS_WIDTH * p // 100 for p in range(0, 101, 25)]


def _bar(y: int, label: str, figure: dict[str, Any], color: str, *, uncertain: bool, msgs: Messages) -> str:
    width = round(BARS_WIDTH * figure["percent"] / 100)
    style = (f'fill="{color}" fill-opacity="0.35" stroke="{color}" stroke-width="2" stroke-dasharray="6 4"'
             if uncertain else f'fill="{color}"')
    value = _t(msgs, "cli.survey.chart.value", count=figure["count"], percent=f'{figure["percent"]:g}')
    return (f'<text x="{LABELS_RIGHT}" y="{y + 15}" text-anchor="end" fill="currentColor">{escape(label)}</text>'
            f'<rect x="{BARS_LEFT}" y="{y}" width="{width}" height="{BAR}" {style}/>'
            f'<text x="{BARS_LEFT + width + 8}" y="{y + 15}" fill="currentColor">{value}</text>')


def _t(msgs: Messages, key: str, **params) -> str:
    return escape(msgs.text(key, **params))
