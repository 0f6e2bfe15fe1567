"""Reading an uploaded table (XLSX or CSV) row by row, within the limits each part sets as data.

The portal's job list and the Ortsteil data come from spreadsheets that users upload. An XLSX file
is a ZIP archive of XML, and a small one can make a reader do enormous work:

* 1.6 KB declaring the dimension ``A1:XFD1048576``, with one cell in A1 and one in XFD1048576:
  openpyxl pads every row to the declared (or last) column and yields every missing row in
  between – 16,384 × 1,048,576 cells; kept in a list, a MemoryError at 3.5 GB.
* 560 KB with a million rows: openpyxl parses with defusedxml's pure-Python parser, about 10 µs
  per XML element; in read-only mode it even reads a sheet without ``<dimension>`` completely
  while opening the workbook, before a single row can be looked at.

So, before openpyxl sees the file, the package's declared unpacked size and packing ratio are
checked (:func:`leuchtfeuer.core.uploads.package_problem`), and every part's XML is streamed
through zlib while its row start tags and its tags as a whole are counted in C (``bytes.count``):
a bound that needs no parser and that a lying or missing ``<dimension>`` cannot fool. Then the
rows are streamed with the declared dimension ignored (``reset_dimensions``: it may lie, and some
programs declare whole columns), and reading stops at the first row beyond a limit. A CSV file is
read the same way, with the csv module's errors (mostly a field over its size limit, when a quote
is never closed) turned into a German message with the row.

Rows are numbered as the spreadsheet program shows them (CSV: by record). Messages are German;
the caller puts its file name in front.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from leuchtfeuer.core.text import clean_text
from leuchtfeuer.core.uploads import package_problem

# Tags a full-width row may need per cell (<c>, <v> or <is><t>, each opened and closed) – the
# budget for XML elements per row, so that filler elements cannot multiply the parser's work.
_TAGS_PER_CELL = 6
_TAGS_PER_ROW = 4
# Tags outside the rows: workbook, styles, theme, relationships, even a bloated style sheet.
_TAGS_OUTSIDE_ROWS = 200_000
_ROW_STARTS = (b"<row ", b"<row>", b"<row/")
_PREFIXED_ROW_START = re.compile(rb"<[^\s<>/!?:]+:row[\s/>]")
_CARRY = 64 * 1024


@dataclass(frozen=True)
class TableLimits:
    """What a part accepts in one uploaded table."""

    rows: int  # rows with content below the heading row
    columns: int  # columns that may hold a cell (A = 1)
    unpacked_bytes: int = 64 * 1024 * 1024  # XLSX: all its parts unpacked

    @property
    def blank_rows(self) -> int:
        """Empty rows passed over in all: as many as data rows (at most 10,000), and 100 more."""
        return min(self.rows, 10_000) + 100

    @property
    def sheet_rows(self) -> int:
        """Rows (empty ones too) in all the sheets of an XLSX file together."""
        return 1 + self.rows + self.blank_rows


class TableError(ValueError):
    """A table that is not read: German `problem`, `line` as numbered in the file (or None)."""

    def __init__(self, problem: str, *, line: int | None = None):
        super().__init__(problem if line is None else f"Zeile {line}: {problem}")
        self.problem = problem
        self.line = line


def _int_de(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD (as a spreadsheet names its columns)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _limited(rows: Iterable[tuple[Sequence, int]], limits: TableLimits) -> Iterator[tuple[int, list]]:
    """(row number, values) for every row with content, stopping at the first row beyond a limit.
    `rows` gives each row with the width to check: where its last cell (XLSX) or last non-empty
    field (CSV) is."""
    data_rows = -1  # the heading row is not counted
    blank = 0
    for number, (row, width) in enumerate(rows, start=1):
        if width > limits.columns:
            raise TableError(
                f"Die Zeile reicht bis Spalte {column_letter(width)} (Spalte {_int_de(width)}) – erlaubt sind "
                f"höchstens {_int_de(limits.columns)} Spalten. Bitte löschen Sie die Zellen rechts davon.",
                line=number,
            )
        if all(_is_blank(value) for value in row):
            blank += 1
            if blank > limits.blank_rows:
                raise TableError(
                    f"Die Tabelle hat mehr als {_int_de(limits.blank_rows)} leere Zeilen. "
                    "Bitte löschen Sie die leeren Zeilen.",
                    line=number,
                )
            continue
        data_rows += 1
        if data_rows > limits.rows:
            raise TableError(
                f"Die Tabelle hat mehr als {_int_de(limits.rows)} Zeilen unter der Überschrift – erlaubt sind "
                f"höchstens {_int_de(limits.rows)} auf einmal.",
                line=number,
            )
        # Text cells are cleaned like form input: what is imported ends up in pages and documents.
        yield number, [clean_text(value) if isinstance(value, str) else value for value in row]


# --- XLSX -----------------------------------------------------------------------------------------


def _count_tags(archive: zipfile.ZipFile, limits: TableLimits) -> None:
    """Count row start tags and all tags in every part, unpacking in 1 MB steps and stopping as
    soon as a limit is passed. Every part is counted: openpyxl finds sheets through relationships,
    whatever their names. Over-counts (a '<' in binary data, a 'row' in another namespace) only
    make the bound stricter."""
    rows = tags = 0
    most_tags = limits.sheet_rows * (limits.columns * _TAGS_PER_CELL + _TAGS_PER_ROW) + _TAGS_OUTSIDE_ROWS
    for info in archive.infolist():
        with archive.open(info) as member:
            carry = b""
            while True:
                chunk = member.read(1024 * 1024)
                data = carry + chunk
                # Count up to the last '<' and keep the rest for the next step, so that no tag
                # is split (a tag holds a single '<'); a tag name longer than _CARRY is absurd.
                cut = data.rfind(b"<")
                if not chunk or cut < 0 or len(data) - cut > _CARRY:
                    cut = len(data)
                done, carry = data[:cut], data[cut:]
                rows += sum(done.count(start) for start in _ROW_STARTS)
                if b":row" in done:  # a namespace prefix, as some generators write (<x:row>)
                    rows += len(_PREFIXED_ROW_START.findall(done))
                tags += done.count(b"<")
                if rows > limits.sheet_rows:
                    raise TableError(
                        f"Die Tabelle hat mehr als {_int_de(limits.sheet_rows)} Zeilen (leere mitgezählt) – "
                        f"erlaubt sind höchstens {_int_de(limits.rows)} Zeilen unter der Überschrift auf einmal."
                    )
                if not chunk or tags > most_tags:
                    break
        if tags > most_tags:
            break
    if tags > rows * (limits.columns * _TAGS_PER_CELL + _TAGS_PER_ROW) + _TAGS_OUTSIDE_ROWS:
        raise TableError(
            f"Die Excel-Datei enthält {_int_de(tags)} XML-Elemente für {_int_de(rows)} Zeilen – weit mehr, als eine "
            "Tabelle braucht. Bitte speichern Sie die Tabelle neu (z. B. mit Excel oder LibreOffice)."
        )


def _xlsx_cells(sheet) -> Iterator[Sequence]:
    """The sheet's rows as openpyxl streams them (gaps as empty rows), its errors (a broken cell, a
    missing shared string) as TableError naming the row."""
    number = 0
    try:
        for row in sheet.iter_rows(values_only=True):
            number += 1
            yield row
    except Exception as exc:  # openpyxl raises many kinds for broken XML
        raise TableError(
            "Die Zeile kann nicht gelesen werden – die Excel-Datei ist fehlerhaft.", line=number + 1
        ) from exc


def xlsx_rows(content: bytes, limits: TableLimits) -> Iterator[tuple[int, list]]:
    """(row number, values) for every row with content in the first worksheet of an XLSX file –
    streamed, never more than `limits` allow. Raises TableError (German) for a file that cannot be
    read or passes a limit; nothing beyond the offending row is read."""
    from openpyxl import load_workbook

    if problem := package_problem(content, max_unpacked=limits.unpacked_bytes):
        raise TableError(f"Die Datei {problem}")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _count_tags(archive, limits)
    except TableError:
        raise
    except Exception as exc:  # zipfile: broken, encrypted or truncated archives
        raise TableError("Die Datei ist keine lesbare Excel-Datei (XLSX).") from exc
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise TableError("Die Datei ist keine lesbare Excel-Datei (XLSX).") from exc
    try:
        if not workbook.worksheets:
            raise TableError("Die Excel-Datei enthält kein Tabellenblatt.")
        sheet = workbook.worksheets[0]
        # The declared <dimension> may lie (or name whole columns); without it, openpyxl neither
        # pads rows to it nor invents rows up to its end – each row is as wide as its last cell.
        sheet.reset_dimensions()
        yield from _limited(((row, len(row)) for row in _xlsx_cells(sheet)), limits)
    finally:
        workbook.close()


# --- CSV ------------------------------------------------------------------------------------------


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[list[str], int]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                problem = (
                    f"Ein Feld ist länger als {_int_de(csv.field_size_limit())} Zeichen – fehlt ein "
                    "schließendes Anführungszeichen?"
                )
            else:
                problem = f"Die Zeile ist keine gültige CSV-Zeile ({exc})."
            raise TableError(problem, line=number + 1) from exc
        number += 1
        width = len(row)
        while width and not row[width - 1].strip():
            width -= 1
        yield row, width


def decode_csv(content: bytes) -> str:
    """An uploaded CSV as text: UTF-8 (with or without BOM), else Windows-1252 – what Excel writes
    when it saves "CSV" on a German Windows."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("Die Zeichenkodierung ist unbekannt – bitte als UTF-8 speichern.")


def csv_rows(text: str, *, delimiter: str, limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    """(row number, fields) for every row with content of a CSV text – streamed, never more than
    `limits` allow. Raises TableError (German) at the first row beyond a limit or that the csv
    module cannot read."""
    yield from _limited(_csv_records(text, delimiter), limits)
