"""Datenwissen: the town's anonymous statistics of the portal's inquiries (page, CSV, XLSX), with
the official migration figures beside them."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from leuchtfeuer.core.engine.german import format_decimal
from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append
from leuchtfeuer.places.profile import build_profile
from leuchtfeuer.places.public_views import chart_context
from leuchtfeuer.portal import selectors
from leuchtfeuer.portal.belonging.buddies.selectors import pairing_rows, pairing_statistics
from leuchtfeuer.portal.engine.stats import SUPPRESSED, THRESHOLD
from leuchtfeuer.portal.workspace import municipality_for


def _statistics(request, slug: str):
    municipality = municipality_for(request, slug, "portal.view_statistics")
    scope = request.GET.get("bereich", "gemeinde")
    ids, scope_label = selectors.statistics_scope(municipality, scope)
    return municipality, scope, scope_label, selectors.statistics(ids)


@login_required
def statistics(request, slug: str):
    municipality, scope, scope_label, summary = _statistics(request, slug)
    charts = chart_context(build_profile(municipality.region, with_map=False, with_peers=False))
    migration_rows, migration_svg = charts.get("migration_rows"), charts.get("migration_svg")
    return render(
        request,
        "portal/statistics.html",
        {
            "municipality": municipality,
            "scope": scope,
            "scope_label": scope_label,
            "summary": summary,
            "threshold": THRESHOLD,
            "suppressed": SUPPRESSED,
            "migration_rows": migration_rows,
            "migration_svg": migration_svg,
            "pairings": pairing_statistics(selectors.statistics_scope(municipality, scope)[0]),
        },
    )


def statistics_rows(summary, scope_label: str) -> list[list[str]]:
    """The export's rows; both figures are rounded to one decimal by the engine."""
    rows = [
        ["Datenwissen", scope_label],
        ["Hinweis", f"Werte unter {THRESHOLD} Personen werden nicht ausgewiesen ({SUPPRESSED})."],
        [],
    ]
    rows.append(["Anfragen insgesamt", summary.total.display])
    rows.append(
        [
            "Anteil zugezogen an entschiedenen Fällen (%)",
            SUPPRESSED
            if summary.conversion_percent is None
            else format_decimal(summary.conversion_percent, 1),
        ]
    )
    rows.append(
        [
            "Mittlere Zeit bis zur Entscheidung (Tage)",
            SUPPRESSED
            if summary.mean_days_to_decision is None
            else format_decimal(summary.mean_days_to_decision, 1),
        ]
    )
    for table in summary.tables:
        rows.append([])
        rows.append([table.title])
        rows.append([table.dimension, "Anzahl"])
        rows.extend([cell.label, cell.display] for cell in table.cells)
        if table.total is not None:
            rows.append(["insgesamt", table.total.display])
    return rows


@login_required
def statistics_export(request, slug: str, fmt: str):
    municipality, scope, scope_label, summary = _statistics(request, slug)
    rows = statistics_rows(summary, scope_label)
    rows += pairing_rows(pairing_statistics(selectors.statistics_scope(municipality, scope)[0]))
    stem = f"datenwissen-{municipality.slug}-{scope}"
    if fmt == "csv":
        buffer = io.StringIO()
        csv_writer(buffer, delimiter=";").writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Datenwissen"
        for row in rows:
            xlsx_append(sheet, [int(v) if isinstance(v, str) and v.isdigit() else v for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("Unbekanntes Format.")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
