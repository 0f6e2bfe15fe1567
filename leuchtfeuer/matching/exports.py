"""Exports of the agency: proposals as CSV (semicolon, German numbers) and XLSX (core.spreadsheets)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.formats import number_format
from openpyxl import Workbook

from leuchtfeuer.core.spreadsheets import csv_writer, xlsx_append

COLUMNS = [
    "Nummer", "Raum", "Kommune", "Suche", "Art der Suche", "Passung (%)", "Gründe", "Status",
    "Antwort Raumseite", "Antwort Suchende", "gesendet am", "abgeschlossen am", "Begründung",
]  # fmt: skip


def _rows(proposals) -> list[list]:
    rows = []
    for p in proposals:
        rows.append([
            p.pk, p.space.title, p.space.municipality.display_name, p.seeker.title, p.seeker.get_kind_display(),
            round(p.score * 100, 1), "; ".join(p.reasons), p.get_status_display(), p.get_space_decision_display(),
            p.get_seeker_decision_display(), timezone.localtime(p.sent_at).replace(tzinfo=None),
            timezone.localtime(p.closed_at).replace(tzinfo=None) if p.closed_at else None, p.outcome_reason,
        ])  # fmt: skip
    return rows


def proposals_csv(proposals) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    for row in _rows(proposals):
        row[5] = number_format(row[5], 1)
        row[10] = row[10].strftime("%d.%m.%Y %H:%M")
        row[11] = row[11].strftime("%d.%m.%Y %H:%M") if row[11] else ""
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def proposals_xlsx(proposals) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Vorschläge"
    xlsx_append(sheet, COLUMNS)
    for row in _rows(proposals):
        xlsx_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
