"""The plain rows every official source is turned into, and the dates and files they come from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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


def sum_known(values: Iterable[int | None]) -> int | None:
    total = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total
