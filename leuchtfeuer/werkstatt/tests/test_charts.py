"""The Werkstatt's SVG charts: geometry from hand arithmetic, accessible text, CSP-safe markup."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from leuchtfeuer.werkstatt.charts import Bar, gantt_chart, radar_chart


def _polygon_points(svg: str, index: int) -> list[tuple[float, float]]:
    polygons = re.findall(r'<polygon points="([^"]+)"', svg)
    return [tuple(map(float, p.split(","))) for p in polygons[index].split()]


def test_radar_points_lie_at_score_over_maximum_of_the_radius():
    axes = [("A", 5), ("B", None), ("C", 1), ("D", 3)]
    svg = radar_chart(axes, ident="t")
    # canvas 900 × 520 → centre (450, 260), radius 180; the data polygon follows the 5 rings.
    data = _polygon_points(svg, 5)
    cx, cy = 450.0, 260.0
    radius = 180.0
    for i, (_, score) in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / 4
        expected = (
            cx + radius * (score or 0) / 5 * math.cos(angle),
            cy + radius * (score or 0) / 5 * math.sin(angle),
        )
        assert data[i] == pytest.approx(expected, abs=0.06)
    # A: full score straight up.
    assert data[0] == pytest.approx((450.0, 80.0), abs=0.06)


def test_radar_is_accessible_and_csp_safe():
    svg = radar_chart([("Mobilität", 2), ("Wohnen", 4), ("Finanzen & Haushalt", 1)], ident="r")
    assert 'role="img"' in svg and 'aria-labelledby="r-t r-d"' in svg
    assert "Mobilität: 2 von 5; Wohnen: 4 von 5; Finanzen &amp; Haushalt: 1 von 5" in svg
    assert "style=" not in svg and "<script" not in svg


def test_radar_needs_three_axes():
    with pytest.raises(ValueError):
        radar_chart([("A", 1), ("B", 2)])


def test_gantt_bar_spans_its_months():
    bars = [
        Bar("Rückkehrertag", "Rückkehr", date(2026, 1, 1), date(2026, 12, 31), "laufend", "in Umsetzung"),
        Bar("Ohne Datum", "Rückkehr", None, None),
    ]
    svg = gantt_chart(bars, ident="g", today=date(2026, 7, 1))
    # One year shown (2026): plot from x=300 to 960 (width 980 - label 300 - 20); the bar covers it all.
    rect = re.search(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    x, width = float(rect.group(1)), float(rect.group(2))
    assert x == pytest.approx(300.0, abs=0.1)
    assert x + width == pytest.approx(960.0, abs=0.1)
    assert "ohne Zeitraum" in svg and "heute" in svg
    assert "Rückkehrertag: 01/2026 bis 12/2026; Ohne Datum: ohne Zeitraum" in svg
    assert "style=" not in svg
