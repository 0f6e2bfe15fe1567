"""Zensus 2022 Regionaltabellen as published (the "CSV-…" sheets of the official workbooks).

One row per region of every level (Bund "00", Land 2, Regierungsbezirk 3, Kreis 5,
Gemeindeverband 9, Gemeinde 12 digits of `_RS`), reference date 15.05.2022 (`Berichtszeitpunkt`
20220515). We keep Bund, Länder, Kreise and Gemeinden, and of each table only the columns the
Kommunalprofil uses (`ZensusTable.columns`; the codes are the official ones).

Symbols, decided per table and column (a symbol the source does not use there is refused with
file, line and column, like everything else that is not a whole number):

* "–" (en dash) = exactly zero, in every value column of every table → 0;
* "." = secret or unknown → no value, only in the tables that use it (Demografie, Haushalte,
  Gebäude) and never in a full count's total column;
* "/" = no figure, the sample is too small → no value, only in the sample tables (Erwerbsstatus,
  Schul- and Berufsabschluss: figures only for Gemeinden with a large enough sample, in practice
  from about 10,000 inhabitants, and for Kreise, Länder and the Bund);
* an empty cell → no value only in the Gebäude table, which leaves the year-of-construction cells
  of five tiny Gemeinden empty; the Gebäude file also ends with lines of empty cells, skipped.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from leuchtfeuer.places.importers.base import CsvReader, ImportFormatError, check_digits, parse_int

ZERO = "–"  # U+2013, the Zensus sign for "exactly zero"
REFERENCE = "20220515"
LEVELS = {2: "land", 5: "kreis", 12: "gemeinde"}  # Bund is the 2-digit "00"


@dataclass(frozen=True)
class ZensusTable:
    key: str
    filename: str
    title: str  # German, as the source names it
    level_column: str
    total: str  # the column every share of this table is taken of
    columns: tuple[str, ...]  # columns kept (the total first)
    missing: Collection[str]  # what stands for "no value" in value columns (besides "–" = 0)
    total_missing: Collection[str]  # … in the total column
    sample: bool = False


TABLES: tuple[ZensusTable, ...] = (
    ZensusTable(
        "demografie",
        "Regionaltabelle_Demografie.csv.gz",
        "Zensus 2022, Regionaltabelle Demografie",
        "Regionalebene",
        "0_Insgesamt_",
        (
            "0_Insgesamt_",
            "GESCHLECHT__1",
            "GESCHLECHT__2",
            "Staatsange_kurz__2",
            *(f"Alter_infr__{i:02d}" for i in range(1, 12)),
            "Einwanderungserf_ausf__2",
        ),
        missing={"."},
        total_missing=(),
    ),
    ZensusTable(
        "haushalte",
        "Regionaltabelle_Haushalte.csv.gz",
        "Zensus 2022, Regionaltabelle Haushalte",
        "Reg_Ebene",
        "0_Insgesamt_",
        (
            "0_Insgesamt_",
            "HH_SIZE_NAT__1",
            "HHTYP_FAM__3",
            "HHTYP_FAM__4",
            "HHTYP_SENIOR_HH__1",
            "HHTYP_SENIOR_HH__2",
        ),
        missing={"."},
        total_missing=(),
    ),
    ZensusTable(
        "gebaeude",
        "Regionaltabelle_Gebaeude_Wohnungen.csv.gz",
        "Zensus 2022, Regionaltabelle Gebäude und Wohnungen",
        "Regionalebene",
        "GEBAEUDEART_SYS_1",
        ("GEBAEUDEART_SYS_1", *(f"BAUJAHR_10JA__{i:02d}" for i in range(1, 11))),
        missing={".", ""},
        total_missing=(),
    ),
    ZensusTable(
        "erwerbsstatus",
        "Regionaltabelle_Erwerbsstatus.csv.gz",
        "Zensus 2022, Regionaltabelle Erwerbsstatus (Stichprobe)",
        "Regionalebene",
        "ERWERBSTAT_KURZ_STP",
        (
            "ERWERBSTAT_KURZ_STP",
            "ERWERBSTAT_KURZ_STP__1",
            "ERWERBSTAT_KURZ_STP__11",
            "ERWERBSTAT_KURZ_STP__12",
        ),
        missing={"/"},
        total_missing={"/"},
        sample=True,
    ),
    ZensusTable(
        "schulabschluss",
        "Regionaltabelle_HoechsterSchulabschluss.csv.gz",
        "Zensus 2022, Regionaltabelle höchster Schulabschluss (Stichprobe)",
        "Regionalebene",
        "SCHULABS_STP",
        ("SCHULABS_STP", "SCHULABS_STP__1", "SCHULABS_STP__24"),
        missing={"/"},
        total_missing={"/"},
        sample=True,
    ),
    ZensusTable(
        "berufsabschluss",
        "Regionaltabelle_HoechsterBeruflAbschluss.csv.gz",
        "Zensus 2022, Regionaltabelle höchster beruflicher Abschluss (Stichprobe)",
        "Regionalebene",
        "BERUFABS_AUSF_STP",
        ("BERUFABS_AUSF_STP", "BERUFABS_AUSF_STP__2"),
        missing={"/"},
        total_missing={"/"},
        sample=True,
    ),
)
TABLE_BY_KEY = {t.key: t for t in TABLES}


@dataclass(frozen=True)
class ZensusTableRow:
    """One region of one table: `key` is the AGS for a Gemeinde, the ARS otherwise ('0' Bund)."""

    key: str
    level: str  # "bund" | "land" | "kreis" | "gemeinde"
    name: str
    values: dict[str, int | None]
    line: int


def _value(path: Path, line: int, column: str, raw: str, missing: Collection[str]) -> int | None:
    value = raw.strip()
    if value == ZERO:
        return 0
    return parse_int(path, line, column, value, missing=missing)


def read_zensus_table(path: Path, table: ZensusTable) -> list[ZensusTableRow]:
    """The Bund, Länder, Kreise and Gemeinden of one Regionaltabelle."""
    reader = CsvReader(
        path, delimiter=";", required=("Berichtszeitpunkt", "_RS", "Name", table.level_column, *table.columns)
    )
    rows: list[ZensusTableRow] = []
    seen: set[str] = set()
    for line, row in reader.rows():
        if not any((cell or "").strip() for cell in row.values()):
            continue  # the Gebäude sheet ends with lines of empty cells
        if row["Berichtszeitpunkt"].strip() != REFERENCE:
            raise ImportFormatError(
                path,
                line,
                "Berichtszeitpunkt",
                f"Unerwarteter Berichtszeitpunkt „{row['Berichtszeitpunkt'].strip()}“ (erwartet {REFERENCE}).",
            )
        rs = check_digits(path, line, "_RS", row["_RS"], (2, 3, 5, 9, 12))
        if rs in seen:
            raise ImportFormatError(path, line, "_RS", f"Der Regionalschlüssel {rs} kommt doppelt vor.")
        seen.add(rs)
        if rs == "00":
            key, level = "0", "bund"
        elif len(rs) in LEVELS:
            key, level = (rs[:5] + rs[9:] if len(rs) == 12 else rs), LEVELS[len(rs)]
        else:
            continue  # Regierungsbezirke and Gemeindeverbände are not shown anywhere
        values = {
            column: _value(
                path,
                line,
                column,
                row[column],
                table.total_missing if column == table.total else table.missing,
            )
            for column in table.columns
        }
        rows.append(ZensusTableRow(key, level, row["Name"].strip(), values, line))
    if not any(r.level == "gemeinde" for r in rows):
        raise ImportFormatError(path, None, None, "Die Datei enthält keine Gemeinden.")
    return rows
