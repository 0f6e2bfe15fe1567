"""Empirical prediction intervals from the model's own past errors.

WHY empirical: small-area errors are dominated by migration shocks no parametric model knows
about (Rayer, Smith & Tayman 2009 recommend past errors). We collect relative errors
e = (forecast − actual) / actual from rolling backtests that use only data ≤ the base year,
stratified by size class and horizon, and take the 80 % / 95 % quantiles of |e|.

Horizons beyond those observed are reached with a power law: q(h) = c · h^a, with `a` fitted by
least squares on log q over the observed horizons (pooled over size classes, clipped to
[0.5, 1.0] — between random-walk growth and linear error growth) and `c` per size class.
Intervals are shown only where a calibration exists (`Calibration.has`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

SIZE_LIMITS = (1_000, 5_000, 20_000)  # size classes: <1k, 1–5k, 5–20k, ≥20k
SIZE_LABELS = ("unter 1.000", "1.000–4.999", "5.000–19.999", "ab 20.000")
LEVELS = (0.80, 0.95)
MIN_ERRORS = 20  # fewer errors than this in a stratum → the stratum is pooled with its neighbour


def size_class(population: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.array(SIZE_LIMITS), population, side="right")


@dataclass
class Calibration:
    """Quantiles of absolute relative errors: q[level][(size class)] = (c, a)."""

    params: dict[float, dict[int, tuple[float, float]]] = field(default_factory=dict)
    observed: dict[float, dict[tuple[int, int], float]] = field(default_factory=dict)
    horizons: tuple[int, ...] = ()
    n_errors: int = 0

    def has(self, level: float) -> bool:
        return bool(self.params.get(level))

    def half_width(self, level: float, population: np.ndarray, horizon: int) -> np.ndarray:
        """Relative half-width of the interval for each region (NaN where not calibrated)."""
        classes = size_class(population)
        out = np.full(len(population), np.nan)
        for cls, (c, a) in self.params.get(level, {}).items():
            out[classes == cls] = c * horizon**a
        return out


def calibrate(
    errors: np.ndarray,
    horizons: np.ndarray,
    population: np.ndarray,
    levels: Sequence[float] = LEVELS,
    exponent: Mapping[float, float] | None = None,
) -> Calibration:
    """Fit the interval rule from relative errors (fractions) with their horizon and base size.

    `exponent` (level → a) fixes the horizon exponent instead of fitting it — used for age
    groups, whose errors are observed at one horizon only (they borrow a from the totals)."""
    errors, horizons, population = map(np.asarray, (errors, horizons, population))
    ok = ~np.isnan(errors) & ~np.isnan(population) & (population > 0)
    errors, horizons, population = errors[ok], horizons[ok], population[ok]
    classes = size_class(population)
    cal = Calibration(horizons=tuple(sorted(set(horizons.tolist()))), n_errors=len(errors))
    for level in levels:
        observed: dict[tuple[int, int], float] = {}
        for cls in np.unique(classes):
            for h in np.unique(horizons):
                sel = (classes == cls) & (horizons == h)
                if sel.sum() >= MIN_ERRORS:
                    observed[(int(cls), int(h))] = float(np.quantile(np.abs(errors[sel]), level))
        if not observed:
            continue
        # exponent a pooled over size classes: regress log q on log h with class intercepts
        keys = list(observed)
        cls_ids = sorted({k[0] for k in keys})
        if exponent is not None and level in exponent:
            a = float(exponent[level])
        elif len({k[1] for k in keys}) >= 2:
            x = np.zeros((len(keys), len(cls_ids) + 1))
            y = np.zeros(len(keys))
            for r, (cls, h) in enumerate(keys):
                x[r, cls_ids.index(cls)] = 1.0
                x[r, -1] = np.log(h)
                y[r] = np.log(max(observed[(cls, h)], 1e-6))
            coef, *_ = np.linalg.lstsq(x, y, rcond=None)
            a = float(np.clip(coef[-1], 0.5, 1.0))
        else:
            a = 0.5
        params: dict[int, tuple[float, float]] = {}
        for cls in cls_ids:
            pts = [(h, q) for (c, h), q in observed.items() if c == cls]
            # c from the observed points given a (geometric mean of q / h^a)
            c = float(np.exp(np.mean([np.log(max(q, 1e-6)) - a * np.log(h) for h, q in pts])))
            params[cls] = (c, a)
        # classes without enough errors borrow from the nearest calibrated class
        for cls in range(len(SIZE_LIMITS) + 1):
            if cls not in params:
                nearest = min(params, key=lambda k: abs(k - cls))
                params[cls] = params[nearest]
        cal.params[level] = params
        cal.observed[level] = observed
    return cal


def coverage(forecast: np.ndarray, actual: np.ndarray, half_width: np.ndarray) -> float:
    """Share of actual values inside forecast · (1 ± half_width)."""
    inside = np.abs(forecast - actual) <= half_width * np.abs(actual)
    return float(inside.mean()) if len(inside) else float("nan")
