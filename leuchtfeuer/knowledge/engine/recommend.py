"""Scoring of examples for a town ("Lösungen für Kommunen wie uns"), pure numpy.

score = w_sim · similarity + w_weak · weak-spot match + w_plan · Werkstattplan match, where

* similarity = 1 / (1 + d) with d the peer distance of the example's place to the town
  (places/engine/peers.py; for a Kreis or Land the median distance of its Gemeinden); 0 when the
  example has no place or the distance is unknown;
* weak-spot match = Σ weights of the town's weak spots (Resilienz-Check, worst first, weight
  1/rank) that the example addresses (challenge fields and pillars), divided by Σ all weights;
* plan match = share of the Werkstattplan's Handlungsfelder the example works in.

The weights (0.5 / 0.3 / 0.2) are renormalised over the parts the town has: without a check and
without a plan the ranking is by similarity alone. Ties: the more similar place first, then the
input order. Vectorised, so 10,000 examples score in about a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

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


@dataclass(frozen=True)
class Scored:
    """Arrays over all candidates (same order as the input)."""

    total: np.ndarray
    similarity: np.ndarray
    weak: np.ndarray
    plan: np.ndarray

    def order(self, limit: int | None = None) -> np.ndarray:
        """Candidate indices, best first (total, then similarity, then input order)."""
        n = len(self.total)
        idx = np.lexsort((np.arange(n), -self.similarity, -np.round(self.total, 12)))
        return idx if limit is None else idx[:limit]


def score_arrays(
    distance: np.ndarray,
    addresses: np.ndarray,
    fields: np.ndarray,
    weak_weights: np.ndarray,
    plan_mask: np.ndarray,
) -> Scored:
    """distance: (n,) with NaN/inf = unknown; addresses: (n, A) bool; fields: (n, F) bool;
    weak_weights: (A,) weight of each address key as a weak spot (0 if not one);
    plan_mask: (F,) bool, the plan's fields."""
    d = np.asarray(distance, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        sim = np.where(np.isfinite(d), 1.0 / (1.0 + np.maximum(d, 0.0)), 0.0)
    weak_total = float(np.sum(weak_weights))
    plan_total = int(np.sum(plan_mask))
    weak = addresses.astype(float) @ weak_weights / weak_total if weak_total else np.zeros(len(d))
    plan = fields.astype(float) @ plan_mask.astype(float) / plan_total if plan_total else np.zeros(len(d))
    w_sim = WEIGHTS["similarity"]
    w_weak = WEIGHTS["weak"] if weak_total else 0.0
    w_plan = WEIGHTS["plan"] if plan_total else 0.0
    total = (w_sim * sim + w_weak * weak + w_plan * plan) / (w_sim + w_weak + w_plan)
    return Scored(total, sim, weak, plan)


def weak_spot_weights(weak_spots: Sequence[str]) -> dict[str, float]:
    """Worst first: weight 1/rank (1, 1/2, 1/3 …); duplicates count once."""
    return {key: 1.0 / rank for rank, key in enumerate(dict.fromkeys(weak_spots), start=1)}


def score_candidates(
    candidates: Sequence[Candidate], weak_spots: Sequence[str], plan_fields: Sequence[str]
) -> list[Score]:
    """Scores of `candidates`, best first (convenience form of `score_arrays`)."""
    weights = weak_spot_weights(weak_spots)
    plan = list(dict.fromkeys(plan_fields))
    address_keys = sorted({k for c in candidates for k in c.addresses} | set(weights))
    field_keys = sorted({k for c in candidates for k in c.fields} | set(plan))
    a_index = {k: i for i, k in enumerate(address_keys)}
    f_index = {k: i for i, k in enumerate(field_keys)}
    addresses = np.zeros((len(candidates), len(address_keys)), dtype=bool)
    fields = np.zeros((len(candidates), len(field_keys)), dtype=bool)
    for row, c in enumerate(candidates):
        addresses[row, [a_index[k] for k in c.addresses]] = True
        fields[row, [f_index[k] for k in c.fields]] = True
    distance = np.array([np.nan if c.distance is None else c.distance for c in candidates], dtype=float)
    weak_weights = np.array([weights.get(k, 0.0) for k in address_keys])
    plan_mask = np.array([k in plan for k in field_keys], dtype=bool)
    scored = score_arrays(distance, addresses, fields, weak_weights, plan_mask)
    return [
        Score(
            index=int(i),
            total=float(scored.total[i]),
            similarity=float(scored.similarity[i]),
            weak=float(scored.weak[i]),
            plan=float(scored.plan[i]),
            weak_matched=tuple(k for k in weights if k in candidates[i].addresses),
            plan_matched=tuple(k for k in plan if k in candidates[i].fields),
        )
        for i in scored.order()
    ]
