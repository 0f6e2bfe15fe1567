"""CSV and XLSX of a computed scenario, and the print version its PDF is built from (by a worker,
core.generated) – same figures as the page."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from leuchtfeuer.core.engine.german import format_euro, format_number, format_percent
from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append
from leuchtfeuer.finance.simulation import Outcome
from leuchtfeuer.places.profile import ATTRIBUTION

COLUMNS = [
    "AGS",
    "Gemeinde",
    "Kreis",
    "Größenklasse",
    "Einwohner:innen",
    "Status quo (€)",
    "Reform (€)",
    "Differenz (€)",
    "Differenz (%)",
    "Status quo je Einwohner:in (€)",
    "Reform je Einwohner:in (€)",
    "Rang Reform je Einwohner:in",
    "bewegt am stärksten",
]


def _values(row) -> list[Any]:
    return [
        row.ags,
        row.name,
        row.kreis_name,
        row.size_class,
        row.population,
        row.base,
        row.reform,
        row.diff,
        row.diff_percent,
        row.base_per_head,
        row.reform_per_head,
        row.rank_reform,
        row.mover,
    ]


def describe(outcome: Outcome) -> list[str]:
    """The scenario in words (German), for the head of every export."""
    spec = outcome.spec
    weights = ", ".join(f"{label} {format_percent(w * 100, 1)}" for _, label, w in outcome.criteria)
    lines = [
        f"Finanz-Simulator: {outcome.land_name}, Topf {format_euro(spec.pot)}",
        f"Reform: {weights or 'keine Kriterien'}",
    ]
    if spec.demography_years:
        lines.append(f"Demografiefaktor: Mittel der letzten {spec.demography_years} Jahre")
    if spec.veredelung:
        lines.append(
            "Einwohnerveredelung: "
            + ", ".join(f"{k} × {format_number(float(v), 2)}" for k, v in spec.veredelung.items())
        )
    if spec.max_loss_percent is not None:
        lines.append(f"Höchster Verlust je Gemeinde: {format_percent(float(spec.max_loss_percent), 2)}")
    if spec.max_gain_percent is not None:
        lines.append(f"Höchster Zuwachs je Gemeinde: {format_percent(float(spec.max_gain_percent), 2)}")
    lines.extend(outcome.notes)
    return lines


def _de(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return "" if value is None else value


def outcome_csv(outcome: Outcome) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    for line in describe(outcome):
        writer.writerow([line])
    writer.writerow(COLUMNS)
    for row in outcome.rows:
        writer.writerow([_de(v) for v in _values(row)])
    writer.writerow([])
    writer.writerow(["Summe", "", "", "", "", _de(outcome.total_base), _de(outcome.total_reform)])
    for line in ATTRIBUTION:
        writer.writerow([line])
    return buffer.getvalue()


def outcome_xlsx(outcome: Outcome) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Gemeinden"
    head = describe(outcome)
    for line in head:
        xlsx_append(sheet, [line])
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx_append(sheet, COLUMNS)
    for cell in sheet[len(head) + 1]:
        cell.font = Font(bold=True)
    money = "#,##0.00"
    for row in outcome.rows:
        xlsx_append(sheet, _values(row))
        for col in (6, 7, 8, 10, 11):
            sheet.cell(row=sheet.max_row, column=col).number_format = money
    sizes = workbook.create_sheet("Größenklassen")
    xlsx_append(
        sizes,
        ["Größenklasse", "Gemeinden", "Einwohner:innen", "Status quo (€)", "Reform (€)", "Differenz (€)"],
    )
    for s in outcome.by_size_class:
        xlsx_append(sizes, [s["size_class"], s["count"], s["population"], s["base"], s["reform"], s["diff"]])
    sources = workbook.create_sheet("Quellen")
    for line in ATTRIBUTION:
        xlsx_append(sources, [line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def outcome_print_html(context: dict[str, Any]) -> str:
    """The scenario's print version (the PDF's source; the PDF is built by a worker)."""
    return render_to_string("finance/scenario_print.html", context)
