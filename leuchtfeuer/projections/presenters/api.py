"""The JSON payload of a projection (and a scenario) for the API."""

from __future__ import annotations

from datetime import date

from leuchtfeuer.projections.engine.cohort import AGES
from leuchtfeuer.projections.presenters.common import DISCLAIMER, LEVELS, METHOD_TEXT, rounded
from leuchtfeuer.projections.presenters.components import component_rows, drivers_sentence, growth_reason
from leuchtfeuer.projections.presenters.profile import basis_context, group_range, total_rows
from leuchtfeuer.projections.presenters.scenarios import scenario_result
from leuchtfeuer.projections.result import (
    PLANNING_GROUPS,
    RegionProjection,
)


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
            "age_groups": {key: rounded(groups[key][h]) for key, *_ in PLANNING_GROUPS},
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
            item["baseline_total"] = rounded(proj.total[h])
            item["difference"] = rounded(difference[h])
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
        "past_net_migration": rounded(proj.past_net_migration)
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
