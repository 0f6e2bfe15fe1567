"""Scoring engine: hard filters, weighted criteria, reasons; expected values computed by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.matching.engine.geo import EARTH_RADIUS_KM, haversine_km, pairwise_km
from leuchtfeuer.matching.engine.scoring import Seeker, Space, Weights, explain, score

KM_PER_DEG = EARTH_RADIUS_KM * math.pi / 180  # along a meridian


def north(km: float, lat: float = 54.0) -> float:
    return lat + km / KM_PER_DEG


def test_haversine_along_a_meridian_and_pairwise_agree():
    assert float(haversine_km(50.0, 10.0, 51.0, 10.0)) == pytest.approx(KM_PER_DEG, rel=1e-12)
    # Berlin – Hamburg city centres, about 255 km
    assert float(haversine_km(52.5200, 13.4050, 53.5511, 9.9937)) == pytest.approx(255.3, abs=0.5)
    lat_a, lon_a = [50.0, 52.5], [10.0, 13.4]
    lat_b, lon_b = [50.0, 50.01, 53.55], [10.0, 10.0, 9.99]
    dense = pairwise_km(lat_a, lon_a, lat_b, lon_b)
    ref = haversine_km(np.array(lat_a)[:, None], np.array(lon_a)[:, None], lat_b, lon_b)
    np.testing.assert_allclose(dense, ref, atol=1e-6)


def test_weighted_mean_of_area_rent_and_distance():
    space = Space(id=1, kind="laden", area_m2=210, rent_eur_month=450, lat=54.0, lon=13.0)
    seeker = Seeker(
        id=1,
        kind="projekt",
        space_kinds=frozenset({"laden"}),
        area_min_m2=180,
        budget_max_eur_month=600,
        lat=54.0,
        lon=13.0,
        radius_km=30,
    )
    result = score([space], [seeker])
    # area 180/210, rent 1 - 0.5 * 450/600 = 0.625, distance 1 - 0/30 = 1; weights .35/.25/.25
    expected = (0.35 * 180 / 210 + 0.25 * 0.625 + 0.25 * 1.0) / 0.85
    assert result.scores[0, 0] == pytest.approx(expected, abs=1e-6)
    reasons = result.reasons(0, 0)
    assert "passt: 180 m² gesucht, 210 m² frei" in reasons
    assert "Miete 450 € im Monat, Ihr Budget höchstens 600 €" in reasons


def test_distance_reason_and_linear_decay_inside_the_radius():
    space = Space(id=1, kind="laden", lat=north(14), lon=13.0)
    seeker = Seeker(id=1, kind="projekt", lat=54.0, lon=13.0, radius_km=20)
    result = score([space], [seeker], Weights(area=0, price=0, distance=1, time=0))
    assert result.scores[0, 0] == pytest.approx(1 - 14 / 20, abs=1e-4)
    assert "14 km von Ihrem Wunschort" in result.reasons(0, 0)


def test_without_radius_distance_decays_exponentially():
    space = Space(id=1, kind="laden", lat=north(50), lon=13.0)
    seeker = Seeker(id=1, kind="projekt", lat=54.0, lon=13.0)
    result = score([space], [seeker], Weights(area=0, price=0, distance=1, time=0))
    assert result.scores[0, 0] == pytest.approx(math.exp(-1), abs=1e-5)


def test_time_delay_and_coverage():
    need = date(2027, 1, 1)
    late = Space(id=1, kind="laden", available_from=need + timedelta(days=60))
    short = Space(id=2, kind="laden", available_until=need + timedelta(days=182))
    seeker = Seeker(id=1, kind="projekt", needed_from=need, needed_until=need + timedelta(days=364))
    result = score([late, short], [seeker], Weights(area=0, price=0, distance=0, time=1))
    # late: 1 - 60/180, and it covers 304 of the 364 days
    assert result.scores[0, 0] == pytest.approx((1 - 60 / 180) * 304 / 364, abs=1e-5)
    assert result.scores[0, 1] == pytest.approx(182 / 364, abs=1e-5)
    assert "frei ab 02.03.2027, 60 Tage nach Ihrem Wunschtermin" in result.reasons(0, 0)


@pytest.mark.parametrize(
    ("space", "seeker", "reason"),
    [
        (
            Space(id=1, kind="halle"),
            Seeker(id=1, kind="projekt", space_kinds=frozenset({"laden"})),
            "Art passt nicht: halle angeboten, gesucht laden",
        ),
        (
            Space(id=1, kind="laden", area_m2=120),
            Seeker(id=1, kind="projekt", area_min_m2=180),
            "Fläche zu klein: mindestens 180 m² gesucht, 120 m² frei",
        ),
        (
            Space(id=1, kind="laden", area_m2=1200),
            Seeker(id=1, kind="projekt", area_max_m2=300),
            "Fläche zu groß: höchstens 300 m² gesucht, 1.200 m² frei",
        ),
        (
            Space(id=1, kind="laden", rent_eur_month=750),
            Seeker(id=1, kind="projekt", budget_max_eur_month=600),
            "Miete zu hoch: 750 € im Monat, Ihr Budget höchstens 600 €",
        ),
        (
            Space(id=1, kind="grundstueck", price_eur=250_000),
            Seeker(id=1, kind="unternehmen", budget_max_eur=200_000),
            "Preis zu hoch: 250.000 €, Ihr Budget höchstens 200.000 €",
        ),
        (
            Space(id=1, kind="laden", available_from=date(2027, 6, 1)),
            Seeker(id=1, kind="projekt", needed_from=date(2027, 1, 1), needed_until=date(2027, 3, 1)),
            "zu spät frei: ab 01.06.2027, gebraucht bis 01.03.2027",
        ),
        (
            Space(id=1, kind="laden", lat=north(84), lon=13.0),
            Seeker(id=1, kind="projekt", lat=54.0, lon=13.0, radius_km=50),
            "zu weit: 84 km von Ihrem Wunschort, Umkreis 50 km",
        ),
        (
            Space(id=1, kind="laden", kreis_ags="13072"),
            Seeker(id=1, kind="projekt", kreise=frozenset({"13071"})),
            "zu weit: nicht in Ihren gewünschten Kreisen",
        ),
        (
            Space(id=1, kind="laden", accessible=False),
            Seeker(id=1, kind="projekt", needs_accessible=True),
            "nicht barrierefrei, Sie brauchen Barrierefreiheit",
        ),
        (
            Space(id=1, kind="halle", features=frozenset({"bahn"})),
            Seeker(id=1, kind="unternehmen", required_features=frozenset({"bahn", "autobahn"})),
            "fehlt: Autobahnanschluss",
        ),
    ],
)
def test_each_hard_filter_fails_with_its_reason(space, seeker, reason):
    result = score([space], [seeker])
    assert math.isnan(result.scores[0, 0])
    assert not result.passes(0, 0)
    assert result.top(0, 5) == []
    assert result.reasons(0, 0)[0] == reason


def test_radius_or_kreis_list_either_suffices():
    space = Space(id=1, kind="laden", lat=north(84), lon=13.0, kreis_ags="13071")
    seeker = Seeker(id=1, kind="projekt", lat=54.0, lon=13.0, radius_km=50, kreise=frozenset({"13071"}))
    result = score([space], [seeker])
    assert result.passes(0, 0)
    assert "im gewünschten Kreis" in result.reasons(0, 0)


def test_unknown_figures_pass_and_no_criterion_scores_one():
    result = score([Space(id=1, kind="laden")], [Seeker(id=1, kind="projekt", area_min_m2=50)])
    assert result.scores[0, 0] == pytest.approx(1.0)
    assert "Fläche nicht angegeben" in result.reasons(0, 0)


def test_per_seeker_weights_override_the_default():
    big = Space(id=1, kind="laden", area_m2=200, rent_eur_month=900, lat=54.0, lon=13.0)
    cheap = Space(id=2, kind="laden", area_m2=100, rent_eur_month=100, lat=54.0, lon=13.0)
    size_first = Seeker(
        id=1, kind="projekt", area_min_m2=200, budget_max_eur_month=1000, weights=Weights(1, 0, 0, 0)
    )
    price_first = Seeker(
        id=2, kind="projekt", area_min_m2=100, budget_max_eur_month=1000, weights=Weights(0, 1, 0, 0)
    )
    result = score([big, cheap], [size_first, price_first])
    assert result.top(0, 1)[0][0] == 0
    assert result.scores[0, 0] == pytest.approx(1.0)
    assert result.top(1, 1) == [(1, pytest.approx(1 - 0.5 * 100 / 1000))]


def test_top_is_sorted_and_ties_go_to_the_lower_index():
    spaces = [Space(id=i, kind="laden", area_m2=a) for i, a in enumerate([100, 200, 100, 50])]
    result = score(spaces, [Seeker(id=1, kind="projekt", area_min_m2=100, area_max_m2=100)])
    assert [j for j, _ in result.top(0, 5)] == [0, 2]


def test_chunking_does_not_change_scores():
    rng = np.random.default_rng(3)
    spaces = [
        Space(
            id=i,
            kind=str(rng.choice(["a", "b"])),
            area_m2=float(rng.uniform(10, 500)),
            lat=float(rng.uniform(50, 54)),
            lon=float(rng.uniform(8, 14)),
        )
        for i in range(37)
    ]
    seekers = [
        Seeker(
            id=i,
            kind="projekt",
            space_kinds=frozenset({"a"}),
            area_min_m2=float(rng.uniform(10, 200)),
            lat=52.0,
            lon=11.0,
            radius_km=float(rng.uniform(50, 300)),
        )
        for i in range(23)
    ]
    one = score(spaces, seekers)
    many = score(spaces, seekers, chunk_pairs=40)
    np.testing.assert_array_equal(one.scores, many.scores)


# ---- independent reference: the documented rules written out per pair in plain Python


def reference(seeker: Seeker, space: Space, w: Weights) -> float:
    d = None
    if seeker.lat is not None and seeker.lon is not None:
        d = float(haversine_km(seeker.lat, seeker.lon, space.lat, space.lon))
    if seeker.space_kinds and space.kind not in seeker.space_kinds:
        return math.nan
    if space.area_m2 is not None:
        if seeker.area_min_m2 is not None and space.area_m2 < seeker.area_min_m2:
            return math.nan
        if seeker.area_max_m2 is not None and space.area_m2 > seeker.area_max_m2:
            return math.nan
    budget, rent = seeker.budget_max_eur_month, space.rent_eur_month
    if budget is not None and rent is not None and rent > budget:
        return math.nan
    if seeker.radius_km and d is not None and d > seeker.radius_km:
        return math.nan
    parts = []
    lo, hi = seeker.area_min_m2, seeker.area_max_m2
    target = (lo + hi) / 2 if lo is not None and hi is not None else (lo if lo is not None else hi)
    if target is not None and space.area_m2 is not None:
        parts.append((w.area, min(space.area_m2, target) / max(space.area_m2, target)))
    if seeker.budget_max_eur_month is not None and space.rent_eur_month is not None:
        parts.append((w.price, 1 - 0.5 * space.rent_eur_month / seeker.budget_max_eur_month))
    if d is not None:
        if seeker.radius_km:
            parts.append((w.distance, max(0.0, 1 - d / seeker.radius_km)))
        else:
            parts.append((w.distance, math.exp(-d / 50)))
    den = sum(wt for wt, _ in parts)
    return sum(wt * v for wt, v in parts) / den if den > 0 else 1.0


maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731

space_st = st.builds(
    Space,
    id=st.integers(0, 9),
    kind=st.sampled_from(["laden", "halle"]),
    area_m2=maybe(st.floats(10, 1000)),
    rent_eur_month=maybe(st.floats(0, 3000)),
    lat=st.floats(50.0, 51.0),
    lon=st.floats(10.0, 11.0),
)
seeker_st = st.builds(
    Seeker,
    id=st.integers(0, 9),
    kind=st.just("projekt"),
    space_kinds=st.frozensets(st.sampled_from(["laden", "halle"])),
    area_min_m2=maybe(st.floats(10, 500)),
    area_max_m2=maybe(st.floats(500, 1000)),
    budget_max_eur_month=maybe(st.floats(1, 3000)),
    lat=maybe(st.floats(50.0, 51.0)),
    lon=st.just(10.5),
    radius_km=maybe(st.floats(5, 100)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(space_st, min_size=1, max_size=6), st.lists(seeker_st, min_size=1, max_size=5))
def test_vectorised_scores_match_the_plain_reference(spaces, seekers):
    result = score(spaces, seekers)
    for i, seeker in enumerate(seekers):
        for j, space in enumerate(spaces):
            expected = reference(seeker, space, Weights())
            got = float(result.scores[i, j])
            if math.isnan(expected):
                assert math.isnan(got), explain(seeker, space)
            else:
                # float32 scores; a pair exactly on the radius may fall either side by rounding
                assert got == pytest.approx(expected, abs=1e-4) or math.isnan(got)
                assert result.score_of(i, j) == pytest.approx(got, nan_ok=True)


def test_bad_weights_are_refused_in_german():
    with pytest.raises(ValueError, match="Gewicht"):
        Weights(area=-1)
    with pytest.raises(ValueError, match="Gewicht"):
        Weights(0, 0, 0, 0)


def test_sparse_and_dense_block_paths_agree(monkeypatch):
    import leuchtfeuer.matching.engine.scoring as scoring_module

    rng = np.random.default_rng(11)
    start = date(2027, 1, 1)
    spaces = [
        Space(
            id=i,
            kind=str(rng.choice(["a", "b", "c"])),
            area_m2=float(rng.uniform(10, 500)) if rng.random() < 0.9 else None,
            rent_eur_month=float(rng.uniform(100, 2000)) if rng.random() < 0.6 else None,
            price_eur=float(rng.uniform(1e4, 1e6)) if rng.random() < 0.3 else None,
            available_from=start + timedelta(days=int(rng.integers(0, 300))) if rng.random() < 0.7 else None,
            available_until=start + timedelta(days=int(rng.integers(200, 900)))
            if rng.random() < 0.3
            else None,
            lat=float(rng.uniform(50, 54)),
            lon=float(rng.uniform(8, 14)),
            kreis_ags=f"k{int(rng.integers(5))}",
            accessible=bool(rng.random() < 0.5),
            features=frozenset(f for f in ("bahn", "breitband") if rng.random() < 0.5),
        )
        for i in range(60)
    ]
    seekers = [
        Seeker(
            id=i,
            kind="projekt",
            space_kinds=frozenset(
                rng.choice(["a", "b", "c"], size=int(rng.integers(0, 3)), replace=False).tolist()
            ),
            area_min_m2=float(rng.uniform(10, 200)) if rng.random() < 0.8 else None,
            area_max_m2=float(rng.uniform(200, 600)) if rng.random() < 0.5 else None,
            budget_max_eur_month=float(rng.uniform(200, 2000)) if rng.random() < 0.7 else None,
            budget_max_eur=float(rng.uniform(1e5, 1e6)) if rng.random() < 0.3 else None,
            needed_from=start + timedelta(days=int(rng.integers(0, 300))) if rng.random() < 0.7 else None,
            needed_until=start + timedelta(days=int(rng.integers(300, 800))) if rng.random() < 0.4 else None,
            lat=52.0 if rng.random() < 0.7 else None,
            lon=11.0,
            radius_km=float(rng.uniform(50, 400)) if rng.random() < 0.5 else None,
            kreise=frozenset({f"k{int(rng.integers(5))}"}) if rng.random() < 0.3 else frozenset(),
            needs_accessible=bool(rng.random() < 0.2),
            required_features=frozenset({"bahn"}) if rng.random() < 0.2 else frozenset(),
        )
        for i in range(40)
    ]
    monkeypatch.setattr(scoring_module, "DENSE_SHARE", 2.0)  # never dense
    sparse = score(spaces, seekers, chunk_pairs=600).scores
    monkeypatch.setattr(scoring_module, "DENSE_SHARE", -1.0)  # always dense
    dense = score(spaces, seekers, chunk_pairs=600).scores
    assert np.count_nonzero(~np.isnan(sparse)) > 50
    np.testing.assert_allclose(sparse, dense, rtol=1e-5, atol=1e-6)
