"""SVG chart builders. Colours meet WCAG 1.4.11 (≥ 3:1 against white)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

MALE = "#0b4f6c"  # 8.6:1
FEMALE = "#a3336d"  # 6.4:1
NEUTRAL = "#4a4a4a"
GRID = "#6b7780"
HIGHLIGHT = "#b35900"  # 4.6:1
POSITIVE = "#1e6b32"
NEGATIVE = "#b00020"


def _fmt(value: float, decimals: int = 0) -> str:
    """German number format: 7.231 / 27,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _svg_open(width: int, height: int, title: str, desc: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="chart" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
    )


def nice_ticks(lo: float, hi: float, max_ticks: int = 6) -> list[float]:
    """Axis ticks on round numbers: a step of 1, 2 or 5 × 10ⁿ, the fewest ticks (at most
    `max_ticks`, which must be three or more) whose first tick is ≤ `lo` and whose last is ≥ `hi`.

    nice_ticks(0, 7843) → [0, 2000, 4000, 6000, 8000]; the axis then runs from the first to the
    last tick, so that every gridline carries a number a reader can say aloud.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("axis limits must be finite numbers")
    lo, hi = min(lo, hi), max(lo, hi)
    if hi - lo <= 1e-9 * max(1.0, abs(lo), abs(hi)):  # one value: an axis ±5 % around it
        pad = max(abs(lo), abs(hi)) / 20
        pad = pad if pad >= 1e-6 else 1.0
        lo, hi = (0.0, 2 * pad) if lo >= 0 and lo - pad < 0 else (lo - pad, hi + pad)
    if max_ticks < 3:  # an axis across zero needs −step, 0 and +step
        raise ValueError("an axis needs room for at least three ticks")
    exponent = math.floor(math.log10((hi - lo) / (max_ticks - 1)))
    while True:
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0**exponent
            digits = max(0, -exponent)
            first, last = math.floor(lo / step), math.ceil(hi / step)
            # lo/step can miss a whole number by one unit in the last place (0.3/0.1 = 2.999…)
            first += round((first + 1) * step, digits) <= lo
            first -= round(first * step, digits) > lo
            last -= round((last - 1) * step, digits) >= hi
            last += round(last * step, digits) < hi
            if last - first + 1 <= max_ticks:
                return [round(k * step, digits) for k in range(first, last + 1)]
        exponent += 1


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """German labels for `nice_ticks`, with as many decimals as the step needs (0,5 / 1 / 1,5)."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return [_fmt(t, decimals) for t in ticks]


def tick_margin(labels: Sequence[str]) -> int:
    """Room left of a plot for its right-aligned tick labels, also at the size that site.css gives
    `.tick` text on narrow screens (15 units; a digit is about 0.64 em wide)."""
    return max(64, 10 + math.ceil(9.6 * max(len(label) for label in labels)))


def _nice_max(value: float) -> float:
    """The smallest round (1-2-5) axis end ≥ value, for axes that start at zero."""
    return nice_ticks(0.0, value if value > 0 else 1.0)[-1]


@dataclass(frozen=True)
class Band:
    """One age band: [age_from, age_to) with counts; age_to None = open band."""

    age_from: int
    age_to: int | None
    male: float | None
    female: float | None


def pyramid(
    bands: Sequence[Band],
    *,
    title: str,
    ident: str = "pyramide",
    overlay: Sequence[Band] | None = None,
    overlay_label: str = "",
    open_band_width: int = 15,
) -> str:
    """Population pyramid drawn per year of age, so unequal age bands are comparable.

    Each bar's length is the band's count divided by its width in years; its height is the
    width. The open top band is drawn `open_band_width` years high. An optional overlay (an
    earlier year, same or other bands) is drawn as an outline.
    """
    width, height = 640, 420
    left_pad, right_pad, top, bottom = 10, 10, 20, 56
    centre_gap = 44
    plot_h = height - top - bottom
    half_w = (width - left_pad - right_pad - centre_gap) / 2
    centre = left_pad + half_w + centre_gap / 2

    def rate(band: Band, count: float | None) -> float:
        w = (band.age_to if band.age_to is not None else band.age_from + open_band_width) - band.age_from
        return (count or 0) / w

    all_bands = list(bands) + list(overlay or [])
    max_age = max((b.age_to if b.age_to is not None else b.age_from + open_band_width) for b in all_bands)
    peak = max(max(rate(b, b.male), rate(b, b.female)) for b in all_bands)
    # Round ticks (1-2-5) on both halves; the axis ends at the last one.
    ticks = nice_ticks(0.0, peak if peak > 0 else 1.0, 5)
    max_rate = ticks[-1]

    def y(age: float) -> float:
        return top + plot_h * (1 - age / max_age)

    def x_len(value: float) -> float:
        return half_w * value / max_rate

    parts = [
        _svg_open(
            width,
            height,
            title,
            "Bevölkerungspyramide: Männer links, Frauen rechts, Balkenlänge = Personen je Altersjahr. "
            "Die Zahlen stehen in der Tabelle darunter.",
            ident,
        )
    ]
    base = top + plot_h
    for tick, label in list(zip(ticks, tick_labels(ticks), strict=True))[1:]:
        outermost = tick == ticks[-1]  # at the drawing's edge: the label reads inwards, never cut off
        for xx, anchor in (
            (centre - centre_gap / 2 - x_len(tick), "start" if outermost else "middle"),
            (centre + centre_gap / 2 + x_len(tick), "end" if outermost else "middle"),
        ):
            parts.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{top}" y2="{base + 3}" stroke="#d0d5d9"/>')
            parts.append(
                f'<text class="tick" x="{xx:.1f}" y="{base + 14}" text-anchor="{anchor}" font-size="11" fill="{NEUTRAL}">{label}</text>'
            )
    for band in bands:
        upper = band.age_to if band.age_to is not None else band.age_from + open_band_width
        y0, y1 = y(upper), y(band.age_from)
        h = max(y1 - y0 - 1, 0.5)
        m, f = x_len(rate(band, band.male)), x_len(rate(band, band.female))
        parts.append(
            f'<rect x="{centre - centre_gap / 2 - m:.1f}" y="{y0:.1f}" width="{m:.1f}" height="{h:.1f}" fill="{MALE}"/>'
        )
        parts.append(
            f'<rect x="{centre + centre_gap / 2:.1f}" y="{y0:.1f}" width="{f:.1f}" height="{h:.1f}" fill="{FEMALE}"/>'
        )
    if overlay:
        for band in overlay:
            upper = band.age_to if band.age_to is not None else band.age_from + open_band_width
            y0, y1 = y(upper), y(band.age_from)
            m, f = x_len(rate(band, band.male)), x_len(rate(band, band.female))
            parts.append(
                f'<rect x="{centre - centre_gap / 2 - m:.1f}" y="{y0:.1f}" width="{m:.1f}" height="{y1 - y0:.1f}" '
                f'fill="none" stroke="{NEUTRAL}" stroke-width="1.5" stroke-dasharray="4 2"/>'
            )
            parts.append(
                f'<rect x="{centre + centre_gap / 2:.1f}" y="{y0:.1f}" width="{f:.1f}" height="{y1 - y0:.1f}" '
                f'fill="none" stroke="{NEUTRAL}" stroke-width="1.5" stroke-dasharray="4 2"/>'
            )
    for age in range(0, int(max_age) + 1, 10):
        parts.append(
            f'<text class="tick" x="{centre:.1f}" y="{y(age) + 4:.1f}" text-anchor="middle" font-size="11" fill="{NEUTRAL}">{age}</text>'
        )
    parts.append(f'<text x="{left_pad}" y="{base + 32}" font-size="12" fill="{MALE}">Männer</text>')
    parts.append(
        f'<text x="{width - right_pad}" y="{base + 32}" text-anchor="end" font-size="12" fill="{FEMALE}">Frauen</text>'
    )
    parts.append(
        f'<text x="{centre:.1f}" y="{base + 32}" text-anchor="middle" font-size="11" fill="{NEUTRAL}">'
        "Alter · Personen je Altersjahr</text>"
    )
    if overlay and overlay_label:
        parts.append(
            f'<text x="{centre:.1f}" y="{base + 47}" text-anchor="middle" font-size="11" fill="{NEUTRAL}">'
            f"gestrichelt: {escape(overlay_label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Marker:
    """A vertical marker on a time axis (e.g. the Zensus 2011 level break)."""

    at: date
    label: str


def line_chart(
    points: Sequence[tuple[date, float]],
    *,
    title: str,
    ident: str = "verlauf",
    markers: Iterable[Marker] = (),
    broken_before: date | None = None,
    unit: str = "Einwohner:innen",
    apart: Iterable[date] = (),
) -> str:
    """A time series as a line with dots; values before `broken_before` are drawn dashed.

    Points dated in `apart` (e.g. a census count beside the register figures) are drawn as
    hollow dots outside the line. Marker labels are staggered so that close markers stay legible."""
    apart = frozenset(apart)
    width, height = 640, 300
    right, top, bottom = 16, 16, 36
    pts = sorted(points)
    if not pts:
        return ""
    t0, t1 = pts[0][0].toordinal(), pts[-1][0].toordinal()
    span = max(t1 - t0, 1)
    values = [v for _, v in pts]
    # The axis runs from one round tick to another around the data (no padding needed).
    ticks = nice_ticks(min(values), max(values))
    lo, hi = ticks[0], ticks[-1]
    labels = tick_labels(ticks)
    left = tick_margin(labels)

    def x(d: date) -> float:
        return left + (width - left - right) * (d.toordinal() - t0) / span

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - lo) / (hi - lo))

    parts = [
        _svg_open(
            width,
            height,
            title,
            f"Liniendiagramm {unit} von {pts[0][0].year} bis {pts[-1][0].year}. Die Werte stehen in der Tabelle.",
            ident,
        )
    ]
    for v, label in zip(ticks, labels, strict=True):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#d0d5d9"/>'
        )
        parts.append(
            f'<text class="tick" x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11" fill="{NEUTRAL}">{label}</text>'
        )
    for year in range(pts[0][0].year, pts[-1][0].year + 1):
        if year % 5 == 0:
            xx = x(date(year, 12, 31))
            if left <= xx <= width - right:
                parts.append(
                    f'<text class="tick" x="{xx:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" fill="{NEUTRAL}">{year}</text>'
                )
    for index, marker in enumerate(markers):
        xx = x(marker.at)
        if left <= xx <= width - right:
            parts.append(
                f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{top}" y2="{height - bottom}" stroke="{HIGHLIGHT}" '
                f'stroke-width="2" stroke-dasharray="5 3"/>'
            )
            parts.append(
                # labels right of the middle are written leftwards so they stay inside the chart
                f'<text x="{xx - 4 if xx > width / 2 else xx + 4:.1f}" y="{top + 12 + 13 * (index % 4)}" '
                f'text-anchor="{"end" if xx > width / 2 else "start"}" font-size="11" fill="{HIGHLIGHT}">'
                f"{escape(marker.label)}</text>"
            )
    line = [(d, v) for d, v in pts if d not in apart]
    for (d0, v0), (d1, v1) in itertools.pairwise(line):
        dashed = broken_before is not None and d0 <= broken_before  # into or within the other territory
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        parts.append(
            f'<line x1="{x(d0):.1f}" y1="{y(v0):.1f}" x2="{x(d1):.1f}" y2="{y(v1):.1f}" stroke="{MALE}" stroke-width="2"{dash}/>'
        )
    for d, v in pts:
        fill = 'fill="#fff" stroke-width="2" stroke' if d in apart else "fill"
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" {fill}="{MALE}"/>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    items: Sequence[tuple[str, float | None]],
    *,
    title: str,
    ident: str = "balken",
    unit: str = "",
    decimals: int = 1,
) -> str:
    """Horizontal bars around zero (e.g. migration balance per age group)."""
    width = 640
    row_h, top, left, right = 28, 10, 150, 70
    height = top * 2 + row_h * len(items)
    values = [v for _, v in items if v is not None]
    extent = _nice_max(max((abs(v) for v in values), default=1))
    has_negative = any(v < 0 for v in values)
    zero = left + (width - left - right) / 2 if has_negative else left

    def length(v: float) -> float:
        span = (width - left - right) / (2 if has_negative else 1)
        return span * abs(v) / extent

    parts = [
        _svg_open(width, height, title, f"Balkendiagramm {unit}. Die Werte stehen in der Tabelle.", ident)
    ]
    parts.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top}" y2="{height - top}" stroke="{GRID}"/>')
    for i, (label, value) in enumerate(items):
        yy = top + i * row_h
        parts.append(
            f'<text x="{left - 8}" y="{yy + 18}" text-anchor="end" font-size="12" fill="#1b1b1b">{escape(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{zero + 6:.1f}" y="{yy + 18}" font-size="12" fill="{NEUTRAL}">keine Angabe</text>'
            )
            continue
        w = length(value)
        xx = zero if value >= 0 else zero - w
        colour = POSITIVE if value >= 0 else NEGATIVE
        parts.append(
            f'<rect x="{xx:.1f}" y="{yy + 5}" width="{w:.1f}" height="{row_h - 10}" fill="{colour}"/>'
        )
        tx = zero + w + 4 if value >= 0 else zero - w - 4
        anchor = "start" if value >= 0 else "end"
        parts.append(
            f'<text x="{tx:.1f}" y="{yy + 18}" text-anchor="{anchor}" font-size="12" fill="#1b1b1b">{_fmt(value, decimals)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _rings(geometry: dict) -> list[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates", [])
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


def map_svg(
    shapes: Sequence[tuple[str, dict, bool]],
    *,
    title: str,
    ident: str = "karte",
    width: int = 480,
) -> str:
    """Outlines (name, GeoJSON geometry, highlighted) in an equirectangular projection scaled by cos(lat).

    No tiles, no external requests: the outlines come from the BKG boundaries in the database.
    """
    rings = [(name, ring, hl) for name, geom, hl in shapes for ring in _rings(geom)]
    if not rings:
        return ""
    lons = [p[0] for _, ring, _ in rings for p in ring]
    lats = [p[1] for _, ring, _ in rings for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * k, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    pad = 8
    scale = (width - 2 * pad) / span_x
    height = int(span_y * scale + 2 * pad)
    highlighted = [name for name, _, hl in shapes if hl]
    desc = "Karte der Umrisse" + (f"; hervorgehoben: {', '.join(highlighted)}" if highlighted else "")
    parts = [_svg_open(width, height, title, desc, ident)]
    by_shape: dict[tuple[str, bool], list[str]] = {}
    for name, ring, hl in rings:
        d = (
            "M"
            + "L".join(
                f"{pad + (lon - min_lon) * k * scale:.1f},{pad + (max_lat - lat) * scale:.1f}"
                for lon, lat in ring
            )
            + "Z"
        )
        by_shape.setdefault((name, hl), []).append(d)
    for (name, hl), paths in sorted(by_shape.items(), key=lambda item: item[0][1]):
        fill, stroke, sw = (HIGHLIGHT, "#1b1b1b", 1.5) if hl else ("#e8edf0", GRID, 0.6)
        parts.append(
            f'<path d="{"".join(paths)}" fill="{fill}" stroke="{stroke}" stroke-width="{sw}" fill-rule="evenodd">'
            f"<title>{escape(name)}</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)
