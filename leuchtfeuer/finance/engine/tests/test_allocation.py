"""Exactness and bounds of the allocation; expected values worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.finance.engine.allocation import (
    AllocationError,
    allocate,
    gain_cap,
    loss_floor,
    need_measure,
    to_cents,
    to_euros,
)


def test_largest_remainder_by_hand():
    # 100 cents by 1:1:1 → 33.33… each; one cent left goes to the first (tie → earlier index).
    assert allocate(100, [1.0, 1.0, 1.0]) == [34, 33, 33]
    # 10 cents by 0.55 : 0.45 → 5.5 and 4.5: tie in remainder, larger need wins.
    assert allocate(10, [0.55, 0.45]) == [6, 4]
    # 1,000,000.00 € by 2:1 → 66,666,666.67 and 33,333,333.33 cents.
    assert allocate(100_000_000, [2.0, 1.0]) == [66_666_667, 33_333_333]


def test_need_is_share_of_land_total_with_weights():
    # Two Länder; criterion A and B. Land 0: A = 1,3 (shares .25,.75), B = 2,2 (.5,.5).
    x = np.array([[1.0, 2.0], [3.0, 2.0], [5.0, 0.0]])
    need, usable, wg = need_measure(x, [3.0, 1.0], np.array([0, 0, 1]), 2)
    assert need[0] == pytest.approx(0.75 * 0.25 + 0.25 * 0.5)
    assert need[1] == pytest.approx(0.75 * 0.75 + 0.25 * 0.5)
    # Land 1 has no B at all (total 0): B left out there, A carries the whole weight.
    assert not usable[1, 1]
    assert wg[1].tolist() == [1.0, 0.0]
    assert need[2] == pytest.approx(1.0)


def test_missing_value_leaves_criterion_out_for_that_land():
    x = np.array([[1.0, np.nan], [1.0, 4.0], [1.0, 4.0]])
    need, usable, _ = need_measure(x, [1.0, 1.0], np.array([0, 0, 1]), 2)
    assert usable.tolist() == [[True, False], [True, True]]
    assert need.tolist() == pytest.approx([0.5, 0.5, 1.0])


def test_floor_limits_loss_and_redistributes():
    # Base 50/50 of 100 €. Need 9:1 → 90/10. With max. 20 % loss the second keeps 40 €,
    # the first gets the rest (60 €).
    base = allocate(10_000, [1.0, 1.0])
    floor = loss_floor(base, Decimal("20"))
    assert floor == [4_000, 4_000]
    assert allocate(10_000, [0.9, 0.1], floor_cents=floor) == [6_000, 4_000]


def test_cap_limits_gain():
    base = [2_500, 2_500, 5_000]
    cap = gain_cap(base, Decimal("10"))
    assert cap == [2_750, 2_750, 5_500]
    # Need 1:1:0 would give 5,000 each to the first two; capped at 2,750 → the third gets 4,500.
    out = allocate(10_000, [1.0, 1.0, 0.0], cap_cents=cap)
    assert out == [2_750, 2_750, 4_500]


def test_floor_rounds_up_to_whole_cent():
    # 3 % loss of 0.99 € = 0.9603 → at least 0.97 € (never more than 3 % loss).
    assert loss_floor([99], Decimal("3")) == [97]


def test_errors_in_german():
    with pytest.raises(AllocationError, match="Gewicht"):
        need_measure(np.ones((2, 1)), [0.0], np.array([0, 0]), 1)
    with pytest.raises(AllocationError, match="zwei Nachkommastellen"):
        to_cents(Decimal("1.005"))
    assert to_euros(12345) == Decimal("123.45")


@settings(max_examples=300, deadline=None)
@given(
    pot=st.integers(min_value=0, max_value=10**13),
    needs=st.lists(
        st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1e9, allow_nan=False)),
        min_size=1,
        max_size=60,
    ),
    loss=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
    gain=st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=2)),
    base_weights=st.lists(st.integers(min_value=1, max_value=10**6), min_size=60, max_size=60),
)
def test_sums_exact_nonnegative_and_within_bounds(pot, needs, loss, gain, base_weights):
    n = len(needs)
    base = allocate(pot, [float(w) for w in base_weights[:n]])
    assert sum(base) == pot
    floor = loss_floor(base, loss) if loss is not None else None
    cap = gain_cap(base, gain) if gain is not None else None
    out = allocate(pot, needs, floor_cents=floor, cap_cents=cap)
    assert sum(out) == pot
    assert all(v >= 0 for v in out)
    if floor is not None:
        assert all(v >= f for v, f in zip(out, floor, strict=True))
    if cap is not None:
        assert all(v <= c for v, c in zip(out, cap, strict=True))
    if floor is None and cap is None and sum(needs) > 0:
        # Each amount is within one cent of its exact quota.
        total = sum(needs)
        for v, nd in zip(out, needs, strict=True):
            assert abs(v - pot * nd / total) <= 1 + pot * 1e-12


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=3, max_size=3),
    pots=st.lists(st.integers(min_value=0, max_value=10**12), min_size=2, max_size=2),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_simulate_exact_per_land(weights, pots, seed):
    from leuchtfeuer.finance.engine.simulate import simulate

    if sum(weights) <= 0:
        weights = [1.0, 0.0, 0.0]
    rng = np.random.default_rng(seed)
    n = 40
    groups = rng.integers(0, 2, n)
    groups[0], groups[1] = 0, 1
    pop = rng.integers(50, 100_000, n).astype(float)
    crit = {"population": pop, "area": rng.uniform(1, 300, n), "x": rng.integers(0, 5, n).astype(float)}
    res = simulate(
        pots_cents=pots,
        population=pop,
        groups=groups,
        criteria=crit,
        weights=dict(zip(["population", "area", "x"], weights, strict=True)),
        max_loss_percent=Decimal("5"),
    )
    for g in (0, 1):
        members = np.flatnonzero(groups == g)
        assert sum(res.base[i] for i in members) == pots[g]
        assert sum(res.reform[i] for i in members) == pots[g]
        assert all(res.reform[i] >= 0 for i in members)


def test_tiny_needs_keep_their_precision():
    """Found by the property above: needs all below 1e-7 lost precision when scaled by a fixed
    2**52 (1.57 cents off on a 15.7 million € pot); scaled by the largest need they do not."""
    pot = 1_572_912_280
    needs = [1.192092896e-07, 1.0e-09]
    out = allocate(pot, needs)
    total = sum(needs)
    assert sum(out) == pot
    for v, nd in zip(out, needs, strict=True):
        assert abs(v - pot * nd / total) <= 1
