"""One scenario over many Länder at once: status quo (population only) against a reform.

The status quo distributes each Land's pot by today's population alone. The reform distributes the
same pot by the weighted need measure, optionally within a floor (largest loss in %) and a cap
(largest gain in %) against the status quo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from leuchtfeuer.finance.engine.allocation import (
    AllocationError,
    allocate,
    criterion_shares,
    gain_cap,
    loss_floor,
    need_measure,
)

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Result:
    keys: list[str]  # criteria with a weight, in the order of the columns below
    base: list[int]  # cents per Gemeinde, status quo
    reform: list[int]  # cents per Gemeinde, reform
    need: FloatArray  # reform need share within the Land (sums to 1 per Land)
    shares: FloatArray  # n × k: share of the Land total per criterion
    weights: FloatArray  # n_groups × k: effective weights per Land (0 where a criterion is left out)
    usable: NDArray[np.bool_]  # n_groups × k

    def contributions(self, population_share: FloatArray, groups: IntArray) -> FloatArray:
        """n × k: how much each criterion moves a Gemeinde's share against the status quo.

        reform share - status quo share = Σ_k w_k (share_ik - population share_i) when the
        weights of a Land sum to 1; the largest absolute term is "the criterion that moves it most"
        (floors and caps come on top of this).
        """
        return self.weights[groups] * (self.shares - population_share[:, None])


def group_members(groups: IntArray, n_groups: int) -> list[IntArray]:
    order = np.argsort(groups, kind="stable")
    bounds = np.searchsorted(groups[order], np.arange(n_groups + 1))
    return [order[bounds[g] : bounds[g + 1]] for g in range(n_groups)]


def simulate(
    *,
    pots_cents: Sequence[int],
    population: FloatArray,
    groups: IntArray,
    criteria: Mapping[str, FloatArray],
    weights: Mapping[str, float],
    max_loss_percent: Decimal | None = None,
    max_gain_percent: Decimal | None = None,
) -> Result:
    n_groups = len(pots_cents)
    groups = np.asarray(groups, dtype=np.int64)
    pop = np.asarray(population, dtype=np.float64)
    keys = [k for k, w in weights.items() if w > 0]
    if not keys:
        raise AllocationError("Mindestens ein Gewicht muss größer als 0 sein.")
    unknown = [k for k in keys if k not in criteria]
    if unknown:
        raise AllocationError(f"Unbekanntes Kriterium: {', '.join(unknown)}.")
    matrix = np.column_stack([np.asarray(criteria[k], dtype=np.float64) for k in keys])
    need, usable, wg = need_measure(matrix, [weights[k] for k in keys], groups, n_groups)
    shares, _ = criterion_shares(matrix, groups, n_groups)
    pop_share, _ = criterion_shares(pop[:, None], groups, n_groups)
    n = pop.shape[0]
    base = [0] * n
    reform = [0] * n
    for g, idx in enumerate(group_members(groups, n_groups)):
        members = idx.tolist()
        pot = int(pots_cents[g])
        b = allocate(pot, pop_share[idx, 0].tolist())
        floor = loss_floor(b, max_loss_percent) if max_loss_percent is not None else None
        cap = gain_cap(b, max_gain_percent) if max_gain_percent is not None else None
        g_need = need[idx]
        if pot and not np.any(g_need > 0):
            r = b  # no usable criterion in this Land: nothing to reform (reported by the caller)
        else:
            r = allocate(pot, g_need.tolist(), floor_cents=floor, cap_cents=cap)
        for pos, i in enumerate(members):
            base[i] = b[pos]
            reform[i] = r[pos]
    return Result(keys=keys, base=base, reform=reform, need=need, shares=shares, weights=wg, usable=usable)


def population_for_need(
    population: FloatArray, *, demography: FloatArray | None = None, factor: FloatArray | None = None
) -> FloatArray:
    """The population criterion of the reform: demography-adjusted population (if chosen) times
    the Einwohnerveredelung factor of the Gemeinde's size class (if chosen)."""
    out = np.asarray(population if demography is None else demography, dtype=np.float64)
    if factor is not None:
        out = out * np.asarray(factor, dtype=np.float64)
    return out
