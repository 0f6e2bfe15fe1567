"""Own data for Ortsteile: parse an anonymous Einwohnermeldeamt export and aggregate it at once.

Accepted layouts (CSV with ; or , separator, or XLSX; first row = header, German or English):
* individual rows: Ortsteil; Geburtsjahr (or Alter); Geschlecht
* aggregated counts: Ortsteil; Alter (or Altersgruppe "18-20", "75+"); Geschlecht; Anzahl

Individual rows are never stored: they are counted into the 17 age groups of the
Regionalstatistik (12411-02-03-5) by sex, so Ortsteil indicators compare with the Gemeinde's.
Age from a year of birth is the age reached in the reference year (year − year of birth).
Counts from 1 to 2 are suppressed wherever they are displayed or exported (`suppress`).
Pure Python without Django, so the parsing can be tested without a database.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from leuchtfeuer.core.tables import TableError, TableLimits, csv_rows, decode_csv, xlsx_rows

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500_000
# Rows under the heading, columns (the layout needs four; room for an export's own columns) and the
# unpacked size of an XLSX file (500,000 rows of three cells are about 80 MB of XML).
LIMITS = TableLimits(rows=MAX_ROWS, columns=50, unpacked_bytes=160 * 1024 * 1024)
SUPPRESS_BELOW = 3

# Regionalstatistik 17 groups: [from, to) with None = open.
REGIO17: tuple[tuple[int, int | None], ...] = (
    (0, 3), (3, 6), (6, 10), (10, 15), (15, 18), (18, 20), (20, 25), (25, 30), (30, 35),
    (35, 40), (40, 45), (45, 50), (50, 55), (55, 60), (60, 65), (65, 75), (75, None),
)  # fmt: skip

_HEADERS = {
    "ortsteil": {"ortsteil", "ortsteilname", "quartier", "ortslage", "district"},
    "birth_year": {"geburtsjahr", "jahrgang", "year_of_birth", "birth_year"},
    "age": {"alter", "age", "altersgruppe", "age_group"},
    "sex": {"geschlecht", "sex", "gender"},
    "count": {"anzahl", "count", "personen", "einwohner", "einwohnerinnen"},
}
_SEX = {
    "m": "m", "maennlich": "m", "männlich": "m", "mann": "m", "male": "m",
    "w": "w", "weiblich": "w", "frau": "w", "female": "w", "f": "w",
    "d": "d", "divers": "d", "x": "d", "o": "d", "ohne angabe": "d", "unbekannt": "d",
}  # fmt: skip


class UploadError(Exception):
    """A German message that names file, line and column."""

    def __init__(self, filename: str, line: int | None, column: str | None, problem: str):
        where = f"Datei {filename}"
        if line is not None:
            where += f", Zeile {line}"
        if column:
            where += f", Spalte „{column}“"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Aggregate:
    """Counts by (Ortsteil name, age group index into REGIO17, sex m/w/d)."""

    counts: Counter
    rows_read: int
    layout: str  # "individual" or "aggregated"

    def ortsteile(self) -> list[str]:
        return sorted({key[0] for key in self.counts})


def group_index(age: int) -> int:
    for i, (lo, hi) in enumerate(REGIO17):
        if age >= lo and (hi is None or age < hi):
            return i
    raise ValueError(age)


def suppress(count: int | None) -> int | None:
    """None for 1–2 persons (never show who could be identified), the count otherwise."""
    if count is None:
        return None
    return None if 0 < count < SUPPRESS_BELOW else count


def _rows(filename: str, content: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line, cells as text) for every row with content, streamed within LIMITS: a file declaring
    a million rows or 16,384 columns is refused at the limit, before it is read on."""
    if len(content) > MAX_BYTES:
        raise UploadError(filename, None, None, f"Die Datei ist größer als {MAX_BYTES // (1024 * 1024)} MB.")
    if not content.strip():
        raise UploadError(filename, None, None, "Die Datei ist leer.")
    lower = filename.lower()
    try:
        if lower.endswith(".xlsx"):
            width = 0
            for line, row in xlsx_rows(content, LIMITS):
                # A spreadsheet row ends at its last filled cell; empty cells at its end are
                # empty fields (there is no separator to forget, as in CSV).
                width = width or len(row)
                cells = ["" if v is None else str(v).strip() for v in row]
                yield line, cells + [""] * (width - len(cells))
            return
        if not lower.endswith((".csv", ".txt")):
            raise UploadError(filename, None, None, "Bitte laden Sie eine CSV- oder XLSX-Datei hoch.")
        text = decode_csv(content)
        first = text.partition("\n")[0]
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        for line, row in csv_rows(text, delimiter=delimiter, limits=LIMITS):
            yield line, [cell.strip() for cell in row]
    except TableError as exc:
        raise UploadError(filename, exc.line, None, exc.problem) from exc


def _columns(filename: str, header: list[str], *, line: int = 1) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        key = re.sub(r"[^a-zäöüß_ ]", "", name.lower()).strip()
        for field, names in _HEADERS.items():
            if key in names and field not in found:
                found[field] = i
    if "ortsteil" not in found:
        raise UploadError(filename, line, None, "Die Kopfzeile braucht eine Spalte „Ortsteil“.")
    if "sex" not in found:
        raise UploadError(filename, line, None, "Die Kopfzeile braucht eine Spalte „Geschlecht“.")
    if "birth_year" not in found and "age" not in found:
        raise UploadError(
            filename, line, None, "Die Kopfzeile braucht eine Spalte „Geburtsjahr“ oder „Alter“."
        )
    return found


def _age_group(filename: str, line: int, column: str, value: str) -> int:
    text = value.replace(" ", "").replace("–", "-").lower()
    match = re.fullmatch(r"(\d{1,3})(?:-(\d{1,3})|\+|undälter|undmehr)?", text)
    if not match:
        raise UploadError(filename, line, column, f"„{value}“ ist kein Alter und keine Altersgruppe.")
    lo = int(match.group(1))
    if lo > 120:
        raise UploadError(filename, line, column, f"Das Alter {lo} ist nicht plausibel.")
    index = group_index(lo)
    if match.group(2) is not None:
        hi = int(match.group(2))  # "18-20" means 18 up to under 20, as in the official tables
        g_lo, g_hi = REGIO17[index]
        if g_lo != lo or (g_hi is not None and hi not in (g_hi, g_hi - 1)):
            raise UploadError(
                filename,
                line,
                column,
                f"Die Altersgruppe „{value}“ passt nicht zu den amtlichen Gruppen (z. B. 18-20, 20-25, 75+).",
            )
    return index


def parse_upload(filename: str, content: bytes, *, reference_year: int) -> Aggregate:
    """Read the whole file, validate every row, and return only the aggregated counts."""
    rows = _rows(filename, content)
    header_line, header = next(rows, (None, None))
    if header is None:
        raise UploadError(filename, None, None, "Die Datei enthält keine Zeilen.")
    columns = _columns(filename, header, line=header_line)
    label = {field: header[index] for field, index in columns.items()}
    layout = "aggregated" if "count" in columns else "individual"
    counts: Counter = Counter()
    read = 0
    for line, row in rows:  # rows with content only; at most MAX_ROWS (LIMITS)
        read += 1
        needed = max(columns.values())
        if len(row) <= needed:
            raise UploadError(filename, line, None, f"Die Zeile hat zu wenige Felder ({len(row)}).")
        ortsteil = " ".join(row[columns["ortsteil"]].split())
        if not ortsteil:
            raise UploadError(filename, line, label["ortsteil"], "Der Ortsteil fehlt.")
        sex_raw = row[columns["sex"]].strip().lower()
        sex = _SEX.get(sex_raw)
        if sex is None:
            raise UploadError(
                filename,
                line,
                label["sex"],
                f"„{row[columns['sex']]}“ ist keine Angabe zum Geschlecht (m, w, d).",
            )
        if "birth_year" in columns:
            value = row[columns["birth_year"]].split(".")[0]
            if not value.isdecimal() or not (reference_year - 120 <= int(value) <= reference_year):
                raise UploadError(
                    filename,
                    line,
                    label["birth_year"],
                    f"„{row[columns['birth_year']]}“ ist kein plausibles Geburtsjahr.",
                )
            index = group_index(reference_year - int(value))
        else:
            index = _age_group(filename, line, label["age"], row[columns["age"]])
        number = 1
        if layout == "aggregated":
            raw = row[columns["count"]].replace(".", "").strip()
            if not raw.isdecimal():
                raise UploadError(
                    filename, line, label["count"], f"„{row[columns['count']]}“ ist keine Anzahl."
                )
            number = int(raw)
        counts[(ortsteil, index, sex)] += number
    if not counts:
        raise UploadError(filename, None, None, "Die Datei enthält keine Datenzeilen.")
    return Aggregate(counts=counts, rows_read=read, layout=layout)
