"""Regionaldatenbank Deutschland (regionalstatistik.de) CSV exports, read as published.

The exports are `;`-separated with a title block (table code, title, reference date), several
header rows that together label each column (e.g. "31.12.2015" / "männlich"), the data rows, and a
footer that starts with a line of underscores (Erläuterungen, licence, "Stand: …").

Two layouts occur:
* wide: ``code;name;v1;v2;…`` — one row per region, the header rows label the value columns;
* long: ``[date or year;]code;name;[age group;]v1;v2;…`` — one row per region (and age group).

Regional codes: ``DG`` Deutschland, 2 Land, 3 Regierungsbezirk, 5 Kreis, 8 Gemeinde (AGS), 9
Gemeindeverband; "-B" tables use 8 digits for Kreise too (``01001000``). Names are indented with
spaces. Special values (the Regionaldatenbank's Zeichenerklärung, valid for every value cell):
``-`` nothing / code not valid in that year, ``.`` secret or unknown, ``x`` not applicable, ``/``
not reliable enough, ``...`` later — all read as "no value" (None), which the Kommunalprofil shows
as "keine Angabe". ``-`` is not read as 0: the exports also use it for codes that did not exist
at the reference date, and true zeros are written as ``0``. An empty cell is not part of the
format and is refused.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from leuchtfeuer.places.importers.base import DESTATIS_SYMBOLS, ImportFormatError, open_text

CODE_RE = re.compile(r"^(DG|[0-9]{2,3}|[0-9]{5,12})$")
MISSING = frozenset(DESTATIS_SYMBOLS)  # "-", ".", "x", "/", "..."
_AGE_BAND = re.compile(r"^(\d+) bis unter (\d+) Jahre?$")
_AGE_UNDER = re.compile(r"^unter (\d+) Jahre?$")
_AGE_OPEN = re.compile(r"^(\d+) Jahre? und mehr$")
_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")


def parse_age_label(label: str) -> tuple[int, int | None] | None:
    """'3 bis unter 6 Jahre' → (3, 6); 'unter 3 Jahre' → (0, 3); '75 Jahre und mehr' → (75, None).

    Returns None for 'Insgesamt' (the total over all ages)."""
    label = " ".join(label.split())
    if label == "Insgesamt":
        return None
    if m := _AGE_BAND.match(label):
        return int(m[1]), int(m[2])
    if m := _AGE_UNDER.match(label):
        return 0, int(m[1])
    if m := _AGE_OPEN.match(label):
        return int(m[1]), None
    raise ValueError(label)


def parse_date_label(label: str) -> date:
    m = _DATE.match(label.strip())
    if not m:
        raise ValueError(label)
    return date(int(m[3]), int(m[2]), int(m[1]))


@dataclass
class GenesisTable:
    """One export: its header rows (cells per column) and its data rows with line numbers."""

    path: Path
    code: str
    title: list[str]
    header: list[list[str]]
    header_line: int
    width: int
    key_columns: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def label(self, column: int) -> str:
        """All header cells above a column, e.g. '31.12.2015 / männlich'."""
        parts: list[str] = []
        for header_row in self.header:
            cell = " ".join(header_row[column].split()) if column < len(header_row) else ""
            if cell and cell not in parts and cell != "Anzahl":
                parts.append(cell)
        return " / ".join(parts)

    def find_column(self, *parts: str) -> int:
        """The value column whose header cells include all `parts` (exact cells).

        Raises ImportFormatError naming the missing column when there is none."""
        for column in range(self.key_columns, self.width):
            cells = {
                " ".join(row[column].split()) for row in self.header if column < len(row) and row[column]
            }
            if all(part in cells for part in parts):
                return column
        raise ImportFormatError(
            self.path,
            self.header_line,
            " / ".join(parts),
            "Diese Spalte fehlt in der Kopfzeile.",
        )

    def value_columns(self) -> range:
        return range(self.key_columns, self.width)


def read_genesis(path: Path, *, key_columns: int, code_column: int) -> GenesisTable:
    """Read a Regionalstatistik export.

    `key_columns`: number of leading non-value columns (e.g. 2 for ``code;name``, 4 for
    ``date;code;name;age``); `code_column`: index of the regional code among them.
    """
    with open_text(path, delimiter=";", header_line=False) as handle:
        reader = csv.reader(handle, delimiter=";")
        try:
            table = _read_genesis_rows(path, reader, key_columns=key_columns, code_column=code_column)
        except csv.Error as exc:
            raise ImportFormatError(
                path, reader.line_num, None, f"Die Zeile ist kein gültiges CSV ({exc})."
            ) from None
    if not table.rows:
        raise ImportFormatError(path, None, None, "Die Datei enthält keine Datenzeilen.")
    return table


def _read_genesis_rows(path: Path, reader, *, key_columns: int, code_column: int) -> GenesisTable:
    """Title block, header rows and data rows up to the footer (see the module docstring)."""
    lines: Iterator[list[str]] = iter(reader)
    first = next(lines, None)
    if not first or not first[0].startswith("GENESIS-Tabelle:"):
        raise ImportFormatError(path, 1, None, "Die Datei beginnt nicht mit „GENESIS-Tabelle: …“.")
    table = GenesisTable(
        path=path,
        code=first[0].split(":", 1)[1].strip(),
        title=[],
        header=[],
        header_line=1,
        width=0,
        key_columns=key_columns,
    )
    in_data = False
    footer = False
    for cells in lines:
        line = reader.line_num
        head = cells[0] if cells else ""
        if head.startswith("__"):
            footer = True
            break
        is_data = (
            len(cells) > code_column
            and CODE_RE.match(cells[code_column].strip()) is not None
            and (code_column == 0 or cells[0].strip() != "")
        )
        if not in_data and not is_data:
            if len(cells) > key_columns and all(c.strip() == "" for c in cells[:key_columns]):
                table.header.append(cells)
                table.header_line = line
                table.width = max(table.width, len(cells))
            else:
                table.title.append(";".join(c for c in cells if c))
            continue
        if not is_data:
            raise ImportFormatError(
                path,
                line,
                None,
                "Unerwartete Zeile zwischen den Daten (weder Regionalschlüssel noch Fußzeile).",
            )
        if not in_data:
            if not table.header:
                raise ImportFormatError(path, line, None, "Die Kopfzeilen der Tabelle fehlen.")
            in_data = True
        if len(cells) != table.width:
            raise ImportFormatError(
                path,
                line,
                None,
                f"Die Zeile hat {len(cells)} Felder, die Kopfzeile {table.width}.",
            )
        table.rows.append((line, cells))
    if not footer:
        raise ImportFormatError(
            path, None, None, "Die Fußzeile („__________“) fehlt; ist die Datei vollständig?"
        )
    return table


def cell_int(table: GenesisTable, line: int, column: int, value: str) -> int | None:
    """A count cell: the documented special values are None, anything else must be a whole
    number ≥ 0."""
    value = value.strip()
    if value in MISSING:
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    where = table.label(column) or f"Nr. {column + 1}"
    if value == "":
        raise ImportFormatError(
            table.path,
            line,
            where,
            "Das Feld ist leer; die Regionaldatenbank kennzeichnet fehlende Werte mit „-“, „.“, „x“ oder „/“.",
        )
    raise ImportFormatError(table.path, line, where, f"„{value}“ ist keine Anzahl.")


def region_code(table: GenesisTable, line: int, column: int, value: str) -> str:
    """Normalise a regional code: 'DG' → '0' (Bund); 8-digit Kreis codes of -B tables → 5 digits."""
    value = value.strip()
    if value == "DG":
        return "0"
    if not CODE_RE.match(value):
        raise ImportFormatError(
            table.path, line, "Regionalschlüssel", f"„{value}“ ist kein Regionalschlüssel."
        )
    return value


# ------------------------------------------------------------------------------------------
# Plain rows produced from the tables
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RsCount:
    """One count of one region: total/male/female, for a reference date and an age band.

    `age_from`/`age_to` are None for "all ages"; `level` is 'gemeinde' for 8-digit codes,
    'kreis' for 5-digit codes (and 8-digit Kreis codes ending in 000 in -B tables), 'land', 'bund'.
    `withheld`: the total is None although the region has one (".", "x", "/", "..."), unlike "-"
    (nothing there, e.g. a code not valid at that date) — a sum over regions must not skip it.
    """

    code: str
    name: str
    line: int
    reference: date
    age_from: int | None
    age_to: int | None
    total: int | None
    male: int | None
    female: int | None
    withheld: bool = False


SEXES = ("Insgesamt", "männlich", "weiblich")


def _name(cells: list[str], column: int) -> str:
    return cells[column].strip()


def _withheld(cells: list[str], column: int) -> bool:
    return cells[column].strip() in MISSING - {"-"}


def _count(
    table: GenesisTable,
    line: int,
    cells: list[str],
    code: str,
    reference: date | None,
    columns: list[int],
    *,
    ages: tuple[int | None, int | None] = (None, None),
    name_column: int = 1,
) -> RsCount:
    """One row's figures (total, male, female) in `columns`; withheld if the total is."""
    values = [cell_int(table, line, c, cells[c]) for c in columns]
    return RsCount(
        code,
        _name(cells, name_column),
        line,
        reference,
        *ages,
        *values,
        withheld=_withheld(cells, columns[0]),
    )


def read_wide_by_date(path: Path) -> list[RsCount]:
    """12411-01-01-5/-4: one row per region; columns '31.12.YYYY' × (Insgesamt, männlich, weiblich)."""
    table = read_genesis(path, key_columns=2, code_column=0)
    dates: list[str] = []
    for column in table.value_columns():
        for header_row in table.header:
            cell = header_row[column].strip() if column < len(header_row) else ""
            if _DATE.match(cell) and cell not in dates:
                dates.append(cell)
    if not dates:
        raise ImportFormatError(path, table.header_line, "Stichtag", "Keine Stichtags-Spalten gefunden.")
    layout = [(parse_date_label(d), [table.find_column(d, s) for s in SEXES]) for d in dates]
    result = []
    for line, cells in table.rows:
        code = region_code(table, line, 0, cells[0])
        for reference, columns in layout:
            result.append(_count(table, line, cells, code, reference, columns))
    return result


def read_wide_by_year(path: Path, *, year_sexes: bool = True) -> list[RsCount]:
    """12612-01-01-5-B: one row per region; columns 'YYYY' × (Insgesamt, männlich, weiblich).

    The reference is 31.12. of the year (flows over the year)."""
    table = read_genesis(path, key_columns=2, code_column=0)
    years = sorted(
        {
            header_row[c].strip()
            for header_row in table.header
            for c in table.value_columns()
            if c < len(header_row) and re.fullmatch(r"\d{4}", header_row[c].strip())
        },
        reverse=True,
    )
    if not years:
        raise ImportFormatError(path, table.header_line, "Jahr", "Keine Jahres-Spalten gefunden.")
    layout = [(date(int(y), 12, 31), [table.find_column(y, s) for s in SEXES]) for y in years]
    result = []
    for line, cells in table.rows:
        code = region_code(table, line, 0, cells[0])
        for reference, columns in layout:
            result.append(_count(table, line, cells, code, reference, columns))
    return result


def read_long(
    path: Path, *, with_age: bool, date_column: bool = True, prefix: tuple[str, ...] = ()
) -> list[RsCount]:
    """Long tables: ``date-or-year;code;name;[age;]Insgesamt;männlich;weiblich[;…]``.

    Files without a date column (12411-04-01-4, 12711-*-4) carry the date in the title block.
    `prefix` selects the value columns under a heading (e.g. 'Zuzüge über die Kreisgrenzen').
    """
    key_columns = (1 if date_column else 0) + 2 + (1 if with_age else 0)
    code_column = 1 if date_column else 0
    table = read_genesis(path, key_columns=key_columns, code_column=code_column)
    columns = [table.find_column(*prefix, s) for s in SEXES]
    title_reference = _reference_from_title(table) if not date_column else None
    result = []
    for line, cells in table.rows:
        reference = _reference(table, line, cells[0]) if date_column else title_reference
        code = region_code(table, line, code_column, cells[code_column])
        age_from = age_to = None
        if with_age:
            label = cells[key_columns - 1]
            try:
                band = parse_age_label(label)
            except ValueError:
                raise ImportFormatError(
                    path, line, "Altersgruppe", f"Unbekannte Altersgruppe „{label.strip()}“."
                ) from None
            if band is not None:
                age_from, age_to = band
            else:
                age_from = age_to = None
                if label.strip() == "Insgesamt":
                    age_from = -1  # marker for the all-ages row, dropped below
        if age_from == -1:
            continue
        result.append(
            _count(
                table,
                line,
                cells,
                code,
                reference,
                columns,
                ages=(age_from, age_to),
                name_column=code_column + 1,
            )
        )
    return result


def _reference(table: GenesisTable, line: int, value: str) -> date:
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 12, 31)
    try:
        return parse_date_label(value)
    except ValueError:
        raise ImportFormatError(
            table.path, line, "Stichtag", f"„{value}“ ist weder Jahr noch Datum."
        ) from None


def _reference_from_title(table: GenesisTable) -> date:
    for entry in table.title:
        value = entry.strip().strip(";")
        if re.fullmatch(r"\d{4}", value) or _DATE.match(value):
            return _reference(table, table.header_line, value)
    raise ImportFormatError(table.path, None, "Stichtag", "Kein Stichtag oder Jahr im Tabellenkopf gefunden.")


def read_wide_by_age(
    path: Path, *, groups: tuple[str, ...] = SEXES, reference: date | None = None
) -> list[RsCount]:
    """Gemeinde tables with sex × age groups as columns (12411-02-03-5, 12111-02-01-5, 12711-01-03-5).

    `groups` are the header cells that, together with an age label, identify the columns for
    total, male and female (e.g. ('Zuzüge …', 'Insgesamt') …). The age labels come from the
    header row that holds them; the reference date from the title block unless given.
    """
    table = read_genesis(path, key_columns=2, code_column=0)
    reference = reference or _reference_from_title(table)
    ages: list[str] = []
    for header_row in table.header:
        for c in table.value_columns():
            cell = " ".join(header_row[c].split()) if c < len(header_row) else ""
            try:
                band = parse_age_label(cell)
            except ValueError:
                continue
            if band is not None and cell not in ages:
                ages.append(cell)
    if not ages:
        raise ImportFormatError(
            path, table.header_line, "Altersgruppe", "Keine Altersgruppen-Spalten gefunden."
        )
    layout = []
    for age in ages:
        band = parse_age_label(age)
        assert band is not None
        layout.append((band, [_find_group(table, group, age) for group in groups]))
    result = []
    for line, cells in table.rows:
        code = region_code(table, line, 0, cells[0])
        for (age_from, age_to), columns in layout:
            result.append(_count(table, line, cells, code, reference, columns, ages=(age_from, age_to)))
    return result


def _find_group(table: GenesisTable, group: str | tuple[str, ...], age: str) -> int:
    parts = (group,) if isinstance(group, str) else group
    return table.find_column(*parts, age)


def read_wide_age_totals(path: Path, *, reference: date | None = None) -> list[RsCount]:
    """The published all-ages total (and by sex) of a table with age groups as columns
    (12111-02-01-5: the column "Insgesamt" of the age header). It is not the sum of the age
    groups: the Zensus 2011 kept its figures secret by rounding each cell on its own, so the
    groups of a Gemeinde add up to its published total ± 2."""
    table = read_genesis(path, key_columns=2, code_column=0)
    reference = reference or _reference_from_title(table)

    def row_with(predicate) -> list[str] | None:
        return next((r for r in table.header if any(predicate(" ".join(c.split())) for c in r)), None)

    def is_age(cell: str) -> bool:
        try:
            return parse_age_label(cell) is not None
        except ValueError:
            return False

    age_row = row_with(is_age)
    sex_row = row_with(lambda cell: cell == "männlich")
    if age_row is None or sex_row is None:
        raise ImportFormatError(
            path, table.header_line, "Insgesamt", "Keine Spalte für alle Altersgruppen gefunden."
        )
    columns = []
    for sex in SEXES:
        found = [
            c
            for c in table.value_columns()
            if c < len(age_row)
            and c < len(sex_row)
            and age_row[c].strip() == "Insgesamt"
            and sex_row[c].strip() == sex
        ]
        if not found:
            raise ImportFormatError(
                path, table.header_line, f"Insgesamt / {sex}", "Diese Spalte fehlt in der Kopfzeile."
            )
        columns.append(found[0])
    result = []
    for line, cells in table.rows:
        code = region_code(table, line, 0, cells[0])
        result.append(_count(table, line, cells, code, reference, columns))
    return result
