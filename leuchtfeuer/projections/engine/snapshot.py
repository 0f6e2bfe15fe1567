"""The data a projection may see: official figures cut at a base year.

WHY a separate type: a backtest is only honest if the model cannot peek at what happened after
its base year. Every record here carries the year it describes; `Snapshot.cut(Y)` returns a copy
without anything dated after Y and `Snapshot(...)` refuses records later than its `base_year`.
Evaluation targets (e.g. the GV 2023 totals) are never part of the snapshot a model gets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

# Territory flags that mean "the figure stands for today's territory" (places.models.Territory).
COMPARABLE = frozenset({"current", "harmonised"})


class LookAheadError(ValueError):
    """Raised when data dated after the base year is handed to a projection."""


@dataclass(frozen=True)
class Total:
    """Population on 31.12. of `year` (Zensus 2011 basis from 2011 on)."""

    region: str
    year: int
    total: int
    male: int | None
    female: int | None
    basis: str
    comparable: bool  # territory equals today's (current or harmonised)


@dataclass(frozen=True)
class Vital:
    """Live births and deaths during `year`."""

    region: str
    year: int
    births: int | None
    deaths: int | None
    deaths_male: int | None
    deaths_female: int | None
    comparable: bool


@dataclass(frozen=True)
class AgeTable:
    """One region's counts by age band and sex (stock at the end of `year` or flow during it).

    `male`/`female`/`total` are per band; None = secret or missing.
    """

    region: str
    kind: str
    scheme: str
    year: int
    bands: tuple[tuple[int, int | None], ...]
    total: tuple[int | None, ...]
    male: tuple[int | None, ...]
    female: tuple[int | None, ...]
    comparable: bool
    # share of `year` elapsed at the reference date: 1.0 for 31.12., 0.37 for the Zensus day
    # 15.05.2022 (a table of a census day is advanced to the year end before it is used)
    fraction: float = 1.0


@dataclass(frozen=True)
class Snapshot:
    """Official figures a projection with base year `base_year` may use."""

    base_year: int
    totals: tuple[Total, ...] = ()
    vital: tuple[Vital, ...] = ()
    tables: tuple[AgeTable, ...] = ()
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        records: tuple[Total | Vital | AgeTable, ...] = (*self.totals, *self.vital, *self.tables)
        for record in records:
            if record.year > self.base_year:
                raise LookAheadError(
                    f"{type(record).__name__} {record.region} {record.year} liegt nach dem Basisjahr {self.base_year}"
                )

    def cut(self, year: int) -> Snapshot:
        """A snapshot without anything dated after `year` (the only way to lower the base year)."""
        return Snapshot(
            base_year=year,
            totals=tuple(r for r in self.totals if r.year <= year),
            vital=tuple(r for r in self.vital if r.year <= year),
            tables=tuple(r for r in self.tables if r.year <= year),
        )

    # -- lookups (built lazily, cached on the frozen instance) ----------------------------------

    def totals_by_region(self) -> dict[str, dict[int, Total]]:
        if "totals" not in self._index:
            index: dict[str, dict[int, Total]] = {}
            for r in self.totals:
                index.setdefault(r.region, {})[r.year] = r
            self._index["totals"] = index
        return cast("dict[str, dict[int, Total]]", self._index["totals"])

    def vital_by_region(self) -> dict[str, dict[int, Vital]]:
        if "vital" not in self._index:
            index: dict[str, dict[int, Vital]] = {}
            for r in self.vital:
                index.setdefault(r.region, {})[r.year] = r
            self._index["vital"] = index
        return cast("dict[str, dict[int, Vital]]", self._index["vital"])

    def latest_table(
        self, region: str, kind: str, schemes: Iterable[str], until: int | None = None
    ) -> AgeTable | None:
        """The most recent table of `kind` in one of `schemes` for `region`, dated ≤ `until` if
        given (None if none)."""
        if "tables" not in self._index:
            index: dict[tuple[str, str], list[AgeTable]] = {}
            for t in self.tables:
                index.setdefault((t.region, t.kind), []).append(t)
            for tables in index.values():
                tables.sort(key=lambda t: t.year, reverse=True)
            self._index["tables"] = index
        wanted = set(schemes)
        by_key: dict[tuple[str, str], list[AgeTable]] = self._index["tables"]
        for table in by_key.get((region, kind), []):
            if table.scheme in wanted and (until is None or table.year <= until):
                return table
        return None


class _PopRow(Protocol):
    region: str
    reference_date: Any
    total: int
    male: int | None
    female: int | None
    basis: str
    territory: str


def year_fraction(day: Any) -> float:
    """Share of the year elapsed at the end of `day` (31.12. → 1.0, 15.05.2022 → 135/365)."""
    first, last = day.replace(month=1, day=1), day.replace(month=12, day=31)
    fraction: float = ((day - first).days + 1) / ((last - first).days + 1)
    return fraction


def snapshot_from_rows(
    base_year: int,
    population: Iterable[Any],
    vital: Iterable[Any],
    ages: Iterable[Any],
) -> Snapshot:
    """Build a snapshot from importer rows or DB rows (anything with the model's attribute names).

    Only year-end population counts are used (the Zensus day 09.05.2011 counts are not a year end).
    Rows dated after `base_year` are dropped here — this is the cut.
    """
    totals = tuple(
        Total(r.region, r.reference_date.year, r.total, r.male, r.female, r.basis, r.territory in COMPARABLE)
        for r in population
        if r.reference_date.month == 12 and r.reference_date.day == 31 and r.reference_date.year <= base_year
    )
    vitals = tuple(
        Vital(r.region, r.year, r.births, r.deaths, r.deaths_male, r.deaths_female, r.territory in COMPARABLE)
        for r in vital
        if r.year <= base_year
    )
    grouped: dict[tuple[Any, ...], list[Any]] = {}
    for r in ages:
        if r.reference_date.year <= base_year:
            grouped.setdefault((r.region, r.kind, r.scheme, r.reference_date.year), []).append(r)
    tables = []
    for (region, kind, scheme, year), rows in grouped.items():
        rows.sort(key=lambda r: r.age_from)
        day = rows[0].reference_date
        tables.append(
            AgeTable(
                region,
                kind,
                scheme,
                year,
                tuple((r.age_from, r.age_to) for r in rows),
                tuple(r.total for r in rows),
                tuple(r.male for r in rows),
                tuple(r.female for r in rows),
                all(r.territory in COMPARABLE for r in rows),
                year_fraction(day),
            )
        )
    return Snapshot(base_year=base_year, totals=totals, vital=vitals, tables=tuple(tables))
