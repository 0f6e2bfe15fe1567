"""Assignment "ohne anderen etwas wegzunehmen": optimum under capacities vs. the greedy list."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leuchtfeuer.matching.engine.assignment import assign
from leuchtfeuer.matching.engine.scoring import ScoreResult, Seeker, Space

NAN = math.nan


def result(matrix, towns=None):
    m = np.array(matrix, dtype=float)
    towns = towns or [f"0000000{j}" for j in range(m.shape[1])]
    spaces = [
        Space(id=j + 1, kind="laden", label=f"Laden {'XYZW'[j]}", municipality_ags=towns[j])
        for j in range(m.shape[1])
    ]
    seekers = [Seeker(id=i + 1, kind="projekt", label=f"Projekt {'ABCD'[i]}") for i in range(m.shape[0])]
    return ScoreResult.from_dense(m, spaces, seekers)


def test_two_seekers_want_the_same_space():
    # A: X .9, Y .8; B: X .85, Y .1 — greedy gives X to both; best total is A–Y + B–X = 1.65
    res = assign(result([[0.9, 0.8], [0.85, 0.1]]))
    assert res.pairs == [(0, 1), (1, 0)]
    assert res.total == pytest.approx(1.65, abs=1e-6)
    assert res.greedy == [(0, 0), (1, 0)]
    assert res.greedy_conflicts == 1
    assert len(res.differences) == 1
    text = res.differences[0]
    assert text.startswith("Projekt A erhält Laden Y (Passung 80 %) statt der ersten Wahl Laden X (90 %)")
    assert "Laden X geht an Projekt B" in text
    # with A on X, B gets Y: total 1.0, so 0.65 lower = 65 percentage points
    assert "um 65,0 Prozentpunkte niedriger" in text


def test_inadmissible_pairs_are_never_proposed():
    # A–X .1, A–Y .9, B–Y .1, B–X fails: the best is A–Y alone (0.9), not A–X + B–Y (0.2)
    res = assign(result([[0.1, 0.9], [NAN, 0.1]]))
    assert res.pairs == [(0, 1)]
    assert res.total == pytest.approx(0.9, abs=1e-6)
    assert any(t.startswith("Projekt B erhält keinen Vorschlag") for t in res.differences)


def test_space_capacity_two_lets_both_have_their_first_choice():
    res = assign(result([[0.9, 0.8], [0.85, 0.1]]), space_capacity=[2, 1])
    assert res.pairs == [(0, 0), (1, 0)]
    assert res.differences == []


def test_seeker_capacity_two_gets_two_proposals():
    res = assign(result([[0.9, 0.8, 0.7]]), seeker_capacity=2)
    assert res.pairs == [(0, 0), (0, 1)]
    assert res.total == pytest.approx(1.7, abs=1e-6)


def test_town_rule_spreads_proposals():
    # X and Y in the same town, Z elsewhere; at most one proposal per town
    matrix = [[0.9, 0.5, 0.6], [0.5, 0.9, 0.4]]
    res = assign(result(matrix, towns=["1", "1", "2"]), max_per_town=1)
    assert res.pairs in ([(0, 0), (1, 2)], [(0, 2), (1, 1)])
    # .9 + .4 = 1.3 vs .6 + .9 = 1.5: the second is best
    assert res.pairs == [(0, 2), (1, 1)]
    assert res.total == pytest.approx(1.5, abs=1e-6)
    assert (
        "am Ort von Laden X ist die Grenze von höchstens 1 Vorschlägen je Ort erreicht" in res.differences[0]
    )


def brute_force(matrix, space_cap, max_per_town, towns):
    n, m = matrix.shape
    best = 0.0
    options = [[None] + [j for j in range(m) if not math.isnan(matrix[i, j])] for i in range(n)]
    for choice in itertools.product(*options):
        used = [j for j in choice if j is not None]
        if any(used.count(j) > space_cap[j] for j in set(used)):
            continue
        if max_per_town is not None and any(
            sum(1 for j in used if towns[j] == t) > max_per_town for t in set(towns)
        ):
            continue
        best = max(best, sum(matrix[i, j] for i, j in enumerate(choice) if j is not None))
    return best


cell = st.one_of(st.just(NAN), st.floats(0, 1))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.integers(1, 4).flatmap(
            lambda m: st.tuples(
                st.lists(st.lists(cell, min_size=m, max_size=m), min_size=n, max_size=n),
                st.lists(st.integers(0, 2), min_size=m, max_size=m),
                st.lists(st.sampled_from("ab"), min_size=m, max_size=m),
                st.one_of(st.none(), st.integers(1, 2)),
            )
        )
    )
)
def test_total_is_the_brute_force_optimum(case):
    matrix, caps, towns, per_town = case
    mat = np.array(matrix, dtype=np.float32).astype(float)
    res = assign(result(mat, towns=towns), space_capacity=caps, max_per_town=per_town, town_of_space=towns)
    assert res.total == pytest.approx(brute_force(mat, caps, per_town, towns), abs=1e-5)
    used = [j for _, j in res.pairs]
    assert all(used.count(j) <= caps[j] for j in set(used))
    assert all(not math.isnan(mat[i, j]) for i, j in res.pairs)
    assert len({i for i, _ in res.pairs}) == len(res.pairs)


def test_capacity_list_of_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 Werte erwartet"):
        assign(result([[0.5, 0.5]]), space_capacity=[1])
