"""Kreis population by 11 age groups on 31.12.2024, Zensus 2022 basis.

Regionalstatistik 12411-02-03-4 regrouped into Zensus-like bands (exact sums of the 17 official
groups, see data/official/README.md). Every figure is given for every Kreis: an empty cell or a
Destatis symbol is refused with file, line and column, and the groups must add up to the total
(they do in all 400 rows of the shipped file — a row where they do not is damaged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from leuchtfeuer.places.importers.base import CsvReader, ImportFormatError, check_digits, parse_int

REFERENCE = date(2024, 12, 31)
# Column → exact age band [from, to) (to None = open); the labels are inclusive ("6_14" = 6 … 14).
AGE_COLUMNS: tuple[tuple[str, int, int | None], ...] = (
    ("age_u3", 0, 3),
    ("age_3_5", 3, 6),
    ("age_6_14", 6, 15),
    ("age_15_17", 15, 18),
    ("age_18_24", 18, 25),
    ("age_25_29", 25, 30),
    ("age_30_39", 30, 40),
    ("age_40_49", 40, 50),
    ("age_50_64", 50, 65),
    ("age_65_74", 65, 75),
    ("age_75plus", 75, None),
)
REQUIRED = ("kreis_code", "kreis_name_gv2024", "stichtag", "pop_total", *(c for c, _, _ in AGE_COLUMNS))


@dataclass(frozen=True)
class KreisAgeRow:
    kreis: str
    name: str
    total: int
    ages: tuple[int, ...]  # in the order of AGE_COLUMNS
    line: int


def _count(path: Path, line: int, column: str, value: str) -> int:
    number = parse_int(path, line, column, value)
    assert number is not None  # no missing value is accepted here
    return number


def read_kreise_2024(path: Path) -> list[KreisAgeRow]:
    reader = CsvReader(path, delimiter=",", required=REQUIRED)
    rows: list[KreisAgeRow] = []
    seen: set[str] = set()
    for line, row in reader.rows():
        kreis = check_digits(path, line, "kreis_code", row["kreis_code"], (5,))
        if kreis in seen:
            raise ImportFormatError(path, line, "kreis_code", f"Der Kreis {kreis} kommt doppelt vor.")
        seen.add(kreis)
        if row["stichtag"].strip() != REFERENCE.isoformat():
            raise ImportFormatError(
                path, line, "stichtag", f"Unerwarteter Stichtag „{row['stichtag'].strip()}“."
            )
        total = _count(path, line, "pop_total", row["pop_total"])
        ages = tuple(_count(path, line, column, row[column]) for column, _, _ in AGE_COLUMNS)
        if sum(ages) != total:
            raise ImportFormatError(
                path,
                line,
                "pop_total",
                f"Die Altersgruppen ergeben {sum(ages)}, die Summe in der Zeile ist {total}: "
                "Die Zeile ist beschädigt.",
            )
        rows.append(KreisAgeRow(kreis, row["kreis_name_gv2024"].strip(), total, ages, line))
    if not rows:
        raise ImportFormatError(path, None, None, "Die Datei enthält keine Kreise.")
    return rows
