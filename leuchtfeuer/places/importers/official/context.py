"""What every source needs: today's Gemeinden, the crosswalk from old territories, the GV vintages,
and the Kreis crosswalk derived from one vintage's Gemeinde assignment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from leuchtfeuer.places.importers.base import RegionRow
from leuchtfeuer.places.importers.boundaries import read_boundaries
from leuchtfeuer.places.importers.gebietsaenderungen import read_gebietsaenderungen
from leuchtfeuer.places.importers.gv import (
    HISTORY_FILES,
    GvHistoryRow,
    read_gemeindeverzeichnis,
    read_gv_history,
)
from leuchtfeuer.places.importers.official.rows import (
    GV_CURRENT,
    GV_CURRENT_DATE,
)
from leuchtfeuer.places.importers.territory import (
    Crosswalk,
    CurrentGemeinde,
    PolygonIndex,
    Unit,
    Vintage,
    territory_at,
)


@dataclass
class Context:
    base: Path
    regions: list[RegionRow]
    crosswalk: Crosswalk
    vintages: dict[date, list[GvHistoryRow]]

    @property
    def kreise(self) -> set[str]:
        return {r.ars for r in self.regions if r.level == "kreis"}

    @property
    def laender(self) -> set[str]:
        return {r.ars for r in self.regions if r.level == "land"}

    def __post_init__(self) -> None:
        self._units: dict[date, dict[str, Unit]] = {}
        self._vintage_objects: list[Vintage] = []
        self._kreis_walks: dict[date, dict] = {}

    def kreis_walk(self, day: date) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Kreis crosswalk of the GV vintage `day` (cached; callers may not modify it)."""
        if day not in self._kreis_walks:
            vintage = self.vintages[day]
            self._kreis_walks[day] = kreis_crosswalk(
                self, list(self.units(day).values()), {r.ags: r.pop_total for r in vintage}
            )
        return self._kreis_walks[day]

    def units(self, day: date) -> dict[str, Unit]:
        if day not in self._units:
            self._units[day] = self._make_units(day)
        return self._units[day]

    def _make_units(self, day: date) -> dict[str, Unit]:
        return {r.ags: Unit(r.ags, r.name, r.land_code, r.area_km2, r.lon, r.lat) for r in self.vintages[day]}

    def kreis_walk_at(self, day: date, codes: set[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Kreis crosswalk for a Kreis table dated `day` whose Kreis codes with a value are
        `codes`: per current Kreis the walk of the first GV vintage on or after `day` if the
        table has all the Kreise it sums (the codes were valid then: e.g. 13071, founded in
        September 2011, has a value for 31.12.2011), else of the last vintage before."""
        after = [d for d in self.vintages if d >= day]
        before = [d for d in self.vintages if d < day]
        walks = [self.kreis_walk(d) for d in (min(after, default=None), max(before, default=None)) if d]
        result = {}
        for kreis in self.kreise:
            entries = [walk[kreis] for walk in walks if kreis in walk]
            fitting = [e for e in entries if e[1] and all(code in codes for code in e[1])]
            result[kreis] = fitting[0] if fitting else (entries[-1] if entries else ("broken", ()))
        return result

    def gv_vintages(self) -> list[Vintage]:
        """Every GV vintage as territorial evidence for tables without areas (`territory_at`)."""
        if not self._vintage_objects:
            self._vintage_objects = [Vintage(day, self.units(day)) for day in sorted(self.vintages)]
        return self._vintage_objects

    def placed(self, units: Iterable[Unit], day: date) -> list[Unit]:
        """Units of a statistics table dated `day`, with the area and centre point they had then."""
        return territory_at(units, day, self.gv_vintages())


def build_context(base: Path) -> Context:
    regions = read_gemeindeverzeichnis(base / GV_CURRENT, GV_CURRENT_DATE)
    current = {
        r.ags: CurrentGemeinde(r.ags, r.name, r.land_code, float(r.area_km2) if r.area_km2 else None)
        for r in regions
        if r.level == "gemeinde"
    }
    polygons = PolygonIndex()
    for row in read_boundaries(base / "boundaries/gemeinden_2022_simplified.geojson.gz", "ars", (12,)):
        polygons.add(row.key[:5] + row.key[9:], row.geometry)
    successor: dict[str, str] = {}
    for name in ("destatis_gebietsaenderungen_2023.xlsx", "destatis_gebietsaenderungen_2024.xlsx"):
        for change in read_gebietsaenderungen(base / "gebietsaenderungen" / name):
            if change.whole and change.old_ags != change.new_ags:
                successor[change.old_ags] = change.new_ags
    vintages = {
        day: read_gv_history(base / "gemeindeverzeichnis/history" / name, day) for name, day in HISTORY_FILES
    }
    return Context(base, regions, Crosswalk(current, polygons, successor), vintages)


def kreis_crosswalk(
    ctx: Context, units: Sequence[Unit], weights: dict[str, int]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """current Kreis → (status, old Kreis codes to sum) for a vintage's Kreis codes.

    An old Kreis goes whole into the current Kreis that receives ≥ 99 % of its (assigned)
    population, provided ≥ 90 % of its population could be assigned at all."""
    flows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for unit in units:
        weight = weights.get(unit.key, 0)
        old = unit.key[:5]
        totals[old] += weight
        target, _ = ctx.crosswalk.assign(unit)
        if target:
            flows[old][target[:5]] += weight
    whole: dict[str, list[str]] = defaultdict(list)
    partial: set[str] = set()
    for old, targets in flows.items():
        assigned = sum(targets.values())
        best, amount = max(targets.items(), key=lambda item: item[1])
        if totals[old] and assigned >= 0.9 * totals[old] and amount >= 0.99 * assigned:
            whole[best].append(old)
        else:
            partial.update(targets)
    result = {}
    for kreis in ctx.kreise:
        olds = tuple(sorted(whole.get(kreis, [])))
        if kreis in partial or not olds:
            result[kreis] = ("broken", (kreis,)) if kreis in totals else ("broken", ())
        elif olds == (kreis,):
            result[kreis] = ("current", olds)
        else:
            result[kreis] = ("harmonised", olds)
    return result
