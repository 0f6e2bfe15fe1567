"""Engine tests, part 2: life-table arithmetic, the fast kernel against the reference step,
baselines and migration levels by hand, the territory rule and the age-structure evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from leuchtfeuer.projections.engine.baselines import baselines, trend_slopes
from leuchtfeuer.projections.engine.cohort import AGES, Rates, _project_reference, project
from leuchtfeuer.projections.engine.evaluate import age_structure_errors, backtest, stable_territory
from leuchtfeuer.projections.engine.history import History
from leuchtfeuer.projections.engine.inputs import Params, build_inputs
from leuchtfeuer.projections.engine.intervals import calibrate
from leuchtfeuer.projections.engine.migration import migration_level, net_migration_rates
from leuchtfeuer.projections.engine.model import AGE_GROUPS, forecast, rolling_backtests
from leuchtfeuer.projections.engine.snapshot import Snapshot, Total, Vital, snapshot_from_rows
from leuchtfeuer.projections.engine.tests.synthetic import GEMEINDEN, world


def _zero_rates(n: int = 1, **kw) -> Rates:
    zeros = np.zeros((n, 2, AGES))
    args = {"fertility": np.zeros((n, AGES)), "death_prob": zeros.copy(), "out_rate": zeros.copy(),
            "in_profile": zeros.copy(), "in_level": np.zeros(n), "male_share": 0.5}  # fmt: skip
    args.update(kw)
    return Rates(**args)


def test_stationary_population_of_a_life_table():
    """Life table with q(x) = 0.01 below 60, 0.1 from 60, q(100+) = 1: a population
    P(x) = 1000 · l(x) with l(x) = Π q-survival is stationary if 1000 births arrive each year.
    Fertility at age 30 set to 1000 / P_female(30) produces exactly those births."""
    q = np.where(np.arange(AGES) < 60, 0.01, 0.1)
    q[-1] = 1.0
    lx = np.concatenate([[1.0], np.cumprod(1 - q[:-1])])
    pop = np.zeros((1, 2, AGES))
    pop[0, :, :] = 500.0 * lx  # 500 boys and 500 girls a year
    fert = np.zeros((1, AGES))
    fert[0, 30] = 1000.0 / pop[0, 1, 30]
    r = _zero_rates(fertility=fert, death_prob=np.broadcast_to(q, (1, 2, AGES)).copy())
    p = project(pop, r, 10)
    np.testing.assert_allclose(p.population[10], pop, rtol=1e-9)
    assert p.births[:, 0] == pytest.approx(np.full(10, 1000.0))
    # deaths = births in a stationary population
    assert p.deaths[:, 0] == pytest.approx(np.full(10, 1000.0))


def test_cohort_survival_matches_life_table_by_hand():
    """A cohort of 10,000 women aged 60 with q = 0.02, 0.03, 0.04 at ages 60, 61, 62:
    after three years 10,000 · 0.98 · 0.97 · 0.96 = 9,125.76 are 63."""
    pop = np.zeros((1, 2, AGES))
    pop[0, 1, 60] = 10000.0
    q = np.zeros((1, 2, AGES))
    q[0, :, 60:63] = [0.02, 0.03, 0.04]
    p = project(pop, _zero_rates(death_prob=q), 3)
    assert p.population[3, 0, 1, 63] == pytest.approx(9125.76)
    assert p.deaths[:, 0].sum() == pytest.approx(10000 - 9125.76)


def test_fast_kernel_equals_reference_step():
    rng = np.random.default_rng(11)
    n = 25
    prof = rng.uniform(0, 1, (n, 2, AGES))
    prof /= prof.sum(axis=(1, 2), keepdims=True)
    r = _zero_rates(
        n, fertility=rng.uniform(0, 0.1, (n, AGES)), death_prob=rng.uniform(0, 0.3, (n, 2, AGES)),
        out_rate=rng.uniform(0, 0.2, (n, 2, AGES)), in_profile=prof, in_level=rng.uniform(0, 0.05, n),
        death_prob_birth=rng.uniform(0, 0.01, (n, 2)), male_share=0.51,
    )  # fmt: skip
    pop = rng.uniform(0, 100, (n, 2, AGES))
    extra = rng.normal(0, 3, (6, n, 2, AGES))
    for e in (None, extra):
        fast, ref = project(pop, r, 6, extra_net=e), _project_reference(pop, r, 6, extra_net=e)
        np.testing.assert_allclose(fast.population, ref.population, rtol=1e-10, atol=1e-9)
        for f in ("births", "deaths", "moves_in", "moves_out", "extra"):
            np.testing.assert_allclose(getattr(fast, f), getattr(ref, f), rtol=1e-9, atol=1e-8)


def _totals_snapshot(series: dict[str, dict[int, int]], base: int = 2015) -> Snapshot:
    return Snapshot(
        base_year=base,
        totals=tuple(
            Total(r, y, v, None, None, "zensus2011" if y >= 2011 else "register", True)
            for r, s in series.items()
            for y, v in s.items()
        ),
    )


def test_baselines_by_hand():
    """Gemeinde 1000, 990, 985, 970, 960 (2011–2015): least-squares slope −10 per year, anchored
    at 960; the 2010 register value is on another basis and ignored. Kreis 10,000 → 10,400 by
    +100 a year: the Gemeinde keeps its share, so 960 · (10,000 + 100 h) / 10,000."""
    snap = _totals_snapshot({
        "99001001": {2010: 5000, 2011: 1000, 2012: 990, 2013: 985, 2014: 970, 2015: 960},
        "99001": {2011: 9600, 2012: 9700, 2013: 9800, 2014: 9900, 2015: 10000},
    })  # fmt: skip
    b = baselines(snap, ["99001001"], 4)
    assert b["konstant"][0].tolist() == [960.0] * 5
    # slope: Σ dx·dy / Σ dx² = (−2·19 − 1·9 + 0·4 + 1·(−11) + 2·(−21)) / 10 = −10
    assert b["linear"][0, 4] == pytest.approx(960 - 4 * 10)
    slope = np.polyfit(np.arange(5.0), np.log([1000, 990, 985, 970, 960]), 1)[0]
    assert b["exponentiell"][0, 4] == pytest.approx(960 * np.exp(4 * slope))
    assert b["kreisanteil"][0, 2] == pytest.approx(960 * 10200 / 10000)


def test_migration_levels_by_hand():
    rates = np.array([[0.01, 0.02, np.nan, 0.03, 0.10]])
    ok = ~np.isnan(rates)
    assert migration_level(rates, ok, "mean")[0] == pytest.approx(0.04)
    # linear weights from the first valid step: 1, 2, (gap), 4, 5
    assert migration_level(rates, ok, "recent")[0] == pytest.approx((0.01 + 0.04 + 0.12 + 0.5) / 12)
    assert migration_level(rates, ok, "median")[0] == pytest.approx(0.025)
    assert migration_level(rates, ok, "robust")[0] == pytest.approx(0.02)  # 0.10 dropped


def test_net_migration_skips_the_zensus_step():
    """Totals 100 (2010, register), 90 (2011, Zensus basis), 92 (2012); 1 birth, 2 deaths a year:
    the 2010→2011 step is the census correction, not migration; 2011→2012: 92 − 90 − 1 + 2 = 3."""
    years = np.array([2010, 2011, 2012])
    h = History(years, np.array([[100.0, 90, 92]]), np.full((1, 3), np.nan), np.full((1, 3), np.nan),
                np.array([[0, 1, 1]]), np.ones((1, 3), bool), np.ones((1, 3)), np.full((1, 3), 2.0),
                np.ones((1, 3), bool))  # fmt: skip
    rates, ok = net_migration_rates(h)
    assert ok.tolist() == [[False, True]]
    assert rates[0, 1] == pytest.approx(3 / 90)


def test_stable_territory_rule():
    areas = {
        2013: {"A": 10.0, "B": 10.0, "C": 10.0, "D": 10.0},
        2017: {"A": 10.04, "B": 10.06, "C": 10.0},
        2021: {"A": 10.0, "B": 10.0, "C": 10.0, "D": 10.0},
        2023: {"A": 10.0, "B": 10.0, "C": 20.0, "D": 10.0},
    }
    stable, vintages = stable_territory(areas, 2015, 2023)
    assert vintages == [2013, 2017, 2021, 2023]
    assert stable == {"A"}  # B: +0.6 %, C: doubled, D: missing in 2017
    stable21, vintages21 = stable_territory(areas, 2015, 2021)
    assert vintages21 == [2013, 2017, 2021] and stable21 == {"A", "C"}  # C changed only in 2023
    with pytest.raises(ValueError):
        stable_territory(areas, 2010, 2030)


def test_backtest_excludes_changed_territory_and_reports_the_reasons():
    snap = snapshot_from_rows(2015, *world())
    targets = {a: (int(size * 0.97), "current") for a, size in GEMEINDEN.items()}
    r = backtest(snap, targets, 2023, ["99"], stable={"99001001", "99001002"})
    assert r["n"] == 2 and r["candidates"] == 3
    assert r["excluded"]["Gebiet laut GV geändert (Fläche ±0,5 % oder AGS neu)"] == 1
    assert set(r["baselines"]) == {"konstant", "linear", "exponentiell", "kreisanteil"}
    for key in ("n", "mape", "malpe", "p90_ape", "coverage80", "coverage95"):
        assert key in r


def test_age_structure_errors_by_hand():
    """One Gemeinde whose projected structure equals the count except that the 65+ group is
    10 % too large: after scaling to the count's total the errors are −x % and +y % by hand."""
    snap = snapshot_from_rows(2015, *world())
    fc = forecast(snap, ["99001001"], 2, damping_grid=(1.0,))
    pop = fc.projection.population[1, 0].sum(axis=0)  # end of 2016
    young, old = pop[:65].sum(), pop[65:].sum()
    counts = [(0, 65, round(young)), (65, None, round(old / 1.1))]
    r = age_structure_errors(fc, {"99001001": counts}, 2016.0)
    total = round(young) + round(old / 1.1)
    scale = total / (young + old)
    assert r["n"] == 1
    assert r["groups"]["0–64"]["mape"] == pytest.approx(abs(young * scale / round(young) - 1) * 100, abs=0.01)
    assert r["groups"]["65+"]["malpe"] == pytest.approx((old * scale / round(old / 1.1) - 1) * 100, abs=0.01)


def test_transient_residents_leave_again():
    """A Gemeinde gains 200 extra residents in 2015 (an arrival spike). With transient_share = 1
    the excess over the earlier years' mean net migration does not enter the migration level,
    and those residents leave again within two years: the departures add up to the stock."""
    pop, vital, ages = world()
    for r in pop:
        if r.region == "99001001" and r.reference_date.year == 2015:
            r.total += 200
            r.male += 100
            r.female += 100
    snap = snapshot_from_rows(2015, pop, vital, ages)
    spiky = build_inputs(snap, ["99001001"], Params(transient_share=1.0))
    plain = build_inputs(snap, ["99001001"])
    assert spiky.transient is not None
    assert spiky.transient.sum() == pytest.approx(200, rel=0.05)  # the spike, less the usual rate
    assert spiky.net_rate[0] < plain.net_rate[0]
    extra = spiky.extra_net(5)
    assert -extra.sum() == pytest.approx(spiky.transient.sum())
    assert (extra[2:] == 0).all()
    assert plain.extra_net(5) is None


def test_gemeinde_without_age_table_gets_the_kreis_structure():
    pop, vital, ages = world()
    ages = [r for r in ages if not (r.region == "99001003" and r.kind == "population")]
    snap = snapshot_from_rows(2015, pop, vital, ages)
    inputs = build_inputs(snap, list(GEMEINDEN))
    i = inputs.regions.index("99001003")
    assert inputs.own_structure.tolist() == [True, True, False]
    total = next(r for r in pop if r.region == "99001003" and r.reference_date.year == 2015)
    assert inputs.base[i].sum(axis=1).tolist() == pytest.approx([total.male, total.female])
    kreis = inputs.base[i].sum(axis=0) / inputs.base[i].sum()
    other = build_inputs(snap, ["99001001"]).base[0].sum(axis=0)
    assert kreis[20:60].sum() > 0.4 and other.sum() > 0
    assert "Altersstruktur des Kreises" in inputs.sources["Basisbevölkerung"]
    assert build_inputs(snap, list(GEMEINDEN), Params(kreis_structure_fallback=False)).regions == [
        "99001001",
        "99001002",
    ]


def test_age_groups_add_up_to_the_ensemble_and_show_no_uncalibrated_range():
    """The planning groups partition the ages, so they add up to the ensemble total. The
    synthetic world has no age table at the rolling base 2011, so no age-group range is
    calibrated — and then none is returned."""
    snap = snapshot_from_rows(2015, *world())
    fc = forecast(snap, list(GEMEINDEN), 10, damping_grid=(1.0,))
    parts = sum(fc.group_totals(*AGE_GROUPS[g]) for g in AGE_GROUPS)
    np.testing.assert_allclose(parts, fc.ensemble, rtol=1e-12)
    assert fc.group_calibration == {}
    lo, hi = fc.group_interval("65+", 0.80, 10)
    assert np.isnan(lo).all() and np.isnan(hi).all()


def test_calibration_with_a_borrowed_horizon_exponent():
    """Age-group errors exist at one horizon (4) only: the 80 % quantile there is kept and the
    exponent of the totals (here 0.9) carries it to other horizons: q(8) = q(4) · 2^0.9."""
    rng = np.random.default_rng(5)
    errors = rng.normal(0, 0.05, 5000)
    cal = calibrate(errors, np.full(5000, 4), np.full(5000, 10000.0), exponent={0.80: 0.9, 0.95: 0.9})
    q4 = np.quantile(np.abs(errors), 0.80)
    assert cal.half_width(0.80, np.array([10000.0]), 4)[0] == pytest.approx(q4)
    assert cal.half_width(0.80, np.array([10000.0]), 8)[0] == pytest.approx(q4 * 2**0.9)


def test_rolling_backtests_skip_jump_offs_on_another_territory():
    """A Gemeinde whose 2012 total is flagged as another territory yields no outcome for the
    base 2012 (its errors would measure the territorial change, not the model)."""
    pop, vital, ages = world()
    for r in pop:
        if r.region == "99001002" and r.reference_date.year == 2012:
            r.territory = "broken"
    snap = snapshot_from_rows(2015, pop, vital, ages)
    runs = {b: (kept, act) for b, kept, _, act in rolling_backtests(snap, list(GEMEINDEN))}
    kept, act = runs[2012]
    i = kept.index("99001002")
    assert np.isnan(act[i]).all()
    assert not np.isnan(act[kept.index("99001001")]).any()


def test_trend_window_bridged_across_the_zensus_2011_by_hand():
    """Register 2008–2010: 1000, 990, 980; Zensus basis 2011: 950, 2012: 945; 5 births and 10
    deaths a year. Net migration 2009 = (990 − 1000 − 5 + 10) / 1000 = −0.5 %, 2010 = −5/990.
    Register-basis estimate for 2011: 980 · (1 + m) + 5 − 10 with m the mean of both; k = 950 /
    estimate; the register years × k join the window of base 2012."""
    years = range(2008, 2013)
    values = {2008: 1000, 2009: 990, 2010: 980, 2011: 950, 2012: 945}
    snap = Snapshot(
        base_year=2012,
        totals=tuple(
            Total("99001001", y, values[y], None, None, "register" if y <= 2010 else "zensus2011", True)
            for y in years
        ),
        vital=tuple(Vital("99001001", y, 5, 10, None, None, True) for y in years),
    )
    m = (-0.005 + (-5 / 990)) / 2
    k = 950 / (980 * (1 + m) + 5 - 10)
    base, lin, _ = trend_slopes(snap, ["99001001"])
    expected = np.polyfit(np.arange(-4.0, 1.0), [1000 * k, 990 * k, 980 * k, 950, 945], 1)[0]
    assert base[0] == 945
    assert lin[0] == pytest.approx(expected)
    _, lin_plain, _ = trend_slopes(snap, ["99001001"], bridge=False)
    assert lin_plain[0] == pytest.approx(-5.0)  # without the bridge: only 2011 and 2012
