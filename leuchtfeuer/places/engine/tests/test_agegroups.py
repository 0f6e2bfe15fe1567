"""Grouped-age maths: properties that must hold for any counts, and the edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.places.engine import agegroups as ag

SCHEMES = (ag.REGIO_17, ag.ZENSUS22_11, ag.MIGRATION_6)


def counts_for(scheme: ag.AgeScheme) -> st.SearchStrategy[np.ndarray]:
    return (
        st.lists(st.integers(min_value=0, max_value=200_000), min_size=scheme.size, max_size=scheme.size)
        .filter(lambda c: sum(c) > 0)
        .map(lambda c: np.array(c, dtype=float))
    )


@st.composite
def scheme_counts_range(draw: st.DrawFn) -> tuple[ag.AgeScheme, np.ndarray, int, int | None]:
    scheme = draw(st.sampled_from(SCHEMES))
    counts = draw(counts_for(scheme))
    open_lo = scheme.lower[-1]
    lo = draw(st.integers(min_value=0, max_value=open_lo))
    if lo == open_lo:
        return scheme, counts, lo, None
    hi = draw(st.one_of(st.none(), st.integers(min_value=lo + 1, max_value=open_lo)))
    return scheme, counts, lo, hi


@given(scheme_counts_range())
def test_shares_lie_between_zero_and_one(case: tuple) -> None:
    scheme, counts, lo, hi = case
    share = ag.share_in_range(counts, scheme, lo, hi)
    assert 0.0 <= share <= 1.0 + 1e-12


@given(scheme_counts_range(), st.integers(min_value=2, max_value=1000))
def test_shares_do_not_change_when_all_counts_scale(case: tuple, factor: int) -> None:
    scheme, counts, lo, hi = case
    assert ag.share_in_range(counts * factor, scheme, lo, hi) == pytest.approx(
        ag.share_in_range(counts, scheme, lo, hi), rel=1e-9, abs=1e-12
    )
    assert ag.mean_age(counts * factor, scheme) == pytest.approx(ag.mean_age(counts, scheme))
    assert ag.median_age(counts * factor, scheme) == pytest.approx(ag.median_age(counts, scheme))


@given(st.sampled_from(SCHEMES).flatmap(lambda s: st.tuples(st.just(s), counts_for(s))), st.data())
def test_a_split_at_any_age_adds_up_to_the_total(case: tuple, data: st.DataObject) -> None:
    scheme, counts = case
    cut = data.draw(st.integers(min_value=1, max_value=scheme.lower[-1]))
    below = ag.count_in_range(counts, scheme, 0, cut)
    above = ag.count_in_range(counts, scheme, cut, None)
    assert below + above == pytest.approx(counts.sum())


@given(st.sampled_from(SCHEMES).flatmap(lambda s: st.tuples(st.just(s), counts_for(s))))
def test_mean_and_median_lie_inside_the_occupied_bands(case: tuple) -> None:
    scheme, counts = case
    occupied = np.flatnonzero(counts > 0)
    lo = scheme.lower[occupied[0]]
    last = occupied[-1]
    hi = (
        scheme.upper[last]
        if scheme.upper[last] is not None
        else 2 * ag.OPEN_GROUP_MEAN_AGE - scheme.lower[last]
    )
    for value in (ag.mean_age(counts, scheme), ag.median_age(counts, scheme)):
        assert lo - 1e-9 <= value <= hi + 1e-9


@settings(max_examples=50)
@given(st.lists(counts_for(ag.REGIO_17), min_size=1, max_size=20))
def test_vectorised_equals_one_by_one(rows: list[np.ndarray]) -> None:
    matrix = np.array(rows)
    for fn in (ag.mean_age, ag.median_age, ag.youth_ratio, ag.old_age_ratio):
        together = fn(matrix, ag.REGIO_17)
        one_by_one = [fn(r, ag.REGIO_17) for r in rows]
        assert np.allclose(together, one_by_one, equal_nan=True)


def test_uniform_population_has_the_textbook_mean_and_median() -> None:
    # One person per year of age 0…74 (and nobody older): mean = median = 37.5 exact years.
    counts = np.array(
        [
            (u or 75) - lo if u is not None else 0
            for lo, u in zip(ag.REGIO_17.lower, ag.REGIO_17.upper, strict=True)
        ],
        dtype=float,
    )
    assert ag.mean_age(counts, ag.REGIO_17) == pytest.approx(37.5)
    assert ag.median_age(counts, ag.REGIO_17) == pytest.approx(37.5)


def test_exactness_follows_the_band_boundaries() -> None:
    assert ag.age_range_weights(ag.REGIO_17, 20, 65)[1]
    assert ag.age_range_weights(ag.REGIO_17, 0, 18)[1]
    assert not ag.age_range_weights(ag.ZENSUS22_11, 0, 18)[1]  # 16–18 band
    assert not ag.age_range_weights(ag.ZENSUS22_11, 65, None)[1]  # 60–66 band
    weights, _ = ag.age_range_weights(ag.ZENSUS22_11, 0, 18)
    assert weights[4] == pytest.approx(2 / 3)  # ages 16 and 17 of 16, 17, 18


def test_the_open_band_is_never_split() -> None:
    with pytest.raises(ValueError, match="open band"):
        ag.age_range_weights(ag.REGIO_17, 80, None)
    with pytest.raises(ValueError, match="open band"):
        ag.age_range_weights(ag.REGIO_17, 65, 85)


def test_missing_band_poisons_only_results_that_need_it() -> None:
    counts = np.arange(1, 18, dtype=float)
    counts[16] = np.nan  # 75+ unknown
    assert math.isnan(ag.share_in_range(counts, ag.REGIO_17, 65, None))
    assert math.isnan(ag.mean_age(counts, ag.REGIO_17))
    assert ag.count_in_range(counts, ag.REGIO_17, 0, 18) == pytest.approx(1 + 2 + 3 + 4 + 5)
    assert ag.count_in_range(counts, ag.REGIO_17, 20, 65) == pytest.approx(sum(range(7, 16)))


def test_empty_region_gives_nan_not_zero() -> None:
    zeros = np.zeros(17)
    assert math.isnan(ag.share_in_range(zeros, ag.REGIO_17, 65, None))
    assert math.isnan(ag.median_age(zeros, ag.REGIO_17))
    assert math.isnan(ag.youth_ratio(zeros, ag.REGIO_17))


def test_wrong_number_of_bands_is_refused() -> None:
    with pytest.raises(ValueError, match="17 age bands"):
        ag.count_in_range(np.ones(11), ag.REGIO_17, 0, 18)
