"""Simple extrapolation baselines for totals (the yardstick a cohort model has to beat).

All use only totals ≤ base year on the same population basis as the base year (for base 2015:
31.12.2011–2015, Zensus 2011 basis), so the Zensus correction is never read as a trend.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from leuchtfeuer.projections.engine.snapshot import Snapshot

TREND_YEARS = 5  # 2011–2015 for base 2015


def _series(snap: Snapshot, region: str) -> tuple[np.ndarray, np.ndarray]:
    """Years and totals of the trend window: same basis and comparable territory as the base."""
    totals = snap.totals_by_region().get(region, {})
    base = totals.get(snap.base_year)
    if base is None:
        return np.array([]), np.array([])
    years, values = [], []
    for y in range(snap.base_year - TREND_YEARS + 1, snap.base_year + 1):
        t = totals.get(y)
        if t is not None and t.basis == base.basis and t.comparable:
            years.append(y)
            values.append(t.total)
    return np.array(years, dtype=float), np.array(values, dtype=float)


def _trend(
    years: np.ndarray, values: np.ndarray, base_value: float, horizons: np.ndarray, log: bool
) -> np.ndarray:
    if len(years) < 2:
        return np.full(len(horizons), base_value)
    x = years - years.max()
    y = np.log(values) if log else values
    slope, _ = np.polyfit(x, y, 1)
    # anchored at the base-year value (the jump-off is known exactly)
    return base_value * np.exp(slope * horizons) if log else base_value + slope * horizons


def baselines(snap: Snapshot, regions: Sequence[str], horizon: int) -> dict[str, np.ndarray]:
    """name → (N, horizon + 1) projected totals; column 0 is the base year."""
    h = np.arange(horizon + 1, dtype=float)
    totals = snap.totals_by_region()
    out = {
        k: np.zeros((len(regions), horizon + 1))
        for k in ("konstant", "linear", "exponentiell", "kreisanteil")
    }
    kreis_cache: dict[str, np.ndarray] = {}
    for i, ags in enumerate(regions):
        base = float(totals[ags][snap.base_year].total)
        years, values = _series(snap, ags)
        out["konstant"][i] = base
        out["linear"][i] = np.maximum(_trend(years, values, base, h, log=False), 0.0)
        out["exponentiell"][i] = _trend(years, values, base, h, log=True)
        kreis = ags[:5]
        if kreis not in kreis_cache:
            kt = totals.get(kreis, {}).get(snap.base_year)
            if kt is None:
                kreis_cache[kreis] = np.full(horizon + 1, np.nan)
            else:
                ky, kv = _series(snap, kreis)
                kreis_cache[kreis] = _trend(ky, kv, float(kt.total), h, log=False) / kt.total
        growth = kreis_cache[kreis]
        out["kreisanteil"][i] = base * growth if not np.isnan(growth).any() else base
    return out
