"""Shared parsing helpers and the error every importer raises for a malformed file."""

from __future__ import annotations

import codecs
import csv
import io
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path


class ImportFormatError(Exception):
    """A malformed official file. The message is German and names file, line and column."""

    def __init__(self, path: Path | str, line: int | None, column: str | None, problem: str):
        self.path, self.line, self.column, self.problem = Path(path), line, column, problem
        where = f"Datei {Path(path).name}"
        if line is not None:
            where += f", Zeile {line}"
        if column:
            where += f", Spalte „{column}“"
        super().__init__(f"{where}: {problem}")


# ------------------------------------------------------------------------------------------
# Reading a file: every low-level failure (missing, unreadable, not UTF-8, truncated or damaged
# gzip) becomes an ImportFormatError with file and line. The official files are a few MB each, so
# they are read whole: errors then carry exact positions instead of the position of a buffer.
# ------------------------------------------------------------------------------------------

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_CHUNK = 4096  # compressed bytes per step: a damaged stream is located to within a few lines


def _line_of(data: bytes | bytearray, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _last_line(data: bytes | bytearray) -> int:
    """Number of the last line that (at least partly) arrived."""
    return max(data.count(b"\n") + (0 if data.endswith(b"\n") else 1), 1)


def _gunzip(path: Path, raw: bytes) -> bytes:
    """Decompress all gzip members of `raw`; a truncated or damaged stream names its line."""
    if not raw.startswith(_GZIP_MAGIC):
        raise ImportFormatError(
            path, None, None, "Die Datei ist keine gzip-Datei (Endung .gz, anderer Inhalt)."
        )
    out = bytearray()
    rest = raw
    while rest:
        inflater = zlib.decompressobj(wbits=31)  # gzip header and trailer (CRC, length) are checked
        position = 0
        try:
            while position < len(rest) and not inflater.eof:
                out += inflater.decompress(rest[position : position + _GZIP_CHUNK])
                position += _GZIP_CHUNK
            out += inflater.flush()
        except zlib.error as exc:
            raise ImportFormatError(
                path,
                _last_line(out),
                None,
                f"Die gzip-Datei ist beschädigt, lesbar ist sie nur bis etwa zu dieser Zeile ({exc}); "
                "bitte kopieren Sie die Datei erneut.",
            ) from None
        if not inflater.eof:
            raise ImportFormatError(
                path,
                _last_line(out),
                None,
                "Die gzip-Datei ist abgeschnitten: Die Daten enden in dieser Zeile, der Rest fehlt; "
                "bitte kopieren Sie die Datei erneut.",
            )
        rest = (inflater.unused_data + rest[position:]).lstrip(b"\x00")  # zero padding is allowed
        if rest and not rest.startswith(_GZIP_MAGIC):
            raise ImportFormatError(
                path, _last_line(out), None, "Nach dem Ende der gzip-Daten folgen fremde Daten."
            )
    return bytes(out)


def _csv_column(raw: bytes, line_start: int, offset: int, delimiter: str, header_line: bool) -> str:
    """The name in the first line (or the number) of the CSV column that holds byte `offset`."""
    prefix = raw[line_start:offset].decode("utf-8", errors="replace")
    index = max(len(next(csv.reader([prefix], delimiter=delimiter), [""])) - 1, 0)
    first_line = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r")
    header = next(csv.reader([first_line], delimiter=delimiter), []) if header_line else []
    if line_start > 0 and index < len(header) and header[index].strip():
        return header[index].strip()
    return f"Nr. {index + 1}"


def read_text(path: Path, *, delimiter: str | None = None, header_line: bool = True) -> str:
    """The whole text of a UTF-8 file, gzipped or not.

    `delimiter` (CSV files) lets a wrongly encoded byte be reported by its column: by the name in
    the first line if `header_line`, else by its number. Other files get the character position."""
    if not path.is_file():
        raise ImportFormatError(path, None, None, "Die Datei fehlt.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(
            path, None, None, f"Die Datei lässt sich nicht lesen ({exc.strerror})."
        ) from None
    if path.suffix == ".gz":
        raw = _gunzip(path, raw)
    raw = raw.removeprefix(codecs.BOM_UTF8)
    if not raw.strip():
        raise ImportFormatError(path, None, None, "Die Datei ist leer.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        if delimiter:
            column = _csv_column(raw, line_start, exc.start, delimiter, header_line)
        else:
            column = f"Zeichen {len(raw[line_start : exc.start].decode('utf-8', errors='replace')) + 1}"
        raise ImportFormatError(
            path,
            _line_of(raw, exc.start),
            column,
            f"Die Datei ist nicht UTF-8-kodiert: Das Byte 0x{raw[exc.start]:02X} ist hier ungültig "
            "(vielleicht Latin-1 oder Windows-1252). Bitte speichern Sie die Datei als UTF-8.",
        ) from None


def open_text(path: Path, *, delimiter: str | None = None, header_line: bool = True) -> io.StringIO:
    """A UTF-8 text file, gzipped or not, as a stream (see `read_text`)."""
    return io.StringIO(read_text(path, delimiter=delimiter, header_line=header_line), newline="")


def check_complete(path: Path, text: str) -> None:
    """Machine-written CSV files end with a line break; a missing one means a file cut short
    (a cut inside the last number would otherwise go unnoticed)."""
    if not text.endswith(("\n", "\r")):
        raise ImportFormatError(
            path,
            text.count("\n") + 1,
            None,
            "Die letzte Zeile endet ohne Zeilenumbruch: Die Datei ist vermutlich abgeschnitten.",
        )


@dataclass
class CsvReader:
    """A csv.DictReader that knows its file and line for error messages."""

    path: Path
    delimiter: str = ","
    required: tuple[str, ...] = ()
    _fieldnames: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        text = read_text(self.path, delimiter=self.delimiter)
        check_complete(self.path, text)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=self.delimiter)
        try:
            header = reader.fieldnames or []
            missing = [c for c in self.required if c not in header]
            if missing:
                problem = "Diese Spalte fehlt in der Kopfzeile."
                if len(header) == 1 and self.delimiter not in header[0]:
                    used = next((d for d in ";\t|," if d in header[0]), None)
                    if used:
                        problem += (
                            f" Die Felder sind mit „{used}“ getrennt, erwartet wird „{self.delimiter}“."
                        )
                raise ImportFormatError(self.path, 1, missing[0], problem)
            for row in reader:
                if None in row:  # more cells than header columns
                    raise ImportFormatError(
                        self.path,
                        reader.line_num,
                        None,
                        f"Die Zeile hat mehr Felder ({len(header) + len(row[None])}) "
                        f"als die Kopfzeile ({len(header)}).",
                    )
                if None in row.values():  # fewer cells than header columns (e.g. a line cut short)
                    short = [name for name, value in row.items() if value is None]
                    raise ImportFormatError(
                        self.path,
                        reader.line_num,
                        short[0],
                        f"Die Zeile hat nur {len(header) - len(short)} Felder, die Kopfzeile "
                        f"{len(header)}; diese Spalte fehlt. Ist die Zeile abgeschnitten?",
                    )
                yield reader.line_num, row
        except csv.Error as exc:
            raise ImportFormatError(
                self.path, reader.line_num, None, f"Die Zeile ist kein gültiges CSV ({exc})."
            ) from None


# ------------------------------------------------------------------------------------------
# Numbers and missing-value symbols
# ------------------------------------------------------------------------------------------

# The Destatis "Zeichenerklärung": symbols written in place of a number. Which of them (and
# whether an empty cell) may stand for "no value" is decided per source and column — a symbol
# that the source never uses in a column is refused, so a damaged figure cannot slip in as NULL.
DESTATIS_SYMBOLS: dict[str, str] = {
    "-": "nichts vorhanden",
    ".": "Zahlenwert unbekannt oder geheimzuhalten",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
    "/": "keine Angabe, da Zahlenwert nicht sicher genug",
    "...": "Angabe fällt später an",
}
EMPTY_CELL = frozenset({""})  # the source leaves a cell empty when there is no value


def is_missing(path: Path, line: int, column: str, value: str, accepted: Collection[str]) -> bool:
    """True if `value` means "no value" and the source uses it so in this column; refuses an
    empty cell or a Destatis symbol where the source always gives a number."""
    if value in accepted:
        return True
    if value == "":
        raise ImportFormatError(path, line, column, "Hier wird eine Zahl erwartet, das Feld ist leer.")
    if value in DESTATIS_SYMBOLS:
        raise ImportFormatError(
            path,
            line,
            column,
            f"„{value}“ ({DESTATIS_SYMBOLS[value]}) ist in dieser Spalte nicht vorgesehen: "
            "Die Quelle gibt hier stets eine Zahl an.",
        )
    return False


def parse_int(path: Path, line: int, column: str, value: str, *, missing: Collection[str] = ()) -> int | None:
    """An integer; None only for the cell contents listed in `missing` (e.g. EMPTY_CELL)."""
    value = (value or "").strip().replace(" ", "")
    if is_missing(path, line, column, value, missing):
        return None
    try:
        return int(value)
    except ValueError:
        raise ImportFormatError(path, line, column, f"„{value}“ ist keine ganze Zahl.") from None


def parse_decimal(
    path: Path, line: int, column: str, value: str, *, missing: Collection[str] = ()
) -> Decimal | None:
    value = (value or "").strip()
    if is_missing(path, line, column, value, missing):
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ImportFormatError(path, line, column, f"„{value}“ ist keine Zahl.") from None
    if not number.is_finite():
        raise ImportFormatError(path, line, column, f"„{value}“ ist keine Zahl.")
    return number


def parse_float(
    path: Path, line: int, column: str, value: str, *, missing: Collection[str] = ()
) -> float | None:
    number = parse_decimal(path, line, column, value, missing=missing)
    return None if number is None else float(number)


def check_digits(path: Path, line: int, column: str, value: str, lengths: tuple[int, ...]) -> str:
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) not in lengths:
        expected = " oder ".join(str(n) for n in lengths)
        raise ImportFormatError(
            path, line, column, f"„{value}“ ist kein gültiger Schlüssel ({expected} Ziffern erwartet)."
        )
    return value


@dataclass(frozen=True)
class RegionRow:
    """One official territorial unit as the loader writes it."""

    ars: str
    level: str
    name: str
    parent_ars: str | None
    ags: str = ""
    type_name: str = ""
    land_code: str = ""
    kreis_code: str = ""
    area_km2: Decimal | None = None
    population: int | None = None
    population_male: int | None = None
    population_female: int | None = None
    population_date: date | None = None
    plz: str = ""
    lat: float | None = None
    lon: float | None = None
    degurba: int | None = None
