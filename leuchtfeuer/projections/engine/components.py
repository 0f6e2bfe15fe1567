"""Births, deaths and net migration behind a projected total, and growth that has no source.

The shown total is the ensemble (cohort model and trend methods), the age structure is the
cohort model's scaled to it (`s_t = ensemble_t / cohort_t`). The components follow the same
scaling, so that they add up to the shown change *exactly*:

* births_t and deaths_t: the cohort model's births and deaths of year t × s_{t−1} (the events of
  the scaled population at the start of the year);
* net migration_t = total_t − total_{t−1} − births_t + deaths_t: everything else. It holds the
  cohort model's own net migration × s_{t−1} and the **ensemble adjustment**
  (s_t − s_{t−1}) · cohort_t, the part of the change the trend methods add or take away.

So total_t = total_{t−1} + births_t − deaths_t + net migration_t holds by construction, and the
ensemble adjustment is reported as part of net migration (with its own figure), because the
trend methods extrapolate totals, whose changes beyond births and deaths are migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np


@dataclass(frozen=True)
class Components:
    """(N, H) flows of the years base+1 … base+H for N regions."""

    births: np.ndarray
    deaths: np.ndarray
    net_migration: np.ndarray
    ensemble_adjustment: np.ndarray  # part of net_migration that comes from the trend methods

    @property
    def natural_balance(self) -> np.ndarray:
        return cast(np.ndarray, self.births - self.deaths)


def decompose(
    total: np.ndarray,
    cohort_total: np.ndarray,
    births: np.ndarray,
    deaths: np.ndarray,
    cohort_net_migration: np.ndarray,
) -> Components:
    """Components of `total` (N, H+1) from the cohort model's totals (N, H+1) and flows (N, H)
    (`cohort_net_migration` = in-moves − out-moves + scenario/transient migrants)."""
    total = np.atleast_2d(np.asarray(total, dtype=float))
    cohort_total = np.atleast_2d(np.asarray(cohort_total, dtype=float))
    scale = total / np.maximum(cohort_total, 1e-9)
    start = scale[:, :-1]
    b = np.atleast_2d(births) * start
    d = np.atleast_2d(deaths) * start
    net = np.diff(total, axis=1) - b + d
    own = np.atleast_2d(cohort_net_migration) * start
    return Components(b, d, net, net - own)


def growth_without_source(
    start: np.ndarray, end: np.ndarray, natural_balance: np.ndarray, past_net_migration: np.ndarray
) -> np.ndarray:
    """(N,) bool: projected to grow (end > start) although the projected natural balance is
    negative and the net migration of the history window (last 10 years) was not positive.
    A region whose past net migration is unknown (NaN) is not counted."""
    past = np.asarray(past_net_migration, dtype=float)
    grows: np.ndarray = (
        (np.asarray(end) > np.asarray(start))
        & (np.asarray(natural_balance) < 0)
        & ~np.isnan(past)
        & (np.nan_to_num(past, nan=1.0) <= 0)
    )
    return grows


def growth_drivers(weights: dict[str, float], changes: dict[str, float]) -> list[tuple[str, float]]:
    """[(method, persons)] of the ensemble's change to the end, largest first: each method's own
    change × its weight (they add up to the ensemble's change)."""
    parts = [(m, w * float(changes[m])) for m, w in weights.items() if w and m in changes]
    return sorted(parts, key=lambda kv: -kv[1])
