"""Scoring of recommendations against hand arithmetic (no database)."""

from __future__ import annotations

import math

import pytest

from leuchtfeuer.knowledge.engine.recommend import Candidate, score_candidates, similarity


def test_similarity():
    assert similarity(0.0) == 1.0
    assert similarity(1.0) == 0.5
    assert similarity(None) == 0.0
    assert similarity(math.inf) == 0.0


def test_without_check_and_plan_the_ranking_is_by_similarity_alone():
    candidates = [
        Candidate(3.0, frozenset({"wohnen"}), frozenset({"rueckkehr"})),
        Candidate(1.0, frozenset(), frozenset()),
        Candidate(None, frozenset({"wohnen"}), frozenset()),
    ]
    scores = score_candidates(candidates, [], [])
    assert [s.index for s in scores] == [1, 0, 2]
    assert scores[0].total == pytest.approx(0.5)  # 1 / (1 + 1)
    assert scores[1].total == pytest.approx(0.25)  # 1 / (1 + 3)
    assert scores[2].total == 0.0


def test_weak_spots_and_plan_fields_with_hand_arithmetic():
    # Weak spots worst first: wohnen (weight 1), bildung (1/2), mobilitaet (1/3); total 11/6.
    weak = ["wohnen", "bildung", "mobilitaet"]
    plan = ["rueckkehr", "jugend"]
    a = Candidate(1.0, frozenset({"bildung"}), frozenset({"rueckkehr"}))
    b = Candidate(0.0, frozenset(), frozenset())
    scores = {s.index: s for s in score_candidates([a, b], weak, plan)}
    # a: sim 0.5; weak (1/2)/(11/6) = 3/11; plan 1/2 → (0.5·0.5 + 0.3·3/11 + 0.2·0.5) / 1.0
    assert scores[0].weak == pytest.approx(3 / 11)
    assert scores[0].plan == pytest.approx(0.5)
    assert scores[0].total == pytest.approx(0.25 + 0.3 * 3 / 11 + 0.1)
    assert scores[0].weak_matched == ("bildung",)
    assert scores[0].plan_matched == ("rueckkehr",)
    # b: identical place (distance 0) but nothing else: 0.5 · 1
    assert scores[1].total == pytest.approx(0.5)


def test_a_matching_example_from_a_less_similar_place_can_win():
    near = Candidate(0.5, frozenset(), frozenset())
    fitting = Candidate(2.0, frozenset({"wohnen"}), frozenset({"wohnen"}))
    order = [s.index for s in score_candidates([near, fitting], ["wohnen"], ["wohnen"])]
    # near: 0.5·(1/1.5) = 0.333; fitting: 0.5·(1/3) + 0.3 + 0.2 = 0.667
    assert order == [1, 0]


def test_ties_go_to_the_more_similar_then_to_input_order():
    a = Candidate(1.0, frozenset({"x"}), frozenset())
    b = Candidate(1.0, frozenset({"x"}), frozenset())
    assert [s.index for s in score_candidates([a, b], [], [])] == [0, 1]
