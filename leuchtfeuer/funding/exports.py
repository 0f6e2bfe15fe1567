"""Exports: the application's print version (its PDF is built by a worker, core.generated), claims for
the office's bookkeeping (CSV, XLSX)."""

from __future__ import annotations

import io
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from leuchtfeuer.core.engine.german import format_decimal
from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append
from leuchtfeuer.funding import selectors
from leuchtfeuer.funding.models import Application

CLAIM_COLUMNS = [
    "Belegnummer", "Zuwendungsempfänger:in", "Förderaufruf", "Jahr", "Budgetposten", "Kostenart", "Beschreibung",
    "Rechnungsdatum", "Betrag (EUR)", "Status", "eingereicht am", "entschieden am", "entschieden von", "Begründung",
]  # fmt: skip


def application_print_html(application: Application, generated: datetime) -> str:
    items = selectors.call_items(application.call)
    return render_to_string(
        "funding/application_print.html",
        {
            "application": application,
            "call": application.call,
            "items": items,
            "missing": selectors.application_missing(application) if application.status == "entwurf" else [],
            "attachments": application.attachments.select_related("item"),
            "generated": generated,
        },
    )


def claim_rows(claims) -> list[list]:
    rows = []
    for c in claims:
        grant = c.budget_line.grant
        rows.append(
            [
                f"LF-{c.pk:06d}", grant.recipient_name, grant.call.title, c.budget_line.year,
                c.budget_line.get_category_display(), c.get_cost_type_display(), c.description,
                c.spent_on, c.amount, c.get_status_display(), timezone.localtime(c.submitted_at).replace(tzinfo=None),
                timezone.localtime(c.decided_at).replace(tzinfo=None) if c.decided_at else None,
                c.decided_by.email if c.decided_by else "", c.decision_note,
            ]
        )  # fmt: skip
    return rows


def claims_csv(claims) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerow(CLAIM_COLUMNS)
    for row in claim_rows(claims):
        writer.writerow(
            [
                format_decimal(v) if i == 8 else (v.strftime("%d.%m.%Y %H:%M") if hasattr(v, "hour") else (v.strftime("%d.%m.%Y") if hasattr(v, "strftime") else ("" if v is None else v)))
                for i, v in enumerate(row)
            ]
        )  # fmt: skip
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def claims_xlsx(claims) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Mittelabrufe"
    xlsx_append(ws, CLAIM_COLUMNS)
    for row in claim_rows(claims):
        xlsx_append(ws, row)
    for cell in ws["I"][1:]:
        cell.number_format = "#,##0.00"
    for col in ("H",):
        for cell in ws[col][1:]:
            cell.number_format = "DD.MM.YYYY"
    for col in ("K", "L"):
        for cell in ws[col][1:]:
            cell.number_format = "DD.MM.YYYY HH:MM"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
