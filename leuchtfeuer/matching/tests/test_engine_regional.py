"""Compensation (gravity model) and Verbund proposals; expected values computed by hand."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.matching.engine.compensation import (
    CompensationError,
    Place,
    gravity_shares,
    largest_remainder,
)
from leuchtfeuer.matching.engine.geo import EARTH_RADIUS_KM
from leuchtfeuer.matching.engine.verbund import Town, propose_verbuende

KM_PER_DEG = EARTH_RADIUS_KM * math.pi / 180


def at(km: float) -> float:
    """Latitude km north of 50° on the 10° meridian (distance along a meridian is exact)."""
    return 50.0 + km / KM_PER_DEG


ORIGIN = Place("00000001", "Standort", 7000, 50.0, 10.0)
A = Place("00000002", "Adorf", 1000, at(10), 10.0)
B = Place("00000003", "Bedorf", 4000, at(20), 10.0)
FAR = Place("00000004", "Fernau", 90000, at(45), 10.0)


def test_power_decay_inverse_square():
    # wA = 1000 / 10² = 10, wB = 4000 / 20² = 10 → one half each; Fernau is outside 30 km
    res = gravity_shares(ORIGIN, [A, B, FAR], jobs=3, amount=Decimal("100.01"))
    assert [s.name for s in res.shares] == ["Adorf", "Bedorf"]
    assert [s.share for s in res.shares] == [pytest.approx(0.5), pytest.approx(0.5)]
    assert res.shares[0].distance_km == pytest.approx(10.0, abs=1e-9)
    # 1.5 commuters each: the tie goes to the first; 100.01 € → 50.01 + 50.00
    assert [s.commuters for s in res.shares] == [2, 1]
    assert [s.amount for s in res.shares] == [Decimal("50.01"), Decimal("50.00")]


def test_exponential_decay():
    res = gravity_shares(ORIGIN, [A, B], jobs=100, decay="exponential", scale_km=20)
    wa, wb = 1000 * math.exp(-10 / 20), 4000 * math.exp(-20 / 20)
    by_name = {s.name: s.share for s in res.shares}
    assert by_name["Adorf"] == pytest.approx(wa / (wa + wb), rel=1e-12)
    assert by_name["Bedorf"] == pytest.approx(wb / (wa + wb), rel=1e-12)
    assert sum(s.commuters for s in res.shares) == 100


def test_the_origin_itself_is_not_a_neighbour_and_radius_is_respected():
    res = gravity_shares(ORIGIN, [ORIGIN, A, B, FAR], jobs=10, radius_km=50)
    assert {s.ags for s in res.shares} == {A.ags, B.ags, FAR.ags}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"jobs": 0}, "Arbeitsplätze"),
        ({"jobs": 5, "radius_km": 5}, "Keine Nachbargemeinde"),
        ({"jobs": 5, "radius_km": -1}, "Pendelradius"),
        ({"jobs": 5, "amount": Decimal("-1")}, "Ausgleichsbetrag"),
        ({"jobs": 5, "decay": "linear"}, "Abnahme"),
    ],
)
def test_bad_input_gets_a_german_message(kwargs, message):
    with pytest.raises(CompensationError, match=message):
        gravity_shares(ORIGIN, [A, B], **kwargs)


def test_largest_remainder_hand_example():
    # 10 by 1:1:1 → 3.33 each, one extra to the first
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    # 7 by 0.5:0.3:0.2 → 3.5, 2.1, 1.4 → floors 3,2,1 and the extra to the largest remainder
    assert largest_remainder(7, [0.5, 0.3, 0.2]) == [4, 2, 1]


place = st.builds(
    Place,
    ags=st.integers(10, 99).map(lambda i: f"000000{i}"),
    name=st.just("Ort"),
    population=st.integers(1, 2_000_000),
    lat=st.floats(49.8, 50.2),
    lon=st.floats(9.7, 10.3),
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(place, min_size=1, max_size=30, unique_by=lambda p: p.ags),
    st.integers(1, 100_000),
    st.decimals(min_value=0, max_value=10_000_000, places=2),
    st.sampled_from(["power", "exponential"]),
)
def test_shares_sum_to_one_and_parts_to_the_totals(neighbours, jobs, amount, decay):
    res = gravity_shares(ORIGIN, neighbours, jobs=jobs, amount=amount, decay=decay, radius_km=50)
    assert abs(math.fsum(s.share for s in res.shares) - 1.0) < 1e-12
    assert all(s.share >= 0 for s in res.shares)
    assert sum(s.commuters for s in res.shares) == jobs
    assert sum(s.amount for s in res.shares) == amount
    assert all(s.amount >= 0 for s in res.shares)


# ---- Verbünde

T = Town("1", "Tal", 4000, 50.0, 10.0)
NA = Town("2", "Au", 3000, at(5), 10.0)
NB = Town("3", "Berg", 4000, at(8), 10.0)
NC = Town("4", "City", 30000, at(10), 10.0)
ND = Town("5", "Dorf", 2000, at(40), 10.0)


def test_proposals_fit_the_band_and_fewest_members_come_first():
    props = propose_verbuende(
        T, [NA, NB, NC, ND], post_population_min=10_000, post_population_max=50_000, max_distance_km=25
    )
    sets = [[m.name for m in p.members] for p in props]
    assert sets[0] == ["Tal", "City"]  # 34,000 with two towns
    assert ["Tal", "Au", "Berg"] in sets  # 11,000
    assert all(10_000 <= p.population <= 50_000 for p in props)
    assert all("Dorf" not in s for s in sets)  # 40 km away
    assert props[0].reasons[0].startswith("Tal + City: zusammen 34.000 Einwohner:innen")


def test_contiguity_limits_to_towns_that_share_a_border():
    border = {"1": {"2"}, "2": {"1", "3"}, "3": {"2"}, "4": set()}
    props = propose_verbuende(
        T,
        [NA, NB, NC],
        post_population_min=10_000,
        post_population_max=50_000,
        max_distance_km=25,
        contiguity=border,
    )
    assert [[m.name for m in p.members] for p in props] == [["Tal", "Au", "Berg"]]
    assert "die Gemeinden grenzen lückenlos aneinander" in props[0].reasons


def test_town_already_above_the_band_gets_no_proposal():
    assert propose_verbuende(NC, [T, NA], post_population_min=5_000, post_population_max=20_000) == []


def test_towns_seeking_the_same_post_are_preferred():
    nb = Town("3", "Berg", 4000, at(8), 10.0, needs=frozenset({"klimaschutz"}))
    props = propose_verbuende(
        T, [NA, nb, NC], post_population_min=10_000, post_population_max=50_000, topic="klimaschutz"
    )
    assert "Berg" in [m.name for m in props[0].members]
    assert "1 von 2 Nachbargemeinden suchen ebenfalls Klimaschutz" in props[0].reasons


def test_bad_band_is_refused():
    with pytest.raises(ValueError, match="Einwohnerband"):
        propose_verbuende(T, [NA], post_population_min=50_000, post_population_max=10_000)
