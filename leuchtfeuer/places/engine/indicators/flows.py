"""Births, deaths and migration per 1,000 inhabitants, and the life phases of movers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from leuchtfeuer.places.engine import agegroups as ag
from leuchtfeuer.places.engine.agegroups import MIGRATION_6
from leuchtfeuer.places.engine.indicators.age import ESTIMATE_NOTE, is_exact
from leuchtfeuer.places.engine.indicators.inputs import (
    NO_BASIS_EVENTS,
    AgeSexStructure,
    AnnualCounts,
    PopulationPoint,
    RegionData,
)
from leuchtfeuer.places.engine.indicators.population import point_on, valid_points
from leuchtfeuer.places.engine.indicators.results import (
    IndicatorResult,
    Like,
    fmt_date,
    make_result,
)

# ---------------------------------------------------------------------------------------------
# Births, deaths, migration
# ---------------------------------------------------------------------------------------------


def mean_population(points: Sequence[PopulationPoint], year: int) -> tuple[float | None, str | None]:
    """Denominator for the rates of ``year``: the mean of the populations on 31.12.(year-1) and
    31.12.year when both exist on the same basis; otherwise the 31.12.year population alone (the
    note says so); otherwise None."""
    by_date = {p.date: p for p in valid_points(points)}
    end = by_date.get(date(year, 12, 31))
    start = by_date.get(date(year - 1, 12, 31))
    if end is None:
        return None, None
    if start is not None and start.basis == end.basis:
        return (start.total + end.total) / 2.0, None  # type: ignore[operator]
    return end.total, f"Bezogen auf die Bevölkerung am 31.12.{year} (kein vergleichbarer Vorjahreswert)."


def _rate_basis(points: Sequence[PopulationPoint], year: int) -> str:
    end = point_on(points, date(year, 12, 31))
    return end.basis_words if end is not None else ""


def _latest_year(counts: AnnualCounts | None) -> int | None:
    if counts is None:
        return None
    years = [y for y, v in counts.values.items() if v is not None and math.isfinite(v)]
    return max(years) if years else None


def _rate(value: float | None, denom: float | None) -> float | None:
    if value is None or denom is None or denom <= 0:
        return None
    return 1000.0 * value / denom


def _year_like(like: Like | None, key: str) -> int | None:
    if like is None:
        return None
    day = like[key].reference_date
    return day.year if day is not None else -1


def vital_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    out: list[IndicatorResult] = []
    for key, rate_key, counts in (
        ("births", "birth_rate", region.births),
        ("deaths", "death_rate", region.deaths),
    ):
        year = _latest_year(counts) if like is None else _year_like(like, key)
        if year is None or counts is None or counts.values.get(year) is None:
            out.append(make_result(key, None, None, ""))
            out.append(make_result(rate_key, None, None, ""))
            continue
        v = counts.values[year]
        denom, note = mean_population(region.population, year)
        period = {"reference_start": date(year, 1, 1)}
        out.append(
            make_result(
                key, v, date(year, 12, 31), f"{counts.source}, {year}", basis=NO_BASIS_EVENTS, **period
            )
        )
        out.append(
            make_result(
                rate_key,
                _rate(v, denom),
                date(year, 12, 31),
                f"{counts.source}, {year}",
                notes=(note,) if note else (),
                basis=_rate_basis(region.population, year),
                **period,
            )
        )
    # Natural balance needs births and deaths of the same year.
    years = set()
    if region.births and region.deaths:
        years = {
            y
            for y in region.births.values
            if region.births.values.get(y) is not None and region.deaths.values.get(y) is not None
        }
    wanted = _year_like(like, "natural_balance")
    if wanted is not None:
        years = years & {wanted}
    if not years:
        out.append(make_result("natural_balance", None, None, ""))
        out.append(make_result("natural_balance_per_1000", None, None, ""))
        return out
    year = max(years)
    assert region.births is not None and region.deaths is not None
    bal = float(region.births.values[year]) - float(region.deaths.values[year])  # type: ignore[arg-type]
    denom, note = mean_population(region.population, year)
    src = f"{region.births.source}; {region.deaths.source}, {year}"
    period = {"reference_start": date(year, 1, 1)}
    out.append(make_result("natural_balance", bal, date(year, 12, 31), src, basis=NO_BASIS_EVENTS, **period))
    out.append(
        make_result(
            "natural_balance_per_1000",
            _rate(bal, denom),
            date(year, 12, 31),
            src,
            notes=(note,) if note else (),
            basis=_rate_basis(region.population, year),
            **period,
        )
    )
    return out


# Life phases of movers: (key, mover bands as exact-age ranges). The 6 bands of the
# Wanderungsstatistik match Wegweiser Kommune's phases exactly ("18–24" = 18 bis unter 25).
LIFE_PHASES: tuple[tuple[str, tuple[tuple[int, int | None], ...]], ...] = (
    ("migration_family", ((0, 18), (30, 50))),
    ("migration_education", ((18, 25),)),
    ("migration_career_start", ((25, 30),)),
    ("migration_50_64", ((50, 65),)),
    ("migration_retirement", ((65, None),)),
)


def _structure_for_year(region: RegionData, year: int) -> AgeSexStructure | None:
    """The age structure life-phase rates refer to: the one at the end of the migration year
    if there is one, else the most recent."""
    structures = region.structures()
    same = [s for s in structures if s.reference_date == date(year, 12, 31)]
    return same[0] if same else (structures[0] if structures else None)


def migration_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    m = region.migration
    keys = ["migration_balance", "migration_balance_per_1000", *(k for k, _ in LIFE_PHASES)]
    wanted = _year_like(like, "migration_balance")
    if m is None or (wanted is not None and wanted != m.year):
        return [make_result(k, None, None, "") for k in keys]
    start, end = date(m.year, 1, 1), date(m.year, 12, 31)
    inflow, outflow = m.totals()
    bal = inflow - outflow
    denom, note = mean_population(region.population, m.year)
    out = [
        make_result("migration_balance", bal, end, m.source, reference_start=start, basis=NO_BASIS_EVENTS),
        make_result(
            "migration_balance_per_1000",
            _rate(bal, denom),
            end,
            m.source,
            reference_start=start,
            notes=(note,) if note else (),
            basis=_rate_basis(region.population, m.year),
        ),
    ]
    s = _structure_for_year(region, m.year)
    net_by_band = m.inflow - m.outflow
    for key, ranges in LIFE_PHASES:
        net = float(sum(ag.count_in_range(net_by_band, MIGRATION_6, lo, hi) for lo, hi in ranges))
        if s is None:
            out.append(
                make_result(
                    key,
                    None,
                    end,
                    m.source,
                    reference_start=start,
                    notes=("Keine Altersstruktur für den Bezug vorhanden.",),
                )
            )
            continue
        pop = float(sum(ag.count_in_range(s.total, s.scheme, lo, hi) for lo, hi in ranges))
        exact = is_exact(s.scheme, *ranges)
        notes = [
            f"Bezogen auf die Einwohner:innen der Altersgruppe am {fmt_date(s.reference_date)} ({s.source})."
        ]
        if not exact:
            notes.insert(0, ESTIMATE_NOTE)
        if s.reference_date.year != m.year:
            notes.append("Achtung: Altersstruktur und Wanderungsjahr stammen aus verschiedenen Jahren.")
        out.append(
            make_result(
                key,
                _rate(net, pop) if math.isfinite(net) else None,
                end,
                m.source,
                reference_start=start,
                estimated=not exact,
                notes=tuple(notes),
                basis=s.basis_words,
            )
        )
    return out
