"""Source: the population series (Gemeindeverzeichnis vintages and the current GV)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from leuchtfeuer.places.importers import regionalstatistik as rs
from leuchtfeuer.places.importers.official.context import Context
from leuchtfeuer.places.importers.official.rows import (
    GV_CURRENT_DATE,
    RS,
    PopulationRow,
    basis_for,
    sum_known,
)
from leuchtfeuer.places.importers.territory import (
    Unit,
)


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
            total = sum_known(p.pop_total for p in parts)
            if total is None:
                continue
            put(
                PopulationRow(
                    match.ags, day, "gv", basis_for(day), match.status, total,
                    sum_known(p.pop_male for p in parts), sum_known(p.pop_female for p in parts),
                )
            )  # fmt: skip
        _upper_levels(
            ctx, day, units, {r.ags: (r.pop_total, r.pop_male, r.pop_female) for r in vintage}, "gv", put
        )

    # Regionalstatistik: Gemeinden 2008–2015 (years the GV vintages do not cover)
    counts = rs.read_wide_by_date(ctx.base / RS / "gemeinden/12411-01-01-5.csv.gz")
    by_day: dict[date, dict[str, rs.RsCount]] = defaultdict(dict)
    verbands = verband_codes(c.code for c in counts)
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
            total = sum_known(p.total for p in parts)
            if total is not None:
                put(
                    PopulationRow(
                        match.ags, day, "12411-01-01-5", basis_for(day), match.status, total,
                        sum_known(p.male for p in parts), sum_known(p.female for p in parts),
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
            total = sum_known(p.total for p in parts if p)
            if total is None:
                continue
            key = (kreis, day)
            row = PopulationRow(
                kreis, day, "12411-01-01-4", basis_for(day), status, total,
                sum_known(p.male for p in parts if p), sum_known(p.female for p in parts if p),
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
        return tuple(sum_known(v[i] for v in flat) for i in range(3))

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


def verband_codes(codes: Iterable[str]) -> set[str]:
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
