"""Server-rendered SVG charts of the Werkstatt: the Resilienz-Check radar and the plan timeline.

Pure Python without Django (plain numbers and dates in, an SVG string out), presentation
attributes only (no style attributes: strict CSP), <title>/<desc> for screen readers. Templates
always show the same numbers in a data table next to the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from leuchtfeuer.core.charts.svg import GRID, MALE, NEUTRAL, _svg_open

AREA = "#0b4f6c"  # 8.6:1 on white
PILLAR_MARK = "#a3336d"  # 6.4:1
STATUS_COLOURS = {
    "geplant": "#4a4a4a",
    "laufend": "#0b4f6c",
    "abgeschlossen": "#1e6b32",
    "zurueckgestellt": "#b35900",
    "verworfen": "#b00020",
}


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def radar_chart(
    axes: Sequence[tuple[str, int | None]],
    *,
    maximum: int = 5,
    title: str = "Resilienz-Check",
    ident: str = "radar",
    markers: Sequence[bool] | None = None,
) -> str:
    """A radar (spider) chart: one axis per (label, score 1..maximum or None).

    `markers[i]` True draws axis i's point as a square (e.g. the five pillars) instead of a circle.
    Missing scores are drawn at the centre and named in the description.
    """
    n = len(axes)
    if n < 3:
        raise ValueError("a radar chart needs at least three axes")
    width, height, radius = 900, 520, 180
    cx, cy = width / 2, height / 2

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        r = radius * value / maximum
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    given = [(label, score) for label, score in axes if score is not None]
    desc = "; ".join(f"{label}: {score} von {maximum}" for label, score in given) or "keine Einschätzungen"
    parts = [_svg_open(width, height, title, desc, ident)]
    # Rings for each scale step, labelled on the first axis.
    for step in range(1, maximum + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, step) for i in range(n)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="0.6"/>')
        x, y = point(0, step)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="12" fill="{NEUTRAL}">{step}</text>')
    for i, (label, _) in enumerate(axes):
        x, y = point(i, maximum)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.6"/>'
        )
        lx, ly = point(i, maximum + 0.4)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" text-anchor="{anchor}" fill="#1b1b1b">'
            f"{escape(_short(label, 30))}</text>"
        )
    shape = " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (point(i, score or 0) for i, (_, score) in enumerate(axes))
    )
    parts.append(
        f'<polygon points="{shape}" fill="{AREA}" fill-opacity="0.18" stroke="{AREA}" stroke-width="2.5"/>'
    )
    for i, (_label, score) in enumerate(axes):
        x, y = point(i, score or 0)
        if markers and markers[i]:
            parts.append(
                f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{PILLAR_MARK}"/>'
            )
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{AREA}"/>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str
    group: str
    start: date | None
    end: date | None
    status: str = "geplant"
    status_label: str = ""


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def gantt_chart(
    bars: Sequence[Bar],
    *,
    title: str = "Zeitplan der Maßnahmen",
    ident: str = "gantt",
    today: date | None = None,
) -> str:
    """A timeline: one row per measure (grouped by Handlungsfeld), a bar from start to end, year
    grid lines and a 'heute' line. Measures without dates are listed but get no bar."""
    dated = [b for b in bars if b.start and b.end]
    label_w, row_h, head_h, width = 300, 26, 40, 980
    groups: list[str] = []
    for b in bars:
        if b.group not in groups:
            groups.append(b.group)
    rows = len(bars) + len(groups)
    height = head_h + rows * row_h + 10
    if dated:
        first = min(_month_index(b.start) for b in dated)
        last = max(_month_index(b.end) for b in dated) + 1
    else:
        first = _month_index(today or date.today())
        last = first + 12
    first -= first % 12
    last += (12 - last % 12) % 12
    span = max(last - first, 12)
    plot_w = width - label_w - 20

    def x_of(month: float) -> float:
        return label_w + plot_w * (month - first) / span

    desc = "; ".join(
        f"{b.label}: {b.start:%m/%Y} bis {b.end:%m/%Y}" if b.start and b.end else f"{b.label}: ohne Zeitraum"
        for b in bars
    )
    parts = [_svg_open(width, height, title, desc or "keine Maßnahmen", ident)]
    for month in range(first, first + span + 1, 12):
        x = x_of(month)
        parts.append(
            f'<line x1="{x:.1f}" y1="{head_h - 8}" x2="{x:.1f}" y2="{height - 6}" stroke="{GRID}" stroke-width="0.6"/>'
        )
        if month < first + span:
            parts.append(
                f'<text x="{x + 4:.1f}" y="{head_h - 14}" font-size="13" fill="{NEUTRAL}">{month // 12}</text>'
            )
    y = head_h
    for group in groups:
        parts.append(
            f'<text x="4" y="{y + 17}" font-size="13" font-weight="700" fill="#1b1b1b">{escape(_short(group, 40))}</text>'
        )
        y += row_h
        for b in (b for b in bars if b.group == group):
            parts.append(
                f'<text x="16" y="{y + 17}" font-size="12" fill="#1b1b1b">{escape(_short(b.label, 40))}</text>'
            )
            if b.start and b.end:
                x0 = x_of(_month_index(b.start) + (b.start.day - 1) / 31)
                x1 = x_of(_month_index(b.end) + b.end.day / 31)
                colour = STATUS_COLOURS.get(b.status, MALE)
                parts.append(
                    f'<rect x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 3):.1f}" height="{row_h - 10}" rx="3" fill="{colour}">'
                    f"<title>{escape(b.label)}: {b.start:%d.%m.%Y} bis {b.end:%d.%m.%Y}, {escape(b.status_label or b.status)}</title></rect>"
                )
            else:
                parts.append(
                    f'<text x="{label_w + 4}" y="{y + 17}" font-size="12" fill="{NEUTRAL}">ohne Zeitraum</text>'
                )
            y += row_h
    if today is not None and first <= _month_index(today) <= first + span:
        x = x_of(_month_index(today) + (today.day - 1) / 31)
        parts.append(
            f'<line x1="{x:.1f}" y1="{head_h - 8}" x2="{x:.1f}" y2="{height - 6}" stroke="#b00020" stroke-width="2" stroke-dasharray="4 3"/>'
        )
        parts.append(f'<text x="{x + 3:.1f}" y="{head_h - 1}" font-size="12" fill="#b00020">heute</text>')
    parts.append("</svg>")
    return "".join(parts)
