"""Source: the Kreise on 31.12.2024 (Regionaldatenbank 12411, Zensus 2022 basis)."""

from __future__ import annotations

from collections import defaultdict

from leuchtfeuer.places.importers.base import ImportFormatError
from leuchtfeuer.places.importers.kreise2024 import AGE_COLUMNS as KREIS_2024_AGES
from leuchtfeuer.places.importers.kreise2024 import REFERENCE as KREISE_2024
from leuchtfeuer.places.importers.kreise2024 import read_kreise_2024
from leuchtfeuer.places.importers.official.context import Context
from leuchtfeuer.places.importers.official.rows import (
    KREISE_2024_FILE,
    KREISE_2024_SOURCE,
    AgeRow,
    PopulationRow,
)


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
