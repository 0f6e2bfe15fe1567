"""Server-side SVG charts of projections (pure Python, CSP-safe, no JavaScript).

Same conventions as `core/charts`: a <title> and <desc> in every chart, presentation attributes
only (no style attributes), German number format, and the numbers always in a table beside it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from leuchtfeuer.core.charts.svg import _svg_open, nice_ticks, tick_labels, tick_margin

LINE = "#0b4f6c"  # 8.6:1 on white
HISTORY = "#1b1b1b"
SCENARIO = "#a3336d"  # 6.4:1
BAND_80 = "#8fb8d0"
BAND_95 = "#d3e4ee"
GRID = "#d0d5d9"
TEXT = "#4a4a4a"
MARK = "#b35900"


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[int, float]]
    colour: str = LINE
    dashed: bool = False
    dots: bool = False


@dataclass(frozen=True)
class Range:
    label: str
    points: Sequence[tuple[int, float, float]]  # (year, lower, upper)
    fill: str


def fan_chart(
    *,
    title: str,
    series: Sequence[Series],
    ranges: Sequence[Range] = (),
    ident: str = "faecher",
    unit: str = "Einwohner:innen",
    marker: tuple[int, str] | None = None,
    zero_line: bool = False,
    desc: str = "",
    size: tuple[int, int] = (640, 320),
) -> str:
    """Lines over years with shaded ranges (e.g. 95 % light, 80 % darker behind a projection).

    `size` is the drawing's own width × height; a smaller one (small multiples side by side)
    keeps the 11-unit text readable when the browser scales the chart to a narrow column."""
    width, height = size
    right, top, bottom = 16, 16, 58
    years = [p[0] for s in series for p in s.points] + [p[0] for r in ranges for p in r.points]
    values = [p[1] for s in series for p in s.points] + [
        v for r in ranges for p in r.points for v in p[1:] if math.isfinite(v)
    ]
    if not years or not values:
        return ""
    y0, y1 = min(years), max(years)
    vmin, vmax = min(values), max(values)
    if zero_line:
        vmin, vmax = min(vmin, 0.0), max(vmax, 0.0)
    ticks = nice_ticks(vmin, vmax)  # round numbers, 1-2-5 steps
    lo, hi = ticks[0], ticks[-1]
    labels = tick_labels(ticks)
    left = tick_margin(labels)
    span = max(y1 - y0, 1)

    def x(year: float) -> float:
        return left + (width - left - right) * (year - y0) / span

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - lo) / (hi - lo))

    parts = [
        _svg_open(
            width,
            height,
            title,
            desc or f"Liniendiagramm {unit} von {y0} bis {y1}. Die Werte stehen in der Tabelle.",
            ident,
        )
    ]
    for v, label in zip(ticks, labels, strict=True):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text class="tick" x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">{label}</text>'
        )
    if zero_line and lo < 0 < hi:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{TEXT}"/>'
        )
    tick = 5 if span > 12 else 2 if span > 5 else 1
    for year in range(y0, y1 + 1):
        if year % tick == 0:
            parts.append(
                f'<text class="tick" x="{x(year):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
                f'fill="{TEXT}">{year}</text>'
            )
    for rng in ranges:
        pts = [p for p in rng.points if math.isfinite(p[1]) and math.isfinite(p[2])]
        if len(pts) < 2:
            continue
        upper = " ".join(f"{x(p[0]):.1f},{y(p[2]):.1f}" for p in pts)
        lower = " ".join(f"{x(p[0]):.1f},{y(p[1]):.1f}" for p in reversed(pts))
        parts.append(f'<polygon points="{upper} {lower}" fill="{rng.fill}" stroke="none"/>')
    if marker is not None:
        mx = x(marker[0])
        parts.append(
            f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top}" y2="{height - bottom}" stroke="{MARK}" '
            f'stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        anchor = "end" if mx > width * 0.6 else "start"
        dx = -4 if anchor == "end" else 4
        parts.append(
            f'<text x="{mx + dx:.1f}" y="{top + 12}" text-anchor="{anchor}" font-size="11" fill="{MARK}">'
            f"{escape(marker[1])}</text>"
        )
    for s in series:
        pts = sorted(s.points)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        for (a, va), (b, vb) in itertools.pairwise(pts):
            parts.append(
                f'<line x1="{x(a):.1f}" y1="{y(va):.1f}" x2="{x(b):.1f}" y2="{y(vb):.1f}" '
                f'stroke="{s.colour}" stroke-width="2.5"{dash}/>'
            )
        if s.dots:
            for a, va in pts:
                parts.append(f'<circle cx="{x(a):.1f}" cy="{y(va):.1f}" r="2.5" fill="{s.colour}"/>')
    # legend
    lx, ly = left, height - 22
    for s in series:
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<line x1="{lx}" x2="{lx + 22}" y1="{ly}" y2="{ly}" stroke="{s.colour}" stroke-width="2.5"{dash}/>'
        )
        parts.append(
            f'<text x="{lx + 26}" y="{ly + 4}" font-size="11" fill="#1b1b1b">{escape(s.label)}</text>'
        )
        lx += 40 + 7 * len(s.label)
    for rng in ranges:
        parts.append(
            f'<rect x="{lx}" y="{ly - 6}" width="22" height="12" fill="{rng.fill}" stroke="{TEXT}" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{lx + 26}" y="{ly + 4}" font-size="11" fill="#1b1b1b">{escape(rng.label)}</text>'
        )
        lx += 40 + 7 * len(rng.label)
    parts.append("</svg>")
    return "".join(parts)
