"""Destatis "Gebietsänderungen" workbooks (list of all territorial changes of a year).

Sheet "Gebietsaenderungen": per change the giving/dissolved and the receiving/new Gemeinde (ARS,
AGS, name), Änderungsart (1 Auflösung, 2 Teilausgliederung, 3 Neubildung/Schlüsseländerung),
area in m², inhabitants moved, legal and statistical date. Only Gemeinde rows are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from leuchtfeuer.places.importers.base import ImportFormatError


@dataclass(frozen=True)
class TerritorialChange:
    old_ags: str
    old_name: str
    kind: int  # 1 dissolved into new, 2 part moved, 3 whole unit re-keyed / newly formed
    area_m2: int | None
    inhabitants: int | None
    new_ags: str
    new_name: str
    line: int

    @property
    def whole(self) -> bool:
        return self.kind in (1, 3)


def read_gebietsaenderungen(path: Path) -> list[TerritorialChange]:
    import openpyxl

    if not path.exists():
        raise ImportFormatError(path, None, None, "Die Datei fehlt.")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl reports a damaged file as zip, XML or key errors
        raise ImportFormatError(
            path,
            None,
            None,
            f"Die Arbeitsmappe lässt sich nicht lesen; ist die Datei abgeschnitten oder beschädigt? "
            f"({type(exc).__name__}: {exc})",
        ) from None
    try:
        return _read_changes(path, workbook)
    finally:
        workbook.close()


def _sheet_rows(path: Path, sheet) -> Iterator[tuple[int, tuple]]:
    """Rows with their number; in read-only mode a damaged sheet fails only while it is read."""
    rows = sheet.iter_rows(values_only=True, max_col=13)
    line = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            # The XML is parsed ahead of the rows handed out: the damage lies at or after `line`.
            raise ImportFormatError(
                path,
                None,
                None,
                f"Das Tabellenblatt „Gebietsaenderungen“ ist beschädigt: Nach Zeile {line} lässt es sich nicht weiterlesen "
                f"({type(exc).__name__}: {exc}).",
            ) from None
        line += 1
        yield line, row


def _read_changes(path: Path, workbook) -> list[TerritorialChange]:
    if "Gebietsaenderungen" not in workbook.sheetnames:
        raise ImportFormatError(path, None, "Gebietsaenderungen", "Das Tabellenblatt fehlt.")
    sheet = workbook["Gebietsaenderungen"]
    changes: list[TerritorialChange] = []
    header_seen = False
    for line, row in _sheet_rows(path, sheet):
        cells = ["" if v is None else str(v).strip() for v in row]
        if len(cells) < 13:
            cells += [""] * (13 - len(cells))
        if cells[2] == "Amtlicher Regionalschlüssel (ARS)":
            if cells[3].replace("-", "").replace(" ", "") != "AmtlicherGemeindeschlüssel(AGS)":
                raise ImportFormatError(path, line, "D", "Spalte „Amtlicher Gemeindeschlüssel (AGS)“ fehlt.")
            header_seen = True
            continue
        if cells[1] != "Gemeinde":
            continue
        if not header_seen:
            raise ImportFormatError(path, line, None, "Die Kopfzeile der Gebietsänderungen fehlt.")
        old_ags, new_ags = cells[3], cells[9]
        for column, value in (("D", old_ags), ("J", new_ags)):
            if not (value.isascii() and value.isdigit() and len(value) == 8):
                raise ImportFormatError(path, line, column, f"„{value}“ ist kein gültiger AGS (8 Ziffern).")
        try:
            kind = int(cells[5])
        except ValueError:
            raise ImportFormatError(path, line, "F", f"Unbekannte Änderungsart „{cells[5]}“.") from None

        def number(column: str, value: str, line: int = line) -> int | None:
            if value == "":
                return None
            try:
                return int(float(value))
            except (ValueError, OverflowError):  # also "nan" and "inf"
                raise ImportFormatError(path, line, column, f"„{value}“ ist keine Zahl.") from None

        changes.append(
            TerritorialChange(
                old_ags=old_ags,
                old_name=cells[4],
                kind=kind,
                area_m2=number("G", cells[6]),
                inhabitants=number("H", cells[7]),
                new_ags=new_ags,
                new_name=cells[10],
                line=line,
            )
        )
    if not header_seen:
        raise ImportFormatError(path, None, None, "Die Kopfzeile der Gebietsänderungen fehlt.")
    return changes
