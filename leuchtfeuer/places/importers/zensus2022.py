"""Zensus 2022 Gemeinde demography (tidy table derived from Regionaltabelle_Demografie).

The tidy extract wrote the Zensus symbols as values (data README): "–" became 0 and "." (secret)
an empty cell. So an empty cell is "no value" in the breakdown columns; the total is always
given, and a Destatis symbol anywhere means an unconverted or damaged file and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leuchtfeuer.places.importers.base import (
    EMPTY_CELL,
    CsvReader,
    ImportFormatError,
    check_digits,
    parse_int,
)

# Column → exact age band [from, to) (to None = open). The Zensus labels are inclusive ranges:
# 3–5 = [3, 6), 16–18 = [16, 19), 60–66 = [60, 67) …
AGE_COLUMNS: tuple[tuple[str, int, int | None], ...] = (
    ("age_u3", 0, 3),
    ("age_3_5", 3, 6),
    ("age_6_9", 6, 10),
    ("age_10_15", 10, 16),
    ("age_16_18", 16, 19),
    ("age_19_24", 19, 25),
    ("age_25_39", 25, 40),
    ("age_40_59", 40, 60),
    ("age_60_66", 60, 67),
    ("age_67_74", 67, 75),
    ("age_75plus", 75, None),
)
REQUIRED = ("ags", "ars", "name", "stichtag", "pop_total", "male", "female", *(c for c, _, _ in AGE_COLUMNS))


@dataclass(frozen=True)
class Zensus2022Row:
    ags: str
    name: str
    total: int
    male: int | None
    female: int | None
    ages: tuple[int | None, ...]  # in the order of AGE_COLUMNS
    line: int


def read_zensus2022(path: Path) -> list[Zensus2022Row]:
    reader = CsvReader(path, delimiter=",", required=REQUIRED)
    rows = []
    for line, row in reader.rows():
        ags = check_digits(path, line, "ags", row["ags"], (8,))
        ars = check_digits(path, line, "ars", row["ars"], (12,))
        if ags != ars[:5] + ars[9:]:
            raise ImportFormatError(path, line, "ags", f"AGS {ags} passt nicht zum ARS {ars}.")
        if row["stichtag"].strip() != "2022-05-15":
            raise ImportFormatError(path, line, "stichtag", f"Unerwarteter Stichtag „{row['stichtag']}“.")
        total = parse_int(path, line, "pop_total", row["pop_total"])
        assert total is not None
        rows.append(
            Zensus2022Row(
                ags=ags,
                name=row["name"].strip(),
                total=total,
                male=parse_int(path, line, "male", row["male"], missing=EMPTY_CELL),
                female=parse_int(path, line, "female", row["female"], missing=EMPTY_CELL),
                ages=tuple(parse_int(path, line, c, row[c], missing=EMPTY_CELL) for c, _, _ in AGE_COLUMNS),
                line=line,
            )
        )
    if not rows:
        raise ImportFormatError(path, None, None, "Die Datei enthält keine Gemeinden.")
    return rows
