"""Migration: the residual net migration of each region (change − births + deaths) over its valid
steps, its level (weighted, shrunk towards the Kreis by the caller) and the age profiles of the
gross flows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leuchtfeuer.projections.engine import schedules as sch
from leuchtfeuer.projections.engine.cohort import AGES
from leuchtfeuer.projections.engine.history import History
from leuchtfeuer.projections.engine.kreis import KreisSchedules
from leuchtfeuer.projections.engine.snapshot import Snapshot
from leuchtfeuer.projections.engine.tables import sexed_arrays

MAX_GAP = 5  # years between two year-end totals that still form one migration step (GV vintages)


def net_migration_rates(h: History, max_gap: int = MAX_GAP) -> tuple[np.ndarray, np.ndarray]:
    """(N, Y−1) residual net migration per inhabitant for the steps y−1 → y, and a validity mask.

    Between two consecutive year-end totals up to `max_gap` years apart (after 2015 only the GV
    vintages 2017, 2021, 2023 exist) the interval's mean annual rate is given to each of its
    years, if births and deaths are known (observed or modelled) for every year of it; with
    annual totals this is the plain annual residual. A step is skipped if it crosses a
    population-basis change (2010→2011: the Zensus correction is not migration) or a
    territorial break, or if births/deaths are missing.
    """
    n, y = h.total.shape
    known = ~np.isnan(h.total)
    rate = np.full((n, max(y - 1, 0)), np.nan)
    ok = np.zeros((n, max(y - 1, 0)), bool)
    births = np.nan_to_num(h.births)
    deaths = np.nan_to_num(h.deaths)
    for gap in range(1, max_gap + 1):
        for j in range(gap, y):
            p = j - gap
            valid = (
                known[:, p]
                & known[:, j]
                & (h.basis[:, p] == h.basis[:, j])
                & h.comparable[:, p]
                & h.comparable[:, j]
                & h.vital_ok[:, p + 1 : j + 1].all(axis=1)
            )
            if gap > 1:
                valid &= ~known[:, p + 1 : j].any(axis=1)
            if not valid.any():
                continue
            with np.errstate(invalid="ignore", divide="ignore"):
                r = (
                    h.total[:, j]
                    - h.total[:, p]
                    - births[:, p + 1 : j + 1].sum(axis=1)
                    + deaths[:, p + 1 : j + 1].sum(axis=1)
                ) / (np.maximum(h.total[:, p], 1.0) * gap)
            rate[valid, p:j] = r[valid, None]
            ok[valid, p:j] = True
    return np.where(ok, rate, np.nan), ok


def past_net_migration(h: History) -> tuple[np.ndarray, np.ndarray]:
    """(persons, (N, 2) years): net migration from the first to the last year-end total of the
    window on the last total's basis and territory, where births and deaths are known for every
    year between (NaN / 0 otherwise). For base 2023: 2013→2023."""
    n, y = h.total.shape
    last = h.basis[:, -1:]
    usable = ~np.isnan(h.total) & (h.basis == last) & h.comparable
    # every year after the first usable one must have births and deaths
    first = np.where(usable.any(axis=1), np.argmax(usable, axis=1), y - 1)
    cols = np.arange(y)[None, :]
    after = cols > first[:, None]
    vital_ok = np.where(after, h.vital_ok, True).all(axis=1)
    good = usable[:, -1] & (first < y - 1) & vital_ok
    rows = np.arange(n)
    with np.errstate(invalid="ignore"):
        persons = (
            h.total[:, -1]
            - h.total[rows, first]
            - np.where(after, np.nan_to_num(h.births), 0.0).sum(axis=1)
            + np.where(after, np.nan_to_num(h.deaths), 0.0).sum(axis=1)
        )
    years = np.stack([h.years[first], np.full(n, h.years[-1])], axis=1).astype(int)
    return np.where(good, persons, np.nan), np.where(good[:, None], years, 0)


def migration_level(rates: np.ndarray, ok: np.ndarray, weighting: str) -> np.ndarray:
    """(N,) net migration rate per year from the valid annual rates (NaN if none)."""
    count = ok.sum(axis=1)
    filled = np.where(ok, rates, 0.0)
    if weighting == "mean":
        level = filled.sum(axis=1) / np.maximum(count, 1)
    elif weighting == "recent":
        # linear weights 1, 2, … from each region's first valid year on
        idx = np.arange(rates.shape[1], dtype=float)
        first = np.where(ok.any(axis=1), np.argmax(ok, axis=1), 0)
        w = np.where(ok, idx[None, :] - first[:, None] + 1.0, 0.0)
        level = (w * filled).sum(axis=1) / np.maximum(w.sum(axis=1), 1e-12)
    elif weighting in ("median", "robust"):
        ordered = np.sort(np.where(ok, rates, np.inf), axis=1)  # valid values first
        rows = np.arange(len(rates))
        lo = ordered[rows, np.maximum((count - 1) // 2, 0)]
        hi = ordered[rows, np.maximum(count // 2, 0)]
        med = np.where(count > 0, (lo + hi) / 2.0, np.nan)
        if weighting == "median":
            level = med
        else:
            dev = np.where(ok, np.abs(rates - med[:, None]), -1.0)
            drop = np.argmax(dev, axis=1)
            keep = ok.copy()
            many = count >= 3
            keep[np.arange(len(keep))[many], drop[many]] = False
            level = np.where(keep, rates, 0.0).sum(axis=1) / np.maximum(keep.sum(axis=1), 1)
    else:
        raise ValueError(f"unknown migration weighting {weighting!r}")
    return np.where(count > 0, level, np.nan)


def migration_profiles(
    snap: Snapshot,
    regions: Sequence[str],
    pop: np.ndarray,
    kidx: np.ndarray,
    ks: KreisSchedules,
    weight: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(out rate (N, 2, A), in profile (N, 2, A) summing to 1 per region)."""
    n = len(regions)
    std = sch.standard_migration()
    # fallback: a Rogers–Castro curve (~4 % of inhabitants move out per year), in-moves alike
    base_rate = std / std.mean() * 0.04
    out = np.broadcast_to(base_rate, (n, 2, AGES)).copy()
    prof = out * pop
    inflow = prof / np.maximum(prof.sum(axis=(1, 2), keepdims=True), 1e-9)
    has_k = ks.has_migration[kidx]
    if ks.migration_bands is None or not has_k.any():
        return out, inflow
    bands = ks.migration_bands
    k_rate = ks.out_rate[kidx]
    k_share = ks.in_share[kidx]
    g_pop = sch.group(pop, bands)
    g_out = np.full((n, 2, len(bands)), np.nan)
    g_in = np.full((n, 2, len(bands)), np.nan)
    own = {}
    for i, ags in enumerate(regions):
        t_in = snap.latest_table(ags, "moves_in", ("wanderung6",))
        t_out = snap.latest_table(ags, "moves_out", ("wanderung6",))
        if t_in is not None and t_out is not None and t_in.bands == bands and t_out.bands == bands:
            own[i] = (t_in, t_out)
    if own:
        idx = np.array(list(own))
        g_in[idx] = sexed_arrays([p[0] for p in own.values()])
        g_out[idx] = sexed_arrays([p[1] for p in own.values()])
    has_g = ~np.isnan(g_out).any(axis=(1, 2))
    w = np.where(has_g, weight, 0.0)[:, None, None]
    g_rate = np.nan_to_num(g_out) / np.maximum(g_pop, 1.0)
    g_share = np.nan_to_num(g_in) / np.maximum(np.nan_to_num(g_in).sum(axis=(1, 2), keepdims=True), 1.0)
    rate = w * g_rate + (1 - w) * k_rate
    share = w * g_share + (1 - w) * k_share
    # single years: out-moves of a band are spread over its ages along the Rogers–Castro curve
    # (std × population), so the band's out-moves are kept and a teenager does not get the
    # out-migration rate of the 18–24-year-olds (a moving average across the band edge did that)
    prof_shape = std[None, None, :] * np.maximum(pop, 0) + 1e-9
    out_moves = sch.expand_bands(rate * g_pop, bands, prof_shape)
    out_k = np.clip(out_moves / np.maximum(pop, 1e-9), 0.0, 0.5)
    out_k = np.where(pop > 0.5, out_k, rate @ _band_matrix(bands))  # empty cells: the band rate
    out_k = np.clip(out_k, 0.0, 0.5)
    in_k = np.clip(sch.smooth(sch.expand_bands(share, bands, prof_shape), 3), 0, None)
    in_k = in_k / np.maximum(in_k.sum(axis=(1, 2), keepdims=True), 1e-12)
    sel = has_k[:, None, None]
    return np.where(sel, out_k, out), np.where(sel, in_k, inflow)


def _band_matrix(bands: Sequence[tuple[int, int | None]]) -> np.ndarray:
    m = np.zeros((len(bands), AGES))
    for i, sl in enumerate(sch.band_slices(bands)):
        m[i, sl] = 1.0
    return m
