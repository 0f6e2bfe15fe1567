"""Exports of a Kommunalprofil: CSV and XLSX of all indicators, a print-ready PDF, and JSON."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string

from leuchtfeuer.core.documents import stored_pdf
from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append
from leuchtfeuer.places.profile import ATTRIBUTION, Profile, data_version

COLUMNS = [
    ("key", "Schlüssel"),
    ("label", "Indikator"),
    ("value", "Wert"),
    ("unit", "Einheit"),
    ("kreis", "Kreis"),
    ("land", "Land"),
    ("peers", "Vergleichsgruppe (Mittel)"),
    ("reference_start", "von"),
    ("reference_date", "Stichtag / bis"),
    ("source", "Quelle"),
    ("definition", "Definition"),
    ("notes", "Hinweise"),
    ("basis", "Bevölkerungsbasis"),
]


def indicator_rows(profile: Profile) -> list[dict[str, Any]]:
    rows = []
    for ind in profile.indicators:
        comp = profile.comparison.get(ind.key, {})
        rows.append(
            {
                "key": ind.key,
                "label": ind.label,
                "value": ind.value,
                "unit": ind.unit,
                "kreis": comp.get("kreis"),
                "land": comp.get("land"),
                "peers": comp.get("peers"),
                "reference_start": ind.reference_start.isoformat() if ind.reference_start else "",
                "reference_date": ind.reference_date.isoformat() if ind.reference_date else "",
                "source": ind.source,
                "definition": ind.definition,
                "notes": " ".join(ind.notes),
                "basis": ind.basis,
                # For display: whole numbers for counts, one decimal otherwise; German dates.
                "fmt": "0g" if ind.unit in ("Personen", "Einwohner:innen") else "1g",
                "period_de": (
                    (f"{ind.reference_start:%d.%m.%Y} – " if ind.reference_start else "")
                    + (f"{ind.reference_date:%d.%m.%Y}" if ind.reference_date else "")
                ),
            }
        )
    return rows


def profile_json(profile: Profile) -> dict[str, Any]:
    region = profile.region
    return {
        "key": region.key,
        "ags": region.ags or None,
        "ars": region.ars,
        "name": region.name,
        "level": region.level,
        "size_class": region.size_class,
        "population": region.population,
        "population_date": region.population_date.isoformat() if region.population_date else None,
        "area_km2": float(region.area_km2) if region.area_km2 is not None else None,
        "degurba": region.degurba,
        "kreis": profile.kreis.name if profile.kreis else None,
        "land": profile.land.name if profile.land else None,
        "indicators": [
            dict(i.to_dict(), comparison=profile.comparison.get(i.key, {})) for i in profile.indicators
        ],
        "peers": [
            {
                "key": p.key,
                "name": p.name,
                "rank": p.rank,
                "distance": round(p.distance, 4),
                "explanation": p.explanation,
            }
            for p in profile.peers
        ],
        "attribution": ATTRIBUTION,
    }


def _number(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def profile_csv(profile: Profile) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow([f"Kommunalprofil {profile.region.name} ({profile.region.key})"])
    writer.writerow([label for _, label in COLUMNS])
    for row in indicator_rows(profile):
        writer.writerow(
            [
                ("" if row[k] is None else str(_number(row[k])).replace(".", ","))
                if k in ("value", "kreis", "land", "peers")
                else row[k]
                for k, _ in COLUMNS
            ]
        )
    writer.writerow([])
    for line in ATTRIBUTION:
        writer.writerow([line])
    return buffer.getvalue()


def profile_xlsx(profile: Profile) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Indikatoren"
    xlsx_append(sheet, [f"Kommunalprofil {profile.region.name} ({profile.region.key})"])
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx_append(sheet, [label for _, label in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in indicator_rows(profile):
        xlsx_append(sheet, [_number(row[k]) for k, _ in COLUMNS])
    series = workbook.create_sheet("Bevölkerung")
    xlsx_append(series, ["Stichtag", "Einwohner:innen", "Bevölkerungsbasis", "Gebiet", "Quelle"])
    for p in profile.series:
        xlsx_append(series, [p.date, p.total, p.basis, p.territory, p.source])
    sources = workbook.create_sheet("Quellen")
    for line in ATTRIBUTION:
        xlsx_append(sources, [line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def profile_print_html(context: dict[str, Any]) -> str:
    """The print version of the Kommunalprofil (the PDF's source)."""
    return render_to_string("places/profile_print.html", context)


def profile_pdf(profile: Profile, context: dict[str, Any]) -> bytes:
    """The Kommunalprofil as PDF for the command line (`leuchtfeuer profile --format pdf`),
    rendered once per data version and region (and stored). The web page hands the same HTML to
    a worker instead (core.generated, places.public_views.profile_export)."""
    return stored_pdf(
        kind="kommunalprofil",
        key=profile.region.key,
        version=data_version(),
        html=profile_print_html(context),
    )
