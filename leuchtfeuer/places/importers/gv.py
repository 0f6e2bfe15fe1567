"""Destatis Gemeindeverzeichnis (GV-ISys 'Auszug GV'), the Gemeinde master table as CSV.

Each Gemeinde row carries the names of its Land, Regierungsbezirk, Kreis and Gemeindeverband,
so the whole hierarchy Bund → Land → RB → Kreis → Gemeindeverband → Gemeinde is derived from
it. The extract carries no figures for the upper levels, so their area and population are the
sums over their Gemeinden. No Gemeinde may drop out of such a sum: area and population are
required in every row (the GV never leaves them empty or writes a Destatis symbol there; such a
row is refused with file, line and column), and the area of uninhabited gemeindefreie Gebiete
(Harz forests, Forstgutsbezirke …) counts for their Kreis and Land although they are not loaded
as regions (Kreis Goslar: 966.7 km², of which 372.4 km² are such Gebiete).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from leuchtfeuer.places.importers.base import (
    EMPTY_CELL,
    CsvReader,
    ImportFormatError,
    RegionRow,
    check_digits,
    parse_decimal,
    parse_float,
    parse_int,
)

REQUIRED = (
    "ars",
    "ags",
    "land_code",
    "land_name",
    "rb_code",
    "rb_name",
    "kreis_code",
    "kreis_name",
    "kreis_type",
    "gemeindeverband_ars",
    "gemeindeverband_name",
    "gemeindeverband_type",
    "name",
    "gemeinde_type",
    "area_km2",
    "pop_total",
    "pop_male",
    "pop_female",
    "plz",
    "lon",
    "lat",
    "degurba_code",
)
BUND_ARS = "0"  # Deutschland (Regionalstatistik: "DG")


def _count(path: Path, line: int, column: str, value: str) -> int:
    """A required count: the GV gives every figure, so an empty cell or a symbol is refused."""
    number = parse_int(path, line, column, value)
    assert number is not None  # parse_int accepts no missing value here
    return number


def _area(path: Path, line: int, value: str) -> Decimal:
    number = parse_decimal(path, line, "area_km2", value)
    assert number is not None
    return number


def read_gemeindeverzeichnis(path: Path, population_date: date) -> list[RegionRow]:
    """All regions of one GV vintage, parents before children."""
    reader = CsvReader(path, delimiter=",", required=REQUIRED)
    gemeinden: list[RegionRow] = []
    uppers: dict[str, dict] = {}
    sums: dict[str, list] = defaultdict(lambda: [Decimal(0), 0, 0, 0])  # area, population, male, female
    seen: set[str] = set()

    for line, row in reader.rows():
        ars = check_digits(path, line, "ars", row["ars"], (12,))
        ags = check_digits(path, line, "ags", row["ags"], (8,))
        if ags != ars[:5] + ars[9:]:
            raise ImportFormatError(path, line, "ags", f"AGS {ags} passt nicht zum ARS {ars}.")
        if ars in seen:
            raise ImportFormatError(path, line, "ars", f"Der ARS {ars} kommt doppelt vor.")
        seen.add(ars)
        gemeinde_type = row["gemeinde_type"].strip()
        population = _count(path, line, "pop_total", row["pop_total"])
        area = _area(path, line, row["area_km2"])
        land, rb, kreis, gvb = ars[:2], ars[:3], ars[:5], ars[:9]
        if population == 0 and "unbewohnt" in gemeinde_type:
            # Uninhabited gemeindefreie Gebiete (forests, lakes) are not loaded, but their area
            # belongs to their Kreis and Land (all of them are outside any Gemeindeverband).
            for key in (BUND_ARS, land, rb, kreis):
                sums[key][0] += area
            continue
        name = row["name"].strip()
        if not name:
            raise ImportFormatError(path, line, "name", "Der Name der Gemeinde fehlt.")
        uppers.setdefault(land, {"level": "land", "name": row["land_name"].strip(), "parent": BUND_ARS})
        parent_of_kreis = land
        if row["rb_name"].strip():
            uppers.setdefault(rb, {"level": "rb", "name": row["rb_name"].strip(), "parent": land})
            parent_of_kreis = rb
        uppers.setdefault(
            kreis,
            {
                "level": "kreis",
                "name": row["kreis_name"].strip(),
                "parent": parent_of_kreis,
                "type": row["kreis_type"].strip(),
            },
        )
        parent = kreis
        gvb_type = row["gemeindeverband_type"].strip()
        if gvb_type and gvb_type != "Verbandsfreie Gemeinde":
            uppers.setdefault(
                gvb,
                {
                    "level": "gvb",
                    "name": row["gemeindeverband_name"].strip(),
                    "parent": kreis,
                    "type": gvb_type,
                },
            )
            parent = gvb
        male = _count(path, line, "pop_male", row["pop_male"])
        female = _count(path, line, "pop_female", row["pop_female"])
        degurba = parse_int(path, line, "degurba_code", row["degurba_code"], missing=EMPTY_CELL)
        if degurba is not None and degurba not in (1, 2, 3):
            raise ImportFormatError(
                path, line, "degurba_code", f"Unbekannter Grad der Verstädterung „{degurba}“."
            )
        gemeinden.append(
            RegionRow(
                ars=ars,
                ags=ags,
                level="gemeinde",
                name=name,
                parent_ars=parent,
                type_name=gemeinde_type,
                land_code=land,
                kreis_code=kreis,
                area_km2=area,
                population=population,
                population_male=male,
                population_female=female,
                population_date=population_date,
                plz=row["plz"].strip()[:5],
                lat=parse_float(path, line, "lat", row["lat"], missing=EMPTY_CELL),
                lon=parse_float(path, line, "lon", row["lon"], missing=EMPTY_CELL),
                degurba=degurba,
            )
        )
        for key in (BUND_ARS, land, rb, kreis, gvb):
            total = sums[key]
            total[0] += area
            total[1] += population
            total[2] += male
            total[3] += female

    if not gemeinden:
        raise ImportFormatError(path, None, None, "Die Datei enthält keine Gemeinden.")

    def upper(ars: str, spec: dict) -> RegionRow:
        area, population, male, female = sums[ars]
        return RegionRow(
            ars=ars,
            level=spec["level"],
            name=spec["name"],
            parent_ars=spec.get("parent"),
            type_name=spec.get("type", ""),
            land_code=ars[:2] if ars != BUND_ARS else "",
            kreis_code=ars[:5] if len(ars) >= 5 else "",
            area_km2=area,
            population=population,
            population_male=male,
            population_female=female,
            population_date=population_date,
        )

    bund = upper(BUND_ARS, {"level": "bund", "name": "Deutschland", "parent": None})
    order = {"land": 0, "rb": 1, "kreis": 2, "gvb": 3}
    ordered = sorted(uppers.items(), key=lambda item: (order[item[1]["level"]], item[0]))
    return [bund, *(upper(ars, spec) for ars, spec in ordered), *gemeinden]


# ------------------------------------------------------------------------------------------
# History: one CSV per GV vintage 1990–2023 (derived from the Destatis workbooks, see README)
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GvHistoryRow:
    """One Gemeinde of one GV vintage, on the territory of that vintage."""

    ags: str
    name: str
    land_code: str
    kreis_code: str
    area_km2: float | None
    pop_total: int
    pop_male: int | None
    pop_female: int | None
    lon: float | None
    lat: float | None
    line: int


HISTORY_REQUIRED_1990 = (
    "ags",
    "land_code",
    "kreis_code",
    "name",
    "area_km2",
    "pop_total",
    "pop_male",
    "pop_female",
)
HISTORY_REQUIRED = ("ars", "ags", "land_code", "kreis_code", "name", "gemeinde_type", "area_km2", "pop_total")


def _dms(value: float | None) -> float | None:
    """2009 vintage: packed D.MMSS (9.2615 = 9°26'15") → decimal degrees."""
    if value is None:
        return None
    degrees = int(value)
    rest = round((value - degrees) * 10000)
    minutes, seconds = divmod(rest, 100)
    return degrees + minutes / 60 + seconds / 3600


def read_gv_history(path: Path, stichtag: date) -> list[GvHistoryRow]:
    """All inhabited Gemeinden of one GV vintage, with the per-vintage quirks handled:

    * 1990: old layout without ARS/coordinates;
    * 1994–2005: no coordinates; 2009: coordinates in packed D.MMSS;
    * 2017: duplicate ARS for uninhabited gemeindefreie Gebiete (type 66) — dropped like all
      rows with 0 inhabitants.
    """
    old_layout = stichtag.year == 1990
    reader = CsvReader(
        path, delimiter=",", required=HISTORY_REQUIRED_1990 if old_layout else HISTORY_REQUIRED
    )
    rows: list[GvHistoryRow] = []
    seen: set[str] = set()
    for line, row in reader.rows():
        ags = check_digits(path, line, "ags", row["ags"], (8,))
        if not old_layout:
            ars = check_digits(path, line, "ars", row["ars"], (12,))
            if ags != ars[:5] + ars[9:]:
                raise ImportFormatError(path, line, "ags", f"AGS {ags} passt nicht zum ARS {ars}.")
        population = _count(path, line, "pop_total", row["pop_total"])
        if not population:
            continue  # uninhabited gemeindefreie Gebiete (2017 even lists some twice)
        if ags in seen:
            raise ImportFormatError(path, line, "ags", f"Der AGS {ags} kommt doppelt vor.")
        seen.add(ags)
        name = row["name"].strip()
        if not name:
            raise ImportFormatError(path, line, "name", "Der Name der Gemeinde fehlt.")
        # Some 2009 rows have an Excel "#N/A" instead of a coordinate: no coordinate then.
        lon = parse_float(path, line, "lon", row.get("lon", ""), missing={"", "#N/A"})
        lat = parse_float(path, line, "lat", row.get("lat", ""), missing={"", "#N/A"})
        if stichtag.year == 2009:
            lon, lat = _dms(lon), _dms(lat)
        area = _area(path, line, row["area_km2"])
        rows.append(
            GvHistoryRow(
                ags=ags,
                name=name,
                land_code=ags[:2],
                kreis_code=ags[:5],
                area_km2=float(area),
                pop_total=population,
                pop_male=_count(path, line, "pop_male", row["pop_male"]) if "pop_male" in row else None,
                pop_female=_count(path, line, "pop_female", row["pop_female"])
                if "pop_female" in row
                else None,
                lon=lon,
                lat=lat,
                line=line,
            )
        )
    if not rows:
        raise ImportFormatError(path, None, None, "Die Datei enthält keine Gemeinden.")
    return rows


HISTORY_FILES: tuple[tuple[str, date], ...] = (
    ("gv_gemeinden_31121990.csv.gz", date(1990, 12, 31)),
    ("gv_gemeinden_31121994.csv.gz", date(1994, 12, 31)),
    ("gv_gemeinden_31121997.csv.gz", date(1997, 12, 31)),  # GERDA's "31121998" file holds 1997
    ("gv_gemeinden_31122002.csv.gz", date(2002, 12, 31)),
    ("gv_gemeinden_31122005.csv.gz", date(2005, 12, 31)),
    ("gv_gemeinden_31122009.csv.gz", date(2009, 12, 31)),
    ("gv_gemeinden_31122013.csv.gz", date(2013, 12, 31)),
    ("gv_gemeinden_31122017.csv.gz", date(2017, 12, 31)),
    ("gv_gemeinden_31122021.csv.gz", date(2021, 12, 31)),
    ("gv_gemeinden_31122023.csv.gz", date(2023, 12, 31)),
)
