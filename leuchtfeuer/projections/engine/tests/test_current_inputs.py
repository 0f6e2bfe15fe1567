"""Engine tests, part 3 (no database): the projection from today — Zensus 2022 start, migration
over the GV gaps with modelled births and deaths, damped trends, components that add up, and
growth without a source. Expected values are computed by hand in the docstrings."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from leuchtfeuer.projections.engine import schedules
from leuchtfeuer.projections.engine.baselines import Trends, damped_steps, extrapolate, trend_slopes
from leuchtfeuer.projections.engine.cohort import AGES, Rates, advance, project
from leuchtfeuer.projections.engine.components import decompose, growth_drivers, growth_without_source
from leuchtfeuer.projections.engine.history import History
from leuchtfeuer.projections.engine.inputs import build_inputs
from leuchtfeuer.projections.engine.kreis import KreisSchedules
from leuchtfeuer.projections.engine.migration import net_migration_rates, past_net_migration
from leuchtfeuer.projections.engine.model import (
    TREND_DAMPING_GRID,
    calibration_bases,
    choose_trend_damping,
    forecast,
)
from leuchtfeuer.projections.engine.snapshot import (
    AgeTable,
    Snapshot,
    Total,
    snapshot_from_rows,
    year_fraction,
)
from leuchtfeuer.projections.engine.tables import expand_tables
from leuchtfeuer.projections.engine.tests.synthetic import GEMEINDEN, ZENSUS22, world_2023
from leuchtfeuer.projections.engine.vital import fill_modelled_vital


def _history(years, total, births, deaths, vital_ok=None, male=None, female=None) -> History:
    years = np.asarray(years)
    n = 1
    total = np.array([total], dtype=float)
    nan = np.full((n, len(years)), np.nan)
    return History(
        years, total, nan.copy() if male is None else np.array([male], float),
        nan.copy() if female is None else np.array([female], float), np.zeros((n, len(years)), int),
        np.ones((n, len(years)), bool), np.array([births], dtype=float), np.array([deaths], dtype=float),
        np.array([vital_ok if vital_ok is not None else [not np.isnan(b) for b in births]]),
    )  # fmt: skip


# -- components ------------------------------------------------------------------------------


def test_components_of_a_scaled_cohort_model_by_hand():
    """Ensemble 100 → 103, cohort model 100 → 98 with 2 births, 5 deaths and +1 net migration:
    s = 1 at the start, so births 2, deaths 5; net migration = 3 − 2 + 5 = 6, of which the
    ensemble adds (103/98 − 1) · 98 = 5 beyond the cohort model's own +1."""
    c = decompose(np.array([[100.0, 103.0]]), np.array([[100.0, 98.0]]), np.array([[2.0]]),
                  np.array([[5.0]]), np.array([[1.0]]))  # fmt: skip
    assert (c.births[0, 0], c.deaths[0, 0]) == (2.0, 5.0)
    assert c.net_migration[0, 0] == pytest.approx(6.0)
    assert c.ensemble_adjustment[0, 0] == pytest.approx(5.0)
    assert c.natural_balance[0, 0] == -3.0


def test_components_add_up_to_every_projected_total():
    """A whole forecast (ensemble ≠ cohort model): total(t) = total(t−1) + births − deaths + net
    migration for every year and Gemeinde, and births are the cohort model's scaled by
    total/cohort at the start of the year."""
    snap = snapshot_from_rows(2023, *world_2023())
    fc = forecast(snap, list(GEMEINDEN), 22)
    c = fc.components()
    e = fc.ensemble
    np.testing.assert_allclose(e[:, 1:], e[:, :-1] + c.births - c.deaths + c.net_migration, rtol=0, atol=1e-9)
    cohort = fc.projection.totals.T
    assert not np.allclose(e, cohort)  # the trend methods carry weight: the scaling matters
    np.testing.assert_allclose(c.births, fc.projection.births.T * (e / cohort)[:, :-1], rtol=1e-12)
    own = (fc.projection.moves_in - fc.projection.moves_out).T * (e / cohort)[:, :-1]
    np.testing.assert_allclose(c.ensemble_adjustment, c.net_migration - own, rtol=1e-9, atol=1e-9)


def test_growth_without_source_by_hand():
    """Only the second region grows with fewer births than deaths and no past migration gain;
    the first has a past gain, the third shrinks, the fourth has more births, the fifth an
    unknown past."""
    start = np.array([100.0, 100, 100, 100, 100])
    end = np.array([110.0, 110, 90, 110, 110])
    natural = np.array([-5.0, -5, -5, 5, -5])
    past = np.array([3.0, 0.0, -4, -4, np.nan])
    assert growth_without_source(start, end, natural, past).tolist() == [False, True, False, False, False]


def test_growth_drivers_add_up_to_the_ensemble_change():
    weights = {"kohorten": 0.2, "kreisanteil": 0.8}
    changes = {"kohorten": -100.0, "kreisanteil": 40.0, "linear": 500.0}
    drivers = growth_drivers(weights, changes)
    assert drivers == [("kreisanteil", 32.0), ("kohorten", -20.0)]
    assert sum(v for _, v in drivers) == pytest.approx(12.0)


# -- damped trends ---------------------------------------------------------------------------


def test_damped_trend_steps_by_hand():
    """φ = 0.5: the slope counts 1, 0.5, 0.25 … in years 1, 2, 3: cumulative 1, 1.5, 1.75."""
    assert damped_steps(3, 0.5).tolist() == [0.0, 1.0, 1.5, 1.75]
    assert damped_steps(3, 1.0).tolist() == [0.0, 1.0, 2.0, 3.0]


def test_a_damped_trend_is_bounded_over_long_horizons():
    """Slope −10 a year from 960, φ = 0.8: after 22 years 960 − 10 · (1 − 0.8²²)/0.2 (not 960 −
    220), never below 960 − 10/0.2 = 910; the Kreis share and the log trend likewise."""
    t = Trends(np.array([960.0]), np.array([-10.0]), np.array([-0.01]), np.array([0.004]))
    m = extrapolate(t, 22, {"linear": 0.8, "exponentiell": 0.8, "kreisanteil": 0.8})
    assert m["linear"][0, 22] == pytest.approx(960 - 10 * (1 - 0.8**22) / 0.2)
    assert m["linear"][0].min() > 960 - 50
    assert m["exponentiell"][0, 22] == pytest.approx(960 * np.exp(-0.01 * (1 - 0.8**22) / 0.2))
    assert m["kreisanteil"][0, 22] == pytest.approx(960 * (1 + 0.004 * (1 - 0.8**22) / 0.2))
    straight = extrapolate(t, 22)
    assert straight["linear"][0, 22] == pytest.approx(960 - 220)
    assert 1.0 not in TREND_DAMPING_GRID  # no straight line over 22 years


def test_trend_damping_is_chosen_from_the_rolling_errors():
    """A town on −10 a year whose decline stopped after two years is best forecast with the
    strongest damping of the grid; one that kept to its line with the weakest."""
    t = Trends(np.array([1000.0]), np.array([-10.0]), np.array([np.log(0.99)]), np.array([np.nan]))
    stopped = np.array([[1000.0, 990, 985, 984, 984, 984]])
    straight = np.array([[1000.0, 990, 980, 970, 960, 950]])
    for actual, expected in ((stopped, 0.8), (straight, 0.98)):
        backtests = [(2014, ["x"], {"_trends": t}, actual)]
        assert choose_trend_damping(backtests)["linear"] == expected


def test_trend_window_reaches_back_to_three_totals_after_2015():
    """Base 2023, totals 2014, 2015, 2017, 2021, 2023: the five years 2019–2023 hold only two,
    so the window reaches back to 2017: least squares through (−6, 1000), (−2, 980), (0, 970):
    mean x = −8/3, mean y = 983⅓, Σdx·dy = −10/3·16⅔ + 2/3·(−3⅓) + 8/3·(−13⅓) = −93⅓,
    Σdx² = 100/9 + 4/9 + 64/9 = 168/9 → slope −5."""
    snap = Snapshot(
        base_year=2023,
        totals=tuple(
            Total("99001001", y, v, None, None, "zensus2011", True)
            for y, v in {2014: 1100, 2015: 1090, 2017: 1000, 2021: 980, 2023: 970}.items()
        ),
    )
    base, lin, _ = trend_slopes(snap, ["99001001"])
    assert base[0] == 970 and lin[0] == pytest.approx(-5.0)


def test_calibration_base_years_are_the_latest_years_with_totals():
    snap = snapshot_from_rows(2023, *world_2023())
    assert calibration_bases(snap, list(GEMEINDEN)) == [2014, 2015, 2017, 2021]
    assert calibration_bases(snap.cut(2015), list(GEMEINDEN)) == [2011, 2012, 2013, 2014]


# -- migration between the GV vintages ----------------------------------------------------------


def test_net_migration_over_a_gap_by_hand():
    """2014: 1000, 2015: 995, 2017: 1010 with 8 births and 12 deaths each year: 2014→2015:
    995 − 1000 − 8 + 12 = −1 (−0.001); 2015→2017: 1010 − 995 − 16 + 24 = 23 in two years,
    23 / 995 / 2 per year for both years."""
    h = _history([2014, 2015, 2016, 2017], [1000, 995, np.nan, 1010], [8] * 4, [12] * 4)
    rates, ok = net_migration_rates(h)
    assert ok.tolist() == [[True, True, True]]
    assert rates[0, 0] == pytest.approx(-0.001)
    assert rates[0, 1] == rates[0, 2] == pytest.approx(23 / 995 / 2)
    # without births and deaths for 2016 the gap is no step
    h.vital_ok[0, 2] = False
    _, ok = net_migration_rates(h)
    assert ok.tolist() == [[True, False, False]]


def test_past_net_migration_by_hand():
    """2013: 1000 → 2023: 980 with 50 births and 80 deaths in 2014–2023: net 980 − 1000 − 50 + 80
    = +10 over 2013–2023."""
    years = list(range(2013, 2024))
    total = [1000] + [np.nan] * 9 + [980]
    births = [np.nan] + [5.0] * 10
    deaths = [np.nan] + [8.0] * 10
    persons, window = past_net_migration(_history(years, total, births, deaths))
    assert persons[0] == pytest.approx(10.0) and window[0].tolist() == [2013, 2023]


def test_modelled_births_and_deaths_after_the_last_published_year_by_hand():
    """500 women and 500 men aged 30 at the end of 2015, q = 0.01 at every age, 0.04 births per
    woman aged 30 or 31, totals 1000 (2015) and 1000 (2017; 2016 interpolated): 2016 has
    0.04 · 500 = 20 births and 1000 · 0.01 + 20 · 0.005 = 10.1 deaths (newborns die with q/2);
    after scaling to 1000, 2017 has 0.04 · 495 · 1000/1009.9 births."""
    h = _history([2015, 2016, 2017], [1000, np.nan, 1000], [30, np.nan, np.nan], [9, np.nan, np.nan])
    pop = np.zeros((1, 2, AGES))
    pop[0, :, 30] = 500.0
    fert = np.zeros((1, AGES))
    fert[0, 30:32] = 0.04
    q = np.full((1, 2, AGES), 0.01)
    modelled = fill_modelled_vital(h, pop, np.array([2015]), fert, q)
    assert modelled.tolist() == [[False, True, True]]
    assert h.births[0, 1] == pytest.approx(20.0) and h.deaths[0, 1] == pytest.approx(10.1)
    assert h.births[0, 2] == pytest.approx(0.04 * 495 * 1000 / 1009.9)
    assert h.vital_ok[0].tolist() == [True, True, True]


# -- the Zensus 2022 start --------------------------------------------------------------------


def test_census_day_is_a_fraction_of_its_year():
    assert year_fraction(date(2022, 5, 15)) == pytest.approx(135 / 365)
    assert year_fraction(date(2023, 12, 31)) == 1.0


def test_advance_ages_a_share_of_every_age_by_hand():
    """1,000 people aged 10 (500 per sex), q = 0.1, no births or moves, advanced 0.5 years:
    500 · 0.9^0.5 survive per sex, half of them turned 11."""
    pop = np.zeros((1, 2, AGES))
    pop[0, :, 10] = 500.0
    zeros = np.zeros((1, 2, AGES))
    rates = Rates(np.zeros((1, AGES)), np.full((1, 2, AGES), 0.1), zeros, zeros, np.zeros(1), male_share=0.5)
    out = advance(pop, rates, 0.5)
    survivors = 500 * 0.9**0.5
    assert out[0, 0, 10] == pytest.approx(survivors / 2) and out[0, 0, 11] == pytest.approx(survivors / 2)
    assert out.sum() == pytest.approx(2 * survivors)
    # a whole year of `advance` without moves is one step of the kernel
    np.testing.assert_allclose(advance(pop, rates, 1.0), project(pop, rates, 1).population[1], atol=1e-9)


def _kreis(shape: np.ndarray, mortality: np.ndarray, year: int) -> KreisSchedules:
    k = shape.shape[0]
    zeros = np.zeros((k, 2, 0))
    return KreisSchedules(
        ["13075"] * k, shape, np.ones(k, bool), np.zeros((k, AGES)), np.zeros(k, bool), mortality,
        np.ones(k, bool), zeros, zeros, np.zeros(k, bool), None, shape_year=np.full(k, year),
    )  # fmt: skip


def test_kreis_shape_of_an_earlier_year_is_moved_forward_along_the_cohorts():
    """Zensus 2022 table split with the Kreis shape of 2015: the small cohort aged 70 in 2015 is
    77 in 2022, thinned by 7 years of the Kreis mortality (m = 0.02: e^(−0.14)); the ages 0–6,
    born after 2015, keep the 2015 shape of those ages."""
    shape = np.ones((1, 2, AGES))
    shape[0, :, 70] = 0.5
    shape[0, :, :7] = 2.0
    ks = _kreis(shape, np.full((1, 2, AGES), 0.02), 2015)
    moved = ks.split_shape(np.array([0]), [2022])
    assert moved[0, 0, 77] == pytest.approx(0.5 * np.exp(-0.14))
    assert moved[0, 0, 76] == pytest.approx(np.exp(-0.14))
    assert moved[0, 0, 7] == pytest.approx(2.0 * np.exp(-0.14))  # aged 0 in 2015
    assert np.all(moved[0, :, :7] == 2.0)


def test_zensus_groups_without_sex_are_split_by_the_shape_and_keep_their_counts():
    """A band of 100 over ages 0–2 with a shape of 3 men : 1 woman at age 0 and 1 : 1 above:
    the single years follow the shape of both sexes (4, 2, 2 → 50, 25, 25) and the sexes its
    ratio at each age (37.5 / 12.5 at age 0); the band keeps its 100."""
    shape = np.ones((1, 2, AGES))
    shape[0, 0, 0] = 3.0
    table = AgeTable("13075082", "population", "zensus22_11", 2022, ((0, 3), (3, None)), (100, 900),
                     (None, None), (None, None), True, 135 / 365)  # fmt: skip
    single = expand_tables([table], table.bands, shape)
    assert single[0, :, 0].tolist() == pytest.approx([37.5, 12.5])
    assert single[0, :, 1].tolist() == pytest.approx([12.5, 12.5])
    assert single[0, :, :3].sum() == pytest.approx(100.0) and single.sum() == pytest.approx(1000.0)


def test_the_current_inputs_start_from_the_zensus_2022_table():
    """With a Zensus 2022 table the base structure is that table (aged to 31.12.2023 and scaled to
    the 2023 total by sex), not the 2015 table run forward; the local birth and death levels
    are measured on the 2015 table, whose years produced the published births and deaths."""
    pop, vital, ages = world_2023()
    snap = snapshot_from_rows(2023, pop, vital, ages)
    without = snapshot_from_rows(2023, pop, vital, [r for r in ages if r.scheme != "zensus22_11"])
    a, b = build_inputs(snap, list(GEMEINDEN)), build_inputs(without, list(GEMEINDEN))
    totals = snap.totals_by_region()
    for i, ags in enumerate(a.regions):
        t = totals[ags][2023]
        assert a.base[i].sum(axis=1) == pytest.approx([t.male, t.female])
    assert not np.allclose(a.base, b.base)
    # the Zensus table has 3/78 of the people aged 75+ (the 2015 table far more): so does the start
    share75 = a.base[:, :, 75:].sum(axis=(1, 2)) / a.base.sum(axis=(1, 2))
    assert np.all(share75 < b.base[:, :, 75:].sum(axis=(1, 2)) / b.base.sum(axis=(1, 2)))
    np.testing.assert_allclose(a.rates.fertility, b.rates.fertility)  # same exposure, same level
    assert a.last_vital_year.tolist() == [2015] * 3
    assert a.migration_years[0].tolist() == [2013, 2023]
    assert "Zensus 2022" in a.sources["Basisbevölkerung"]


def test_changing_data_after_a_base_between_the_gv_vintages_changes_nothing():
    """No look-ahead with the current data layout: base 2021, everything after it (the 2023
    totals, the Zensus 2022 table) changed — forecast, dampings, weights and intervals equal."""
    regions = list(GEMEINDEN)
    plain = snapshot_from_rows(2100, *world_2023())
    changed = snapshot_from_rows(2100, *world_2023(shift_after=2021, shift=300))
    a, b = forecast(plain.cut(2021), regions, 24), forecast(changed.cut(2021), regions, 24)
    np.testing.assert_array_equal(a.ensemble, b.ensemble)
    assert a.trend_damping == b.trend_damping and a.damping == b.damping
    assert a.weights_by_class == b.weights_by_class and a.calibration.params == b.calibration.params
    np.testing.assert_array_equal(a.components().net_migration, b.components().net_migration)
    assert plain.cut(2023).totals != changed.cut(2023).totals
    assert [t for t in plain.cut(2023).tables if t.scheme == "zensus22_11"] != [
        t for t in changed.cut(2023).tables if t.scheme == "zensus22_11"
    ]


def test_zensus_band_scheme_matches_the_importer():
    from leuchtfeuer.places.importers.zensus2022 import AGE_COLUMNS

    assert [(lo, hi) for _, lo, hi in AGE_COLUMNS] == ZENSUS22
    assert schedules.band_slices(ZENSUS22)[-1] == slice(75, AGES)
