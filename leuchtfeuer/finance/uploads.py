"""Reading a Land's own criterion figures from an uploaded CSV or XLSX table.

Format (docs/finance.md): first row = header; a column ``ags`` (8-digit Gemeindeschlüssel) and
one or more of ``ortsteile``, ``strassen_km``, ``topografie``, ``steuerkraft_je_ew``; optionally
``name`` (ignored, for the reader's orientation). CSV with ';' or ',' as separator, UTF-8 or
Windows-1252; numbers with a decimal comma or point, no thousands separators. Empty cell = no
figure for that Gemeinde. Every problem is reported in German with line and column, and the file
is refused as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from leuchtfeuer.core.tables import TableError, TableLimits, column_letter, csv_rows, decode_csv, xlsx_rows
from leuchtfeuer.core.uploads import CSV, XLSX, FileType
from leuchtfeuer.finance.catalogue import UPLOAD_COLUMNS

ALLOWED: dict[str, FileType] = {"csv": CSV, "xlsx": XLSX}
MAX_BYTES = 5 * 1024 * 1024
LIMITS = TableLimits(rows=15_000, columns=20, unpacked_bytes=64 * 1024 * 1024)
_NUMBER = re.compile(r"^\d+([.,]\d+)?$")
_MAX_VALUE = Decimal("999999999999")


class UploadProblem(ValueError):
    def __init__(self, filename: str, problem: str, line: int | None = None, column: str | None = None):
        where = ""
        if line is not None:
            where = f", Zeile {line}" + (f", Spalte {column}" if column else "")
        super().__init__(f"Datei „{filename}“{where}: {problem}")


@dataclass
class ParsedFigures:
    values: dict[str, dict[str, Decimal]]  # criterion key → {ags: value}
    rows_read: int


def _rows(filename: str, content: bytes):
    try:
        if filename.lower().endswith(".xlsx"):
            for line, row in xlsx_rows(content, LIMITS):
                yield line, ["" if v is None else str(v).strip() for v in row]
            return
        text = decode_csv(content)
        first = text.partition("\n")[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        for line, row in csv_rows(text, delimiter=delimiter, limits=LIMITS):
            yield line, [cell.strip() for cell in row]
    except TableError as exc:
        raise UploadProblem(filename, exc.problem, exc.line) from exc


def _number(text: str) -> Decimal | None:
    if not _NUMBER.match(text):
        return None
    return Decimal(text.replace(",", "."))


def parse_figures(filename: str, content: bytes, *, land_ags: set[str]) -> ParsedFigures:
    """Figures by criterion and AGS; AGS must belong to the Land (`land_ags`)."""
    header: list[str] | None = None
    columns: dict[int, str] = {}
    ags_col = -1
    values: dict[str, dict[str, Decimal]] = {}
    seen: dict[str, int] = {}
    rows = 0
    for line, row in _rows(filename, content):
        if header is None:
            header = [re.sub(r"\s+", "_", h.lower()) for h in row]
            for i, name in enumerate(header):
                if name in ("ags", "gemeindeschluessel", "gemeindeschlüssel"):
                    ags_col = i
                elif name in UPLOAD_COLUMNS:
                    columns[i] = UPLOAD_COLUMNS[name].key
                elif name and name not in ("name", "gemeinde"):
                    known = ", ".join(sorted(UPLOAD_COLUMNS))
                    raise UploadProblem(
                        filename, f"unbekannte Spalte „{row[i]}“. Möglich sind: ags, name, {known}.", line,
                        column_letter(i + 1),
                    )  # fmt: skip
            if ags_col < 0:
                raise UploadProblem(
                    filename, "Die Kopfzeile braucht eine Spalte „ags“ (Gemeindeschlüssel).", line
                )
            if not columns:
                known = ", ".join(sorted(UPLOAD_COLUMNS))
                raise UploadProblem(
                    filename, f"Die Kopfzeile nennt kein Kriterium. Möglich sind: {known}.", line
                )
            for key in columns.values():
                values[key] = {}
            continue
        rows += 1
        ags = row[ags_col].strip() if ags_col < len(row) else ""
        if ags.isdigit() and len(ags) == 7:
            ags = "0" + ags  # Excel drops the leading zero of Schleswig-Holstein's keys
        if not (ags.isdigit() and len(ags) == 8):
            raise UploadProblem(
                filename,
                f"„{ags}“ ist kein achtstelliger Gemeindeschlüssel.",
                line,
                column_letter(ags_col + 1),
            )
        if ags not in land_ags:
            raise UploadProblem(
                filename, f"Die Gemeinde {ags} liegt nicht in diesem Land.", line, column_letter(ags_col + 1)
            )
        if ags in seen:
            raise UploadProblem(
                filename,
                f"Die Gemeinde {ags} steht schon in Zeile {seen[ags]}.",
                line,
                column_letter(ags_col + 1),
            )
        seen[ags] = line
        for i, key in columns.items():
            cell = row[i].strip() if i < len(row) else ""
            if not cell:
                continue
            number = _number(cell)
            if number is None:
                raise UploadProblem(
                    filename,
                    f"„{cell}“ ist keine Zahl ab 0 (Dezimalkomma erlaubt, keine Tausenderpunkte).",
                    line,
                    column_letter(i + 1),
                )
            if number > _MAX_VALUE:
                raise UploadProblem(filename, f"„{cell}“ ist zu groß.", line, column_letter(i + 1))
            values[key][ags] = number
    if header is None or rows == 0:
        raise UploadProblem(filename, "Die Datei enthält keine Datenzeilen.")
    return ParsedFigures(values=values, rows_read=rows)
