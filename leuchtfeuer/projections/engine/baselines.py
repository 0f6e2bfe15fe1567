"""Simple extrapolation baselines for totals (the yardstick a cohort model has to beat).

All use only totals ≤ base year on the same population basis as the base year (for base 2015:
31.12.2011–2015, Zensus 2011 basis), so the Zensus correction is never read as a trend:

* konstant: the base-year total;
* linear / exponentiell: least-squares line through the totals (resp. their logarithms) of the
  trend window, anchored at the base-year total (the jump-off is known exactly);
* kreisanteil: the Gemeinde keeps its base-year share of its Kreis, whose total follows its own
  linear trend over the same window (Kreis totals ≤ base year only).

Trend window: the last `TREND_YEARS` years; if they hold fewer than `MIN_TREND_POINTS` totals
(after 2015 only the GV vintages 2017, 2021, 2023 exist), it reaches back to the
`MIN_TREND_POINTS`-th last total — a line through two totals two years apart is a two-year
change, not a trend.

Damping (`TrendDamping`): the slope of a trend method adds φ^(k−1) of itself in the k-th year
(Gardner & McKenzie's damped trend; φ = 1 is the straight line, the total change is bounded by
slope / (1 − φ) for φ < 1). φ is chosen per method in the rolling backtests (`engine.model`).

Vectorised over all regions (one least-squares fit per region as array arithmetic).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from leuchtfeuer.projections.engine.history import History, history
from leuchtfeuer.projections.engine.migration import net_migration_rates
from leuchtfeuer.projections.engine.snapshot import Snapshot

TREND_YEARS = 5  # 2011–2015 for base 2015
MIN_TREND_POINTS = 3  # base 2023: 2017, 2021, 2023
LOOK_BACK = 14  # years of history read for the trend window and the bridge
NAMES = ("konstant", "linear", "exponentiell", "kreisanteil")
TREND_METHODS = ("linear", "exponentiell", "kreisanteil")


def trend_slopes(
    snap: Snapshot, regions: Sequence[str], years: int = TREND_YEARS, bridge: bool = True
) -> tuple[np.ndarray, ...]:
    """(base totals, linear slope per year, log slope per year) of `regions`; NaN base if no base
    total, slope 0 where fewer than two comparable points exist.

    Points on an earlier population basis (before the Zensus 2011) count only if `bridge` links
    them to the base year's basis (`bridged_totals`); for base 2015 the window 2011–2015 holds
    none, but the rolling calibration runs (base 2011–2014) get full windows as the production
    run has."""
    h = history(snap, regions, first_year=snap.base_year - max(years, LOOK_BACK) - 2)
    total, ok = bridged_totals(h) if bridge else (h.total, h.basis == h.basis[:, -1:])
    ok = ok & ~np.isnan(total) & h.comparable & (np.nan_to_num(total) > 0)
    # the last `years` columns, or back to the MIN_TREND_POINTS-th last point if they hold fewer
    from_end = np.cumsum(ok[:, ::-1], axis=1)[:, ::-1]  # points at or after each column
    recent = np.arange(ok.shape[1])[None, :] >= ok.shape[1] - years
    ok = ok & (recent | (from_end <= MIN_TREND_POINTS))
    base = h.total[:, -1]
    x = np.where(ok, h.years[None, :] - snap.base_year, 0.0).astype(float)
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
    j: Any  # int loop index below, then an (n,) array of columns: one name, two types
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


@dataclass(frozen=True)
class Trends:
    """What the baselines extrapolate, per region: base total, slopes, the Kreis's relative slope."""

    base: np.ndarray  # (N,)
    linear: np.ndarray  # (N,) persons per year
    log: np.ndarray  # (N,) log growth per year
    kreis: np.ndarray  # (N,) the Kreis's linear slope / its base total (NaN: no Kreis total)


def trends(snap: Snapshot, regions: Sequence[str]) -> Trends:
    base, lin, log = trend_slopes(snap, regions)
    kcodes = sorted({a[:5] for a in regions})
    kbase, klin, _ = trend_slopes(snap, kcodes)
    kpos = {c: i for i, c in enumerate(kcodes)}
    kidx = np.array([kpos[a[:5]] for a in regions], dtype=int)
    good = ~np.isnan(kbase) & (kbase > 0)
    kreis = np.where(good, klin / np.where(good, kbase, 1.0), np.nan)
    return Trends(base, lin, log, kreis[kidx] if len(regions) else np.zeros(0))


def damped_steps(horizon: int, phi: float) -> np.ndarray:
    """(horizon + 1,) cumulative trend steps: Σ_{k=1..h} φ^(k−1) (= h for φ = 1)."""
    if phi >= 1.0:
        return np.arange(horizon + 1, dtype=float)
    return np.concatenate([[0.0], np.cumsum(phi ** np.arange(horizon, dtype=float))])


def extrapolate(t: Trends, horizon: int, damping: Mapping[str, float] | None = None) -> dict[str, np.ndarray]:
    """name → (N, horizon + 1) projected totals; column 0 is the base year. `damping`: φ per
    trend method (missing = 1, the straight line)."""
    damping = damping or {}
    steps = {m: damped_steps(horizon, damping.get(m, 1.0))[None, :] for m in TREND_METHODS}
    b = t.base[:, None]
    growth = np.where(
        np.isnan(t.kreis)[:, None], 1.0, 1.0 + np.nan_to_num(t.kreis)[:, None] * steps["kreisanteil"]
    )
    return {
        "konstant": np.broadcast_to(b, (len(t.base), horizon + 1)).copy(),
        "linear": np.maximum(b + t.linear[:, None] * steps["linear"], 0.0),
        "exponentiell": b * np.exp(t.log[:, None] * steps["exponentiell"]),
        "kreisanteil": b * growth,
    }


def baselines(
    snap: Snapshot, regions: Sequence[str], horizon: int, damping: Mapping[str, float] | None = None
) -> dict[str, np.ndarray]:
    """name → (N, horizon + 1) projected totals; column 0 is the base year."""
    return extrapolate(trends(snap, regions), horizon, damping)
