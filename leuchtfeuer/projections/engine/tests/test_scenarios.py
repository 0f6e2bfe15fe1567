"""Scenario arithmetic checked against small cases computed by hand (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from leuchtfeuer.projections.engine.cohort import AGES, Rates
from leuchtfeuer.projections.engine.scenarios import (
    FAMILY_SIZE,
    MeasureSpec,
    active_steps,
    fixed_migrants,
    run_scenario,
)

BASE_YEAR = 2023


def _rates(n: int = 1, **kw) -> Rates:
    zeros = np.zeros((n, 2, AGES))
    values = {
        "fertility": np.zeros((n, AGES)),
        "death_prob": zeros.copy(),
        "out_rate": zeros.copy(),
        "in_profile": zeros.copy(),
        "in_level": np.zeros(n),
        "male_share": 0.5,
    }
    values.update(kw)
    return Rates(**values)


def _empty(n: int = 1) -> np.ndarray:
    return np.zeros((n, 2, AGES))


def test_ten_returnees_once_age_with_the_years():
    """10 persons aged 30 in 2024 only; survival 1, no births, no migration: the same 10 people
    are there every later year, one year older each year (5 women, 5 men)."""
    spec = MeasureSpec("returnees", start_year=2024, end_year=2024, count=10, age_from=30, age_to=30)
    run = run_scenario(_empty(), _rates(), BASE_YEAR, 6, [spec])
    diff = run.difference[:, 0]
    assert diff[0].sum() == 0
    for k, year in enumerate(range(2024, 2030), start=1):
        age = 30 + (year - 2024)
        assert diff[k].sum() == pytest.approx(10.0), year
        assert diff[k, :, age].tolist() == pytest.approx([5.0, 5.0]), year
        assert np.delete(diff[k], age, axis=1).sum() == pytest.approx(0.0)


def test_returnees_every_year_accumulate():
    """20 persons a year aged 25–40 from 2026: nothing before 2026, then +20 per year."""
    spec = MeasureSpec("returnees", start_year=2026, count=20, age_from=25, age_to=40)
    run = run_scenario(_empty(), _rates(), BASE_YEAR, 6, [spec])
    totals = run.difference[:, 0].sum(axis=(1, 2))
    assert totals.tolist() == pytest.approx([0, 0, 0, 20, 40, 60, 80])
    # spread evenly: 20 persons over 16 ages and 2 sexes = 0.625 per cell in the first year
    assert run.difference[3, 0, :, 25:41] == pytest.approx(np.full((2, 16), 0.625))


def test_births_to_added_women():
    """200 persons aged 30 in 2024 (100 women). Fertility 0.1 at 30 and 0.05 at 31, no deaths.
    2025: 0.1 × 100 = 10 births (5 girls, 5 boys); 2026: 0.05 × 100 = 5 more."""
    fert = np.zeros((1, AGES))
    fert[0, 30], fert[0, 31] = 0.1, 0.05
    spec = MeasureSpec("returnees", start_year=2024, end_year=2024, count=200, age_from=30, age_to=30)
    run = run_scenario(_empty(), _rates(fertility=fert), BASE_YEAR, 3, [spec])
    diff = run.difference[:, 0]
    assert diff.sum(axis=(1, 2)).tolist() == pytest.approx([0, 200, 210, 215])
    assert diff[2, :, 0].tolist() == pytest.approx([5.0, 5.0])
    assert diff[3, :, 0].tolist() == pytest.approx([2.5, 2.5])
    assert diff[3, :, 1].tolist() == pytest.approx([5.0, 5.0])


def test_added_people_follow_the_life_table():
    """10 persons aged 30 in 2024; death risk 0.5 at age 30: 5 of them reach 31 in 2025."""
    q = np.zeros((1, 2, AGES))
    q[0, :, 30] = 0.5
    spec = MeasureSpec("returnees", start_year=2024, end_year=2024, count=10, age_from=30, age_to=30)
    run = run_scenario(_empty(), _rates(death_prob=q), BASE_YEAR, 2, [spec])
    assert run.difference[2, 0].sum() == pytest.approx(5.0)
    assert run.difference[2, 0, :, 31].tolist() == pytest.approx([2.5, 2.5])


def test_fewer_out_moves_by_hand():
    """1000 people aged 20; 10 % of the 21-year-olds move out each year, nobody else moves.
    Baseline 2024: 900 remain. With 50 % fewer out-moves of the 18–24-year-olds: 950."""
    base = _empty()
    base[0, :, 20] = 500
    out = np.zeros((1, 2, AGES))
    out[0, :, 21] = 0.1
    spec = MeasureSpec("fewer_out_moves", start_year=2024, percent=50, age_from=18, age_to=24)
    run = run_scenario(base, _rates(out_rate=out), BASE_YEAR, 2, [spec])
    assert run.baseline.totals[:, 0].tolist() == pytest.approx([1000, 900, 900])
    assert run.scenario.totals[:, 0].tolist() == pytest.approx([1000, 950, 950])
    assert run.extra[0, 0].sum() == pytest.approx(50.0)


def test_fewer_out_moves_respects_age_range_start_year_and_cap():
    base = _empty()
    base[0, :, 20] = 500
    out = np.zeros((1, 2, AGES))
    out[0, :, 21] = 0.1
    rates = _rates(out_rate=out)
    # wrong ages: no effect
    older = MeasureSpec("fewer_out_moves", start_year=2024, percent=50, age_from=30, age_to=40)
    assert run_scenario(base, rates, BASE_YEAR, 2, [older]).difference.sum() == pytest.approx(0.0)
    # starts one year too late: the 10 % have already left at 21
    late = MeasureSpec("fewer_out_moves", start_year=2025, percent=50, age_from=18, age_to=24)
    assert run_scenario(base, rates, BASE_YEAR, 2, [late]).difference.sum() == pytest.approx(0.0)
    # 70 % + 60 % are capped at 100 %: nobody leaves
    a = MeasureSpec("fewer_out_moves", start_year=2024, percent=70, age_from=18, age_to=24)
    b = MeasureSpec("fewer_out_moves", start_year=2024, percent=60, age_from=21, age_to=21)
    run = run_scenario(base, rates, BASE_YEAR, 1, [a, b])
    assert run.scenario.totals[1, 0] == pytest.approx(1000.0)


def test_fewer_out_moves_also_keeps_added_people():
    """Returnees aged 21 would leave at the same 10 % rate; 100 % fewer out-moves keeps them all.
    Baseline 0 people; 10 returnees aged 21 in 2024 and 2025; out-rate 10 % at 22."""
    out = np.zeros((1, 2, AGES))
    out[0, :, 22] = 0.1
    ret = MeasureSpec("returnees", start_year=2024, end_year=2024, count=10, age_from=21, age_to=21)
    rates = _rates(out_rate=out)
    only = run_scenario(_empty(), rates, BASE_YEAR, 2, [ret])
    assert only.scenario.totals[:, 0].tolist() == pytest.approx([0, 10, 9])
    keep = MeasureSpec("fewer_out_moves", start_year=2024, percent=100, age_from=0, age_to=100)
    both = run_scenario(_empty(), rates, BASE_YEAR, 2, [ret, keep])
    assert both.scenario.totals[:, 0].tolist() == pytest.approx([0, 10, 10])


def test_families_composition():
    """2 families a year for two years: 4 persons each; the women 28–40 get 1/13 per age."""
    spec = MeasureSpec("families", start_year=2024, end_year=2025, count=2)
    extra = fixed_migrants([spec], BASE_YEAR, 3)
    assert FAMILY_SIZE == 4
    assert extra.sum(axis=(1, 2)).tolist() == pytest.approx([8, 8, 0])
    assert extra[0, 1, 28:41] == pytest.approx(np.full(13, 2 / 13))
    assert extra[0, 0, 0:10] == pytest.approx(np.full(10, 0.2))
    assert extra[0, :, 10:28].sum() == 0
    assert extra[0, :, 41:].sum() == 0


def test_active_steps_and_many_regions():
    spec = MeasureSpec("returnees", start_year=2025, end_year=2027, count=4, age_from=50, age_to=51)
    assert active_steps(spec, BASE_YEAR, 5).tolist() == [False, True, True, True, False]
    run = run_scenario(_empty(3), _rates(3), BASE_YEAR, 5, [spec])
    assert run.difference.sum(axis=(2, 3))[-1].tolist() == pytest.approx([12, 12, 12])


def test_invalid_measures_are_refused():
    with pytest.raises(ValueError):
        MeasureSpec("magic", start_year=2024)
    with pytest.raises(ValueError):
        MeasureSpec("returnees", start_year=2024, count=5, age_from=40, age_to=30)
    with pytest.raises(ValueError):
        MeasureSpec("fewer_out_moves", start_year=2024, percent=120, age_from=18, age_to=24)
    with pytest.raises(ValueError):
        MeasureSpec("returnees", start_year=2026, end_year=2025, count=5, age_from=20, age_to=30)
