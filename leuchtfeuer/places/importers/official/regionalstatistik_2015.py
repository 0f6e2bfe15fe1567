"""Source: Regionalstatistik 2015 (age groups, births, deaths, migration) and the Zensus 2011."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from leuchtfeuer.places.importers import regionalstatistik as rs
from leuchtfeuer.places.importers.official.context import Context
from leuchtfeuer.places.importers.official.population import gemeinde_key, verband_codes
from leuchtfeuer.places.importers.official.rows import (
    RS,
    ZENSUS_2011,
    AgeRow,
    PopulationRow,
    VitalRow,
    basis_for,
    sum_known,
)
from leuchtfeuer.places.importers.territory import (
    Match,
    Unit,
)


def _harmonise_gemeinde_counts(
    ctx: Context, counts: list[rs.RsCount], day: date
) -> list[tuple[Match, list[rs.RsCount]]]:
    """Group Gemeinde counts of one reference date by current Gemeinde; returns per match the
    counts (all age bands) of its units."""
    verbands = verband_codes(c.code for c in counts)
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
                    sum_known(c.total for c in group), sum_known(c.male for c in group), sum_known(c.female for c in group),
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
                    sum_known(g.total for g in group if g), sum_known(g.male for g in group if g),
                    sum_known(g.female for g in group if g), "zensus2011", status, source,
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
        total = sum_known(c.total for c in parts)
        if total is not None:
            population.append(
                PopulationRow(
                    match.ags, ZENSUS_2011, "12111-02-01-5", "zensus2011", match.status, total,
                    sum_known(c.male for c in parts), sum_known(c.female for c in parts),
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
                entry[label] = tuple(
                    sum_known(getattr(c, f) for c in parts) for f in ("total", "male", "female")
                )
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
                triple = tuple(
                    sum_known(getattr(p, f) for p in parts if p) for f in ("total", "male", "female")
                )
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
