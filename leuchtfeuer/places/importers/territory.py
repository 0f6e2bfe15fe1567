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
3. Units of a statistics table (no area of their own) get area and centre point from the GV
   vintages *around* the table's date (`territory_at`): the last vintage on or before it and the
   first on or after it. A unit whose area is the same in both kept its territory in between. If
   the two differ, the unit changed in between, and the vintage on the side where nothing changed
   in its Kreis is taken (no Gemeinde of the Kreis dissolved or newly formed between that vintage
   and the table's date); if both sides had changes, the territory on that date is unknown and
   step 2 marks the figure "broken". A figure is therefore never put on a territory from a
   vintage after a merger it predates (a 2008 figure of Malchin on the 2009 territory that
   already holds Remplin).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

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


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise_name(name: str) -> str:
    """'Malchin, Stadt' and 'Malchin' compare equal; case, accents and spacing are ignored, and
    umlauts are written out ('Ülsby' = 'Uelsby', as the Regionaldatenbank and the GV spell it)."""
    base = name.split(",")[0].lower().translate(_UMLAUTS)
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    for mark in "-/().":
        base = base.replace(mark, " ")
    return " ".join(base.split())


def _first_word(name: str) -> str:
    words = normalise_name(name).split()
    return words[0] if words else ""


def names_agree(a: str, b: str) -> bool:
    """Two spellings of one Gemeinde under the same key: the tables shorten or extend names
    ('Lauenburg/Elbe' vs 'Lauenburg/ Elbe, Stadt', 'Asendorf b Bruchhausen-Vilsen' vs 'Asendorf',
    'Bad Münder a. D.' vs 'Bad Münder am Deister, Stadt'), so the first word must agree."""
    first = _first_word(a)
    return bool(first) and first == _first_word(b)


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


@dataclass
class Vintage:
    """The Gemeinden of one GV vintage (areas and, from 2009, centre points) on its date."""

    day: date
    units: dict[str, Unit]  # by AGS

    def __post_init__(self) -> None:
        by_name: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        for unit in self.units.values():
            by_name[(unit.land, normalise_name(unit.name))].append(unit)
        self._by_name = dict(by_name)
        by_first: dict[tuple[str, str], list[Unit]] = defaultdict(list)
        for unit in self.units.values():
            by_first[(unit.land, _first_word(unit.name))].append(unit)
        self._by_first_word = dict(by_first)

    def find(self, unit: Unit) -> Unit | None:
        """The same Gemeinde in this vintage: same key (names agreeing) or, after a recoding
        (Kreisreform), the same name in the same Land if that name is unique there."""
        same_key = self.units.get(unit.key)
        if same_key is not None and names_agree(same_key.name, unit.name):
            return same_key
        named = self.namesakes(unit)
        return named[0] if len(named) == 1 else None

    def namesakes(self, unit: Unit) -> list[Unit]:
        return self._by_name.get((unit.land, normalise_name(unit.name)), [])

    def find_all(self, units: Sequence[Unit]) -> dict[str, Unit | None]:
        """`find` for every unit of a table; a name that occurs several times in the Land (MV has
        two Benz and two Neuenkirchen) is resolved by the Kreis: the namesake whose Kreis in this
        vintage most of the table's Gemeinden of the unit's Kreis come from."""
        found = {u.key: self.find(u) for u in units}
        kreis_map: dict[str, Counter] = defaultdict(Counter)
        for unit in units:
            match = found[unit.key]
            if match is not None:
                kreis_map[unit.key[:5]][match.key[:5]] += 1
        taken = {m.key for m in found.values() if m is not None}
        # second pass: same name, several in the Land; third: a shortened name ('Strasburg, Stadt'
        # for 'Strasburg (Uckermark), Stadt'), both only within the Kreise the unit's Kreis came from
        for candidates in (self.namesakes, self._first_word_namesakes):
            for unit in units:
                if found[unit.key] is not None:
                    continue
                origins = kreis_map.get(unit.key[:5], Counter())
                fitting = [c for c in candidates(unit) if c.key not in taken and origins[c.key[:5]]]
                if len(fitting) == 1:
                    found[unit.key] = fitting[0]
                    taken.add(fitting[0].key)
        return found

    def _first_word_namesakes(self, unit: Unit) -> list[Unit]:
        return self._by_first_word.get((unit.land, _first_word(unit.name)), [])


def _same_area(a: Unit, b: Unit) -> bool:
    if a.area is None or b.area is None:
        return False
    return abs(a.area - b.area) <= AREA_TOLERANCE * max(a.area, b.area)


def territory_at(units: Iterable[Unit], day: date, vintages: Sequence[Vintage]) -> list[Unit]:
    """Area and centre point of each unit of a statistics table dated `day` (method step 3).

    Only the vintages on or around `day` are evidence: a vintage dated `day` itself, else the
    last one before (`p`) and the first one after (`n`). Per unit:

    * found in both with the same area → that area (its territory did not change in between);
    * otherwise the side on which its Kreis was quiet: nothing after `day` if no Gemeinde of
      the table's Kreis is gone by `n` and none of `n`'s Kreis is new since `day`; nothing
      before if none of `p`'s Kreis is gone by `day` and none of the table's Kreis is new;
    * else no area (the territory on `day` is unknown; the crosswalk then says "broken").

    The centre point is taken from whichever vintage has it (it only places the unit)."""
    units = list(units)
    ordered = sorted(vintages, key=lambda v: v.day)
    exact = next((v for v in ordered if v.day == day), None)
    if exact is not None:
        same = exact.find_all(units)
        return [_placed(u, same[u.key], same[u.key]) for u in units]
    before = [v for v in ordered if v.day < day]
    after = [v for v in ordered if v.day > day]
    prev = before[-1] if before else None
    nxt = after[0] if after else None
    in_prev = prev.find_all(units) if prev else dict.fromkeys((u.key for u in units), None)
    in_next = nxt.find_all(units) if nxt else dict.fromkeys((u.key for u in units), None)
    gone_later = Counter(u.key[:5] for u in units if in_next[u.key] is None)
    new_since = Counter(u.key[:5] for u in units if in_prev[u.key] is None)
    seen_next = {n.key for n in in_next.values() if n is not None}
    seen_prev = {p.key for p in in_prev.values() if p is not None}
    new_later = Counter(k[:5] for k in (nxt.units if nxt else {}) if k not in seen_next)
    gone_since = Counter(k[:5] for k in (prev.units if prev else {}) if k not in seen_prev)
    result = []
    for unit in units:
        p, n = in_prev[unit.key], in_next[unit.key]
        kreis = unit.key[:5]
        quiet_after = nxt is not None and not gone_later[kreis] and (n is None or not new_later[n.key[:5]])
        quiet_before = prev is not None and not new_since[kreis] and (p is None or not gone_since[p.key[:5]])
        if p is not None and n is not None and _same_area(p, n):
            source = n
        elif p is not None and n is not None and quiet_before and quiet_after:
            source = None  # a part moved between two Gemeinden that both remain: when is unknown
        elif n is not None and quiet_after:
            source = n
        elif p is not None and quiet_before:
            source = p
        else:
            source = None
        result.append(_placed(unit, source, n or p))
    return result


def _placed(unit: Unit, area_from: Unit | None, point_from: Unit | None) -> Unit:
    point = area_from if area_from is not None and area_from.lon is not None else point_from
    return Unit(
        unit.key,
        unit.name,
        unit.land,
        area_from.area if area_from is not None else None,
        point.lon if point is not None else None,
        point.lat if point is not None else None,
    )
