"""Population, its change over 5 and 10 years, area and density."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.places.engine.indicators.inputs import (
    NO_BASIS_AREA,
    Basis,
    PopulationPoint,
    RegionData,
)
from leuchtfeuer.places.engine.indicators.results import (
    IndicatorResult,
    Like,
    fmt_date,
    make_result,
)

# ---------------------------------------------------------------------------------------------
# Population, change, area
# ---------------------------------------------------------------------------------------------


def valid_points(points: Sequence[PopulationPoint]) -> list[PopulationPoint]:
    ok = [p for p in points if p.total is not None and math.isfinite(p.total)]
    return sorted(ok, key=lambda p: p.date)


def latest_point(points: Sequence[PopulationPoint]) -> PopulationPoint | None:
    pts = valid_points(points)
    return pts[-1] if pts else None


def _years_between(a: date, b: date) -> float:
    return (b - a).days / 365.2425


def _change(start: PopulationPoint, end: PopulationPoint) -> float | None:
    if start.total is None or end.total is None or start.total <= 0:
        return None
    return 100.0 * (end.total - start.total) / start.total


def _break_note(start: PopulationPoint, end: PopulationPoint) -> str:
    return (
        f"Achtung: Der Vergleich reicht über einen Wechsel der Zählungsbasis "
        f"({start.basis.label} → {end.basis.label}). Ein Teil der Veränderung ist statistisch "
        f"bedingt, nicht tatsächlich."
    )


def population_change(
    points: Sequence[PopulationPoint], years: int, *, tolerance_years: float = 1.0
) -> tuple[PopulationPoint, PopulationPoint] | None:
    """Start and end point for a change over ``years``: end = latest point; start = the point
    closest to ``years`` before it, within ``tolerance_years``, preferring the end's basis.
    Returns None if no such start point exists."""
    pts = valid_points(points)
    if len(pts) < 2:
        return None
    end = pts[-1]
    candidates = [
        p for p in pts[:-1] if abs(_years_between(p.date, end.date) - years) <= tolerance_years + 1e-9
    ]
    if not candidates:
        return None
    start = min(
        candidates,
        key=lambda p: (
            p.basis != end.basis,
            abs(_years_between(p.date, end.date) - years),
            p.date,
        ),
    )
    return start, end


def point_on(points: Sequence[PopulationPoint], day: date | None) -> PopulationPoint | None:
    return next((p for p in valid_points(points) if p.date == day), None)


def _pair_like(
    points: Sequence[PopulationPoint], like: IndicatorResult | None
) -> tuple[PopulationPoint, PopulationPoint] | None:
    """The comparison region's points on the town's start and end dates (None if it lacks one)."""
    if like is None or like.reference_start is None or like.reference_date is None:
        return None
    start, end = point_on(points, like.reference_start), point_on(points, like.reference_date)
    return (start, end) if start is not None and end is not None else None


def _span_basis(start: PopulationPoint, end: PopulationPoint) -> str:
    if start.basis == end.basis:
        return end.basis_words if start.count == end.count else end.basis.words()
    return f"{start.basis_words} → {end.basis_words} (Wechsel der Zählungsbasis)"


def _change_result(
    key: str, pair: tuple[PopulationPoint, PopulationPoint] | None, nominal_years: int | None
) -> IndicatorResult:
    if pair is None:
        return make_result(key, None, None, "", notes=("Keine passenden Stichtage vorhanden.",))
    start, end = pair
    notes: list[str] = []
    brk = start.basis != end.basis
    if brk:
        notes.append(_break_note(start, end))
    span = _years_between(start.date, end.date)
    if nominal_years is not None and abs(span - nominal_years) > 0.1:
        notes.append(
            f"Vergleichszeitraum {fmt_date(start.date)} bis {fmt_date(end.date)} "
            f"({format_number(span, 1)} Jahre), da kein Wert genau {nominal_years} Jahre zuvor vorliegt."
        )
    source = start.source if start.source == end.source else f"{start.source}; {end.source}"
    return make_result(
        key,
        _change(start, end),
        end.date,
        source,
        reference_start=start.date,
        series_break=brk,
        notes=tuple(notes),
        basis=_span_basis(start, end),
    )


def population_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    pts = valid_points(region.population)
    series = [p for p in pts if not p.count]  # the Fortschreibung; Zensus counts stand apart
    out: list[IndicatorResult] = []
    if like is not None:
        end = point_on(pts, like["population"].reference_date)
    else:
        end = series[-1] if series else (pts[-1] if pts else None)
    if end is None:
        out.append(make_result("population", None, None, "", notes=("Keine Einwohnerzahl vorhanden.",)))
    else:
        out.append(make_result("population", end.total, end.date, end.source, basis=end.basis_words))
    census = next((p for p in pts if p.count and p.basis is Basis.ZENSUS_2022), None)
    if census is None:
        out.append(
            make_result("population_zensus2022", None, None, "", notes=("Kein Zensus-2022-Ergebnis.",))
        )
    else:
        out.append(
            make_result(
                "population_zensus2022", census.total, census.date, census.source, basis=census.basis_words
            )
        )

    def change(key: str, own: tuple[PopulationPoint, PopulationPoint] | None, years: int | None) -> None:
        pair = _pair_like(pts, like[key]) if like is not None else own
        out.append(_change_result(key, pair, years))

    change("population_change_5y", population_change(series, 5), 5)
    change("population_change_10y", population_change(series, 10), 10)
    change("population_change_long", (series[0], series[-1]) if len(series) >= 2 else None, None)
    # Same basis: from its first Fortschreibung figure (31.12.2011 for the Zensus 2011 basis, as
    # Kreise and Länder have it too); only if there is just one, from the Zensus count itself.
    same = [p for p in series if p.basis == series[-1].basis] if series else []
    if len(same) == 1:
        same = [p for p in pts if p.count and p.basis == same[0].basis and p.date < same[0].date][:1] + same
    change("population_change_same_basis", (same[0], same[-1]) if len(same) >= 2 else None, None)

    area = region.area_km2 if region.area_km2 is not None and region.area_km2 > 0 else None
    out.append(make_result("area", area, region.area_date, region.area_source, basis=NO_BASIS_AREA))
    density = end.total / area if (end is not None and area is not None and end.total is not None) else None
    dens_notes: tuple[str, ...] = ()
    if end is not None and region.area_date is not None and region.area_date != end.date:
        dens_notes = (f"Fläche zum {fmt_date(region.area_date)}, Bevölkerung zum {fmt_date(end.date)}.",)
    out.append(
        make_result(
            "density",
            density,
            end.date if end else None,
            "; ".join(dict.fromkeys(s for s in (region.area_source, end.source if end else "") if s)),
            notes=dens_notes,
            basis=end.basis_words if end else "",
        )
    )
    with_sex = [p for p in pts if p.male and p.female is not None]
    if like is not None:
        point = point_on(with_sex, like["sex_ratio"].reference_date)
    else:
        point = with_sex[-1] if with_sex else None
    if point is None:
        out.append(make_result("sex_ratio", None, None, "", notes=("Keine Angaben nach Geschlecht.",)))
    else:
        assert point.male is not None and point.female is not None
        out.append(
            make_result(
                "sex_ratio",
                100.0 * point.female / point.male,
                point.date,
                point.source,
                basis=point.basis_words,
            )
        )
    return out
