"""Cohort-component kernel: sex × single year of age 0 … 100+, one-year steps, N regions at once.

Arrays: population ``(N, 2, A)`` with sex 0 = male, 1 = female and A = 101 ages (100 = 100+).
Timing (kept deliberately simple so that every flow is accounted for exactly):

* deaths of the year: ``P[a] * q[a]`` for the people aged a at the start of the year;
  newborns die with ``q_birth`` before the year ends;
* births: ``sum_a f[a] * P_female[a]`` (rates are calibrated to this same exposure, so the
  convention does not bias the level); sex ratio at birth `male_share`;
* migration: in-moves are counts by age ``I_total * in_profile`` (scaled with the population),
  out-moves are rates ``o[a] * P[a]``; both are counted at the age at the end of the year;
  `extra_net` adds scenario migrants (counts by sex and age).

Mass balance holds exactly: P(t+1) = P(t) + births − deaths + in − out + extra.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import numpy as np

AGES = 101
OPEN_AGE = AGES - 1


def _empty(shape: tuple[int, ...]) -> np.ndarray:
    """np.empty without numpy's transparent-huge-page advice.

    WHY: numpy asks the kernel for huge pages on large arrays (madvise). With the kernel setting
    `transparent_hugepage/defrag = madvise` (Debian default) the first such allocation in a
    process triggers synchronous memory compaction: measured 1.2 s CPU for the 50 MB result of
    all Gemeinden × 30 years, against 0.2 s with normal pages. The flag is process-wide, so it is
    restored at once.
    """
    try:
        from numpy._core import multiarray as _ma

        # numpy's private madvise switch is not in its stubs (guarded by the except below)
        previous = _ma._get_madvise_hugepage()  # type: ignore[attr-defined]
    except (ImportError, AttributeError):  # other numpy versions: plain allocation
        return np.empty(shape)
    _ma._set_madvise_hugepage(False)  # type: ignore[attr-defined]  # private, not in numpy's stubs
    try:
        return np.empty(shape)
    finally:
        _ma._set_madvise_hugepage(previous)  # type: ignore[attr-defined]  # private, not in numpy's stubs


@dataclass
class Rates:
    """Per-region demographic rates (all arrays float64)."""

    fertility: np.ndarray  # (N, A) births per woman aged a (start of year)
    death_prob: np.ndarray  # (N, 2, A) probability to die within the year
    out_rate: np.ndarray  # (N, 2, A) out-moves per person, by age at end of year
    in_profile: np.ndarray  # (N, 2, A) shares of in-moves (sum over sex and age = 1)
    in_level: np.ndarray  # (N,) in-moves per inhabitant per year
    male_share: float = 0.5134  # 105.5 boys per 100 girls (German long-run average)
    death_prob_birth: np.ndarray | None = None  # (N, 2) newborns dying in their birth year
    sources: dict[str, str] = field(default_factory=dict)


@dataclass
class Projection:
    population: np.ndarray  # (H+1, N, 2, A)
    births: np.ndarray  # (H, N)
    deaths: np.ndarray  # (H, N)
    moves_in: np.ndarray  # (H, N)
    moves_out: np.ndarray  # (H, N)
    extra: np.ndarray  # (H, N)

    @property
    def totals(self) -> np.ndarray:
        """(H+1, N) total population per year."""
        return cast(np.ndarray, self.population.sum(axis=(2, 3)))


def step(
    pop: np.ndarray, rates: Rates, extra_net: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One year forward. Returns (new population, births, deaths, in, out, extra) with flows (N,)."""
    n = pop.shape[0]
    q = rates.death_prob
    survivors = pop * (1.0 - q)
    deaths = (pop * q).sum(axis=(1, 2))
    new = np.zeros_like(pop)
    new[:, :, 1:] = survivors[:, :, :-1]
    new[:, :, OPEN_AGE] += survivors[:, :, OPEN_AGE]
    births = (rates.fertility * pop[:, 1, :]).sum(axis=1)
    by_sex = np.stack([births * rates.male_share, births * (1.0 - rates.male_share)], axis=1)
    q_birth = rates.death_prob_birth if rates.death_prob_birth is not None else np.zeros((n, 2))
    new[:, :, 0] = by_sex * (1.0 - q_birth)
    deaths = deaths + (by_sex * q_birth).sum(axis=1)
    # migration on the survived population (ages at the end of the year)
    total = pop.sum(axis=(1, 2))
    moves_in = rates.in_level * total
    inflow = rates.in_profile * moves_in[:, None, None]
    outflow = np.minimum(rates.out_rate * new, new)  # nobody can leave twice
    new = new + inflow - outflow
    extra = np.zeros(n)
    if extra_net is not None:
        extra_net = np.broadcast_to(extra_net, new.shape)
        extra_net = np.maximum(extra_net, -new)  # cannot remove more people than live there
        new = new + extra_net
        extra = extra_net.sum(axis=(1, 2))
    return new, births, deaths, inflow.sum(axis=(1, 2)), outflow.sum(axis=(1, 2)), extra


def project(base: np.ndarray, rates: Rates, horizon: int, extra_net: np.ndarray | None = None) -> Projection:
    """Project `base` (N, 2, A) `horizon` years ahead with constant rates.

    `extra_net` is (H, N, 2, A) or broadcastable: scenario migrants added each year.
    Same arithmetic as `step` (the reference), written with in-place operations and
    precomputed factors: ~10 passes over the (N, 2, A) array per year.
    """
    n = base.shape[0]
    extra_all = None if extra_net is None else np.broadcast_to(extra_net, (horizon, *base.shape))
    out = _empty((horizon + 1, *base.shape))
    out[0] = base
    flows = np.zeros((5, horizon, n))
    q = rates.death_prob
    surv = 1.0 - q
    keep = 1.0 - np.minimum(rates.out_rate, 1.0)  # nobody can leave twice
    q_birth = rates.death_prob_birth if rates.death_prob_birth is not None else np.zeros((n, 2))
    sex = np.array([rates.male_share, 1.0 - rates.male_share])
    buf = np.empty(base.shape)
    for t in range(horizon):
        pop, new = out[t], out[t + 1]
        total = pop.sum(axis=(1, 2))
        np.multiply(pop, surv, out=buf)  # survivors, still at last year's age
        survived = buf.sum(axis=(1, 2))
        births = np.einsum("na,na->n", rates.fertility, pop[:, 1, :])
        by_sex = births[:, None] * sex[None, :]
        newborn = by_sex * (1.0 - q_birth)
        deaths = total - survived + (by_sex * q_birth).sum(axis=1)
        # ageing and out-migration in one pass: new[a] = survivors[a−1] · (1 − out[a])
        np.multiply(buf[:, :, :-1], keep[:, :, 1:], out=new[:, :, 1:])
        new[:, :, OPEN_AGE] += buf[:, :, OPEN_AGE] * keep[:, :, OPEN_AGE]
        new[:, :, 0] = newborn * keep[:, :, 0]
        moves_out = survived + newborn.sum(axis=1) - new.sum(axis=(1, 2))
        moves_in = rates.in_level * total
        np.multiply(rates.in_profile, moves_in[:, None, None], out=buf)
        new += buf
        if extra_all is not None:
            np.maximum(extra_all[t], -new, out=buf)  # cannot remove more people than live there
            new += buf
            flows[4, t] = buf.sum(axis=(1, 2))
        flows[0, t], flows[1, t], flows[2, t], flows[3, t] = births, deaths, moves_in, moves_out
    return Projection(out, *flows)


def _project_reference(
    base: np.ndarray, rates: Rates, horizon: int, extra_net: np.ndarray | None = None
) -> Projection:
    n = base.shape[0]
    out = np.empty((horizon + 1, *base.shape))
    out[0] = base
    flows = np.zeros((5, horizon, n))
    pop = base.astype(float)
    for t in range(horizon):
        extra = None if extra_net is None else np.broadcast_to(extra_net, (horizon, *base.shape))[t]
        pop, b, d, i, o, e = step(pop, rates, extra)
        out[t + 1] = pop
        flows[:, t] = (b, d, i, o, e)
    return Projection(out, *flows)


def advance(pop: np.ndarray, rates: Rates, fraction: float) -> np.ndarray:
    """Move a population (N, 2, A) counted at a day inside a year `fraction` of a year forward
    (e.g. the Zensus day 15.05.2022 → 31.12.2022: fraction 0.63).

    Birthdays are taken as spread evenly over the year, so a share `fraction` of every age is one
    year older at the end; deaths with the survival (1 − q)^fraction; births, in- and out-moves
    `fraction` of a year's. With fraction 1 this is one step of `project` up to the order of
    ageing and dying within the year (a one-year step is `project` itself)."""
    if fraction <= 0:
        return pop.copy()
    n = pop.shape[0]
    survivors = pop * (1.0 - rates.death_prob) ** fraction
    new = survivors * (1.0 - fraction)
    new[:, :, 1:] += survivors[:, :, :-1] * fraction
    new[:, :, OPEN_AGE] += survivors[:, :, OPEN_AGE] * fraction
    births = fraction * np.einsum("na,na->n", rates.fertility, pop[:, 1, :])
    q_birth = rates.death_prob_birth if rates.death_prob_birth is not None else np.zeros((n, 2))
    sex = np.array([rates.male_share, 1.0 - rates.male_share])
    new[:, :, 0] += births[:, None] * sex[None, :] * (1.0 - q_birth * fraction)
    new = new * (1.0 - np.minimum(rates.out_rate, 1.0) * fraction)
    new += rates.in_profile * (fraction * rates.in_level * pop.sum(axis=(1, 2)))[:, None, None]
    return cast(np.ndarray, new)
