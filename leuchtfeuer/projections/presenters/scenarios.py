"""A scenario against the baseline projection: its result, charts and tables for the editor."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leuchtfeuer.projections.charts import LINE, SCENARIO, Series, fan_chart
from leuchtfeuer.projections.engine.cohort import AGES
from leuchtfeuer.projections.engine.scenarios import FAMILY_LABEL, MeasureSpec, run_scenario
from leuchtfeuer.projections.presenters.common import GROUP_COLOURS, LEVELS, SHORT_LABELS, rounded
from leuchtfeuer.projections.presenters.profile import group_rows, milestone_years, range_bands, total_rows
from leuchtfeuer.projections.result import (
    PLANNING_GROUPS,
    RegionProjection,
    shift_group_intervals,
)


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
            cells.append({"baseline": rounded(b), "scenario": rounded(s), "difference": rounded(s - b)})
        group_table.append({"label": label, "cells": cells, "ranges": scen_ranges[key]})
    rows = []
    scen_rows = total_rows(proj, result.total, result.intervals)
    for h, row in enumerate(scen_rows):
        rows.append(
            {
                **row,
                "baseline": rounded(proj.total[h]),
                "difference": rounded(result.difference[h]),
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
        ranges=range_bands(proj, result.intervals, result.total),
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
        ranges = range_bands(
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
