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

from leuchtfeuer.projections.engine.inputs import history
from leuchtfeuer.projections.engine.snapshot import Snapshot

TREND_YEARS = 5  # 2011–2015 for base 2015
NAMES = ("konstant", "linear", "exponentiell", "kreisanteil")


def trend_slopes(snap: Snapshot, regions: Sequence[str], years: int = TREND_YEARS) -> tuple[np.ndarray, ...]:
    """(base totals, linear slope per year, log slope per year) of `regions`; NaN base if no base
    total, slope 0 where fewer than two comparable points on the base year's basis exist."""
    h = history(snap, regions, first_year=snap.base_year - years + 1)
    base = h.total[:, -1]
    ok = ~np.isnan(h.total) & h.comparable & (h.basis == h.basis[:, -1:]) & (h.total > 0)
    x = np.where(ok, h.years[None, :] - snap.base_year, 0.0).astype(float)
    lin = _slope(x, np.where(ok, h.total, 0.0), ok)
    log = _slope(x, np.where(ok, np.log(np.where(ok, h.total, 1.0)), 0.0), ok)
    return base, lin, log


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
