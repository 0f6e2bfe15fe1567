"""Births and deaths: observed means over the latest years, the population they were observed on,
and modelled values where a year has none (so that migration can be measured as a residual)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leuchtfeuer.projections.engine.cohort import Rates, project
from leuchtfeuer.projections.engine.history import History, history
from leuchtfeuer.projections.engine.kreis import KreisSchedules
from leuchtfeuer.projections.engine.snapshot import AgeTable, Snapshot
from leuchtfeuer.projections.engine.tables import POPULATION_SCHEMES, expand_tables, group_by_bands


def fill_modelled_vital(
    h: History, pop0: np.ndarray, year0: np.ndarray, fertility: np.ndarray, death_prob: np.ndarray,
    male_share: float = 0.5134,
) -> np.ndarray:  # fmt: skip
    """Births and deaths for the years after the last observed ones, from the cohort model.

    WHY: Gemeinde births and deaths are published here only up to 2015, the totals up to 2023.
    To measure migration 2015→2023 the natural balance of those years is modelled: the age
    table `pop0` (N, 2, A) of `year0` is aged year by year with the given fertility and death
    probabilities, and scaled each year to the known total by sex (or, between two GV vintages,
    to the total interpolated linearly between them). Fills `h` in place; returns the (N, Y)
    mask of modelled years."""
    n, y = h.total.shape
    modelled = np.zeros((n, y), bool)
    if n == 0 or y == 0:
        return modelled
    observed_last = np.where(
        h.vital_ok.any(axis=1), h.years[y - 1 - np.argmax(h.vital_ok[:, ::-1], axis=1)], -1
    )
    known = ~np.isnan(h.total) & h.comparable
    interp = np.full((n, y), np.nan)
    cols = np.arange(y)
    for i in np.flatnonzero((known.sum(axis=1) >= 1) & (observed_last < h.years[-1])):
        k = known[i]
        inside = (cols >= cols[k].min()) & (cols <= cols[k].max())
        interp[i, inside] = np.interp(cols[inside], cols[k], h.total[i, k])
    zero = np.zeros_like(death_prob)
    for start in np.unique(year0):
        idx = np.flatnonzero((year0 == start) & (observed_last < h.years[-1]))
        if start < 0 or not len(idx):
            continue
        rates = Rates(fertility[idx], death_prob[idx], zero[idx], zero[idx], np.zeros(len(idx)),
                      male_share=male_share, death_prob_birth=death_prob[idx][:, :, 0] * 0.5)  # fmt: skip
        pop = pop0[idx]
        for year in range(int(start) + 1, int(h.years[-1]) + 1):
            j = year - int(h.years[0])
            one = project(pop, rates, 1)
            pop = one.population[1]
            if j < 0:
                continue
            fill = (year > observed_last[idx]) & ~h.vital_ok[idx, j] & ~np.isnan(interp[idx, j])
            rows = idx[fill]
            h.births[rows, j] = one.births[0][fill]
            h.deaths[rows, j] = one.deaths[0][fill]
            h.vital_ok[rows, j] = True
            modelled[rows, j] = True
            pop = _scale_to(pop, interp[idx, j], h.male[idx, j], h.female[idx, j], known[idx, j])
    return modelled


def _scale_to(
    pop: np.ndarray, total: np.ndarray, male: np.ndarray, female: np.ndarray, by_sex: np.ndarray
) -> np.ndarray:
    """`pop` (n, 2, A) scaled to `total` (by sex where `by_sex` and both sexes are known)."""
    have = pop.sum(axis=2)
    split = by_sex & ~np.isnan(male) & ~np.isnan(female)
    share = have / np.maximum(have.sum(axis=1, keepdims=True), 1e-9)
    target = np.where(split[:, None], np.stack([male, female], axis=1), share * total[:, None])
    good = ~np.isnan(target) & (have > 0)
    factor = np.where(good, target / np.where(have > 0, have, 1.0), 1.0)
    return pop * factor[:, :, None]


def recent_vital(h: History, years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean births, mean deaths, number of years) over the latest `years` valid years."""
    ok = h.vital_ok
    from_end = np.cumsum(ok[:, ::-1], axis=1)[:, ::-1]  # valid years at or after each column
    use = ok & (from_end <= years)
    n = use.sum(axis=1)
    births = np.where(use, h.births, 0.0).sum(axis=1) / np.maximum(n, 1)
    deaths = np.where(use, h.deaths, 0.0).sum(axis=1) / np.maximum(n, 1)
    return births, deaths, n


def observed_vital(
    snap: Snapshot, regions: Sequence[str], years: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(mean births, mean deaths, number of years, last year) of the latest `years` years with
    observed births and deaths, looking back up to 10 years before the base year and, if the
    data end earlier, as far as needed to find `years` of them."""
    vital = snap.vital_by_region()
    last_years = [
        max((y for y, v in vital.get(a, {}).items() if v.births is not None), default=0) for a in regions
    ]
    latest = max(last_years, default=0)
    first = min(snap.base_year - 10, latest - years + 1) if latest else snap.base_year - 10
    h = history(snap, regions, first_year=first)
    births, deaths, nyears = recent_vital(h, years)
    ok = h.vital_ok
    last = np.where(ok.any(axis=1), h.years[ok.shape[1] - 1 - np.argmax(ok[:, ::-1], axis=1)], -1)
    return births, deaths, nyears, last.astype(int)


def exposure_population(
    snap: Snapshot,
    regions: Sequence[str],
    tables: dict[int, AgeTable],
    base: np.ndarray,
    table_years: np.ndarray,
    vital_last: np.ndarray,
    kidx: np.ndarray,
    ks: KreisSchedules,
) -> tuple[np.ndarray, np.ndarray]:
    """(population (N, 2, A), its year) on which births and deaths were observed: the jump-off
    table if it is not younger than the last observed births/deaths, else the latest age table
    up to that year (split with the Kreis shape as the jump-off table is)."""
    exposure = base.copy()
    years = table_years.copy()
    older: dict[int, AgeTable] = {}
    for i, table in tables.items():
        if vital_last[i] >= 0 and table.year > vital_last[i]:
            found = snap.latest_table(regions[i], "population", POPULATION_SCHEMES, until=int(vital_last[i]))
            if found is not None:
                older[i] = found
    for idx, bands, tbls in group_by_bands(older):
        years[idx] = [t.year for t in tbls]
        exposure[idx] = expand_tables(tbls, bands, ks.split_shape(kidx[idx], years[idx]))
    return exposure, years
