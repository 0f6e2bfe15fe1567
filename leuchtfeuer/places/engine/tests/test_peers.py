"""Peer group: properties of the distance, tie-breaking, missing data, explanations, real data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.places.engine.peers import PeerIndex, PeerInput, is_east, robust_center_scale

from .rawdata import needs_data


def make_input(rows: list[dict], *, keys: list[str] | None = None) -> PeerInput:
    n = len(rows)
    keys = keys or [f"{i:08d}" for i in range(n)]

    def col(name: str) -> np.ndarray:
        return np.array([r.get(name, np.nan) for r in rows], dtype=float)

    return PeerInput(
        keys=keys,
        names=[r.get("name", f"Gemeinde {k}") for r, k in zip(rows, keys, strict=True)],
        population=col("population"),
        area_km2=col("area_km2"),
        share_under_18=col("share_under_18"),
        share_65_plus=col("share_65_plus"),
        population_change=col("population_change"),
        migration_balance_per_1000=col("migration"),
        degurba=col("degurba"),
        land_code=[r.get("land", "01") for r in rows],
    )


finite = {"allow_nan": False, "allow_infinity": False}
row_strategy = st.fixed_dictionaries(
    {
        "population": st.floats(50, 3_000_000, **finite),
        "area_km2": st.floats(1, 900, **finite),
        "share_under_18": st.floats(5, 30, **finite),
        "share_65_plus": st.floats(10, 45, **finite),
        "population_change": st.floats(-30, 30, **finite),
        "migration": st.floats(-80, 80, **finite),
        "degurba": st.sampled_from([1.0, 2.0, 3.0]),
        "land": st.sampled_from(["01", "03", "09", "11", "13", "16"]),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(row_strategy, min_size=2, max_size=40), st.data())
def test_peers_exclude_self_are_sorted_and_complete(rows: list[dict], data: st.DataObject) -> None:
    index = PeerIndex(make_input(rows))
    key = data.draw(st.sampled_from(list(index.keys)))
    peers = index.peers(key, n=10)
    assert key not in {p.key for p in peers}
    assert len(peers) == min(10, len(rows) - 1)
    assert [p.rank for p in peers] == list(range(1, len(peers) + 1))
    pairs = [(p.distance, p.key) for p in peers]
    assert pairs == sorted(pairs)  # distance, then key
    assert all(p.explanation for p in peers)


@settings(max_examples=60, deadline=None)
@given(st.lists(row_strategy, min_size=2, max_size=30), st.data())
def test_distance_is_symmetric_and_zero_on_the_diagonal(rows: list[dict], data: st.DataObject) -> None:
    # Knock out some features to exercise the skip-and-reweight path too.
    for r in rows:
        if data.draw(st.booleans()):
            r["share_under_18"] = np.nan
            r["share_65_plus"] = np.nan
    index = PeerIndex(make_input(rows))
    a = data.draw(st.sampled_from(list(index.keys)))
    b = data.draw(st.sampled_from(list(index.keys)))
    assert index.distance(a, b) == pytest.approx(index.distance(b, a))
    assert index.distance(a, a) == 0.0


def test_ties_are_broken_by_key() -> None:
    twin = {"population": 5000, "area_km2": 50, "share_under_18": 15, "share_65_plus": 25,
            "population_change": -2, "migration": 1, "degurba": 3, "land": "13"}  # fmt: skip
    other = dict(twin, population=90_000, degurba=1, land="05")
    rows = [twin, dict(twin), dict(twin), dict(twin), other]
    keys = ["13000004", "13000002", "13000003", "13000001", "05000001"]
    index = PeerIndex(make_input(rows, keys=keys))
    assert [p.key for p in index.peers("13000004", n=3)] == ["13000001", "13000002", "13000003"]
    assert [p.distance for p in index.peers("13000004", n=3)] == [0.0, 0.0, 0.0]


def test_explanation_names_the_closest_features_in_german() -> None:
    malchin = {"name": "Malchin", "population": 7614, "area_km2": 109.28, "share_under_18": 13.5,
               "share_65_plus": 27.0, "population_change": -5.4, "migration": 5.6, "degurba": 3, "land": "13"}  # fmt: skip
    similar = dict(malchin, name="Ähnlichstadt", population=7231, share_under_18=14.5, share_65_plus=28.0,
                   population_change=-9.0, migration=3.0)  # fmt: skip
    far = dict(
        malchin, name="Großstadt", population=600_000, area_km2=200, share_65_plus=18.0, degurba=1, land="09"
    )
    filler = [dict(malchin, name=f"Füller {p}", population=p, share_under_18=u, share_65_plus=s, population_change=c, migration=m,
                   degurba=d, land=land)
              for p, u, s, c, m, d, land in [(1200, 17, 31, -8, -10, 3, "16"), (45_000, 12, 21, 3, 8, 2, "08"),
                                             (15_000, 16, 24, 0, 2, 2, "03"), (900, 19, 26, -4, 12, 2, "05")]]  # fmt: skip
    index = PeerIndex(make_input([malchin, similar, far, *filler]))
    best = index.peers("00000000", n=1)[0]
    assert best.name == "Ähnlichstadt"
    # Peer's value first, then the town's own; German number format.
    expected = {
        "log_population": "ähnlich groß (dort 7.231, hier 7.614 Einwohner:innen)",
        "log_density": "ähnlich dicht besiedelt (dort 66, hier 70 Einwohner:innen je km²)",
        "share_under_18": "ähnlich viele Kinder und Jugendliche (Anteil unter 18: dort 14,5 %, hier 13,5 %)",
        "share_65_plus": "ähnlich alt (Anteil 65+ dort 28,0 %, hier 27,0 %)",
        "population_change": "ähnliche Bevölkerungsentwicklung (dort −9,0 %, hier −5,4 %)",
        "migration_balance_per_1000": "ähnlicher Wanderungssaldo (dort +3,0, hier +5,6 je 1.000 Einwohner:innen)",
        "degurba": "ebenfalls gering besiedelt",
        "east": "ebenfalls in Ostdeutschland",
    }
    assert 2 <= len(best.reasons) <= 3
    assert best.reasons == tuple(expected[f] for f in best.closest_features)
    assert "ebenfalls gering besiedelt" in best.reasons  # DEGURBA is preferred over east/west
    assert "ebenfalls in Ostdeutschland" not in best.reasons  # at most one category
    assert best.explanation == ", ".join(best.reasons)


def test_a_feature_that_differs_a_lot_is_never_called_similar() -> None:
    base = {"population": 5000, "area_km2": 50, "share_under_18": 15, "share_65_plus": 25,
            "population_change": -2, "migration": 1, "degurba": 3, "land": "13"}  # fmt: skip
    rows = [base, dict(base, population_change=-30), dict(base, population=80_000, degurba=1, land="09")]
    index = PeerIndex(make_input(rows))
    features = index.closest_features(0, 1)
    assert "population_change" not in features
    assert len(features) == 3


def test_missing_features_are_skipped_and_too_few_shared_excludes() -> None:
    base = {"population": 5000, "area_km2": 50, "share_under_18": 15, "share_65_plus": 25,
            "population_change": -2, "migration": 1, "degurba": 3, "land": "13"}  # fmt: skip
    no_ages = dict(base, share_under_18=np.nan, share_65_plus=np.nan, population=5200)
    almost_empty = {"population": 5000, "land": ""}  # only size known: < half the weight
    index = PeerIndex(make_input([base, no_ages, almost_empty, dict(base, population=40_000)]))
    d = index.distances_from("00000000")
    assert math.isfinite(d[1])
    assert math.isinf(d[2])
    assert "00000002" not in {p.key for p in index.peers("00000000")}
    # Re-weighting: a pair identical on all shared features is at distance 0.
    twin_without_ages = dict(base, share_under_18=np.nan, share_65_plus=np.nan)
    index2 = PeerIndex(make_input([base, twin_without_ages, dict(base, population=40_000)]))
    assert index2.distance("00000000", "00000001") == 0.0


def test_east_west_and_robust_scale() -> None:
    assert is_east("11") and is_east("16") and not is_east("10") and not is_east("01")
    centre, scale = robust_center_scale(np.array([1.0, 2.0, 3.0, 4.0, 1000.0, np.nan]))
    assert centre == 3.0
    assert scale == pytest.approx(1.4826 * 1.0)
    assert robust_center_scale(np.array([5.0, 5.0, 5.0])) == (5.0, 1.0)


def test_input_validation() -> None:
    rows = [{"population": 1, "area_km2": 1}, {"population": 2, "area_km2": 1}]
    with pytest.raises(ValueError, match="unique"):
        make_input(rows, keys=["a", "a"])
    with pytest.raises(ValueError, match="unknown features"):
        PeerIndex(make_input(rows), weights={"gdp": 1.0})


@pytest.fixture(scope="module")
def real_index() -> PeerIndex:
    from .realpeers import build_peer_input

    return PeerIndex(build_peer_input())


@needs_data
def test_real_data_peers_of_malchin_loitz_schmalkalden(real_index: PeerIndex) -> None:
    assert len(real_index) > 10_000  # every inhabited Gemeinde of GV 2024-Q4
    for ags in ("13071092", "13075082", "16066063"):
        peers = real_index.peers(ags)
        assert len(peers) == 10
        assert ags not in {p.key for p in peers}
        assert all(math.isfinite(p.distance) for p in peers)
        own = real_index.row(ags)
        pops = np.array([real_index.data.population[real_index.row(p.key)] for p in peers])
        # Peers of a small town are small towns (7,231 / 4,254 / 19,984 inhabitants): every peer
        # within a factor of 4 of its size, the typical peer within a factor of 2.
        factor = np.exp(np.abs(np.log(pops / real_index.data.population[own])))
        assert factor.max() < 4
        assert np.median(factor) < 2
        # Same query twice → same answer (deterministic).
        assert [p.key for p in real_index.peers(ags)] == [p.key for p in peers]


@needs_data
def test_real_data_every_gemeinde_gets_peers(real_index: PeerIndex) -> None:
    rng = np.random.default_rng(7)
    for key in rng.choice(real_index.keys, size=200, replace=False):
        peers = real_index.peers(str(key))
        assert len(peers) == 10
        assert str(key) not in {p.key for p in peers}
