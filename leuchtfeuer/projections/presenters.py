"""Turn a `RegionProjection` (and a scenario) into chart SVGs, table rows and API payloads.

Shared by the Kommunalprofil (page and PDF), the scenario editor and the API, so every place
shows the same rounded numbers.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from leuchtfeuer.core.charts import pyramid
from leuchtfeuer.core.charts.svg import Band
from leuchtfeuer.projections.charts import BAND_80, BAND_95, HISTORY, LINE, SCENARIO, Range, Series, fan_chart
from leuchtfeuer.projections.current import (
    BASIS,
    BASIS_LABEL,
    END_YEAR,
    PLANNING_GROUPS,
    ProjectionPending,
    RegionProjection,
    region_projection,
    shift_group_intervals,
)
from leuchtfeuer.projections.engine.cohort import AGES
from leuchtfeuer.projections.engine.components import growth_drivers
from leuchtfeuer.projections.engine.scenarios import FAMILY_LABEL, MeasureSpec, run_scenario

logger = logging.getLogger(__name__)

LEVELS = ((0.80, "80"), (0.95, "95"))
SHORT_LABELS = {
    "kita": "Kita 0–5",
    "schule": "Schule 6–17",
    "erwerb": "18–64",
    "65plus": "65+",
    "80plus": "80+",
}
PYRAMID_BANDS = [(lo, lo + 5) for lo in range(0, 90, 5)] + [(90, None)]
GROUP_COLOURS = ("#0b4f6c", "#a3336d", "#1e6b32", "#b35900", "#4a4a4a")
METHOD_LABELS = {
    "kohorten": "Kohorten-Komponenten-Modell",
    "konstant": "konstante Bevölkerung",
    "linear": "linearer Trend",
    "exponentiell": "exponentieller Trend",
    "kreisanteil": "konstanter Anteil am Kreistrend",
}
METHOD_TEXT = (
    "Ensemble aus Kohorten-Komponenten-Modell und gedämpften Trendverfahren; Altersstruktur aus dem "
    "Kohorten-Komponenten-Modell, auf die Ensemble-Summe skaliert"
)
DISCLAIMER = (
    "Eine Vorausberechnung ist keine Vorhersage: Sie zeigt, wie sich die Bevölkerung entwickelt, "
    "wenn Geburten, Sterbefälle und Wanderungen so bleiben wie in den letzten Jahren."
)


def _round(value: float) -> int | None:
    return None if value is None or not math.isfinite(value) else round(float(value))


def _de(value: float) -> str:
    """A whole number in German format with a real minus sign (1.234, −56)."""
    return f"{round(float(value)):,}".replace(",", ".").replace("-", "−")


def _signed(value: float) -> str:
    number = round(float(value))
    return ("+" if number > 0 else "") + _de(number)


# -- components: births, deaths, net migration ---------------------------------------------------


def component_rows(proj: RegionProjection, total=None, extra: dict | None = None) -> list[dict]:
    """One row per projected year: births, deaths, net migration and the part of it from the
    trend methods, in whole persons, so that total(t) = total(t−1) + births − deaths + net
    migration holds *exactly* for the rounded totals shown (net migration is the balancing
    item; see `engine.components`)."""
    total = proj.total if total is None else total
    comps = proj.components(None if extra is None else total, extra)
    shown = [round(float(v)) for v in total]
    rows = []
    for h, year in enumerate(proj.years[1:], start=1):
        births = round(float(comps.births[0, h - 1]))
        deaths = round(float(comps.deaths[0, h - 1]))
        rows.append(
            {
                "year": year,
                "births": births,
                "deaths": deaths,
                "net_migration": shown[h] - shown[h - 1] - births + deaths,
                "ensemble_adjustment": round(float(comps.ensemble_adjustment[0, h - 1])),
            }
        )
    return rows


def _migration_period(proj: RegionProjection) -> str:
    if proj.migration_years:
        return f" (Trend {proj.migration_years[0]}–{proj.migration_years[1]})"
    return ""


def drivers_sentence(proj: RegionProjection) -> str:
    """One German sentence on what drives the direction, from the summed components."""
    rows = component_rows(proj)
    natural = sum(r["births"] - r["deaths"] for r in rows)
    net = sum(r["net_migration"] for r in rows)
    change = round(float(proj.total[-1])) - round(float(proj.total[0]))
    period = _migration_period(proj)
    if natural < 0:
        if net > 0:
            if change < 0:
                return (
                    f"Mehr Sterbefälle als Geburten; der Rückgang wird durch mehr Zu- als Fortzüge{period} "
                    "teilweise ausgeglichen."
                )
            how = "mehr als" if change > 0 else "ganz"
            return (
                f"Mehr Sterbefälle als Geburten, aber mehr Zu- als Fortzüge{period}: Sie gleichen den "
                f"Sterbeüberschuss {how} aus."
            )
        if net < 0:
            return (
                f"Mehr Sterbefälle als Geburten und mehr Fort- als Zuzüge{period}: Beides lässt die "
                "Einwohnerzahl sinken."
            )
        return "Mehr Sterbefälle als Geburten bei ausgeglichenen Wanderungen: Die Einwohnerzahl sinkt."
    if net < 0:
        if change < 0:
            return (
                f"Mehr Geburten als Sterbefälle, aber mehr Fort- als Zuzüge{period}: Die Wanderungsverluste "
                "überwiegen."
            )
        return f"Mehr Geburten als Sterbefälle; sie gleichen die Wanderungsverluste{period} aus."
    if natural > 0 or net > 0:
        return (
            f"Mehr Geburten als Sterbefälle und mehr Zu- als Fortzüge{period}: Beides lässt die "
            "Einwohnerzahl wachsen."
            if natural > 0 and net > 0
            else (
                "Mehr Geburten als Sterbefälle bei ausgeglichenen Wanderungen: Die Einwohnerzahl wächst."
                if natural > 0
                else f"Geburten und Sterbefälle halten sich die Waage; mehr Zu- als Fortzüge{period} lassen "
                "die Einwohnerzahl wachsen."
            )
        )
    return "Geburten und Sterbefälle wie Zu- und Fortzüge halten sich die Waage."


def components_summary(proj: RegionProjection) -> dict:
    """Sums over the whole projection and the migration of the history window, for the page."""
    rows = component_rows(proj)
    net = sum(r["net_migration"] for r in rows)
    adjustment = sum(r["ensemble_adjustment"] for r in rows)
    return {
        "first": proj.years[1],
        "last": proj.years[-1],
        "births": sum(r["births"] for r in rows),
        "deaths": sum(r["deaths"] for r in rows),
        "net_migration": net,
        "net_migration_text": _signed(net),
        "ensemble_adjustment": adjustment,
        "ensemble_adjustment_text": _signed(adjustment),
        "past_net_migration_text": None
        if proj.past_net_migration is None
        else _signed(proj.past_net_migration),
        "past_window": proj.past_window,
        "last_vital_year": proj.last_vital_year,
    }


DRIVER_TEXT = {
    "kohorten": (
        "der Wanderungsannahme des Kohorten-Komponenten-Modells ({rate} je 1.000 Einwohner:innen und Jahr: "
        "die Wanderungssalden der Gemeinde, bei kleinen Gemeinden an den Saldo des Kreises angelehnt)"
    ),
    "kreisanteil": (
        "dem Verfahren „konstanter Anteil am Kreistrend“: Die Einwohnerzahl des Kreises ist in den letzten "
        "Jahren gewachsen, und die Gemeinde behält ihren Anteil daran (gedämpft fortgeschrieben)"
    ),
    "linear": "dem linearen Trend der eigenen Einwohnerzahl der letzten Jahre (gedämpft fortgeschrieben)",
    "exponentiell": "dem exponentiellen Trend der eigenen Einwohnerzahl der letzten Jahre (gedämpft fortgeschrieben)",
}


def growth_reason(proj: RegionProjection) -> str | None:
    """For a projection that grows although births < deaths and the last ten years brought no
    net migration gain: where the growth comes from (the ensemble method that adds most)."""
    if not proj.growth_without_source():
        return None
    start = float(proj.total[0])
    changes = {m: float(v[-1]) - start for m, v in proj.methods.items()}
    drivers = growth_drivers(proj.weights, changes)
    top = drivers[0][0] if drivers and drivers[0][1] > 0 else "kohorten"
    size = max(float(proj.base.sum()), 1.0)
    net_rate = (
        float(proj.rates.in_level[0]) - float((proj.rates.out_rate[0] * proj.base).sum()) / size
    ) * 1000
    rate = f"{net_rate:+.1f}".replace(".", ",").replace("-", "−")
    window = proj.past_window
    past = (
        f"zwischen {window[0]} und {window[1]} nicht mehr Menschen zu- als fortgezogen sind "
        f"(Saldo {_signed(proj.past_net_migration)})"
        if window and proj.past_net_migration is not None
        else "in den letzten Jahren nicht mehr Menschen zu- als fortgezogen sind"
    )
    return (
        f"Die Einwohnerzahl steigt in dieser Vorausberechnung, obwohl mehr Menschen sterben als geboren "
        f"werden und {past}. Der Zuwachs kommt aus {DRIVER_TEXT[top].format(rate=rate)}."
    )


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
            "percent": f"{percent:+.1f}".replace(".", ",").replace("-", "−"),
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
        row = {"year": year, "total": _round(total[h])}
        for level, key in LEVELS:
            lo_hi = intervals.get(level)
            row[f"lo{key}"] = _round(lo_hi[0][h]) if lo_hi is not None and h else None
            row[f"hi{key}"] = _round(lo_hi[1][h]) if lo_hi is not None and h else None
        rows.append(row)
    return rows


def _ranges(
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
        ranges=_ranges(proj, proj.intervals, proj.total),
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
        cells = [{"male": _round(bands[i].male), "female": _round(bands[i].female)} for bands in by_year]
        rows.append({"label": label, "cells": cells})
    return {"charts": charts, "years": shown, "rows": rows}


def group_range(group_intervals: dict, key: str, level: float, h: int) -> list[int] | None:
    """[lower, upper] of a planning group's calibrated range at step h, rounded; None at the start
    year, where the group has no calibration, or where a bound is not finite (tiny places)."""
    lo_hi = group_intervals.get(key, {}).get(level)
    if lo_hi is None or h == 0:
        return None
    lo, hi = _round(lo_hi[0][h]), _round(lo_hi[1][h])
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
                "values": [_round(series[proj.year_index(y)]) for y in years],
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


# -- scenarios -------------------------------------------------------------------------------


def measure_specs(scenario) -> list[MeasureSpec]:
    specs = []
    for m in scenario.measures.all():
        specs.append(
            MeasureSpec(
                kind=m.kind,
                start_year=m.start_year,
                end_year=m.end_year,
                count=float(m.count or 0),
                percent=float(m.percent or 0),
                age_from=m.age_from if m.age_from is not None else 0,
                age_to=m.age_to if m.age_to is not None else AGES - 1,
            )
        )
    return specs


@dataclass
class ScenarioResult:
    total: np.ndarray  # (H+1,) scenario total
    difference: np.ndarray  # (H+1,) scenario − baseline total
    population: np.ndarray  # (H+1, 2, A)
    intervals: dict[float, tuple[np.ndarray, np.ndarray]]
    group_intervals: dict[str, dict[float, tuple[np.ndarray, np.ndarray]]]  # baseline's, moved
    extra_per_year: np.ndarray  # (H,) extra migrants added per step (incl. avoided out-moves)
    extra_flows: dict[str, np.ndarray] | None = None  # (H,) births, deaths: scenario − baseline


def scenario_result(proj: RegionProjection, scenario) -> ScenarioResult:
    """Baseline + the cohort model's difference between scenario and baseline runs.

    The measures' effect comes from the cohort model run twice from the same start with the same
    rates; it is added in full to the (ensemble) baseline. The ranges are the baseline's
    calibrated ranges moved by that effect: they show the uncertainty of the baseline, while the
    measures themselves are taken as given (they are the town's assumptions).
    """
    run = run_scenario(proj.base[None], proj.rates, proj.base_year, proj.horizon, measure_specs(scenario))
    diff_pop = run.difference[:, 0]
    diff = diff_pop.sum(axis=(1, 2))
    population = proj.population + diff_pop
    base_groups = proj.group_values()
    scen_groups = proj.group_values(population)
    return ScenarioResult(
        total=proj.total + diff,
        difference=diff,
        population=population,
        intervals={lv: (lo + diff, hi + diff) for lv, (lo, hi) in proj.intervals.items()},
        group_intervals=shift_group_intervals(
            proj.group_intervals, {k: scen_groups[k] - base_groups[k] for k in scen_groups}
        ),
        extra_per_year=run.extra[:, 0].sum(axis=(1, 2)),
        extra_flows={
            "births": run.scenario.births[:, 0] - run.baseline.births[:, 0],
            "deaths": run.scenario.deaths[:, 0] - run.baseline.deaths[:, 0],
        },
    )


def scenario_context(proj: RegionProjection, scenario) -> dict:
    result = scenario_result(proj, scenario)
    years = milestone_years(proj)
    base_groups = proj.group_values()
    scen_groups = proj.group_values(result.population)
    scen_ranges = {
        r["key"]: r["ranges"] for r in group_rows(proj, result.population, years[1:], result.group_intervals)
    }
    group_table = []
    for key, label, _, _ in PLANNING_GROUPS:
        cells = []
        for y in years[1:]:
            h = proj.year_index(y)
            b, s = float(base_groups[key][h]), float(scen_groups[key][h])
            cells.append({"baseline": _round(b), "scenario": _round(s), "difference": _round(s - b)})
        group_table.append({"label": label, "cells": cells, "ranges": scen_ranges[key]})
    rows = []
    scen_rows = total_rows(proj, result.total, result.intervals)
    for h, row in enumerate(scen_rows):
        rows.append(
            {
                **row,
                "baseline": _round(proj.total[h]),
                "difference": _round(result.difference[h]),
            }
        )
    total_svg = fan_chart(
        title=f"Szenario „{scenario.name}“ und Basisvorausberechnung – {proj.name}",
        series=[
            Series(
                "ohne Maßnahmen",
                [(y, float(proj.total[h])) for h, y in enumerate(proj.years)],
                LINE,
                dashed=True,
            ),
            Series(
                "mit Maßnahmen", [(y, float(result.total[h])) for h, y in enumerate(proj.years)], SCENARIO
            ),
        ],
        ranges=_ranges(proj, result.intervals, result.total),
        ident=f"szenario-{scenario.pk}-gesamt",
        desc="Einwohnerzahl mit und ohne die Maßnahmen des Szenarios; Bereiche um den Verlauf mit Maßnahmen. "
        "Die Werte stehen in der Tabelle.",
    )
    group_svg = fan_chart(
        title=f"Unterschied nach Altersgruppen – Szenario „{scenario.name}“",
        series=[
            Series(
                SHORT_LABELS[key],
                [(y, float(scen_groups[key][h] - base_groups[key][h])) for h, y in enumerate(proj.years)],
                colour,
                dashed=i >= 3,
            )
            for i, ((key, label, _, _), colour) in enumerate(zip(PLANNING_GROUPS, GROUP_COLOURS, strict=True))
        ],
        ident=f"szenario-{scenario.pk}-gruppen",
        unit="Personen mehr als ohne Maßnahmen",
        zero_line=True,
        desc="Linien: Personen je Altersgruppe mehr (oder weniger) als ohne Maßnahmen, je Jahr. "
        "Die Werte stehen in der Tabelle.",
    )
    group_charts = []
    for (key, label, _, _), colour in zip(PLANNING_GROUPS, GROUP_COLOURS, strict=True):
        ranges = _ranges(
            proj, result.group_intervals.get(key, {}), scen_groups[key], skip_open=True, short=True
        )
        svg = fan_chart(
            title=f"{label} mit und ohne Maßnahmen – {proj.name}",
            series=[
                Series(
                    "ohne",
                    [(y, float(base_groups[key][h])) for h, y in enumerate(proj.years)],
                    LINE,
                    dashed=True,
                ),
                Series(
                    "mit Maßnahmen",
                    [(y, float(scen_groups[key][h])) for h, y in enumerate(proj.years)],
                    colour,
                ),
            ],
            ranges=ranges,
            ident=f"szenario-{scenario.pk}-{key}",
            unit="Personen",
            size=(420, 260),
            desc=f"{label}: Personen mit und ohne die Maßnahmen des Szenarios"
            + ("; Bereiche um den Verlauf mit Maßnahmen" if ranges else "; ohne kalibrierten Bereich")
            + ". Die Werte stehen in der Tabelle.",
        )
        group_charts.append({"key": key, "label": label, "svg": svg, "ranges": bool(ranges)})
    return {
        "scenario": scenario,
        "result": result,
        "group_charts": group_charts,
        "years": years[1:],
        "total_rows": rows,
        "group_table": group_table,
        "total_svg": total_svg,
        "group_svg": group_svg,
        "family_label": FAMILY_LABEL,
        "levels": [key for level, key in LEVELS if proj.has_level(level)],
    }


# -- API -------------------------------------------------------------------------------------


def api_payload(proj: RegionProjection, scenario=None) -> dict:
    total = proj.total
    intervals = proj.intervals
    group_intervals = proj.group_intervals
    population = None
    difference = None
    if scenario is not None:
        result = scenario_result(proj, scenario)
        total, intervals, group_intervals, population, difference = (
            result.total,
            result.intervals,
            result.group_intervals,
            result.population,
            result.difference,
        )
    groups = proj.group_values(population)
    extra = None if scenario is None else result.extra_flows
    components = {r["year"]: r for r in component_rows(proj, total if scenario is not None else None, extra)}
    years = []
    for row in total_rows(proj, total, intervals):
        h = proj.year_index(row["year"])
        item = {
            "year": row["year"],
            "total": row["total"],
            "range80": [row["lo80"], row["hi80"]] if row["lo80"] is not None else None,
            "range95": [row["lo95"], row["hi95"]] if row["lo95"] is not None else None,
            "age_groups": {key: _round(groups[key][h]) for key, *_ in PLANNING_GROUPS},
            "age_group_ranges": {
                key: {
                    "range80": group_range(group_intervals, key, 0.80, h),
                    "range95": group_range(group_intervals, key, 0.95, h),
                }
                for key, *_ in PLANNING_GROUPS
            },
        }
        c = components.get(row["year"])
        item["components"] = (
            None
            if c is None
            else {k: c[k] for k in ("births", "deaths", "net_migration", "ensemble_adjustment")}
        )
        if difference is not None:
            item["baseline_total"] = _round(proj.total[h])
            item["difference"] = _round(difference[h])
        years.append(item)
    own = proj.own_data or {}
    basis = basis_context(proj)
    return {
        "key": proj.key,
        "ags": proj.key,
        "name": proj.name,
        "base_year": proj.base_year,
        "base_date": date(proj.base_year, 12, 31),
        "basis": proj.basis,
        "basis_label": basis["basis_label"],
        "age_structure_date": proj.base_table_date,
        "zensus2022": None
        if basis["zensus2022_difference"] is None
        else {
            "total": basis["zensus2022_difference"]["total"],
            "fortschreibung": basis["zensus2022_difference"]["fortschreibung"],
        },
        "method": METHOD_TEXT,
        "drivers": drivers_sentence(proj),
        "growth_reason": growth_reason(proj),
        "past_net_migration": _round(proj.past_net_migration)
        if proj.past_net_migration is not None
        else None,
        "past_window": list(proj.past_window) if proj.past_window else None,
        "base_estimated": proj.base_estimated,
        "base_age_table_year": proj.base_table_year,
        "own_register_data": bool(own.get("used")),
        "own_register_data_date": own.get("reference_date") if own.get("used") else None,
        "age_groups": [
            {
                "key": k,
                "label": label,
                "age_from": lo,
                "age_to": hi - 1 if hi < AGES else None,
                "levels_calibrated": [
                    int(level * 100) for level, _ in LEVELS if level in proj.group_intervals.get(k, {})
                ],
            }
            for k, label, lo, hi in PLANNING_GROUPS
        ],
        "levels_calibrated": [int(level * 100) for level, _ in LEVELS if proj.has_level(level)],
        "age_group_ranges": any(proj.group_intervals.values()),
        "methods": {k: round(w, 2) for k, w in proj.weights.items()},
        "sources": proj.sources,
        "notes": [DISCLAIMER, *proj.notes],
        "scenario": None
        if scenario is None
        else {
            "id": scenario.pk,
            "name": scenario.name,
            "measures": [m.label for m in scenario.measures.all()],
        },
        "years": years,
    }
