"""Simple extrapolation baselines for totals (the yardstick a cohort model has to beat).

All use only totals ≤ base year on the same population basis as the base year (for base 2015:
31.12.2011–2015, Zensus 2011 basis), so the Zensus correction is never read as a trend:

* konstant: the base-year total;
* linear / exponentiell: least-squares line through the totals (resp. their logarithms) of the
  trend window, anchored at the base-year total (the jump-off is known exactly);
* kreisanteil: the Gemeinde keeps its base-year share of its Kreis, whose total follows its own
  linear trend over the same window (Kreis totals ≤ base year only).

Vectorised over all regions (one least-squares fit per region as array arithmetic).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leuchtfeuer.projections.engine.inputs import History, history, net_migration_rates
from leuchtfeuer.projections.engine.snapshot import Snapshot

TREND_YEARS = 5  # 2011–2015 for base 2015
NAMES = ("konstant", "linear", "exponentiell", "kreisanteil")


def trend_slopes(
    snap: Snapshot, regions: Sequence[str], years: int = TREND_YEARS, bridge: bool = True
) -> tuple[np.ndarray, ...]:
    """(base totals, linear slope per year, log slope per year) of `regions`; NaN base if no base
    total, slope 0 where fewer than two comparable points exist.

    Points on an earlier population basis (before the Zensus 2011) count only if `bridge` links
    them to the base year's basis (`bridged_totals`); for base 2015 the window 2011–2015 holds
    none, but the rolling calibration runs (base 2011–2014) get full windows as the production
    run has."""
    h = history(snap, regions, first_year=snap.base_year - years - 2)
    total, ok = bridged_totals(h) if bridge else (h.total, h.basis == h.basis[:, -1:])
    total, ok = total[:, -years:], ok[:, -years:]
    ok = ok & ~np.isnan(total) & h.comparable[:, -years:] & (total > 0)
    base = h.total[:, -1]
    x = np.where(ok, h.years[None, -years:] - snap.base_year, 0.0).astype(float)
    lin = _slope(x, np.where(ok, total, 0.0), ok)
    log = _slope(x, np.where(ok, np.log(np.where(ok, total, 1.0)), 0.0), ok)
    return base, lin, log


def bridged_totals(h: History) -> tuple[np.ndarray, np.ndarray]:
    """(totals, usable) with the years before a basis change scaled to the latest basis.

    At the first year j on the latest basis: the old-basis total of j is estimated as
    T(j−1) · (1 + m) + births(j) − deaths(j), with m the mean residual net migration rate of the
    (up to two) old-basis steps before; k = T(j) / estimate; old-basis totals × k. Without the
    data for k the old years stay unusable. Only data ≤ base are read."""
    total = h.total.copy()
    last = h.basis[:, -1:]
    usable = h.basis == last
    new = usable & ~np.isnan(total)
    n_years = total.shape[1]
    # first column on the latest basis after a column on another basis
    first_new = np.full(len(total), -1)
    for j in range(n_years - 1, 0, -1):
        starts = new[:, j] & (h.basis[:, j - 1] != last[:, 0]) & (h.basis[:, j - 1] >= 0)
        first_new = np.where((first_new < 0) & starts, j, first_new)
    rates, rate_ok = net_migration_rates(h)  # (N, Y−1): step j−1 → j at index j−1
    i = np.flatnonzero(first_new >= 2)  # regions with a basis change inside the window
    j = first_new[i]
    s1, s2 = j - 2, np.maximum(j - 3, 0)  # the two old-basis steps before j − 1
    ok1 = rate_ok[i, s1]
    ok2 = rate_ok[i, s2] & (j - 3 >= 0)
    m = (np.where(ok1, rates[i, s1], 0.0) + np.where(ok2, rates[i, s2], 0.0)) / np.maximum(
        ok1.astype(int) + ok2.astype(int), 1
    )
    prev = total[i, j - 1]
    with np.errstate(invalid="ignore"):
        estimate = prev * (1 + m) + h.births[i, j] - h.deaths[i, j]
    good = (
        (ok1 | ok2) & ~np.isnan(prev) & h.comparable[i, j - 1] & h.comparable[i, j] & h.vital_ok[i, j]
        & (np.nan_to_num(estimate) > 0)
    )  # fmt: skip
    i, j, k = i[good], j[good], total[i[good], j[good]] / estimate[good]
    old = np.arange(n_years)[None, :] < j[:, None]
    total[i] = np.where(old, total[i] * k[:, None], total[i])
    usable[i] = usable[i] | (old & (h.basis[i] == h.basis[i, j - 1][:, None]))
    return total, usable


def _slope(x: np.ndarray, y: np.ndarray, ok: np.ndarray) -> np.ndarray:
    n = ok.sum(axis=1)
    nn = np.maximum(n, 1)
    mx = (x * ok).sum(axis=1) / nn
    my = (y * ok).sum(axis=1) / nn
    dx = np.where(ok, x - mx[:, None], 0.0)
    sxx = (dx * dx).sum(axis=1)
    sxy = (dx * np.where(ok, y - my[:, None], 0.0)).sum(axis=1)
    return np.where((n >= 2) & (sxx > 0), sxy / np.where(sxx > 0, sxx, 1.0), 0.0)


def baselines(snap: Snapshot, regions: Sequence[str], horizon: int) -> dict[str, np.ndarray]:
    """name → (N, horizon + 1) projected totals; column 0 is the base year."""
    h = np.arange(horizon + 1, dtype=float)[None, :]
    base, lin, log = trend_slopes(snap, regions)
    kcodes = sorted({a[:5] for a in regions})
    kbase, klin, _ = trend_slopes(snap, kcodes)
    kpos = {c: i for i, c in enumerate(kcodes)}
    kidx = np.array([kpos[a[:5]] for a in regions], dtype=int)
    growth = np.where(
        np.isnan(kbase)[:, None] | (kbase[:, None] <= 0),
        1.0,
        1.0 + klin[:, None] * h / np.where(kbase > 0, kbase, 1.0)[:, None],
    )
    b = base[:, None]
    return {
        "konstant": np.broadcast_to(b, (len(regions), horizon + 1)).copy(),
        "linear": np.maximum(b + lin[:, None] * h, 0.0),
        "exponentiell": b * np.exp(log[:, None] * h),
        "kreisanteil": b * growth[kidx],
    }
