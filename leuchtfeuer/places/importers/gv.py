"""Destatis Gemeindeverzeichnis (GV-ISys 'Auszug GV'), the Gemeinde master table as CSV.

Each Gemeinde row carries the names of its Land, Regierungsbezirk, Kreis and Gemeindeverband,
so the whole hierarchy Bund → Land → RB → Kreis → Gemeindeverband → Gemeinde is derived from
it. Area and population of the upper levels are the sums over their Gemeinden (the GV's own
totals are the same sums).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from leuchtfeuer.places.importers.base import (
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


def read_gemeindeverzeichnis(path: Path, population_date: date) -> list[RegionRow]:
    """All regions of one GV vintage, parents before children."""
    reader = CsvReader(path, delimiter=",", required=REQUIRED)
    gemeinden: list[RegionRow] = []
    uppers: dict[str, dict] = {}
    sums: dict[str, list] = defaultdict(lambda: [Decimal(0), 0, 0, 0])
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
        population = parse_int(path, line, "pop_total", row["pop_total"])
        if population == 0 and "unbewohnt" in gemeinde_type:
            continue  # uninhabited gemeindefreie Gebiete (forests, lakes)
        name = row["name"].strip()
        if not name:
            raise ImportFormatError(path, line, "name", "Der Name der Gemeinde fehlt.")
        land, rb, kreis, gvb = ars[:2], ars[:3], ars[:5], ars[:9]
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
        area = parse_decimal(path, line, "area_km2", row["area_km2"])
        male = parse_int(path, line, "pop_male", row["pop_male"])
        female = parse_int(path, line, "pop_female", row["pop_female"])
        degurba = parse_int(path, line, "degurba_code", row["degurba_code"])
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
                lat=parse_float(path, line, "lat", row["lat"]),
                lon=parse_float(path, line, "lon", row["lon"]),
                degurba=degurba,
            )
        )
        for key in (BUND_ARS, land, rb, kreis, gvb):
            total = sums[key]
            total[0] += area or 0
            total[1] += population or 0
            total[2] += male or 0
            total[3] += female or 0

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
