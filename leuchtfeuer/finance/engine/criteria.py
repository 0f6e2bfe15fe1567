"""Criteria as non-negative "need quantities" per Gemeinde, derived from plain figures.

Every criterion is an extensive quantity (persons, km², euros, counts) so that "share of the Land
total" is meaningful. Intensive figures (density, tax capacity per head) are turned into one by
multiplying with the population; the definitions are in docs/finance.md. NaN = no value (never
replaced by a guess; the allocation leaves a criterion with a missing value out for that Land).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def demography_population(
    current: FloatArray, history: FloatArray, history_years: NDArray[np.int64], ref_year: int, years: int
) -> FloatArray:
    """Population for the need measure with the demography factor ("Demografiefaktor").

    Variant: the higher of today's population and the mean of the values of the last `years`
    years (reference years ref_year-years+1 … ref_year, today's value included, every value
    available in that window counted once; NaN = no comparable value, skipped). A town that
    shrinks keeps part of its former population in the measure; a growing one counts as today.
    history: n × t matrix of earlier counts (same population basis and territory as today).
    """
    if years < 1:
        raise ValueError("years must be ≥ 1")
    cur = np.asarray(current, dtype=np.float64)
    hist = np.asarray(history, dtype=np.float64).reshape(cur.shape[0], -1)
    in_window = (np.asarray(history_years) > ref_year - years) & (np.asarray(history_years) < ref_year)
    window = hist[:, in_window]
    values = np.concatenate([cur[:, None], window], axis=1)
    valid = ~np.isnan(values)
    mean = np.where(valid, values, 0.0).sum(axis=1) / np.maximum(valid.sum(axis=1), 1)
    out: FloatArray = np.maximum(cur, mean)
    return out


def population_decline(current: FloatArray, earlier: FloatArray) -> FloatArray:
    """Persons lost since the earlier date: max(0, earlier - current); NaN where no earlier value."""
    cur = np.asarray(current, dtype=np.float64)
    old = np.asarray(earlier, dtype=np.float64)
    return np.where(np.isnan(old), np.nan, np.maximum(0.0, old - cur))


def sparse_settlement(
    population: FloatArray, area_km2: FloatArray, groups: NDArray[np.int64], n_groups: int
) -> FloatArray:
    """ "Dünnbesiedlung": population · max(0, 1 - density / density of the Land).

    Zero for Gemeinden at or above the Land's density; approaches the full population for very
    thinly settled ones. (Area alone is the separate criterion "Fläche"; population / density is
    just area again, so density enters in this bounded form.)
    """
    pop = np.asarray(population, dtype=np.float64)
    area = np.asarray(area_km2, dtype=np.float64)
    pop_tot = np.zeros(n_groups)
    area_tot = np.zeros(n_groups)
    np.add.at(pop_tot, groups, np.nan_to_num(pop))
    np.add.at(area_tot, groups, np.nan_to_num(area))
    land_density = np.divide(pop_tot, area_tot, out=np.zeros(n_groups), where=area_tot > 0)[groups]
    density = np.divide(pop, area, out=np.full_like(pop, np.nan), where=area > 0)
    rel = np.divide(density, land_density, out=np.full_like(pop, np.nan), where=land_density > 0)
    return pop * np.maximum(0.0, 1.0 - rel)


def tax_shortfall(
    population: FloatArray, tax_per_head: FloatArray, groups: NDArray[np.int64], n_groups: int
) -> FloatArray:
    """ "Steuerkraftausgleich": population · max(0, Land mean tax capacity per head - own).

    The Land mean is weighted by population (total tax capacity / total population). NaN where
    the Gemeinde's tax capacity is missing.
    """
    pop = np.asarray(population, dtype=np.float64)
    tax = np.asarray(tax_per_head, dtype=np.float64)
    tax_tot = np.zeros(n_groups)
    pop_tot = np.zeros(n_groups)
    ok = ~np.isnan(tax)
    np.add.at(tax_tot, groups, np.where(ok, tax * pop, 0.0))
    np.add.at(pop_tot, groups, np.where(ok, pop, 0.0))
    mean = np.divide(tax_tot, pop_tot, out=np.zeros(n_groups), where=pop_tot > 0)[groups]
    return np.where(ok, pop * np.maximum(0.0, mean - np.nan_to_num(tax)), np.nan)


def weighted_gini(values: FloatArray, weights: FloatArray) -> float:
    """Gini coefficient of `values` (e.g. € per inhabitant) with weights (inhabitants).

    0 = every inhabitant's Gemeinde gets the same per head; 1 = all money in one place.
    Computed as the mean absolute difference between two random inhabitants / (2 · mean).
    """
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    keep = (w > 0) & np.isfinite(v)
    v, w = v[keep], w[keep]
    if v.size == 0 or w.sum() <= 0:
        return 0.0
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    total_w = w.sum()
    mean = float((v * w).sum() / total_w)
    if mean <= 0:
        return 0.0
    cum_w = np.cumsum(w) - w  # weight strictly below
    cum_vw = np.cumsum(v * w) - v * w
    # Σ_i Σ_j w_i w_j |v_i - v_j| = 2 Σ_i w_i (v_i · W_<i - S_<i)
    mad = 2.0 * float((w * (v * cum_w - cum_vw)).sum()) / (total_w * total_w)
    return float(mad / (2.0 * mean))
