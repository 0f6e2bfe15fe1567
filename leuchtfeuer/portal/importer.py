"""Reading an employer's job list (CSV or XLSX) into plain rows, with German errors per cell.

Employers keep their lists in Excel. The first row holds the column headings (German, case and
spaces ignored); the order does not matter. Every error names the row (as numbered in the
spreadsheet) and the column. The parser returns rows only when the whole file is valid — the
service then writes all of them in one transaction, or nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime

from leuchtfeuer.core import tables, uploads
from leuchtfeuer.portal.vocab import JobField, OfferKind

IMPORT_TYPES = {"csv": uploads.CSV, "xlsx": uploads.XLSX}  # checked with core.uploads before parsing
IMPORT_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# Rows under the heading and columns a list may have; unknown columns are reported by name, so
# 50 leaves room for an employer's own columns while no row can reach 16,384 cells.
LIMITS = tables.TableLimits(rows=MAX_ROWS, columns=50, unpacked_bytes=64 * 1024 * 1024)
MAX_ERRORS = 25


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("title", "Titel", True, ("stellenbezeichnung", "stelle", "bezeichnung")),
    Column("kind", "Art", True, ("stellenart",)),
    Column("job_field", "Berufsfeld", True, ("branche", "bereich")),
    Column("ortsteil", "Ortsteil", False, ("ort", "einsatzort")),
    Column("description", "Beschreibung", False, ("aufgaben",)),
    Column("conditions", "Bedingungen", False, ("voraussetzungen", "konditionen")),
    Column("starts_on", "verfügbar ab", False, ("beginn", "ab", "start")),
    Column("ends_on", "sichtbar bis", False, ("bis", "bewerbungsschluss", "ende")),
    Column(
        "contact_name", "Kontaktperson", False, ("ansprechperson", "ansprechpartner", "ansprechpartnerin")
    ),
    Column("contact_email", "Kontakt-E-Mail", False, ("e-mail", "email")),
    Column("contact_phone", "Kontakt-Telefon", False, ("telefon",)),
    Column("external_ref", "Nummer", False, ("stellennummer", "id", "kennung")),
)
KIND_WORDS = {
    "stelle": OfferKind.JOB,
    "job": OfferKind.JOB,
    "arbeitsplatz": OfferKind.JOB,
    "ausbildung": OfferKind.APPRENTICESHIP,
    "ausbildungsplatz": OfferKind.APPRENTICESHIP,
    "azubi": OfferKind.APPRENTICESHIP,
}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ImportError_(Exception):
    """The file cannot be imported; `errors` lists every problem found (German)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", " ", str(text or "").strip().lower()).replace("–", "-")


def _field_lookup() -> dict[str, Column]:
    lookup = {}
    for col in COLUMNS:
        lookup[_norm(col.heading)] = col
        lookup[_norm(col.key)] = col
        for alias in col.aliases:
            lookup[_norm(alias)] = col
    return lookup


def _job_field_lookup() -> dict[str, str]:
    result = {}
    for value, label in JobField.choices:
        result[_norm(value)] = value
        result[_norm(str(label))] = value
    return result


def _read_table(filename: str, content: bytes) -> list[tuple[int, list]]:
    """The rows with content, numbered as in the spreadsheet; streamed within LIMITS, so that a
    file declaring a million rows or 16,384 columns is refused before it is read."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            return list(tables.xlsx_rows(content, LIMITS))
        if name.endswith(".csv"):
            text = tables.decode_csv(content)
            try:
                dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
                delimiter = dialect.delimiter
            except csv.Error:
                delimiter = ";"
            return list(tables.csv_rows(text, delimiter=delimiter, limits=LIMITS))
    except tables.TableError as exc:
        where = f"Datei {filename}" if exc.line is None else f"Datei {filename}, Zeile {exc.line}"
        raise ImportError_([f"{where}: {exc.problem}"]) from exc
    raise ImportError_([f"Datei {filename}: bitte eine CSV- oder XLSX-Datei hochladen."])


def _parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_jobs(filename: str, content: bytes, *, ortsteile: dict[str, int]) -> list[dict]:
    """Rows of a job list as dicts of Offer fields. Raises ImportError_ with all errors found.

    `ortsteile` maps Ortsteil names (any case) to their ids; unknown names are an error.
    """
    numbered = _read_table(filename, content)  # rows with content and their spreadsheet numbers
    if not numbered:
        raise ImportError_([f"Datei {filename}: die Datei ist leer."])
    header_no, header = numbered[0]
    lookup = _field_lookup()
    columns: dict[int, Column] = {}
    errors: list[str] = []
    for index, heading in enumerate(header):
        if not str(heading or "").strip():
            continue
        col = lookup.get(_norm(heading))
        if col is None:
            errors.append(
                f"Zeile {header_no}, Spalte {index + 1}: unbekannte Überschrift „{heading}“. "
                f"Erlaubt sind: {', '.join(c.heading for c in COLUMNS)}."
            )
        elif col in columns.values():
            errors.append(f"Zeile {header_no}: die Spalte „{col.heading}“ kommt doppelt vor.")
        else:
            columns[index] = col
    missing = [c.heading for c in COLUMNS if c.required and c not in columns.values()]
    if missing:
        errors.append(
            f"Zeile {header_no}: es fehlen die Pflichtspalten {', '.join('„' + m + '“' for m in missing)}."
        )
    if errors:
        raise ImportError_(errors)
    body = numbered[1:]
    if not body:
        raise ImportError_([f"Datei {filename}: unter der Überschriftenzeile stehen keine Stellen."])
    job_fields = _job_field_lookup()
    ortsteil_lookup = {_norm(name): pk for name, pk in ortsteile.items()}
    refs_seen: dict[str, int] = {}
    rows = []
    for number, raw in body:
        values = {col.key: raw[i] if i < len(raw) else None for i, col in columns.items()}

        def err(col_key: str, message: str, number=number) -> None:
            heading = next(c.heading for c in COLUMNS if c.key == col_key)
            errors.append(f"Zeile {number}, Spalte „{heading}“: {message}")

        row: dict = {}
        for col in COLUMNS:
            value = values.get(col.key)
            text = "" if value is None else str(value).strip()
            if col.required and not text:
                err(col.key, "darf nicht leer sein.")
                continue
            if col.key == "kind" and text:
                kind = KIND_WORDS.get(_norm(text))
                if kind is None:
                    err(col.key, f"„{text}“ ist keine bekannte Art (erlaubt: Stelle, Ausbildung).")
                row["kind"] = kind
            elif col.key == "job_field" and text:
                field = job_fields.get(_norm(text))
                if field is None:
                    err(
                        col.key,
                        f"„{text}“ ist kein bekanntes Berufsfeld (erlaubt: {', '.join(str(label) for _, label in JobField.choices)}).",
                    )
                row["job_field"] = field
            elif col.key == "ortsteil":
                if text:
                    pk = ortsteil_lookup.get(_norm(text))
                    if pk is None:
                        err(
                            col.key,
                            f"den Ortsteil „{text}“ gibt es nicht (bekannt: {', '.join(sorted(ortsteile)) or 'keine'}).",
                        )
                    row["ortsteil_id"] = pk
                else:
                    row["ortsteil_id"] = None
            elif col.key in ("starts_on", "ends_on"):
                if text:
                    try:
                        row[col.key] = _parse_date(value)
                    except ValueError:
                        err(col.key, f"„{text}“ ist kein gültiges Datum (TT.MM.JJJJ).")
                else:
                    row[col.key] = None
            elif col.key == "contact_email" and text:
                if not EMAIL_RE.match(text):
                    err(col.key, f"„{text}“ ist keine gültige E-Mail-Adresse.")
                row[col.key] = text.lower()
            elif col.key == "title" and len(text) > 200:
                err(col.key, "ist länger als 200 Zeichen.")
            elif col.key == "external_ref" and text:
                if text in refs_seen:
                    err(col.key, f"die Nummer „{text}“ steht schon in Zeile {refs_seen[text]}.")
                refs_seen[text] = number
                row[col.key] = text[:60]
            else:
                row.setdefault(col.key, text)
        if row.get("starts_on") and row.get("ends_on") and row["ends_on"] < row["starts_on"]:
            err("ends_on", "liegt vor „verfügbar ab“.")
        row["row_number"] = number
        rows.append(row)
        if len(errors) >= MAX_ERRORS:
            errors.append("Weitere Fehler werden nicht angezeigt.")
            break
    if errors:
        raise ImportError_(errors)
    return rows
