"""Put figures published on an old territory onto today's Gemeinden (Gebietsstand 31.12.2024).

Pure Python, no Django. Input: "units" of one vintage (a GV year or a statistics table): key,
name, Land, area and centre point where known. Output per current Gemeinde: the units that make
it up and a territory status (see `places.models.Territory`).

Method (pragmatic, documented in data/official/README.md):

1. A unit is assigned to a current Gemeinde
   a. with the same AGS, else
   b. with the same official name in the same Land (only if that name is unique there — this
      follows the recodings of the Kreisreformen, e.g. Malchin 13052050 → 13071092), else
   c. by its centre point (GV 2009 and later carry one): the Zensus 2022 Gemeinde polygon that
      contains it, followed through the Destatis Gebietsänderungen 2023/2024 (dissolutions and
      new formations, Änderungsart 1 and 3) to the Gemeinde of 31.12.2024.
   Units that none of these places stay unassigned (typically Gemeinden dissolved before 2009).
2. For each current Gemeinde the assigned units' areas are summed. If the sum is within
   AREA_TOLERANCE of today's area, the figure is the sum: status "current" when it is one unit
   with the same key or name, "harmonised" when several whole units were summed. Otherwise the
   territory differs (parts missing or given away): status "broken", and the figure is the one
   of the unit with the same AGS or name, as published (none if there is no such unit).
3. Units without an area (statistics tables) borrow it from the GV vintage nearest in time with
   the same AGS and name; without any, step 2 cannot confirm the territory → "broken".
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

AREA_TOLERANCE = 0.03  # relative; re-surveys move areas by up to ~1 %, mergers by far more


@dataclass(frozen=True)
class Unit:
    key: str  # AGS (8 digits) on the unit's own territory
    name: str
    land: str
    area: float | None = None
    lon: float | None = None
    lat: float | None = None


@dataclass(frozen=True)
class CurrentGemeinde:
    ags: str
    name: str
    land: str
    area: float | None


@dataclass
class Match:
    """How one current Gemeinde is made up of the units of one vintage."""

    ags: str
    status: str  # "current" | "harmonised" | "broken"
    keys: tuple[str, ...]  # unit keys to sum


def normalise_name(name: str) -> str:
    """'Malchin, Stadt' and 'Malchin' compare equal; case, accents and spacing are ignored."""
    base = name.split(",")[0]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    return " ".join(base.lower().replace("-", " ").split())


# ------------------------------------------------------------------------------------------
# Polygons (Zensus 2022 Gemeinden) for locating centre points
# ------------------------------------------------------------------------------------------


@dataclass
class PolygonIndex:
    """Point-in-polygon over GeoJSON (Multi)Polygons, with a bounding-box prefilter."""

    items: list[tuple[str, tuple[float, float, float, float], list[list[list[float]]]]] = field(
        default_factory=list
    )

    grid: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    CELL = 0.1  # degrees; a Gemeinde spans only a few cells

    def add(self, key: str, geometry: dict) -> None:
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            ring = polygon[0]
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            box = (min(xs), min(ys), max(xs), max(ys))
            self.items.append((key, box, polygon))
            for i in range(int(box[0] / self.CELL), int(box[2] / self.CELL) + 1):
                for j in range(int(box[1] / self.CELL), int(box[3] / self.CELL) + 1):
                    self.grid.setdefault((i, j), []).append(len(self.items) - 1)

    def locate(self, lon: float, lat: float) -> str | None:
        for index in self.grid.get((int(lon / self.CELL), int(lat / self.CELL)), ()):
            key, (x0, y0, x1, y1), polygon = self.items[index]
            if x0 <= lon <= x1 and y0 <= lat <= y1 and _in_polygon(lon, lat, polygon):
                return key
        return None


def _in_ring(x: float, y: float, ring: Sequence[Sequence[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(x: float, y: float, polygon: Sequence[Sequence[Sequence[float]]]) -> bool:
    return _in_ring(x, y, polygon[0]) and not any(_in_ring(x, y, hole) for hole in polygon[1:])


# ------------------------------------------------------------------------------------------
# The crosswalk
# ------------------------------------------------------------------------------------------


@dataclass
class Crosswalk:
    """Everything needed to map any vintage onto the current Gemeinden."""

    current: dict[str, CurrentGemeinde]
    polygons: PolygonIndex
    successor: dict[str, str]  # AGS dissolved after 05/2022 → AGS it went into (chased)

    def __post_init__(self) -> None:
        by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
        for gemeinde in self.current.values():
            by_name[(gemeinde.land, normalise_name(gemeinde.name))].append(gemeinde.ags)
        self._by_name = {k: v[0] for k, v in by_name.items() if len(v) == 1}
        self._cache: dict[Unit, tuple[str | None, bool]] = {}

    def follow(self, ags: str) -> str | None:
        seen = set()
        while ags not in self.current and ags in self.successor and ags not in seen:
            seen.add(ags)
            ags = self.successor[ags]
        return ags if ags in self.current else None

    def assign(self, unit: Unit) -> tuple[str | None, bool]:
        """(current AGS, is the 'same' Gemeinde by key or name)."""
        if unit not in self._cache:
            self._cache[unit] = self._assign(unit)
        return self._cache[unit]

    def _assign(self, unit: Unit) -> tuple[str | None, bool]:
        if unit.key in self.current:
            return unit.key, True
        by_name = self._by_name.get((unit.land, normalise_name(unit.name)))
        if by_name:
            return by_name, True
        if unit.lon is not None and unit.lat is not None:
            located = self.polygons.locate(unit.lon, unit.lat)
            if located:
                followed = self.follow(located)
                if followed:
                    return followed, False
        followed = self.follow(unit.key)
        if followed:
            return followed, False
        return None, False

    def match(self, units: Iterable[Unit]) -> dict[str, Match]:
        members: dict[str, list[tuple[Unit, bool]]] = defaultdict(list)
        for unit in units:
            target, same = self.assign(unit)
            if target:
                members[target].append((unit, same))
        result: dict[str, Match] = {}
        for ags, parts in members.items():
            gemeinde = self.current[ags]
            same = [u for u, is_same in parts if is_same]
            primary = same[0] if same else None
            areas = [u.area for u, _ in parts]
            complete = (
                gemeinde.area
                and all(a is not None for a in areas)
                and abs(sum(a for a in areas if a is not None) - gemeinde.area)
                <= AREA_TOLERANCE * gemeinde.area
            )
            if complete and len(parts) == 1 and primary is not None:
                result[ags] = Match(ags, "current", (primary.key,))
            elif complete:
                result[ags] = Match(ags, "harmonised", tuple(sorted(u.key for u, _ in parts)))
            elif primary is not None:
                result[ags] = Match(ags, "broken", (primary.key,))
        return result


def borrow_area(units: Iterable[Unit], vintages: Sequence[dict[str, Unit]]) -> list[Unit]:
    """Units of a statistics table get area and centre point from the nearest GV vintage that
    has the same AGS with the same name (vintages ordered nearest first)."""
    result = []
    for unit in units:
        found = None
        for vintage in vintages:
            candidate = vintage.get(unit.key)
            if candidate and normalise_name(candidate.name) == normalise_name(unit.name):
                found = candidate
                break
        if found:
            unit = Unit(unit.key, unit.name, unit.land, found.area, found.lon, found.lat)
        result.append(unit)
    return result
