"""Shared parsing helpers and the error every importer raises for a malformed file."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
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


def open_text(path: Path) -> io.TextIOBase:
    """Open a UTF-8 text file, gzipped or not."""
    if not path.exists():
        raise ImportFormatError(path, None, None, "Die Datei fehlt.")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


@dataclass
class CsvReader:
    """A csv.DictReader that knows its file and line for error messages."""

    path: Path
    delimiter: str = ","
    required: tuple[str, ...] = ()
    _fieldnames: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        with open_text(self.path) as handle:
            reader = csv.DictReader(handle, delimiter=self.delimiter)
            missing = [c for c in self.required if c not in (reader.fieldnames or [])]
            if missing:
                raise ImportFormatError(self.path, 1, missing[0], "Diese Spalte fehlt in der Kopfzeile.")
            for row in reader:
                if None in row:  # more cells than header columns
                    raise ImportFormatError(
                        self.path,
                        reader.line_num,
                        None,
                        f"Die Zeile hat mehr Felder ({len(reader.fieldnames or []) + len(row[None])}) "
                        f"als die Kopfzeile ({len(reader.fieldnames or [])}).",
                    )
                yield reader.line_num, row


def parse_int(path: Path, line: int, column: str, value: str, *, allow_missing: bool = True) -> int | None:
    """Integers as Destatis writes them; '-', '.', 'x', '/' and '' mean 'no value'."""
    value = (value or "").strip().replace(" ", "")
    if value in ("", "-", ".", "x", "/", "..."):
        if allow_missing:
            return None
        raise ImportFormatError(path, line, column, "Hier wird eine Zahl erwartet, das Feld ist leer.")
    try:
        return int(value)
    except ValueError:
        raise ImportFormatError(path, line, column, f"„{value}“ ist keine ganze Zahl.") from None


def parse_decimal(path: Path, line: int, column: str, value: str) -> Decimal | None:
    value = (value or "").strip()
    if value in ("", "-", ".", "x", "/"):
        return None
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ImportFormatError(path, line, column, f"„{value}“ ist keine Zahl.") from None


def parse_float(path: Path, line: int, column: str, value: str) -> float | None:
    number = parse_decimal(path, line, column, value)
    return None if number is None else float(number)


def check_digits(path: Path, line: int, column: str, value: str, lengths: tuple[int, ...]) -> str:
    value = (value or "").strip()
    if not value.isdigit() or len(value) not in lengths:
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
