"""The most recent figure with its date and basis; comparisons on the same date and period; the
jumps of a series with their reasons (issue 14). Small hand-made inputs, hand arithmetic."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from leuchtfeuer.places.engine import agegroups as ag
from leuchtfeuer.places.engine.indicators import (
    AgeSexStructure,
    AnnualCounts,
    Basis,
    CensusData,
    PopulationPoint,
    RegionData,
    compute_indicators,
    indicators_by_key,
)
from leuchtfeuer.places.engine.steps import SeriesFigure, explain_steps


def _fs(day: date, total: float, basis: Basis = Basis.ZENSUS_2011) -> PopulationPoint:
    return PopulationPoint(day, total, basis, "Test")


def _z22(counts: list[float], total: float) -> AgeSexStructure:
    return AgeSexStructure(
        ag.ZENSUS22_11,
        np.array(counts, dtype=float),
        date(2022, 5, 15),
        Basis.ZENSUS_2022,
        "Zensus 2022",
        published_total=total,
        count=True,
    )


def _r15(counts: list[float], male: list[float], female: list[float]) -> AgeSexStructure:
    return AgeSexStructure(
        ag.REGIO_17,
        np.array(counts, dtype=float),
        date(2015, 12, 31),
        Basis.ZENSUS_2011,
        "Regionaldatenbank 2015",
        male=np.array(male, dtype=float),
        female=np.array(female, dtype=float),
    )


Z22_MALCHIN = [133, 168, 207, 379, 163, 211, 864, 1764, 902, 866, 1211]  # Regionaltabelle Demografie


def test_age_indicators_come_from_the_newest_structure_with_the_older_as_history():
    r15 = _r15([50.0] * 17, [25.0] * 17, [25.0] * 17)
    region = RegionData("x", "x", age_structure=_z22(Z22_MALCHIN, 6864), age_history=(r15,))
    res = indicators_by_key(compute_indicators(region))
    share = res["share_75_plus"]
    # the published total is the denominator, not the perturbed band sum (6,868)
    assert share.value == pytest.approx(100 * 1211 / 6864)
    assert (share.reference_date, share.basis, share.estimated) == (date(2022, 5, 15), "Zensus 2022", False)
    assert [(h.reference_date, h.value) for h in share.history] == [
        (date(2015, 12, 31), pytest.approx(100 / 17))
    ]
    assert share.history[0].basis == "Fortschreibung auf Basis des Zensus 2011"
    # 67+ lies on a Zensus boundary (exact); 65+ splits 60–66 (2/7 counted) and says so
    assert res["share_67_plus"].value == pytest.approx(100 * (866 + 1211) / 6864)
    assert not res["share_67_plus"].estimated
    assert res["share_65_plus"].value == pytest.approx(100 * (902 * 2 / 7 + 866 + 1211) / 6864)
    assert res["share_65_plus"].estimated and any("60 bis 66" in n for n in res["share_65_plus"].notes)
    # no age × sex in the Zensus 2022: the sex ratio of the 20–39-year-olds stays at 2015, said so
    ratio = res["sex_ratio_20_39"]
    assert ratio.reference_date == date(2015, 12, 31) and ratio.value == pytest.approx(100.0)
    assert any("nicht gekreuzt" in n for n in ratio.notes)


def test_a_comparison_region_is_computed_on_the_towns_dates_and_periods():
    town = RegionData(
        "t",
        "Stadt",
        population=[_fs(date(2009, 12, 31), 1000, Basis.PRE_ZENSUS_2011), _fs(date(2023, 12, 31), 900)],
        age_structure=_z22(Z22_MALCHIN, 6864),
    )
    # The Land has a longer series (1990 …) and a newer age table (2024): neither may be used.
    land = RegionData(
        "l",
        "Land",
        population=[
            _fs(date(1990, 12, 31), 2000, Basis.PRE_ZENSUS_2011),
            _fs(date(2009, 12, 31), 1800, Basis.PRE_ZENSUS_2011),
            _fs(date(2023, 12, 31), 1764),
        ],
        age_structure=AgeSexStructure(
            ag.KREIS_11, np.full(11, 10.0), date(2024, 12, 31), Basis.ZENSUS_2022, "2024", published_total=110
        ),
        age_history=(_z22([10.0] * 11, 110),),
    )
    like = indicators_by_key(compute_indicators(town))
    compared = indicators_by_key(compute_indicators(land, like=like))
    long = compared["population_change_long"]
    assert (long.reference_start, long.reference_date) == (date(2009, 12, 31), date(2023, 12, 31))
    assert long.value == pytest.approx(100 * (1764 - 1800) / 1800)  # −2 %, not 1990 → 2023 (−11.8 %)
    share = compared["share_75_plus"]
    assert share.reference_date == date(2022, 5, 15) and share.value == pytest.approx(100 * 10 / 110)
    # a Kreis founded after the town's start has no value for that period rather than another one
    kreis = RegionData("k", "Kreis", population=[_fs(date(2012, 12, 31), 500), _fs(date(2023, 12, 31), 480)])
    assert indicators_by_key(compute_indicators(kreis, like=like))["population_change_long"].value is None


def test_every_indicator_says_its_basis_in_words():
    region = RegionData(
        "x",
        "x",
        area_km2=10.0,
        area_date=date(2023, 12, 31),
        population=[_fs(date(2014, 12, 31), 1000), _fs(date(2015, 12, 31), 990)],
        age_structure=_z22(Z22_MALCHIN, 6864),
        births=AnnualCounts({2015: 8}, "Geburten"),
        deaths=AnnualCounts({2015: 12}, "Sterbefälle"),
        census=CensusData({"haushalte.0_Insgesamt_": 100, "haushalte.HH_SIZE_NAT__1": 40}),
    )
    res = indicators_by_key(compute_indicators(region))
    assert res["population"].basis == "Fortschreibung auf Basis des Zensus 2011"
    assert res["share_under_18"].basis == "Zensus 2022"
    assert res["share_one_person_households"].basis == "Zensus 2022"
    assert res["share_one_person_households"].value == pytest.approx(40.0)
    assert res["births"].basis.startswith("keine") and res["area"].basis.startswith("keine")
    assert res["birth_rate"].basis == "Fortschreibung auf Basis des Zensus 2011"
    assert res["share_households_with_children"].value is None  # columns missing: no value


def test_sample_figure_missing_for_a_small_town_says_why():
    census = CensusData(
        {"erwerbsstatus.ERWERBSTAT_KURZ_STP__1": None, "erwerbsstatus.ERWERBSTAT_KURZ_STP__12": None}
    )
    res = indicators_by_key(compute_indicators(RegionData("x", "x", census=census)))
    assert res["unemployment_rate"].value is None and "Stichprobe" in res["unemployment_rate"].notes[0]


# --- jumps of a series ---


def _fig(y: int, m: int, d: int, total: float, basis="zensus2011", territory="current", count=False):
    return SeriesFigure(date(y, m, d), total, basis, territory, count)


def test_each_jump_of_more_than_five_percent_gets_its_cause():
    figures = [
        _fig(2008, 12, 31, 6670, "register", "broken"),  # Leuna before its mergers
        _fig(2009, 12, 31, 14552, "register"),
        _fig(2010, 12, 31, 14471, "register"),
        _fig(2011, 5, 9, 13400, count=True),  # a hypothetical Zensus count, 5.7 % below 31.12.2011
        _fig(2011, 12, 31, 14162),
        _fig(2014, 12, 31, 30583),
        _fig(2015, 12, 31, 36013),  # Bramsche 2015: +5,430
        _fig(2016, 12, 31, 36100),  # +0.2 %: no jump
    ]
    steps = explain_steps(figures, {2015: -61})
    assert [s.kind for s in steps] == ["territory", "basis", "count", "real"]
    real = steps[-1]
    assert real.change == 5430 and real.relative == pytest.approx(5430 / 30583)
    assert "−61" in real.reason and "+5.491" in real.reason and real.label == "Zuzüge"


def test_the_reason_names_which_figure_is_of_another_territory():
    # Loitz: 4,586 (Zensus 2011 incl. Düvier) → 4,122 (31.12.2011 without Düvier) → 4,519 (2012)
    steps = explain_steps(
        [
            _fig(2011, 5, 9, 4586, count=True),
            _fig(2011, 12, 31, 4122, territory="broken"),
            _fig(2012, 12, 31, 4519),
        ]
    )
    assert [s.kind for s in steps] == ["territory", "territory"]
    assert "Der spätere Wert gilt" in steps[0].reason and "Der frühere Wert gilt" in steps[1].reason


def test_figures_more_than_a_year_apart_are_not_jumps():
    assert explain_steps([_fig(2005, 12, 31, 1000), _fig(2009, 12, 31, 2000)]) == []
