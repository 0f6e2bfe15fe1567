"""Indicators of the Kommunalprofil, computed from plain inputs for one region.

The service layer reads the database and builds a :class:`RegionData`; :func:`compute_indicators`
returns one :class:`IndicatorResult` per indicator, in display order, each with its German label,
unit, reference date, source and definition. Values that the data do not support are ``None`` —
never invented. Estimates (grouped-age approximations) and comparisons across a change of the
population basis (Zensus 2011 break) are flagged and carry a German note.

The age maths is vectorised in :mod:`.agegroups`; the same functions feed the peer matrix.
See ``docs/indicators.md`` for the definitions table.

One module per indicator family: ``population``, ``age``, ``census``, ``flows`` (births, deaths,
migration); ``inputs`` holds what they read, ``definitions`` and ``results`` what they return.
"""

from __future__ import annotations

from collections.abc import Sequence

from leuchtfeuer.places.engine.indicators.age import age_indicators
from leuchtfeuer.places.engine.indicators.census import census_indicators
from leuchtfeuer.places.engine.indicators.definitions import DEFINITIONS, IndicatorDefinition
from leuchtfeuer.places.engine.indicators.flows import mean_population, migration_indicators, vital_indicators
from leuchtfeuer.places.engine.indicators.inputs import (
    AgeSexStructure,
    AnnualCounts,
    Basis,
    CensusData,
    MigrationFlows,
    PopulationPoint,
    RegionData,
    fortschreibung_basis,
)
from leuchtfeuer.places.engine.indicators.population import (
    latest_point,
    population_change,
    population_indicators,
)
from leuchtfeuer.places.engine.indicators.results import HistoryValue, IndicatorResult, Like

__all__ = [
    "DEFINITIONS",
    "AgeSexStructure",
    "AnnualCounts",
    "Basis",
    "CensusData",
    "HistoryValue",
    "IndicatorDefinition",
    "IndicatorResult",
    "Like",
    "MigrationFlows",
    "PopulationPoint",
    "RegionData",
    "compute_indicators",
    "fortschreibung_basis",
    "indicators_by_key",
    "latest_point",
    "mean_population",
    "population_change",
]


# ---------------------------------------------------------------------------------------------
# All together
# ---------------------------------------------------------------------------------------------


def compute_indicators(region: RegionData, like: Like | None = None) -> list[IndicatorResult]:
    """All indicators for one region, in display order. Missing inputs give ``value=None``.

    With ``like`` (the results of another region, by key) every indicator is computed on that
    result's reference date, period or year, so a Kreis or Land compares like with like; where
    the region has no figure for it, the value is None."""
    out = population_indicators(region, like)
    out.extend(age_indicators(region.age_structure, region.age_history, like))
    out.extend(census_indicators(region.census, like))
    out.extend(vital_indicators(region, like))
    out.extend(migration_indicators(region, like))
    order = list(DEFINITIONS)
    return sorted(out, key=lambda r: order.index(r.key))


def indicators_by_key(results: Sequence[IndicatorResult]) -> dict[str, IndicatorResult]:
    return {r.key: r for r in results}
