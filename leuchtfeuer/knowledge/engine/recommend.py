"""Scoring of examples for a town ("Lösungen für Kommunen wie uns"), pure Python.

score = w_sim · similarity + w_weak · weak-spot match + w_plan · Werkstattplan match, where

* similarity = 1 / (1 + d) with d the peer distance of the example's place to the town
  (places/engine/peers.py; for a Kreis or Land the median distance of its Gemeinden); 0 when the
  example has no place or the distance is unknown;
* weak-spot match = Σ weights of the town's weak spots (Resilienz-Check, worst first, weight
  1/rank) that the example addresses (challenge fields and pillars), divided by Σ all weights;
* plan match = share of the Werkstattplan's Handlungsfelder the example works in.

The weights (0.5 / 0.3 / 0.2) are renormalised over the parts the town has: without a check and
without a plan the ranking is by similarity alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WEIGHTS = {"similarity": 0.5, "weak": 0.3, "plan": 0.2}


@dataclass(frozen=True)
class Candidate:
    distance: float | None  # peer distance of the example's place to the town; None = unknown
    addresses: frozenset[str]  # challenge-field and pillar keys of the example
    fields: frozenset[str]  # Handlungsfeld keys of the example


@dataclass(frozen=True)
class Score:
    index: int
    total: float
    similarity: float
    weak: float
    plan: float
    weak_matched: tuple[str, ...]
    plan_matched: tuple[str, ...]


def similarity(distance: float | None) -> float:
    if distance is None or not math.isfinite(distance):
        return 0.0
    return 1.0 / (1.0 + max(distance, 0.0))


def score_candidates(
    candidates: Sequence[Candidate], weak_spots: Sequence[str], plan_fields: Sequence[str]
) -> list[Score]:
    """Scores, best first (ties: smaller distance, then input order)."""
    weak_weights = {key: 1.0 / rank for rank, key in enumerate(dict.fromkeys(weak_spots), start=1)}
    weak_total = sum(weak_weights.values())
    plan = list(dict.fromkeys(plan_fields))
    weights = {"similarity": WEIGHTS["similarity"]}
    if weak_total:
        weights["weak"] = WEIGHTS["weak"]
    if plan:
        weights["plan"] = WEIGHTS["plan"]
    norm = sum(weights.values())
    scores = []
    for i, c in enumerate(candidates):
        sim = similarity(c.distance)
        weak_matched = tuple(k for k in weak_weights if k in c.addresses)
        weak = sum(weak_weights[k] for k in weak_matched) / weak_total if weak_total else 0.0
        plan_matched = tuple(k for k in plan if k in c.fields)
        plan_share = len(plan_matched) / len(plan) if plan else 0.0
        total = (
            weights["similarity"] * sim + weights.get("weak", 0) * weak + weights.get("plan", 0) * plan_share
        ) / norm
        scores.append(Score(i, total, sim, weak, plan_share, weak_matched, plan_matched))
    scores.sort(key=lambda s: (-round(s.total, 12), -s.similarity, s.index))
    return scores
