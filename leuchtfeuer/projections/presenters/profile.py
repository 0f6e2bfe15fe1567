"""The projection section of the Kommunalprofil (page and PDF): start, totals with ranges, fan
chart, pyramids and planning age groups."""

from __future__ import annotations

import logging

import numpy as np

from leuchtfeuer.core.charts import pyramid
from leuchtfeuer.core.charts.svg import Band
from leuchtfeuer.core.engine.german import format_number
from leuchtfeuer.projections.charts import BAND_80, BAND_95, HISTORY, LINE, Range, Series, fan_chart
from leuchtfeuer.projections.current import END_YEAR, ProjectionPending, region_projection
from leuchtfeuer.projections.engine.cohort import AGES
from leuchtfeuer.projections.presenters.common import (
    DISCLAIMER,
    LEVELS,
    METHOD_LABELS,
    PYRAMID_BANDS,
    rounded,
)
from leuchtfeuer.projections.presenters.components import (
    component_rows,
    components_summary,
    drivers_sentence,
    growth_reason,
)
from leuchtfeuer.projections.result import (
    BASIS,
    BASIS_LABEL,
    PLANNING_GROUPS,
    RegionProjection,
)

logger = logging.getLogger(__name__)


def basis_context(proj: RegionProjection) -> dict:
    """Where the start comes from, in German: the total's basis and the age table's date, and
    how far the Zensus 2022 count differed from the Fortschreibung."""
    zensus = proj.zensus2022
    difference = None
    if zensus and zensus["fortschreibung"]:
        percent = (zensus["total"] / zensus["fortschreibung"] - 1) * 100
        difference = {
            "total": zensus["total"],
            "fortschreibung": round(zensus["fortschreibung"]),
            "percent": format_number(percent, 1, signed=True),
            "fewer": percent < 0,
        }
    table = proj.base_table_date
    return {
        "basis": proj.basis,
        "basis_label": BASIS_LABEL if proj.basis == BASIS else proj.basis,
        "age_table_date": table,
        "age_table_zensus2022": table is not None and table.year == 2022,
        "zensus2022_difference": difference,
    }


def milestone_years(proj: RegionProjection) -> list[int]:
    """Base year, then every fifth year, and the end year."""
    years = [proj.base_year] + [y for y in range(proj.base_year + 1, END_YEAR + 1) if y % 5 == 0]
    if years[-1] != proj.years[-1]:
        years.append(proj.years[-1])
    return years


def total_rows(proj: RegionProjection, total=None, intervals=None) -> list[dict]:
    """One row per year: total and the calibrated ranges (None where there are none)."""
    total = proj.total if total is None else total
    intervals = proj.intervals if intervals is None else intervals
    rows = []
    for h, year in enumerate(proj.years):
        row = {"year": year, "total": rounded(total[h])}
        for level, key in LEVELS:
            lo_hi = intervals.get(level)
            row[f"lo{key}"] = rounded(lo_hi[0][h]) if lo_hi is not None and h else None
            row[f"hi{key}"] = rounded(lo_hi[1][h]) if lo_hi is not None and h else None
        rows.append(row)
    return rows


def range_bands(
    proj: RegionProjection, intervals, total, *, skip_open: bool = False, short: bool = False
) -> list[Range]:
    """Shaded 95/80 % ranges around `total`; `skip_open` leaves out a level whose upper bound is
    open somewhere (a tiny age group: not shown in the table either); `short` labels ("95 %")
    for small charts."""
    out = []
    for level, fill, label in ((0.95, BAND_95, "95-%-Bereich"), (0.80, BAND_80, "80-%-Bereich")):
        label = label.split("-")[0] + " %" if short else label
        if level not in intervals:
            continue
        lo, hi = intervals[level]
        if skip_open and not (np.isfinite(lo[1:]).all() and np.isfinite(hi[1:]).all()):
            continue
        pts = [(proj.base_year, float(total[0]), float(total[0]))]
        pts += [(y, float(lo[h]), float(hi[h])) for h, y in enumerate(proj.years) if h]
        out.append(Range(label, pts, fill))
    return out


def _base_label(proj: RegionProjection) -> str:
    if proj.own_data and proj.own_data.get("used"):
        return f"{proj.base_year}: Start (eigene Melderegisterdaten)"
    return f"{proj.base_year}: Start{' (Altersaufbau geschätzt)' if proj.base_estimated else ''}"


def fan_svg(proj: RegionProjection, ident: str = "prognose-faecher") -> str:
    history = [(y, float(v)) for y, v in proj.history if y >= proj.base_year - 12]
    series = []
    if history:
        series.append(Series("amtlich", history, HISTORY, dots=True))
    series.append(
        Series("Vorausberechnung", [(y, float(proj.total[h])) for h, y in enumerate(proj.years)], LINE)
    )
    return fan_chart(
        title=f"Bevölkerung bis {proj.years[-1]} – {proj.name}",
        series=series,
        ranges=range_bands(proj, proj.intervals, proj.total),
        ident=ident,
        marker=(proj.base_year, _base_label(proj)),
        desc=(
            f"Fächerdiagramm: amtliche Einwohnerzahl bis {proj.base_year}, danach vorausberechnet bis "
            f"{proj.years[-1]} mit 80- und 95-%-Unsicherheitsbereich. Die Werte stehen in der Tabelle."
        ),
    )


def _bands(pop: np.ndarray) -> list[Band]:
    out = []
    for lo, hi in PYRAMID_BANDS:
        stop = AGES if hi is None else hi
        out.append(Band(lo, hi, float(pop[0, lo:stop].sum()), float(pop[1, lo:stop].sum())))
    return out


def pyramid_context(proj: RegionProjection, years: tuple[int, ...] = (2035, 2045)) -> dict:
    """Pyramids of the start year and the given years (start year as outline), with one table."""
    shown = [proj.base_year] + [y for y in years if y in proj.years and y != proj.base_year]
    base_bands = _bands(proj.population[0])
    charts = []
    for year in shown:
        h = proj.year_index(year)
        estimated = h == 0 and proj.base_estimated
        title = f"Altersaufbau 31.12.{year} – {proj.name}" + (" (geschätzt)" if estimated else "")
        if h == 0:
            svg = pyramid(base_bands, title=title, ident=f"prognose-pyramide-{year}")
        else:
            svg = pyramid(
                _bands(proj.population[h]),
                title=title + " (vorausberechnet)",
                ident=f"prognose-pyramide-{year}",
                overlay=base_bands,
                overlay_label=f"{proj.base_year}",
            )
        charts.append({"year": year, "svg": svg, "estimated": estimated, "projected": h > 0})
    by_year = [_bands(proj.population[proj.year_index(year)]) for year in shown]
    rows = []
    for i, (lo, hi) in enumerate(PYRAMID_BANDS):
        label = f"{lo}–{hi - 1}" if hi is not None else f"{lo} und älter"
        cells = [{"male": rounded(bands[i].male), "female": rounded(bands[i].female)} for bands in by_year]
        rows.append({"label": label, "cells": cells})
    return {"charts": charts, "years": shown, "rows": rows}


def group_range(group_intervals: dict, key: str, level: float, h: int) -> list[int] | None:
    """[lower, upper] of a planning group's calibrated range at step h, rounded; None at the start
    year, where the group has no calibration, or where a bound is not finite (tiny places)."""
    lo_hi = group_intervals.get(key, {}).get(level)
    if lo_hi is None or h == 0:
        return None
    lo, hi = rounded(lo_hi[0][h]), rounded(lo_hi[1][h])
    return None if lo is None or hi is None else [lo, hi]


def group_rows(proj: RegionProjection, population=None, years=None, group_intervals=None) -> list[dict]:
    """One row per planning group: values at `years`, change to the end, and per calibrated level
    of the totals the group's range per year (None = not calibrated / start year)."""
    values = proj.group_values(population)
    group_intervals = proj.group_intervals if group_intervals is None else group_intervals
    years = years or milestone_years(proj)
    rows = []
    for key, label, _, _ in PLANNING_GROUPS:
        series = values[key]
        first, last = float(series[0]), float(series[-1])
        ranges = []
        for level, name in LEVELS:
            if not proj.has_level(level):
                continue
            cells = [
                {
                    "start": proj.year_index(y) == 0,
                    "range": group_range(group_intervals, key, level, proj.year_index(y)),
                }
                for y in years
            ]
            ranges.append({"level": name, "cells": cells})
        rows.append(
            {
                "key": key,
                "label": label,
                "values": [rounded(series[proj.year_index(y)]) for y in years],
                "change": None if first <= 0 else (last - first) / first * 100,
                "calibrated": bool(group_intervals.get(key)),
                "ranges": ranges,
            }
        )
    return rows


def methods_text(proj: RegionProjection) -> str:
    parts = [
        f"{METHOD_LABELS.get(k, k)} {round(w * 100)} %"
        for k, w in sorted(proj.weights.items(), key=lambda kv: -kv[1])
        if w
    ]
    return ", ".join(parts)


def profile_context(proj: RegionProjection | None) -> dict:
    """Everything the Kommunalprofil and its PDF show about the projection."""
    if proj is None:
        return {}
    years = milestone_years(proj)
    components = {r["year"]: r for r in component_rows(proj)}
    rows = [dict(r, components=components.get(r["year"])) for r in total_rows(proj)]
    return {
        "projection": proj,
        "projection_fan_svg": fan_svg(proj),
        "projection_rows": rows,
        "projection_drivers": drivers_sentence(proj),
        "projection_components": components_summary(proj),
        "projection_growth_reason": growth_reason(proj),
        "projection_basis": basis_context(proj),
        "projection_pyramids": pyramid_context(proj),
        "projection_group_years": years,
        "projection_group_rows": group_rows(proj, years=years),
        "projection_levels": [key for level, key in LEVELS if proj.has_level(level)],
        "projection_methods": methods_text(proj),
        "projection_disclaimer": DISCLAIMER,
    }


def profile_projection_context(region, *, compute_missing: bool = True) -> dict:
    """`profile_context` for a region; a failing engine must not take the Kommunalprofil down.

    With `compute_missing=False` (the web page) a projection that is not stored yet is not
    computed in the request: the page shows a placeholder that loads it separately.
    """
    try:
        return profile_context(region_projection(region, compute_missing=compute_missing))
    except ProjectionPending:
        return {"projection_pending": True}
    except Exception:  # logged; the rest of the profile still renders
        logger.exception("Vorausberechnung für %s fehlgeschlagen", region.key)
        return {"projection_failed": True}
