"""Engine tests without a database: hand arithmetic, mass balance, no look-ahead, intervals."""

from __future__ import annotations

import numpy as np
import pytest

from leuchtfeuer.projections.engine.cohort import AGES, Rates, project
from leuchtfeuer.projections.engine.intervals import calibrate, coverage
from leuchtfeuer.projections.engine.model import forecast
from leuchtfeuer.projections.engine.snapshot import LookAheadError, Snapshot, Total, snapshot_from_rows
from leuchtfeuer.projections.engine.tests.synthetic import GEMEINDEN, world


def _rates(n: int = 1, **kw) -> Rates:
    zeros = np.zeros((n, 2, AGES))
    base = {
        "fertility": np.zeros((n, AGES)),
        "death_prob": zeros.copy(),
        "out_rate": zeros.copy(),
        "in_profile": zeros.copy(),
        "in_level": np.zeros(n),
        "male_share": 0.5,
    }
    base.update(kw)
    return Rates(**base)


def test_one_step_by_hand():
    """100 women and 50 men aged 30; 10 % fertility at 30, 1 % death risk; migration at 31.

    By hand: survivors 99 women, 49.5 men at 31; births 0.1 × 100 = 10 → 5 boys, 5 girls.
    Out: 10 % of the 99 women at 31 = 9.9. In: 2 % of the 150 inhabitants = 3, all women at 31.
    Women at 31: 99 − 9.9 + 3 = 92.1. Total: 92.1 + 49.5 + 10 = 151.6.
    """
    pop = np.zeros((1, 2, AGES))
    pop[0, 0, 30], pop[0, 1, 30] = 50, 100
    fert = np.zeros((1, AGES))
    fert[0, 30] = 0.1
    q = np.zeros((1, 2, AGES))
    q[0, :, 30] = 0.01
    out = np.zeros((1, 2, AGES))
    out[0, 1, 31] = 0.1
    prof = np.zeros((1, 2, AGES))
    prof[0, 1, 31] = 1.0
    r = _rates(fertility=fert, death_prob=q, out_rate=out, in_profile=prof, in_level=np.array([0.02]))
    p = project(pop, r, 1)
    nxt = p.population[1, 0]
    assert nxt[1, 31] == pytest.approx(92.1)
    assert nxt[0, 31] == pytest.approx(49.5)
    assert nxt[:, 0].tolist() == pytest.approx([5.0, 5.0])
    assert p.totals[1, 0] == pytest.approx(151.6)
    assert p.births[0, 0] == pytest.approx(10.0)
    assert p.deaths[0, 0] == pytest.approx(1.5)


def test_closed_population_follows_life_table():
    """No births, no migration, q = 0.5 at every age: a cohort of 1000 newborns halves yearly,
    and the open age 100+ keeps its own survivors."""
    pop = np.zeros((1, 2, AGES))
    pop[0, 1, 0] = 1000
    pop[0, 0, 100] = 80
    r = _rates(death_prob=np.full((1, 2, AGES), 0.5))
    p = project(pop, r, 3)
    assert p.population[3, 0, 1, 3] == pytest.approx(125.0)
    assert p.population[3, 0, 0, 100] == pytest.approx(10.0)
    assert p.totals[3, 0] == pytest.approx(135.0)


def test_mass_balance_random_inputs():
    rng = np.random.default_rng(7)
    n = 40
    pop = rng.uniform(0, 200, (n, 2, AGES))
    prof = rng.uniform(0, 1, (n, 2, AGES))
    prof /= prof.sum(axis=(1, 2), keepdims=True)
    r = _rates(
        n,
        fertility=rng.uniform(0, 0.1, (n, AGES)),
        death_prob=rng.uniform(0, 0.3, (n, 2, AGES)),
        out_rate=rng.uniform(0, 0.2, (n, 2, AGES)),
        in_profile=prof,
        in_level=rng.uniform(0, 0.05, n),
        death_prob_birth=rng.uniform(0, 0.01, (n, 2)),
    )
    extra = rng.normal(0, 2, (n, 2, AGES))
    p = project(pop, r, 5, extra_net=extra)
    totals = p.totals
    change = totals[1:] - totals[:-1]
    balance = p.births - p.deaths + p.moves_in - p.moves_out + p.extra
    np.testing.assert_allclose(change, balance, rtol=1e-10, atol=1e-8)
    assert (p.population >= -1e-9).all()


def test_snapshot_refuses_data_after_base_year():
    with pytest.raises(LookAheadError):
        Snapshot(base_year=2015, totals=(Total("99001001", 2016, 1, None, None, "zensus2011", True),))


def test_changing_data_after_base_year_does_not_change_the_projection():
    regions = list(GEMEINDEN)
    plain = snapshot_from_rows(2100, *world())
    changed = snapshot_from_rows(2100, *world(shift_after=2015, shift=500))
    a = forecast(plain.cut(2015), regions, 8)
    b = forecast(changed.cut(2015), regions, 8)
    np.testing.assert_array_equal(a.ensemble, b.ensemble)
    assert a.weights == b.weights
    assert a.weights_by_class == b.weights_by_class and a.damping == b.damping
    assert a.calibration.params == b.calibration.params  # intervals come from data ≤ 2015 too
    np.testing.assert_array_equal(a.interval(0.80, 8)[0], b.interval(0.80, 8)[0])
    # and the change is real: data up to 2016 would differ
    assert plain.cut(2016).totals != changed.cut(2016).totals


def test_interval_calibration_on_synthetic_errors():
    """Errors ~ Normal(0, s · h^0.5) with s by size class; the 80 % rule fitted on horizons 1–4
    must reproduce the known quantile 1.2816 · s · √h at horizon 8 and cover about 80 %."""
    rng = np.random.default_rng(1)
    sizes = rng.choice([700.0, 3000.0, 10000.0, 50000.0], 20000)
    s = np.select([sizes < 1000, sizes < 5000, sizes < 20000], [0.04, 0.025, 0.015], 0.01)
    h = rng.integers(1, 5, len(sizes))
    errors = rng.normal(0, s * np.sqrt(h))
    cal = calibrate(errors, h, sizes)
    a = cal.params[0.80][2][1]
    assert a == pytest.approx(0.5, abs=0.05)
    hw = cal.half_width(0.80, np.array([10000.0]), 8)[0]
    assert hw == pytest.approx(1.2816 * 0.015 * np.sqrt(8), rel=0.08)
    fresh = rng.normal(0, 0.015 * np.sqrt(8), 5000)
    actual = np.full(5000, 10000.0)
    forecast_values = actual * (1 + fresh)
    cov = coverage(forecast_values, actual, np.full(5000, hw))
    assert 0.76 <= cov <= 0.84


def test_calibration_ignores_errors_without_a_jump_off_size():
    """An error whose base population is unknown (NaN) must not land in any size class (it used
    to fall into the largest class and widen its intervals)."""
    rng = np.random.default_rng(3)
    sizes = np.full(4000, 50000.0)
    h = rng.integers(1, 5, 4000)
    errors = rng.normal(0, 0.01 * h)
    clean = calibrate(errors, h, sizes)
    polluted = calibrate(np.concatenate([errors, np.full(500, 0.9)]), np.concatenate([h, np.ones(500, int)]),
                         np.concatenate([sizes, np.full(500, np.nan)]))  # fmt: skip
    assert polluted.params[0.80][3] == clean.params[0.80][3]


def test_kreis_shape_of_a_later_year_is_moved_back_along_the_cohorts():
    """A Gemeinde table of 2011 split with the Kreis single-year table of 2015: the small cohort
    aged 70 in 2015 was 66 in 2011, so the dip must sit at 66 — at 70 it would hand the 2011
    band 65–74 too many 66-year-olds and, four years on, too many 70-year-olds."""
    from leuchtfeuer.projections.engine import schedules
    from leuchtfeuer.projections.engine.kreis import KreisSchedules

    shape = np.ones((2, 2, AGES))
    shape[:, :, 70] = 0.5
    shape[:, :, AGES - 1] = 3.0  # the open age group
    zeros = np.zeros((2, 2, 0))
    ks = KreisSchedules(
        ["13071", "13072"], shape, np.array([True, False]), np.zeros((2, AGES)), np.zeros(2, bool),
        np.zeros((2, 2, AGES)), np.zeros(2, bool), zeros, zeros, np.zeros(2, bool), None,
        shape_year=np.array([2015, -1]),
    )  # fmt: skip
    moved = ks.split_shape(np.array([0, 0, 1]), [2011, 2015, 2011])
    assert moved[0, 0, 66] == 0.5 and moved[0, 0, 70] == 1.0  # four years back
    assert np.all(moved[0, :, AGES - 4 :] == 3.0)  # the open group stays open
    assert moved[1, 0, 70] == 0.5  # same year: unchanged
    assert moved[2, 0, 70] == 0.5  # no Kreis table (default shape, year −1): unchanged
    # the band 65–74 of 2011 (1,000 people) then has 1000 · 0.5 / 9.5 at age 66
    single = schedules.expand_bands(np.array([[[1000.0]]]), [(65, 75)], moved[:1, :1])
    assert single[0, 0, 66] == pytest.approx(1000 * 0.5 / 9.5)
    assert single[0, 0, 70] == pytest.approx(1000 / 9.5)
