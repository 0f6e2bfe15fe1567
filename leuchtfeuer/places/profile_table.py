"""The indicator table of the Kommunalprofil as people read it (page and PDF).

Rows grouped under German headings; per row the town's value with its unit, the Kreis, Land and
peer values on the same date or period, one "Stand" cell with the date and the population basis
in words, and the sources as numbered notes below the table instead of a column that would be
clipped on a phone or an A4 page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.places.engine.indicators import DEFINITIONS, IndicatorResult
from leuchtfeuer.places.profile import Profile

COUNT_UNITS = ("Personen", "Einwohner:innen")
_TRAILING_DATE = re.compile(r",\s*(\d{2}\.\d{2}\.\d{4}|\d{4})$")


@dataclass
class TableRow:
    key: str
    label: str
    definition: str
    unit: str
    unit_below: str  # a long unit, shown under the label unless the label already says it
    value: float | None
    fmt: str  # Django floatformat argument
    kreis: float | None
    land: float | None
    peers: float | None
    stand: str  # "15.05.2022" / "31.12.2013 bis 31.12.2023" / "Jahr 2015"
    basis: str  # German words
    estimated: bool
    notes: list[str]  # letters of the Hinweise below the table
    history: list[str]  # "31.12.2015: 28,6 % (Basis Zensus 2011)"
    sources: list[int]  # numbers of the Quellen below the table


@dataclass
class TableGroup:
    title: str
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class IndicatorTable:
    groups: list[TableGroup]
    sources: list[str]  # numbered 1, 2, …
    notes: list[tuple[str, str]]  # (letter, text): a caveat shared by several rows is listed once


def period_text(result: IndicatorResult) -> str:
    end, start = result.reference_date, result.reference_start
    if end is None:
        return ""
    if start is None:
        return f"{end:%d.%m.%Y}"
    if start == date(end.year, 1, 1) and (end.month, end.day) == (12, 31):
        return f"Jahr {end.year}"
    return f"{start:%d.%m.%Y} bis {end:%d.%m.%Y}"


def source_key(text: str) -> str:
    """A source without the date at its end (the date stands in the "Stand" cell)."""
    return _TRAILING_DATE.sub("", text.strip())


def _decimals(unit: str) -> int:
    return 0 if unit in COUNT_UNITS else 1


def _history_text(result: IndicatorResult) -> list[str]:
    texts = []
    for past in result.history:
        if past.value is None:
            continue
        value = format_number(past.value, _decimals(result.unit))
        unit = f" {result.unit}" if result.unit.startswith("%") else ""
        estimate = ", geschätzt" if past.estimated else ""
        basis = past.basis.replace("Fortschreibung auf Basis des ", "Basis ")
        texts.append(f"{past.reference_date:%d.%m.%Y}: {value}{unit} ({basis}{estimate})")
    return texts


def _letter(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < len(letters) else f"{letters[index // 26 - 1]}{letters[index % 26]}"


def indicator_table(profile: Profile) -> IndicatorTable:
    sources: list[str] = []
    notes: list[str] = []
    groups: dict[str, TableGroup] = {}
    for result in profile.indicators:
        comparison = profile.comparison.get(result.key, {})
        refs = []
        for part in result.source.split(";"):
            key = source_key(part)
            if not key:
                continue
            if key not in sources:
                sources.append(key)
            refs.append(sources.index(key) + 1)
        letters = []
        for note in result.notes:
            if note not in notes:
                notes.append(note)
            letters.append(_letter(notes.index(note)))
        definition = DEFINITIONS[result.key]
        group = groups.setdefault(definition.group, TableGroup(definition.group))
        group.rows.append(
            TableRow(
                key=result.key,
                label=result.label,
                definition=result.definition,
                unit=result.unit,
                unit_below=result.unit if len(result.unit) > 12 and result.unit not in result.label else "",
                value=result.value,
                fmt="0g" if _decimals(result.unit) == 0 else "1g",
                kreis=comparison.get("kreis"),
                land=comparison.get("land"),
                peers=comparison.get("peers"),
                stand=period_text(result),
                basis=result.basis,
                estimated=result.estimated,
                notes=letters,
                history=_history_text(result),
                sources=sorted(set(refs)),
            )
        )
    return IndicatorTable(list(groups.values()), sources, [(_letter(i), n) for i, n in enumerate(notes)])
