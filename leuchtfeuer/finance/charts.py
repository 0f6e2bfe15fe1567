"""The map of the change: every Gemeinde of a Land coloured by its difference in % (reform against
status quo), drawn from the vendored BKG boundaries in the database — no tiles, no other host.

The projected outlines of a Land are computed once per process and data version (the geometry
never changes between scenarios); a scenario only picks the colours. The page shows the same
figures in the town table (the map's text alternative) and a legend with every class.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from leuchtfeuer.core.charts.svg import _rings, _svg_open
from leuchtfeuer.core.engine.german import format_percent
from leuchtfeuer.places.models import Region, RegionBoundary

WIDTH = 560
PAD = 6


@dataclass(frozen=True)
class ChangeClass:
    label: str
    low: float | None  # inclusive lower bound in %, None = open
    high: float | None  # exclusive upper bound in %, None = open
    fill: str


# Diverging classes (ColorBrewer RdBu, 7 classes; the outlines are dark so light fills stay
# distinguishable; the legend names every class in words).
CLASSES: tuple[ChangeClass, ...] = (
    ChangeClass("Verlust 10 % und mehr", None, -10, "#b2182b"),
    ChangeClass("Verlust 5 bis unter 10 %", -10, -5, "#ef8a62"),
    ChangeClass("Verlust 1 bis unter 5 %", -5, -1, "#fddbc7"),
    ChangeClass("kaum Änderung (unter 1 %)", -1, 1, "#f7f7f7"),
    ChangeClass("Zuwachs 1 bis unter 5 %", 1, 5, "#d1e5f0"),
    ChangeClass("Zuwachs 5 bis unter 10 %", 5, 10, "#67a9cf"),
    ChangeClass("Zuwachs 10 % und mehr", 10, None, "#2166ac"),
)
NO_VALUE = "#bdbdbd"


def change_class(percent: Decimal | float | None) -> ChangeClass | None:
    if percent is None:
        return None
    p = float(percent)
    for c in CLASSES:
        if (c.low is None or p >= c.low) and (c.high is None or p < c.high):
            return c
    return None


@dataclass(frozen=True)
class LandOutline:
    width: int
    height: int
    paths: dict[str, str]  # ags → SVG path data


_LOCK = threading.Lock()
_OUTLINES: dict[tuple[str, str], LandOutline] = {}


def land_outline(land: str, version: str) -> LandOutline | None:
    with _LOCK:
        found = _OUTLINES.get((land, version))
    if found is not None:
        return found
    rows = list(
        RegionBoundary.objects.filter(
            region__level=Region.Level.GEMEINDE, region__land_code=land
        ).values_list("region__ags", "geometry")
    )
    if not rows:
        return None
    shapes = [(ags, _rings(json.loads(geometry))) for ags, geometry in rows]
    lons = [p[0] for _, rings in shapes for ring in rings for p in ring]
    lats = [p[1] for _, rings in shapes for ring in rings for p in ring]
    if not lons:
        return None
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (WIDTH - 2 * PAD) / max((max_lon - min_lon) * k, 1e-9)
    height = int(max(max_lat - min_lat, 1e-9) * scale + 2 * PAD)
    paths = {}
    for ags, rings in shapes:
        parts = []
        for ring in rings:
            # Tenths of a unit (the map is 560 units wide): consecutive points that round to the same
            # spot are dropped, which makes the page and the PDF lighter without a visible change.
            points: list[str] = []
            for lon, lat in ring:
                point = f"{PAD + (lon - min_lon) * k * scale:.1f},{PAD + (max_lat - lat) * scale:.1f}"
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) >= 3:
                parts.append("M" + "L".join(points) + "Z")
        paths[ags] = "".join(parts)
    outline = LandOutline(WIDTH, height, paths)
    with _LOCK:
        if len(_OUTLINES) > 32:
            _OUTLINES.clear()
        _OUTLINES[(land, version)] = outline
    return outline


def change_map(outline: LandOutline, rows, *, title: str, ident: str = "finanzkarte") -> str:
    """SVG of the Land with each Gemeinde filled by its class of change in %."""
    counts = {c.label: 0 for c in CLASSES}
    parts = []
    for row in rows:
        d = outline.paths.get(row.ags)
        if not d:
            continue
        cls = change_class(row.diff_percent)
        fill = cls.fill if cls else NO_VALUE
        if cls:
            counts[cls.label] += 1
        change = (
            format_percent(float(row.diff_percent), 1, signed=True) if row.diff_percent is not None else "–"
        )
        parts.append(
            f'<path d="{d}" fill="{fill}" stroke="#4a4a4a" stroke-width="0.4" fill-rule="evenodd">'
            f"<title>{escape(row.name)}: {escape(change)}</title></path>"
        )
    desc = "Veränderung je Gemeinde in Prozent: " + "; ".join(
        f"{label}: {n} Gemeinden" for label, n in counts.items()
    )
    return _svg_open(outline.width, outline.height, title, desc, ident) + "".join(parts) + "</svg>"
