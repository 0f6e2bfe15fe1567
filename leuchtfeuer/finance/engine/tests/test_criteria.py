"""Criteria definitions against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from leuchtfeuer.finance.engine.criteria import (
    demography_population,
    population_decline,
    sparse_settlement,
    tax_shortfall,
    weighted_gini,
)


def test_demography_takes_higher_of_today_and_window_mean():
    current = np.array([900.0, 1100.0, 500.0])
    history = np.array([[1000.0, 1200.0, np.nan], [1000.0, 1000.0, 1000.0], [np.nan, np.nan, np.nan]])
    years = np.array([2021, 2017, 2013])
    # Window of 10 years up to 2023 = 2014…2023: 2021 and 2017 count, 2013 does not.
    out = demography_population(current, history, years, 2023, 10)
    assert out[0] == pytest.approx((900 + 1000 + 1200) / 3)
    assert out[1] == 1100.0  # growing: today's value is higher
    assert out[2] == 500.0  # no earlier value: today's
    # 5 years (2019…2023): only 2021.
    assert demography_population(current, history, years, 2023, 5)[0] == pytest.approx(950.0)


def test_decline_counts_only_losses():
    out = population_decline(np.array([90.0, 110.0, 5.0]), np.array([100.0, 100.0, np.nan]))
    assert out[0] == 10.0 and out[1] == 0.0 and np.isnan(out[2])


def test_sparse_settlement():
    # Land: 300 people on 30 km² → 10 per km². A: 100 on 20 km² (5/km²) → 100·(1-0.5) = 50.
    # B: 200 on 10 km² (20/km²) → 0.
    out = sparse_settlement(np.array([100.0, 200.0]), np.array([20.0, 10.0]), np.array([0, 0]), 1)
    assert out.tolist() == pytest.approx([50.0, 0.0])


def test_tax_shortfall():
    # Mean per head = (100·500 + 300·1000)/400 = 875. A: 100·375 = 37,500; B above mean: 0.
    out = tax_shortfall(np.array([100.0, 300.0]), np.array([500.0, 1000.0]), np.array([0, 0]), 1)
    assert out.tolist() == pytest.approx([37_500.0, 0.0])


def test_gini():
    assert weighted_gini(np.array([5.0, 5.0]), np.array([1.0, 3.0])) == 0.0
    # Two equal groups, one gets 0 and one 10: mean 5, mean abs difference 5 → 0.5.
    assert weighted_gini(np.array([0.0, 10.0]), np.array([1.0, 1.0])) == pytest.approx(0.5)
    # Weights count as inhabitants: (0 ×1, 10 ×3) equals the list 0,10,10,10 → 0.25.
    assert weighted_gini(np.array([0.0, 10.0]), np.array([1.0, 3.0])) == pytest.approx(0.25)
