"""Indicator assembly: population change and the Zensus break, missing data, result fields."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from leuchtfeuer.places.engine import agegroups as ag
from leuchtfeuer.places.engine.indicators import (
    DEFINITIONS,
    AnnualCounts,
    Basis,
    MigrationFlows,
    PopulationPoint,
    RegionData,
    compute_indicators,
    fortschreibung_basis,
    indicators_by_key,
    mean_population,
    population_change,
)


def _pt(year: int, total: float | None, basis: Basis | None = None) -> PopulationPoint:
    d = date(year, 12, 31)
    return PopulationPoint(d, total, basis or fortschreibung_basis(d), f"Test {year}")


def test_basis_of_fortschreibung_switches_with_the_zensus_2011() -> None:
    assert fortschreibung_basis(date(2010, 12, 31)) is Basis.PRE_ZENSUS_2011
    assert fortschreibung_basis(date(2011, 12, 31)) is Basis.ZENSUS_2011


def test_five_year_change_prefers_a_start_on_the_same_basis() -> None:
    # 2015 − 5 = 2010 is on the old basis; 2011 (4 years, same basis) is preferred and the note says so.
    points = [_pt(y, 1000 + y) for y in range(2008, 2016)]
    start, end = population_change(points, 5)
    assert start.date == date(2011, 12, 31) and end.date == date(2015, 12, 31)
    res = indicators_by_key(compute_indicators(RegionData(key="x", name="x", population=points)))
    r = res["population_change_5y"]
    assert not r.series_break
    assert any("Vergleichszeitraum 31.12.2011 bis 31.12.2015" in n for n in r.notes)


def test_change_across_the_break_is_flagged_when_nothing_else_exists() -> None:
    points = [_pt(2005, 1200), _pt(2013, 1000), _pt(2015, 990)]
    res = indicators_by_key(compute_indicators(RegionData(key="x", name="x", population=points)))
    r = res["population_change_10y"]
    assert r.value == pytest.approx(100 * (990 - 1200) / 1200)
    assert r.series_break
    assert r.reference_start == date(2005, 12, 31)
    assert "Zählungsbasis" in r.notes[0]


def test_no_start_point_within_tolerance_gives_none() -> None:
    points = [_pt(2021, 1000), _pt(2023, 990)]
    res = indicators_by_key(compute_indicators(RegionData(key="x", name="x", population=points)))
    assert res["population_change_5y"].value is None
    assert res["population_change_10y"].value is None
    assert res["population_change_long"].value == pytest.approx(-1.0)


def test_missing_values_in_the_series_are_skipped_not_zeroed() -> None:
    points = [_pt(2013, 1000), _pt(2018, None), _pt(2017, 1010), _pt(2023, 950)]
    res = indicators_by_key(compute_indicators(RegionData(key="x", name="x", population=points)))
    assert res["population"].value == 950
    assert res["population_change_5y"].reference_start == date(2017, 12, 31)


def test_zensus_2022_point_does_not_mix_into_the_fortschreibung_change() -> None:
    points = [
        _pt(2017, 1000),
        PopulationPoint(date(2022, 5, 15), 930, Basis.ZENSUS_2022, "Zensus 2022"),
        _pt(2023, 990),
    ]
    res = indicators_by_key(compute_indicators(RegionData(key="x", name="x", population=points)))
    assert res["population"].value == 990
    assert res["population_change_5y"].reference_start == date(2017, 12, 31)
    assert not res["population_change_5y"].series_break


def test_density_and_area() -> None:
    region = RegionData(
        key="x",
        name="x",
        area_km2=109.28,
        area_date=date(2023, 12, 31),
        area_source="GV 2024",
        population=[_pt(2023, 7231)],
    )
    res = indicators_by_key(compute_indicators(region))
    assert res["density"].value == pytest.approx(7231 / 109.28)
    assert res["area"].value == 109.28


def test_rate_denominator_falls_back_to_year_end_across_the_break() -> None:
    points = [_pt(2010, 1100), _pt(2011, 1000)]
    denom, note = mean_population(points, 2011)
    assert denom == 1000 and note is not None
    denom, note = mean_population([_pt(2014, 1000), _pt(2015, 1020)], 2015)
    assert denom == 1010 and note is None


def test_everything_missing_gives_none_values_with_labels() -> None:
    results = compute_indicators(RegionData(key="x", name="leer"))
    assert results
    assert {r.key for r in results} == set(DEFINITIONS)
    for r in results:
        assert r.value is None
        assert r.label == DEFINITIONS[r.key].label
        assert r.definition


def test_missing_migration_band_gives_none_for_that_life_phase_only() -> None:
    inflow = np.array([10, np.nan, 5, 20, 4, 3], dtype=float)
    outflow = np.array([8, 30, 6, 15, 2, 1], dtype=float)
    structure_counts = np.full(17, 100.0)
    from leuchtfeuer.places.engine.indicators import AgeSexStructure

    s = AgeSexStructure(ag.REGIO_17, structure_counts, date(2015, 12, 31), Basis.ZENSUS_2011, "Test")
    region = RegionData(
        key="x",
        name="x",
        population=[_pt(2014, 1700), _pt(2015, 1700)],
        age_structure=s,
        migration=MigrationFlows(2015, inflow, outflow, "Test", inflow_total=60, outflow_total=62),
        births=AnnualCounts({2015: 10}, "Test"),
    )
    res = indicators_by_key(compute_indicators(region))
    assert res["migration_education"].value is None
    assert res["migration_family"].value == pytest.approx(1000 * ((10 - 8) + (20 - 15)) / (500 + 400))
    assert res["migration_balance"].value == -2  # from the published totals
    assert res["natural_balance"].value is None  # no deaths → no balance
    assert res["birth_rate"].value == pytest.approx(1000 * 10 / 1700)


def test_results_serialise_to_plain_json_types() -> None:
    import json

    region = RegionData(key="x", name="x", population=[_pt(2013, 1000), _pt(2023, 900)])
    payload = [r.to_dict() for r in compute_indicators(region)]
    text = json.dumps(payload)
    assert '"reference_date": "2023-12-31"' in text
