"""Reading the pool and the quotas from the office's CSV files, with German messages naming the row (pure; no Django)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import cast

from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.participation.engine.sortition.base import Person, Quotas, SortitionError

_BAND = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+)|\+|\s*und älter)\s*$")


def band_for(age: int, values: Iterable[str]) -> str | None:
    """The quota value such as "16-29" or "70+" that contains `age`."""
    for value in values:
        match = _BAND.match(value)
        if not match:
            continue
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else 200
        if low <= age <= high:
            return value
    return None


def _sniff(text: str) -> str:
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") >= first.count(",") else ","


def _csv_records(text: str, label: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV text, numbered from 1. A row the csv module cannot read – mostly a field
    over its size limit because a quote was never closed – is a SortitionError naming the row."""
    reader = csv.reader(text.splitlines(), delimiter=_sniff(text))
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                limit = format_number(csv.field_size_limit())
                problem = (
                    f"Ein Feld ist länger als {limit} Zeichen – fehlt ein schließendes Anführungszeichen?"
                )
            else:
                problem = f"Die Zeile ist keine gültige CSV-Zeile ({exc})."
            raise SortitionError(f"{label}, Zeile {number + 1}: {problem}") from exc
        number += 1
        yield number, row


QUOTA_HEADERS = {
    "merkmal": "category",
    "category": "category",
    "ausprägung": "value",
    "auspraegung": "value",
    "wert": "value",
    "feature": "value",
    "value": "value",
    "min": "min",
    "minimum": "min",
    "max": "max",
    "maximum": "max",
}


def read_quotas_csv(text: str) -> Quotas:
    """Quotas from CSV: Merkmal;Ausprägung;Min;Max (also category,feature,min,max)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise SortitionError("Die Quotendatei ist leer.")
    records = _csv_records(text, "Quotendatei")
    header = [QUOTA_HEADERS.get(h.strip().lower(), h.strip()) for h in next(records)[1]]
    missing = [h for h in ("category", "value", "min", "max") if h not in header]
    if missing:
        names = {"category": "Merkmal", "value": "Ausprägung", "min": "Min", "max": "Max"}
        raise SortitionError(
            "Quotendatei, Kopfzeile: Es fehlen die Spalten " + ", ".join(names[m] for m in missing) + "."
        )
    quotas: Quotas = {}
    for row_number, row in records:
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, (c.strip() for c in row), strict=False))
        for column, label in (("category", "Merkmal"), ("value", "Ausprägung")):
            if not record.get(column):
                raise SortitionError(f"Quotendatei, Zeile {row_number}, Spalte {label}: Der Wert fehlt.")
        bounds = []
        for column, label in (("min", "Min"), ("max", "Max")):
            raw = record.get(column, "")
            if not raw.isdecimal():
                raise SortitionError(
                    f"Quotendatei, Zeile {row_number}, Spalte {label}: „{raw}“ ist keine ganze Zahl ≥ 0."
                )
            bounds.append(int(raw))
        values = quotas.setdefault(record["category"], {})
        if record["value"] in values:
            raise SortitionError(
                f"Quotendatei, Zeile {row_number}: „{record['category']}: {record['value']}“ steht doppelt in der Datei."
            )
        if bounds[0] > bounds[1]:
            raise SortitionError(
                f"Quotendatei, Zeile {row_number}: Min ({bounds[0]}) ist größer als Max ({bounds[1]})."
            )
        values[record["value"]] = (bounds[0], bounds[1])
    if not quotas:
        raise SortitionError("Die Quotendatei enthält keine Quoten.")
    return quotas


ID_HEADERS = ("kennung", "id", "nummer", "nr")
HOUSEHOLD_HEADERS = ("haushalt", "adresse", "household", "address")


def read_pool_csv(text: str, quotas: Quotas) -> list[Person]:
    """Pool from CSV: a Kennung/id column (else the row number), one column per quota category
    (matched case-insensitively), optional Haushalt/Adresse. A numeric age column is mapped into
    age bands such as "16-29" or "70+" if the quota values are bands."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise SortitionError("Die Pool-Datei ist leer.")
    records = _csv_records(text, "Pool-Datei")
    raw_header = [h.strip() for h in next(records)[1]]
    lower = [h.lower() for h in raw_header]
    id_index = next((lower.index(h) for h in ID_HEADERS if h in lower), None)
    household_index = next((lower.index(h) for h in HOUSEHOLD_HEADERS if h in lower), None)
    columns: dict[str, int] = {}
    for category in quotas:
        if category.lower() not in lower:
            raise SortitionError(
                f"Pool-Datei, Kopfzeile: Die Spalte „{category}“ fehlt (sie hat eine Quote). "
                f"Vorhanden: {', '.join(raw_header)}."
            )
        columns[category] = lower.index(category.lower())
    people: list[Person] = []
    seen: dict[str, int] = {}
    for row_number, row in records:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(raw_header):
            raise SortitionError(
                f"Pool-Datei, Zeile {row_number}: {len(row)} statt {len(raw_header)} Spalten – fehlt ein Trennzeichen?"
            )
        pid = row[id_index].strip() if id_index is not None else str(row_number - 1)
        if not pid:
            raise SortitionError(
                f"Pool-Datei, Zeile {row_number}, Spalte {raw_header[cast(int, id_index)]}: Die Kennung fehlt."
            )
        if pid in seen:
            raise SortitionError(
                f"Pool-Datei, Zeile {row_number}: Die Kennung „{pid}“ steht schon in Zeile {seen[pid]}."
            )
        seen[pid] = row_number
        features = {}
        for category, index in columns.items():
            value = row[index].strip()
            allowed = quotas[category]
            if value not in allowed:
                if value.isdecimal() and band_for(int(value), allowed):
                    value = cast(str, band_for(int(value), allowed))  # not None: checked just above
                else:
                    raise SortitionError(
                        f"Pool-Datei, Zeile {row_number}, Spalte {raw_header[index]}: „{value}“ ist keiner der "
                        f"Werte mit Quote ({', '.join(allowed)})."
                    )
            features[category] = value
        household = row[household_index].strip() if household_index is not None else ""
        people.append(Person(pid, features, household))
    if not people:
        raise SortitionError("Die Pool-Datei enthält keine Personen.")
    return people
