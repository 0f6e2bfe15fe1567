"""Source: Zensus 2022 (age groups and the census tables of households, buildings, origin, education)."""

from __future__ import annotations

from leuchtfeuer.places.importers.official.context import Context
from leuchtfeuer.places.importers.official.rows import (
    ZENSUS_2022,
    ZENSUS_2022_DIR,
    AgeRow,
    CensusRow,
    PopulationRow,
    sum_known,
)
from leuchtfeuer.places.importers.territory import (
    Unit,
)
from leuchtfeuer.places.importers.zensus2022 import AGE_COLUMNS, read_zensus2022
from leuchtfeuer.places.importers.zensus2022_tables import TABLE_BY_KEY, TABLES, read_zensus_table


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
        total = sum_known(p.total for p in parts)
        if total is None:
            continue
        population.append(
            PopulationRow(
                match.ags, ZENSUS_2022, "zensus2022", "zensus2022", match.status, total,
                sum_known(p.male for p in parts), sum_known(p.female for p in parts),
            )
        )  # fmt: skip
        for i, (_, age_from, age_to) in enumerate(AGE_COLUMNS):
            ages.append(
                AgeRow(
                    match.ags, "population", ZENSUS_2022, "zensus22_11", age_from, age_to,
                    sum_known(p.ages[i] for p in parts), None, None, "zensus2022", match.status, "zensus2022",
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
                value = sum_known(p.values[code] for p in parts)
                result.append(CensusRow(match.ags, table.key, code, ZENSUS_2022, value, match.status, source))
        for row in rows:
            if row.level != "gemeinde" and row.key in known:
                for code in table.columns:
                    result.append(
                        CensusRow(row.key, table.key, code, ZENSUS_2022, row.values[code], "current", source)
                    )
    return result
