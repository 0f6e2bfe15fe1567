"""Kreis schedules: the single-year age shape, fertility, mortality and migration by age of each
Kreis, which the Gemeinden borrow (shrunk towards their own observations)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from leuchtfeuer.projections.engine import schedules as sch
from leuchtfeuer.projections.engine.cohort import AGES, OPEN_AGE
from leuchtfeuer.projections.engine.snapshot import Snapshot
from leuchtfeuer.projections.engine.tables import group_by_bands, sexed_arrays


@dataclass
class KreisSchedules:
    codes: list[str]
    shape: np.ndarray  # (K, 2, A) single-year population (or the default shape)
    has_pop: np.ndarray  # (K,) bool
    fertility: np.ndarray  # (K, A); standard curve where the Kreis table is missing
    has_fertility: np.ndarray
    mortality: np.ndarray  # (K, 2, A) central death rates; standard where missing
    has_mortality: np.ndarray
    out_rate: np.ndarray  # (K, 2, B) out-moves per inhabitant by migration band
    in_share: np.ndarray  # (K, 2, B) shares of in-moves
    has_migration: np.ndarray
    migration_bands: tuple[sch.Band, ...] | None
    shape_year: np.ndarray  # (K,) year of the single-year table, −1 = default shape

    def split_shape(self, kidx: np.ndarray, table_years: Sequence[int]) -> np.ndarray:
        """(n, 2, A) shapes to split Gemeinde tables of `table_years` into single years.

        A Kreis table d years younger than the Gemeinde table is moved back along the cohorts
        (age a of year T ↔ age a + d of year T + d), so that e.g. the small cohorts born around
        1945 sit at the right ages when a Zensus 2011 table is split with the Kreis shape of 2015.
        A Kreis table d years *older* (the Zensus 2022 split with the shape of 2015) is moved
        forward: every cohort d years older, thinned with the Kreis mortality; the d youngest
        ages, born after the Kreis table, keep the shape of the youngest ages of that table."""
        shape = self.shape[kidx].copy()
        shift = np.where(self.shape_year[kidx] >= 0, self.shape_year[kidx] - np.asarray(table_years), 0)
        for d in np.unique(shift[shift > 0]):
            rows = shift == d
            moved = np.empty_like(shape[rows])
            moved[:, :, : AGES - d] = shape[rows][:, :, d:]
            moved[:, :, AGES - d :] = shape[rows][:, :, -1:]  # the open age group stays open
            shape[rows] = moved
        for d in np.unique(shift[shift < 0]):
            rows = np.flatnonzero(shift == d)
            survival = np.exp(-self.mortality[kidx[rows]])
            moved = shape[rows].copy()
            for _ in range(-int(d)):
                older = moved * survival
                moved[:, :, 1:] = older[:, :, :-1]
                moved[:, :, OPEN_AGE] += older[:, :, OPEN_AGE]
            young = min(-int(d), AGES)
            moved[:, :, :young] = shape[rows][:, :, :young]
            shape[rows] = moved
        return cast(np.ndarray, shape)


def kreis_schedules(snap: Snapshot, codes: Sequence[str]) -> KreisSchedules:
    k = len(codes)
    default = np.broadcast_to(sch.default_shape(), (2, AGES))
    shape = np.broadcast_to(default, (k, 2, AGES)).copy()
    has_pop = np.zeros(k, bool)
    single = {
        i: t for i, c in enumerate(codes) if (t := snap.latest_table(c, "population", ("single_years",)))
    }
    shape_year = np.full(k, -1)
    for idx, bands, tables in group_by_bands(single):
        shape[idx] = sch.kreis_single_years(bands, sexed_arrays(tables))
        has_pop[idx] = True
        shape_year[idx] = [t.year for t in tables]
    fert = np.broadcast_to(sch.standard_fertility(), (k, AGES)).copy()
    has_f = np.zeros(k, bool)
    births = {
        i: t
        for i, c in enumerate(codes)
        if has_pop[i] and (t := snap.latest_table(c, "births_by_mother_age", ("mother_age",)))
    }
    for idx, bands, tables in group_by_bands(births):
        b = np.array([[t or 0 for t in tb.total] for tb in tables], dtype=float)
        fb = [(max(lo, 15), hi if hi is not None else 50) for lo, hi in bands]
        f = sch.band_rates_to_single(b, shape[idx, 1], fb)
        f[:, :15] = 0.0
        f[:, 50:] = 0.0
        fert[idx], has_f[idx] = f, True
    mort = np.broadcast_to(sch.standard_mortality(), (k, 2, AGES)).copy()
    has_m = np.zeros(k, bool)
    deaths = {
        i: t
        for i, c in enumerate(codes)
        if has_pop[i] and (t := snap.latest_table(c, "deaths", ("deaths_5y",)))
    }
    for idx, bands, tables in group_by_bands(deaths):
        mort[idx] = np.minimum(sch.band_rates_to_single(sexed_arrays(tables), shape[idx], bands), 0.95)
        has_m[idx] = True
    mig_bands = None
    out_rate = in_share = np.zeros((k, 2, 0))
    has_mig = np.zeros(k, bool)
    pairs = {}
    for i, c in enumerate(codes):
        t_out = snap.latest_table(c, "moves_out", ("wanderung6",))
        t_in = snap.latest_table(c, "moves_in", ("wanderung6",))
        if has_pop[i] and t_out is not None and t_in is not None and t_out.bands == t_in.bands:
            pairs[i] = (t_in, t_out)
    if pairs:
        mig_bands = next(iter(pairs.values()))[0].bands
        pairs = {i: p for i, p in pairs.items() if p[0].bands == mig_bands}
        idx = np.array(list(pairs))
        k_in = sexed_arrays([p[0] for p in pairs.values()])
        k_out = sexed_arrays([p[1] for p in pairs.values()])
        k_pop = sch.group(shape[idx], mig_bands)
        out_rate = np.zeros((k, 2, len(mig_bands)))
        in_share = np.zeros((k, 2, len(mig_bands)))
        out_rate[idx] = k_out / np.maximum(k_pop, 1.0)
        in_share[idx] = k_in / np.maximum(k_in.sum(axis=(1, 2), keepdims=True), 1.0)
        has_mig[idx] = True
    return KreisSchedules(list(codes), shape, has_pop, fert, has_f, mort, has_m, out_rate, in_share, has_mig,
                          mig_bands, shape_year)  # fmt: skip
