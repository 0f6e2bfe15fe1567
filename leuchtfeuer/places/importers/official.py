"""Assemble the rows of every official source for the loader (no database access here).

Each `build_*` function reads the files of one source from `base` (data/official/), puts old
territories onto today's (see `territory`) and returns plain rows. Region keys: the AGS for a
Gemeinde, the ARS for everything else ('0' Bund, 2 Land, 5 Kreis).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from leuchtfeuer.places.importers import regionalstatistik as rs
from leuchtfeuer.places.importers.base import ImportFormatError, RegionRow
from leuchtfeuer.places.importers.boundaries import bbox, read_boundaries
from leuchtfeuer.places.importers.gebietsaenderungen import read_gebietsaenderungen
from leuchtfeuer.places.importers.gv import (
    HISTORY_FILES,
    GvHistoryRow,
    read_gemeindeverzeichnis,
    read_gv_history,
)
from leuchtfeuer.places.importers.kreise2024 import AGE_COLUMNS as KREIS_2024_AGES
from leuchtfeuer.places.importers.kreise2024 import REFERENCE as KREISE_2024
from leuchtfeuer.places.importers.kreise2024 import read_kreise_2024
from leuchtfeuer.places.importers.territory import (
    Crosswalk,
    CurrentGemeinde,
    Match,
    PolygonIndex,
    Unit,
    Vintage,
    territory_at,
)
from leuchtfeuer.places.importers.zensus2022 import AGE_COLUMNS, read_zensus2022
from leuchtfeuer.places.importers.zensus2022_tables import TABLE_BY_KEY, TABLES, read_zensus_table

GV_CURRENT = "gemeindeverzeichnis/gv_gemeinden_2024Q4.csv"
GV_CURRENT_DATE = date(2023, 12, 31)
RS = "regionalstatistik_2015"
ZENSUS_2011 = date(2011, 5, 9)
ZENSUS_2022 = date(2022, 5, 15)
ZENSUS_2022_DIR = "zensus2022"
KREISE_2024_FILE = "kreise_2024/kreise_bevoelkerung_altersgruppen_31122024.csv.gz"
KREISE_2024_SOURCE = "12411-02-03-4-2024"
END_2015 = date(2015, 12, 31)


def basis_for(day: date) -> str:
    if day >= ZENSUS_2022 and day.year == 2022 and day.month == 5:
        return "zensus2022"
    return "register" if day < ZENSUS_2011 else "zensus2011"


@dataclass(frozen=True)
class PopulationRow:
    region: str
    reference_date: date
    source: str
    basis: str
    territory: str
    total: int
    male: int | None
    female: int | None


@dataclass(frozen=True)
class AgeRow:
    region: str
    kind: str
    reference_date: date
    scheme: str
    age_from: int
    age_to: int | None
    total: int | None
    male: int | None
    female: int | None
    basis: str
    territory: str
    source: str


@dataclass(frozen=True)
class VitalRow:
    region: str
    year: int
    births: int | None
    births_male: int | None
    births_female: int | None
    deaths: int | None
    deaths_male: int | None
    deaths_female: int | None
    territory: str
    source: str


@dataclass(frozen=True)
class CensusRow:
    """One Zensus 2022 figure (official column code of a Regionaltabelle) of one region."""

    region: str
    table: str
    code: str
    reference_date: date
    value: int | None
    territory: str
    source: str


@dataclass(frozen=True)
class BoundaryModelRow:
    region: str
    geometry: str
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    composed: bool
    source: str


def _sum(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


# ------------------------------------------------------------------------------------------
# Shared context: current Gemeinden, crosswalk, GV vintages
# ------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# Kreis crosswalk derived from the Gemeinde assignment of one vintage
# ------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# Source: population series
# ------------------------------------------------------------------------------------------


def build_population_series(ctx: Context) -> list[PopulationRow]:
    """GV vintages 1990–2023 + Regionalstatistik 12411-01-01-5 (Gemeinden 2008–2015) and
    12411-01-01-4 (Kreise 1995–2015); Länder and Bund as sums of the GV vintages."""
    rows: dict[tuple[str, date], PopulationRow] = {}

    def put(row: PopulationRow) -> None:
        rows.setdefault((row.region, row.reference_date), row)  # first source wins

    all_days = [*ctx.vintages, GV_CURRENT_DATE]
    for day, vintage in ctx.vintages.items():
        by_key = {r.ags: r for r in vintage}
        units = [Unit(r.ags, r.name, r.land_code, r.area_km2, r.lon, r.lat) for r in vintage]
        for match in ctx.crosswalk.match(units).values():
            parts = [by_key[k] for k in match.keys]
            total = _sum(p.pop_total for p in parts)
            if total is None:
                continue
            put(
                PopulationRow(
                    match.ags, day, "gv", basis_for(day), match.status, total,
                    _sum(p.pop_male for p in parts), _sum(p.pop_female for p in parts),
                )
            )  # fmt: skip
        _upper_levels(
            ctx, day, units, {r.ags: (r.pop_total, r.pop_male, r.pop_female) for r in vintage}, "gv", put
        )

    # Regionalstatistik: Gemeinden 2008–2015 (years the GV vintages do not cover)
    counts = rs.read_wide_by_date(ctx.base / RS / "gemeinden/12411-01-01-5.csv.gz")
    by_day: dict[date, dict[str, rs.RsCount]] = defaultdict(dict)
    verbands = _verband_codes(c.code for c in counts)
    for c in counts:
        ags = gemeinde_key(c.code, verbands)
        if ags and (c.total is not None or c.withheld):  # a withheld total makes the sum None
            by_day[c.reference][ags] = c
    for day, values in by_day.items():
        if day in all_days:
            continue
        units = ctx.placed((Unit(a, c.name, a[:2]) for a, c in values.items()), day)
        for match in ctx.crosswalk.match(units).values():
            parts = [values[k] for k in match.keys]
            total = _sum(p.total for p in parts)
            if total is not None:
                put(
                    PopulationRow(
                        match.ags, day, "12411-01-01-5", basis_for(day), match.status, total,
                        _sum(p.male for p in parts), _sum(p.female for p in parts),
                    )
                )  # fmt: skip

    # Kreise 1995–2015 (annual) from 12411-01-01-4, by the Kreis crosswalk of the nearest vintage
    kreis_counts = rs.read_wide_by_date(ctx.base / RS / "kreise/12411-01-01-4.csv.gz")
    kreis_by_day: dict[date, dict[str, rs.RsCount]] = defaultdict(dict)
    for c in kreis_counts:
        if len(c.code) == 5 and c.total is not None:
            kreis_by_day[c.reference][c.code] = c
        elif (c.code in ctx.laender or c.code == "0") and c.total is not None:
            # Länder and the Bund as published (their territory has not changed since 1990)
            key = (c.code, c.reference)
            if key not in rows or rows[key].source == "gv":
                rows[key] = PopulationRow(
                    c.code,
                    c.reference,
                    "12411-01-01-4",
                    basis_for(c.reference),
                    "current",
                    c.total,
                    c.male,
                    c.female,
                )
    for day, values in kreis_by_day.items():
        walk = ctx.kreis_walk_at(day, set(values))
        for kreis, (status, olds) in walk.items():
            parts = [values.get(k) for k in olds]
            if not parts or any(p is None for p in parts):
                continue
            total = _sum(p.total for p in parts if p)
            if total is None:
                continue
            key = (kreis, day)
            row = PopulationRow(
                kreis, day, "12411-01-01-4", basis_for(day), status, total,
                _sum(p.male for p in parts if p), _sum(p.female for p in parts if p),
            )  # fmt: skip
            # the annual Kreis table is preferred over GV sums for the years it covers
            if key not in rows or (rows[key].source == "gv" and status != "broken"):
                rows[key] = row
    return list(rows.values())


def _upper_levels(
    ctx: Context, day: date, units: list[Unit], values: dict[str, tuple], source: str, put
) -> None:
    walk = ctx.kreis_walk(day)
    by_kreis: dict[str, list[tuple]] = defaultdict(list)
    by_land: dict[str, list[tuple]] = defaultdict(list)
    for key, value in values.items():
        by_kreis[key[:5]].append(value)
        by_land[key[:2]].append(value)

    def summed(groups: list[list[tuple]]) -> tuple:
        flat = [v for group in groups for v in group]
        return tuple(_sum(v[i] for v in flat) for i in range(3))

    for kreis, (status, olds) in walk.items():
        if not olds:
            continue
        total, male, female = summed([by_kreis[k] for k in olds])
        if total:
            put(PopulationRow(kreis, day, source, basis_for(day), status, total, male, female))
    for land in ctx.laender:
        if by_land.get(land):
            total, male, female = summed([by_land[land]])
            if total:
                put(PopulationRow(land, day, source, basis_for(day), "current", total, male, female))
    total, male, female = summed(list(by_land.values()))
    if total:
        put(PopulationRow("0", day, source, basis_for(day), "current", total, male, female))


def _verband_codes(codes: Iterable[str]) -> set[str]:
    """7/8-digit codes that have Gemeinden listed under them (10/11 digits) are Gemeindeverbände."""
    return {code[:-3] for code in codes if len(code) in (10, 11)}


def gemeinde_key(code: str, verbands: set[str]) -> str | None:
    """The AGS a Regionalstatistik code stands for, None for other levels.

    8 digits: Gemeinde (unless it is a Gemeindeverband with Gemeinden under it); 10/11 digits:
    Gemeinde inside a Gemeindeverband (Kreis5 + VB2/3 + Gem3) → Kreis5 + Gem3."""
    if len(code) == 8 and code not in verbands:
        return code
    if len(code) in (10, 11):
        return code[:5] + code[-3:]
    return None


# ------------------------------------------------------------------------------------------
# Source: Regionalstatistik 2015 (age groups, births, deaths, migration) and Zensus 2011
# ------------------------------------------------------------------------------------------


def _harmonise_gemeinde_counts(
    ctx: Context, counts: list[rs.RsCount], day: date
) -> list[tuple[Match, list[rs.RsCount]]]:
    """Group Gemeinde counts of one reference date by current Gemeinde; returns per match the
    counts (all age bands) of its units."""
    verbands = _verband_codes(c.code for c in counts)
    by_unit: dict[str, list[rs.RsCount]] = defaultdict(list)
    names: dict[str, str] = {}
    for c in counts:
        ags = gemeinde_key(c.code, verbands)
        if ags:
            by_unit[ags].append(c)
            names[ags] = c.name
    # a unit only counts if it has at least one value (old codes carry '-' everywhere); a withheld
    # value (".") counts too, so the sum over a merged Gemeinde is None rather than too small
    live = {k: v for k, v in by_unit.items() if any(c.total is not None or c.withheld for c in v)}
    units = ctx.placed((Unit(k, names[k], k[:2]) for k in live), day)
    return [(m, [c for k in m.keys for c in live[k]]) for m in ctx.crosswalk.match(units).values()]


def _age_rows_gemeinden(
    ctx: Context, counts: list[rs.RsCount], *, kind: str, scheme: str, source: str
) -> list[AgeRow]:
    rows = []
    day = counts[0].reference
    for match, parts in _harmonise_gemeinde_counts(ctx, counts, day):
        bands: dict[tuple[int, int | None], list[rs.RsCount]] = defaultdict(list)
        for c in parts:
            bands[(c.age_from, c.age_to)].append(c)
        for (age_from, age_to), group in bands.items():
            if len(group) != len(match.keys):
                continue
            rows.append(
                AgeRow(
                    match.ags, kind, day, scheme, age_from, age_to,
                    _sum(c.total for c in group), _sum(c.male for c in group), _sum(c.female for c in group),
                    basis_for(day), match.status, source,
                )
            )  # fmt: skip
    return rows


def _age_rows_kreise(
    ctx: Context, counts: list[rs.RsCount], *, kind: str, scheme: str, source: str
) -> list[AgeRow]:
    """Kreis (and Land, Bund) counts; Kreis codes of 2015 are mapped by the GV 2013/2017 Kreis crosswalk."""
    day = date(2015, 12, 31)
    walk = dict(ctx.kreis_walk(date(2017, 12, 31)))
    # 2017 codes == 2015 codes except Göttingen (03152 + 03156 → 03159 on 01.11.2016)
    walk["03159"] = ("harmonised", ("03152", "03156"))
    by_code: dict[str, dict[tuple[int, int | None], rs.RsCount]] = defaultdict(dict)
    for c in counts:
        if c.age_from is not None:
            by_code[c.code][(c.age_from, c.age_to)] = c
    targets: list[tuple[str, str, tuple[str, ...]]] = [
        (kreis, status, olds) for kreis, (status, olds) in walk.items() if olds
    ]
    targets += [(land, "current", (land,)) for land in ctx.laender] + [("0", "current", ("0",))]
    rows = []
    for region, status, olds in targets:
        if not all(o in by_code for o in olds):
            continue
        for band in by_code[olds[0]]:
            group = [by_code[o].get(band) for o in olds]
            if any(g is None for g in group):
                continue
            rows.append(
                AgeRow(
                    region, kind, counts[0].reference if counts else day, scheme, band[0], band[1],
                    _sum(g.total for g in group if g), _sum(g.male for g in group if g),
                    _sum(g.female for g in group if g), "zensus2011", status, source,
                )
            )  # fmt: skip
    return [r for r in rows if not (r.total is None and r.male is None and r.female is None)]


def build_regionalstatistik(ctx: Context) -> tuple[list[AgeRow], list[VitalRow], list[PopulationRow]]:
    g = ctx.base / RS / "gemeinden"
    k = ctx.base / RS / "kreise"
    ages: list[AgeRow] = []
    ages += _age_rows_gemeinden(
        ctx,
        rs.read_wide_by_age(g / "12411-02-03-5.csv.gz"),
        kind="population",
        scheme="regio17",
        source="12411-02-03-5",
    )
    zensus = rs.read_wide_by_age(g / "12111-02-01-5.csv.gz")
    ages += _age_rows_gemeinden(ctx, zensus, kind="population", scheme="zensus11_11", source="12111-02-01-5")
    for kind, heading in (
        ("moves_in", "Zuzüge über die Gemeindegrenzen"),
        ("moves_out", "Fortzüge über die Gemeindegrenzen"),
    ):
        counts = rs.read_wide_by_age(g / "12711-01-03-5.csv.gz", groups=tuple((heading, s) for s in rs.SEXES))
        ages += _age_rows_gemeinden(ctx, counts, kind=kind, scheme="wanderung6", source="12711-01-03-5")
        kreis_counts = rs.read_long(
            k / "12711-01-03-4.csv.gz", with_age=True, date_column=False, prefix=(heading,)
        )
        ages += _age_rows_kreise(ctx, kreis_counts, kind=kind, scheme="wanderung6", source="12711-01-03-4")
    for kind, heading in (
        ("moves_in_kreis", "Zuzüge über die Kreisgrenzen"),
        ("moves_out_kreis", "Fortzüge über die Kreisgrenzen"),
    ):
        kreis_counts = rs.read_long(
            k / "12711-04-02-4.csv.gz", with_age=True, date_column=False, prefix=(heading,)
        )
        ages += _age_rows_kreise(ctx, kreis_counts, kind=kind, scheme="wanderung6", source="12711-04-02-4")
    ages += _age_rows_kreise(
        ctx,
        rs.read_long(k / "12411-04-02-4.csv.gz", with_age=True),
        kind="population",
        scheme="single_years",
        source="12411-04-02-4",
    )
    ages += _age_rows_kreise(
        ctx,
        rs.read_long(k / "12411-02-03-4.csv.gz", with_age=True),
        kind="population",
        scheme="regio17",
        source="12411-02-03-4",
    )
    ages += _age_rows_kreise(
        ctx,
        rs.read_long(k / "12612-02-01-4.csv.gz", with_age=True, prefix=("Insgesamt",)),
        kind="births_by_mother_age",
        scheme="mother_age",
        source="12612-02-01-4",
    )
    ages += _age_rows_kreise(
        ctx,
        rs.read_long(k / "12613-02-02-4.csv.gz", with_age=True),
        kind="deaths",
        scheme="deaths_5y",
        source="12613-02-02-4",
    )

    # Zensus 2011 totals per Gemeinde: the published total ("Insgesamt"), not the sum of the age
    # groups (each cell was rounded on its own for secrecy; the groups differ from it by up to ±2)
    population: list[PopulationRow] = []
    totals = rs.read_wide_age_totals(g / "12111-02-01-5.csv.gz")
    for match, parts in _harmonise_gemeinde_counts(ctx, totals, ZENSUS_2011):
        total = _sum(c.total for c in parts)
        if total is not None:
            population.append(
                PopulationRow(
                    match.ags, ZENSUS_2011, "12111-02-01-5", "zensus2011", match.status, total,
                    _sum(c.male for c in parts), _sum(c.female for c in parts),
                )
            )  # fmt: skip

    vital = _vital_rows(ctx, g, k)
    return ages, vital, population


def _vital_rows(ctx: Context, g: Path, k: Path) -> list[VitalRow]:
    births = rs.read_wide_by_year(g / "12612-01-01-5-B.csv.gz")
    deaths = rs.read_long(g / "12613-01-01-5-B.csv.gz", with_age=False)
    merged: dict[tuple[str, int], dict] = {}
    for label, counts in (("births", births), ("deaths", deaths)):
        years = sorted({c.reference.year for c in counts})
        for year in years:
            subset = [c for c in counts if c.reference.year == year]
            for match, parts in _harmonise_gemeinde_counts(ctx, subset, date(year, 12, 31)):
                entry = merged.setdefault((match.ags, year), {"territory": match.status})
                if match.status == "broken" or entry["territory"] == "broken":
                    entry["territory"] = "broken"
                elif match.status == "harmonised":
                    entry["territory"] = "harmonised"
                entry[label] = tuple(_sum(getattr(c, f) for c in parts) for f in ("total", "male", "female"))
    kreis_births = rs.read_long(k / "12612-01-01-4.csv.gz", with_age=False)
    kreis_deaths = rs.read_long(k / "12613-01-01-4.csv.gz", with_age=False)
    for label, counts in (("births", kreis_births), ("deaths", kreis_deaths)):
        by_year: dict[int, dict[str, rs.RsCount]] = defaultdict(dict)
        for c in counts:
            by_year[c.reference.year][c.code] = c
        for year, values in by_year.items():
            walk = dict(
                ctx.kreis_walk_at(date(year, 12, 31), {c for c, v in values.items() if v.total is not None})
            )
            if year >= 2015:
                walk["03159"] = ("harmonised", ("03152", "03156"))
            targets = [(kr, st, olds) for kr, (st, olds) in walk.items() if olds]
            targets += [(land, "current", (land,)) for land in ctx.laender] + [("0", "current", ("0",))]
            for region, status, olds in targets:
                parts = [values.get(o) for o in olds]
                if any(p is None for p in parts):
                    continue
                triple = tuple(_sum(getattr(p, f) for p in parts if p) for f in ("total", "male", "female"))
                if triple[0] is None:
                    continue
                entry = merged.setdefault((region, year), {"territory": status})
                entry[label] = triple
    result = []
    for (region, year), entry in merged.items():
        b = entry.get("births", (None, None, None))
        d = entry.get("deaths", (None, None, None))
        if b[0] is None and d[0] is None:
            continue
        source = "12612-01-01-5-B/12613-01-01-5-B" if len(region) == 8 else "12612-01-01-4/12613-01-01-4"
        result.append(VitalRow(region, year, *b, *d, entry["territory"], source))
    return result


# ------------------------------------------------------------------------------------------
# Source: Zensus 2022
# ------------------------------------------------------------------------------------------


def build_zensus2022(ctx: Context) -> tuple[list[AgeRow], list[PopulationRow]]:
    """Gemeinden from the tidy extract (put on today's territory); Kreise, Länder and the Bund
    from the published rows of Regionaltabelle Demografie (never as sums of Gemeinden: the
    Zensus perturbs every cell, so a sum differs from the published figure)."""
    rows = read_zensus2022(ctx.base / ZENSUS_2022_DIR / "zensus2022_gemeinden_demografie_tidy.csv.gz")
    by_key = {r.ags: r for r in rows}
    units = ctx.placed((Unit(r.ags, r.name, r.ags[:2]) for r in rows), ZENSUS_2022)
    ages: list[AgeRow] = []
    population: list[PopulationRow] = []
    for match in ctx.crosswalk.match(units).values():
        parts = [by_key[k] for k in match.keys]
        total = _sum(p.total for p in parts)
        if total is None:
            continue
        population.append(
            PopulationRow(
                match.ags, ZENSUS_2022, "zensus2022", "zensus2022", match.status, total,
                _sum(p.male for p in parts), _sum(p.female for p in parts),
            )
        )  # fmt: skip
        for i, (_, age_from, age_to) in enumerate(AGE_COLUMNS):
            ages.append(
                AgeRow(
                    match.ags, "population", ZENSUS_2022, "zensus22_11", age_from, age_to,
                    _sum(p.ages[i] for p in parts), None, None, "zensus2022", match.status, "zensus2022",
                )
            )  # fmt: skip
    table = TABLE_BY_KEY["demografie"]
    known = ctx.kreise | ctx.laender | {"0"}
    for row in read_zensus_table(ctx.base / ZENSUS_2022_DIR / table.filename, table):
        if row.level == "gemeinde" or row.key not in known:
            continue
        v = row.values
        total = v["0_Insgesamt_"]
        assert total is not None  # the total of a full count is always given (refused otherwise)
        population.append(
            PopulationRow(
                row.key, ZENSUS_2022, "zensus2022", "zensus2022", "current", total,
                v["GESCHLECHT__1"], v["GESCHLECHT__2"],
            )
        )  # fmt: skip
        for i, (_, age_from, age_to) in enumerate(AGE_COLUMNS):
            ages.append(
                AgeRow(
                    row.key, "population", ZENSUS_2022, "zensus22_11", age_from, age_to,
                    v[f"Alter_infr__{i + 1:02d}"], None, None, "zensus2022", "current", "zensus2022",
                )
            )  # fmt: skip
    return ages, population


def build_zensus2022_tables(ctx: Context) -> list[CensusRow]:
    """Households, buildings, education, employment and immigration history (the columns of
    `zensus2022_tables.TABLES`) of every region: Gemeinden put on today's territory like every
    other source (a merged Gemeinde gets the sum, or no value if a part has none); Kreise,
    Länder and the Bund as published."""
    result: list[CensusRow] = []
    known = ctx.kreise | ctx.laender | {"0"}
    for table in TABLES:
        rows = read_zensus_table(ctx.base / ZENSUS_2022_DIR / table.filename, table)
        source = f"zensus2022-{table.key}"
        gemeinden = {r.key: r for r in rows if r.level == "gemeinde"}
        units = ctx.placed((Unit(k, r.name, k[:2]) for k, r in gemeinden.items()), ZENSUS_2022)
        for match in ctx.crosswalk.match(units).values():
            if match.status == "broken":
                continue  # a figure of another territory says nothing about today's Gemeinde
            parts = [gemeinden[k] for k in match.keys]
            for code in table.columns:
                value = _sum(p.values[code] for p in parts)
                result.append(CensusRow(match.ags, table.key, code, ZENSUS_2022, value, match.status, source))
        for row in rows:
            if row.level != "gemeinde" and row.key in known:
                for code in table.columns:
                    result.append(
                        CensusRow(row.key, table.key, code, ZENSUS_2022, row.values[code], "current", source)
                    )
    return result


def build_kreise_2024(ctx: Context) -> tuple[list[AgeRow], list[PopulationRow]]:
    """Kreise on 31.12.2024 (Zensus 2022 basis, Gebietsstand 31.12.2024 = today's Kreise);
    Länder and the Bund as sums of their Kreise (exact: the groups are counts, not perturbed)."""
    rows = read_kreise_2024(ctx.base / KREISE_2024_FILE)
    ages: list[AgeRow] = []
    population: list[PopulationRow] = []
    sums: dict[str, list[int]] = defaultdict(lambda: [0] * (1 + len(KREIS_2024_AGES)))
    for row in rows:
        if row.kreis not in ctx.kreise:
            raise ImportFormatError(
                ctx.base / KREISE_2024_FILE, row.line, "kreis_code",
                f"Den Kreis {row.kreis} gibt es im Gemeindeverzeichnis 2024 nicht.",
            )  # fmt: skip
        for key in (row.kreis, row.kreis[:2], "0"):
            total = sums[key]
            total[0] += row.total
            for i, count in enumerate(row.ages):
                total[i + 1] += count
    for key, (total, *bands) in sums.items():
        population.append(
            PopulationRow(key, KREISE_2024, KREISE_2024_SOURCE, "zensus2022", "current", total, None, None)
        )
        for (_, age_from, age_to), count in zip(KREIS_2024_AGES, bands, strict=True):
            ages.append(
                AgeRow(
                    key, "population", KREISE_2024, "kreis11", age_from, age_to, count, None, None,
                    "zensus2022", "current", KREISE_2024_SOURCE,
                )
            )  # fmt: skip
    return ages, population


# ------------------------------------------------------------------------------------------
# Source: boundaries
# ------------------------------------------------------------------------------------------


def build_boundaries(ctx: Context) -> list[BoundaryModelRow]:
    source = "BKG VG250 / Zensus 2022 (vereinfacht)"
    rows: list[BoundaryModelRow] = []
    parts: dict[str, list[dict]] = defaultdict(list)
    for row in read_boundaries(ctx.base / "boundaries/gemeinden_2022_simplified.geojson.gz", "ars", (12,)):
        target = ctx.crosswalk.follow(row.key[:5] + row.key[9:])
        if target:
            parts[target].append(row.geometry)
    for ags, geometries in parts.items():
        if len(geometries) == 1:
            geometry = geometries[0]
        else:
            polygons = []
            for geo in geometries:
                polygons += geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
            geometry = {"type": "MultiPolygon", "coordinates": polygons}
        rows.append(_boundary(ags, geometry, len(geometries) > 1, source))
    for name, prop, lengths, known in (
        ("kreise_2022_dissolved.geojson.gz", "kreis_code", (5,), ctx.kreise),
        ("laender_2022_dissolved.geojson.gz", "land_code", (2,), ctx.laender),
    ):
        for row in read_boundaries(ctx.base / "boundaries" / name, prop, lengths):
            if row.key in known:
                rows.append(_boundary(row.key, row.geometry, False, source))
    return rows


def _boundary(region: str, geometry: dict, composed: bool, source: str) -> BoundaryModelRow:
    x0, y0, x1, y1 = bbox(geometry)
    return BoundaryModelRow(
        region, json.dumps(geometry, separators=(",", ":")), x0, y0, x1, y1, composed, source
    )
